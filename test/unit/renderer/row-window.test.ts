import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowWindow, visibleRows } from '../../../renderer/src/panels/row-window';

/** A viewport over a list: its top in the rows' coordinates (negative while the rows begin lower down), its height, the list. */
const scene = fc.record({
  top: fc.integer({ min: -5_000, max: 50_000 }),
  height: fc.integer({ min: 0, max: 3_000 }),
  rowHeight: fc.integer({ min: 1, max: 80 }),
  count: fc.nat({ max: 1_000 }),
  overscan: fc.nat({ max: 20 }),
});

describe('row window', () => {
  it('renders every row the viewport shows, and the spacers and rows add up to the full height', () => {
    fc.assert(
      fc.property(scene, ({ top, height, rowHeight, count, overscan }) => {
        const w = rowWindow(visibleRows(top, height, rowHeight), count, overscan, rowHeight);
        expect(0 <= w.start && w.start <= w.end && w.end <= count).toBe(true);
        for (let i = 0; i < count; i++) {
          const shown = i * rowHeight < top + height && (i + 1) * rowHeight > top;
          if (shown) expect(i >= w.start && i < w.end, `row ${i}`).toBe(true);
        }
        expect(w.before).toBe(w.start * rowHeight);
        expect(w.before + (w.end - w.start) * rowHeight + w.after).toBe(count * rowHeight);
      }),
    );
  });

  it('keeps only the visible rows and the overscan in the DOM', () => {
    fc.assert(
      fc.property(scene, ({ top, height, rowHeight, count, overscan }) => {
        const w = rowWindow(visibleRows(top, height, rowHeight), count, overscan, rowHeight);
        // A viewport touches at most ceil(height / rowHeight) + 1 rows when it straddles row edges.
        expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(height / rowHeight) + 1 + 2 * overscan);
        // Rows rendered beyond the visible ones are within `overscan` of them.
        if (w.end > w.start) {
          expect(w.start).toBeGreaterThanOrEqual(Math.floor(top / rowHeight) - overscan);
          expect(w.end).toBeLessThanOrEqual(Math.ceil((top + height) / rowHeight) + overscan);
        }
      }),
    );
  });

  it('moves with the scroll: scrolling down never moves the window up', () => {
    fc.assert(
      fc.property(scene, fc.nat({ max: 5_000 }), ({ top, height, rowHeight, count, overscan }, down) => {
        const a = rowWindow(visibleRows(top, height, rowHeight), count, overscan, rowHeight);
        const b = rowWindow(visibleRows(top + down, height, rowHeight), count, overscan, rowHeight);
        expect(b.start).toBeGreaterThanOrEqual(a.start);
        expect(b.end).toBeGreaterThanOrEqual(a.end);
      }),
    );
  });

  it('100 groups at 42 px in an 809 px column, its top 110 px down: lines 0-16 visible, 5 more below, the other 78 one spacer', () => {
    const w = rowWindow(visibleRows(-110, 809, 42), 100, 5, 42);
    expect(w).toEqual({ start: 0, end: 22, before: 0, after: 78 * 42 });
  });

  it('treats a viewport with no layout (NaN) as the top of the list', () => {
    expect(visibleRows(Number.NaN, Number.NaN, 42)).toEqual({ first: 0, last: 0 });
  });
});
