import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { rowWindow, visibleRows, type RowWindow, type VisibleRows } from './row-window';

/** Assumed before the first measurement (and without layout): about a desktop window's height. */
const INITIAL_VIEWPORT = 900;

/** The nearest ancestor that scrolls vertically, or null when the document itself does. */
function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const y = getComputedStyle(p).overflowY;
    if (y === 'auto' || y === 'scroll' || y === 'overlay') return p;
  }
  return null;
}

/**
 * The window of `count` fixed-height rows of a table body that its nearest
 * scrolling ancestor shows, plus `overscan` rows each side. Attach `bodyRef`
 * to the element whose top is the first row's top (the tbody).
 *
 * Measured on mount, on the scroller's scroll, and when the body or the
 * scroller is resized (a change of row count resizes the body); never during
 * a render that only changes rows, so a batch of row updates reads no layout.
 * The state is the visible row span, so scrolling within a row re-renders
 * nothing. Content above the body that grows or shrinks without a scroll or
 * resize (a header line appearing) shifts the rows unseen until the next
 * one; the overscan covers such shifts.
 */
export function useWindowRows(
  count: number,
  rowHeight: number,
  overscan: number,
): { readonly bodyRef: RefObject<HTMLTableSectionElement | null>; readonly range: RowWindow } {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [visible, setVisible] = useState<VisibleRows>(() => visibleRows(0, INITIAL_VIEWPORT, rowHeight));

  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const scroller = scrollParent(body);
    const measure = () => {
      const viewTop = scroller ? scroller.getBoundingClientRect().top + scroller.clientTop : 0;
      const viewHeight = scroller ? scroller.clientHeight : document.documentElement.clientHeight;
      // No layout (hidden, or a DOM without one): keep the window we have.
      if (viewHeight <= 0) return;
      const next = visibleRows(viewTop - body.getBoundingClientRect().top, viewHeight, rowHeight);
      setVisible((prev) => (prev.first === next.first && prev.last === next.last ? prev : next));
    };
    measure();
    const target: HTMLElement | Window = scroller ?? window;
    target.addEventListener('scroll', measure, { passive: true });
    const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    resized?.observe(body);
    if (scroller) resized?.observe(scroller);
    else window.addEventListener('resize', measure);
    return () => {
      target.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
      resized?.disconnect();
    };
  }, [rowHeight]);

  return { bodyRef, range: rowWindow(visible, count, overscan, rowHeight) };
}
