import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppendList } from '../../../renderer/src/store/append-list';

describe('AppendList', () => {
  it('reads like an array (at, negative at, length, iteration)', () => {
    const list = AppendList.from(['a', 'b']).concat(['c']);
    expect([...list]).toEqual(['a', 'b', 'c']);
    expect(list.length).toBe(3);
    expect([list.at(0), list.at(2), list.at(3), list.at(-1), list.at(-4)]).toEqual(['a', 'c', undefined, 'c', undefined]);
    expect(list.concat([])).toBe(list);
  });

  it('property: every list keeps showing what it held, whichever lists are grown later (older ones included)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.array(fc.integer(), { maxLength: 5 })), { maxLength: 30 }), (steps) => {
        const lists: { list: AppendList<number>; model: number[] }[] = [{ list: AppendList.from([]), model: [] }];
        for (const [pick, added] of steps) {
          const from = lists[pick % 2 === 0 ? lists.length - 1 : pick % lists.length]!;
          lists.push({ list: from.list.concat(added), model: [...from.model, ...added] });
        }
        for (const { list, model } of lists) {
          expect([...list]).toEqual(model);
          expect(list.length).toBe(model.length);
          for (let i = 0; i <= model.length; i++) expect(list.at(i)).toBe(model[i]);
        }
      }),
    );
  });
});
