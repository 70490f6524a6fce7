import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ascendingTimeIndex, rowPositionAt, type SortDirection } from '../../../renderer/src/components/table/time-order';

interface Row {
  readonly id: number;
  readonly t: number;
}
const timeOf = (r: Row) => r.t;
const shown = (rows: readonly Row[], direction: SortDirection) => {
  const asc = ascendingTimeIndex(rows, timeOf);
  return rows.map((_, i) => rows[rowPositionAt(i, rows.length, asc, direction)] as Row);
};

describe('time order of table rows', () => {
  it('needs no index when the rows are in time order already (the common case)', () => {
    const rows = [0, 1, 1, 5].map((t, id) => ({ id, t }));
    expect(ascendingTimeIndex(rows, timeOf)).toBeNull();
    expect(shown(rows, 'desc').map((r) => r.id)).toEqual([3, 2, 1, 0]);
    expect(shown(rows, 'asc').map((r) => r.id)).toEqual([0, 1, 2, 3]);
  });

  it('sorts out-of-order rows, ties in input order', () => {
    const rows = [5, 1, 3, 1].map((t, id) => ({ id, t }));
    expect([...(ascendingTimeIndex(rows, timeOf) ?? [])]).toEqual([1, 3, 2, 0]);
    expect(shown(rows, 'desc').map((r) => r.id)).toEqual([0, 2, 3, 1]);
  });

  it('shows every row once, in time order, both ways', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), fc.constantFrom<SortDirection>('asc', 'desc'), (times, direction) => {
        const rows = times.map((t, id) => ({ id, t }));
        const out = shown(rows, direction);
        expect(out.map((r) => r.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
        const expected = [...rows].sort((a, b) => a.t - b.t || a.id - b.id);
        if (direction === 'desc') expected.reverse();
        expect(out).toEqual(expected);
      }),
    );
  });
});
