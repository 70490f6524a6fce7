/**
 * Which rows of a fixed-row-height list to put in the DOM. Pure, so the
 * arithmetic is tested apart from scrolling (use-window-rows.ts feeds it).
 */

/** Rows [first, last) that a viewport touches; unclamped, so it does not depend on the row count. */
export interface VisibleRows {
  readonly first: number;
  readonly last: number;
}

/** Rows [start, end) to render, and the heights (px) of the spacers that stand for the rows above and below them. */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
  readonly before: number;
  readonly after: number;
}

/**
 * `top` is the viewport's top edge in the rows' coordinates (px below the
 * first row's top: negative while the rows begin lower down the viewport),
 * `height` its height. Changes only when the viewport crosses a row edge.
 */
export function visibleRows(top: number, height: number, rowHeight: number): VisibleRows {
  const t = Number.isFinite(top) ? top : 0;
  const h = Number.isFinite(height) ? Math.max(0, height) : 0;
  const first = Math.floor(t / rowHeight);
  return { first, last: Math.max(first, Math.ceil((t + h) / rowHeight)) };
}

/** The visible rows plus `overscan` on each side, clamped to the `count` rows that exist. */
export function rowWindow(visible: VisibleRows, count: number, overscan: number, rowHeight: number): RowWindow {
  const clamp = (i: number, lo: number) => Math.min(count, Math.max(lo, i));
  const start = clamp(visible.first - overscan, 0);
  const end = clamp(visible.last + overscan, start);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}
