import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendTimeOrder, rowPositionAt, timeOrderOf, type SortDirection, type TimeOrder } from '../../../renderer/src/components/table/time-order';

interface Row {
  readonly id: number;
  readonly t: number;
}
const timeOf = (r: Row) => r.t;
const shown = (rows: readonly Row[], order: TimeOrder, direction: SortDirection) => rows.map((_, i) => rows[rowPositionAt(i, rows.length, order, direction)] as Row);
const rowsOf = (times: readonly number[], from = 0) => times.map((t, i) => ({ id: from + i, t }));

describe('time order of table rows', () => {
  it('recognises rows already oldest first or newest first, without an index', () => {
    const asc = rowsOf([0, 1, 1, 5]);
    expect(timeOrderOf(asc, timeOf)).toEqual({ kind: 'asc' });
    expect(shown(asc, timeOrderOf(asc, timeOf), 'desc').map((r) => r.id)).toEqual([3, 2, 1, 0]);
    const desc = rowsOf([9, 7, 7, 2]);
    expect(timeOrderOf(desc, timeOf)).toEqual({ kind: 'desc' });
    expect(shown(desc, timeOrderOf(desc, timeOf), 'desc').map((r) => r.id)).toEqual([0, 1, 2, 3]);
    expect(shown(desc, timeOrderOf(desc, timeOf), 'asc').map((r) => r.id)).toEqual([3, 2, 1, 0]);
  });

  it('sorts rows in neither order, ties in input order', () => {
    const rows = rowsOf([5, 1, 3, 1]);
    const order = timeOrderOf(rows, timeOf);
    expect(order.kind === 'index' && [...order.index]).toEqual([1, 3, 2, 0]);
    expect(shown(rows, order, 'desc').map((r) => r.id)).toEqual([0, 2, 3, 1]);
  });

  it('shows every row once, in time order, both ways', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), fc.constantFrom<SortDirection>('asc', 'desc'), (times, direction) => {
        const rows = rowsOf(times);
        const out = shown(rows, timeOrderOf(rows, timeOf), direction);
        expect(out.map((r) => r.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
        const expected = [...times].sort((a, b) => (direction === 'asc' ? a - b : b - a));
        expect(out.map((r) => r.t)).toEqual(expected);
      }),
    );
  });

  it('carries the order over when rows grow at one end, and agrees with a fresh computation', () => {
    const growth = fc.record({
      atStart: fc.boolean(),
      times: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 10 }), fc.array(growth, { maxLength: 12 }), (initial, steps) => {
        let rows: readonly Row[] = rowsOf(initial);
        let order = timeOrderOf(rows, timeOf);
        let nextId = rows.length;
        for (const step of steps) {
          const added = rowsOf(step.times, nextId);
          nextId += added.length;
          const next = step.atStart ? [...added, ...rows] : [...rows, ...added];
          order = extendTimeOrder(rows, order, next, timeOf);
          rows = next;
          const fresh = timeOrderOf(rows, timeOf);
          for (const direction of ['asc', 'desc'] as const) {
            const out = shown(rows, order, direction);
            expect(out.map((r) => r.t)).toEqual(shown(rows, fresh, direction).map((r) => r.t));
            expect(out.map((r) => r.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
          }
        }
      }),
    );
  });

  it('merges new rows into an index without sorting the old ones again', () => {
    // A store whose map starts newest first (the snapshot) and then appends events: neither order.
    const snapshot = rowsOf([50, 30, 40]);
    const order = timeOrderOf(snapshot, timeOf);
    expect(order.kind).toBe('index');
    const seen: number[] = [];
    const counting = (r: Row) => {
      seen.push(r.id);
      return r.t;
    };
    const grown = [...snapshot, ...rowsOf([60, 61], 3)];
    const next = extendTimeOrder(snapshot, order, grown, counting);
    expect(shown(grown, next, 'desc').map((r) => r.id)).toEqual([4, 3, 0, 2, 1]);
    // The new rows and the newest old row were read; the other old rows were not.
    expect(seen.sort()).toEqual([0, 3, 4]);
    // A late row older than some old rows is merged in its place.
    const late = [...grown, { id: 5, t: 35 }];
    expect(shown(late, extendTimeOrder(grown, next, late, timeOf), 'asc').map((r) => r.t)).toEqual([30, 35, 40, 50, 60, 61]);
  });

  it('looks only at the new rows when oldest-first rows are appended to', () => {
    const seen: number[] = [];
    const counting = (r: Row) => {
      seen.push(r.id);
      return r.t;
    };
    const old = rowsOf([1, 2, 3, 4, 5]);
    const order = timeOrderOf(old, timeOf);
    const next = [...old, ...rowsOf([6, 7], 5)];
    expect(extendTimeOrder(old, order, next, counting)).toEqual({ kind: 'asc' });
    expect(seen.sort()).toEqual([4, 5, 6]);
  });
});
