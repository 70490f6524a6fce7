import { memo, useCallback, useLayoutEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Column, ColumnSort } from './column';

/**
 * A fixed-row-height virtual grid shared by the orders and fills tables.
 *
 * Props contract:
 * - `rowCount` rows exist; `rowAt(i)` returns the row shown at display index
 *   i (the caller maps display order to its data, see time-order.ts), called
 *   only for rows in the window.
 * - `rowKey(row)` is the row's stable identity (its id), used as React key.
 * - `rowClassName(row)` adds modifiers (selected, late fill); it must return
 *   the same string for an unchanged row so memoized rows skip re-render.
 * - `onActivate(row)` on click, Enter or Space; rows are focusable only then.
 * - `sort` makes one header a toggle button with aria-sort.
 * - `rowHeight` (px) is authoritative: rows are never measured. The header
 *   has the same height and sits inside the scroller (sticky).
 * - `initialHeight` is the viewport height assumed before layout (and when
 *   rendered without a DOM); the scroller's real height comes from CSS.
 * - `dataAttributes` go on the grid element.
 *
 * Only the window of rows (plus `overscan` on each side) is in the DOM.
 * Semantics: role=grid with aria-rowcount (header included) and each row's
 * aria-rowindex, so assistive technology knows the full size.
 */
export interface VirtualTableProps<R> {
  readonly label: string;
  /** Sets the grid's column widths (components.css). */
  readonly className: string;
  readonly columns: readonly Column<R>[];
  readonly rowCount: number;
  readonly rowAt: (displayIndex: number) => R;
  readonly rowKey: (row: R) => string;
  readonly rowClassName?: (row: R) => string | undefined;
  readonly onActivate?: (row: R) => void;
  readonly sort?: ColumnSort;
  readonly rowHeight?: number;
  readonly overscan?: number;
  readonly initialHeight?: number;
  readonly emptyText?: string;
  /** data-* attributes for the grid element (figures tests and benchmarks read). */
  readonly dataAttributes?: Readonly<Record<`data-${string}`, string | number>>;
}

export const DEFAULT_ROW_HEIGHT = 24;
/**
 * The virtualizer is told a row count rounded up to this: it rebuilds its
 * per-row measurement table (O(rows)) whenever the count changes, which at
 * 2,000 fills a second on 200,000 rows would be most of each frame. Rows are
 * a fixed height, so the extra indices change nothing but the table size:
 * the body's height is ours, and indices past the real count are skipped.
 */
export const COUNT_STEP = 4096;
export const DEFAULT_OVERSCAN = 10;
const DEFAULT_INITIAL_HEIGHT = 600;

interface RowProps<R> {
  readonly row: R;
  readonly displayIndex: number;
  readonly offset: number;
  readonly height: number;
  readonly columns: readonly Column<R>[];
  readonly className: string;
  readonly activate: ((row: R) => void) | undefined;
}

function RowImpl<R>({ row, displayIndex, offset, height, columns, className, activate }: RowProps<R>): ReactElement {
  const onKeyDown = activate
    ? (e: KeyboardEvent<HTMLDivElement>) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          activate(row);
        }
      }
    : undefined;
  return (
    <div
      role="row"
      aria-rowindex={displayIndex + 2}
      className={className}
      style={{ height, transform: `translateY(${offset}px)` }}
      tabIndex={activate ? 0 : undefined}
      onClick={activate ? () => activate(row) : undefined}
      onKeyDown={onKeyDown}
    >
      {columns.map((c) => {
        const extra = c.className?.(row);
        return (
          <div
            key={c.id}
            role="gridcell"
            className={`ld-cell${c.numeric ? ' ld-cell--num' : ''}${extra ? ` ${extra}` : ''}`}
            title={c.title?.(row)}
          >
            {c.cell(row)}
          </div>
        );
      })}
    </div>
  );
}

// memo loses the generic parameter; restore it.
const VirtualRow = memo(RowImpl) as <R>(props: RowProps<R>) => ReactElement;

export function VirtualTable<R>(props: VirtualTableProps<R>): ReactElement {
  const {
    label,
    className,
    columns,
    rowCount,
    rowAt,
    rowKey,
    rowClassName,
    onActivate,
    sort,
    rowHeight = DEFAULT_ROW_HEIGHT,
    overscan = DEFAULT_OVERSCAN,
    initialHeight = DEFAULT_INITIAL_HEIGHT,
    emptyText = 'Nothing to show',
    dataAttributes,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);

  // A stable activation callback, so a parent's inline handler does not
  // re-render every memoized row.
  const onActivateRef = useRef(onActivate);
  useLayoutEffect(() => {
    onActivateRef.current = onActivate;
  });
  const activateStable = useCallback((row: R) => onActivateRef.current?.(row), []);
  const activate = onActivate ? activateStable : undefined;

  const virtualizer = useVirtualizer({
    count: Math.ceil(rowCount / COUNT_STEP) * COUNT_STEP,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    // The sticky header row is inside the scroller, above the rows.
    scrollMargin: rowHeight,
    initialRect: { width: 0, height: initialHeight },
  });
  const items = virtualizer.getVirtualItems().filter((item) => item.index < rowCount);

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length}
      className={`ld-vtable ${className}`}
      {...dataAttributes}
    >
      <div role="rowgroup" className="ld-vtable__head">
        <div role="row" aria-rowindex={1} className="ld-row ld-row--head" style={{ height: rowHeight }}>
          {columns.map((c) => {
            const sorted = sort?.columnId === c.id ? sort : undefined;
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={sorted ? (sorted.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                className={`ld-cell ld-cell--head${c.numeric ? ' ld-cell--num' : ''}`}
              >
                {sorted ? (
                  <button type="button" className="ld-sort" onClick={sorted.onToggle}>
                    {c.header} <span aria-hidden="true">{sorted.direction === 'asc' ? '▲' : '▼'}</span>
                  </button>
                ) : (
                  c.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="ld-vtable__body" style={{ height: rowCount * rowHeight }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          const extra = rowClassName?.(row);
          return (
            <VirtualRow
              key={rowKey(row)}
              row={row}
              displayIndex={item.index}
              offset={item.start - rowHeight}
              height={rowHeight}
              columns={columns}
              className={`ld-row${extra ? ` ${extra}` : ''}`}
              activate={activate}
            />
          );
        })}
      </div>
      {rowCount === 0 ? (
        <div role="row" className="ld-row ld-row--empty">
          <div role="gridcell" aria-colspan={columns.length} className="ld-cell">
            {emptyText}
          </div>
        </div>
      ) : null}
    </div>
  );
}
