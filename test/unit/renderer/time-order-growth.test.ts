import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendTimeOrder, rowPositionAt, timeOrderOf, type TimeOrder } from '../../../renderer/src/components/table/time-order';
import { AppendList } from '../../../renderer/src/store/append-list';

interface Row {
  readonly id: number;
  readonly t: number;
}
const timeOf = (r: Row) => r.t;
const shownTimes = (rows: AppendList<Row>, order: TimeOrder) => Array.from({ length: rows.length }, (_, i) => (rows.at(rowPositionAt(i, rows.length, order, 'asc')) as Row).t);

/*
 * An index order grows in place into its buffer's free room; an older order
 * grown again must copy, never write over what a newer one shows. Rows are
 * AppendLists, as the store's fills are.
 */
describe('time order over growing rows (index kind, shared buffers)', () => {
  it('property: every order, grown from the newest or from an older one, shows its rows in time order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 3, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(), fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 6 })), { maxLength: 15 }),
        (initial, steps) => {
          let id = 0;
          // Neither oldest nor newest first: an index from the start.
          const first = AppendList.from([...initial, 25, 0, 50].map((t) => ({ id: id++, t })));
          const versions: { rows: AppendList<Row>; order: TimeOrder }[] = [{ rows: first, order: timeOrderOf(first, timeOf) }];
          for (const [pick, times] of steps) {
            const from = versions[pick % 3 === 0 ? pick % versions.length : versions.length - 1]!;
            const base = Math.max(...shownTimes(from.rows, from.order));
            // Mostly no older than every row (the stream), sometimes older (merged).
            const rows = from.rows.concat(times.map((t) => ({ id: id++, t: pick % 4 === 1 ? t : base + t })));
            versions.push({ rows, order: extendTimeOrder(from.rows, from.order, rows, timeOf) });
          }
          for (const { rows, order } of versions) {
            const times = shownTimes(rows, order);
            expect(times).toEqual([...times].sort((a, b) => a - b));
            const ids = Array.from({ length: rows.length }, (_, i) => (rows.at(rowPositionAt(i, rows.length, order, 'asc')) as Row).id);
            expect(new Set(ids).size).toBe(rows.length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
