import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntityMap } from '../../../renderer/src/store/entity-map';

/** What a version must show: its entries in insertion order, as a Map would hold them. */
function expectSame(map: EntityMap<number>, model: ReadonlyMap<string, number>): void {
  expect(map.size).toBe(model.size);
  expect([...map.entries()]).toEqual([...model.entries()]);
  expect([...map.keys()]).toEqual([...model.keys()]);
  expect(map.valuesFrom(0)).toEqual([...model.values()]);
  expect(map.filterValues((v) => v % 3 === 0)).toEqual([...model.values()].filter((v) => v % 3 === 0));
  for (const [k, v] of model) {
    expect(map.get(k)).toBe(v);
    expect(map.has(k)).toBe(true);
  }
}

/** An edit: set each (key, value) in turn; keys come from a small pool so replacements happen. */
const editArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 1500 }), fc.integer()), { maxLength: 700 });

describe('EntityMap', () => {
  it('behaves like a Map with insertion order, replaced values keeping their place', () => {
    const editor = EntityMap.empty<number>().edit();
    editor.set('a', 1);
    editor.set('b', 2);
    editor.set('a', 3);
    const map = editor.finish();
    expectSame(map, new Map([['a', 3], ['b', 2]]));
    expect(map.get('c')).toBeUndefined();
    expect(EntityMap.from([['x', 1], ['y', 2], ['x', 5]])).toEqual(EntityMap.from([['x', 5], ['y', 2]]));
  });

  it('an edit without changes returns the same version, which can still be edited in place', () => {
    const base = EntityMap.from([['a', 1]]);
    const same = base.edit();
    same.set('a', 1);
    expect(same.finish()).toBe(base);
    const next = base.edit();
    next.set('b', 2);
    const grown = next.finish();
    expect(grown.appendedSince(base)).toBe(1);
  });

  it('property: every version keeps showing what it held, whichever versions are edited later (forks included)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), editArb), { minLength: 1, maxLength: 12 }), (steps) => {
        const versions: { map: EntityMap<number>; model: Map<string, number> }[] = [{ map: EntityMap.empty(), model: new Map() }];
        for (const [pick, edit] of steps) {
          // Mostly the newest version (the store's case), sometimes an older one.
          const from = versions[pick % 3 === 0 ? pick % versions.length : versions.length - 1]!;
          const editor = from.map.edit();
          const model = new Map(from.model);
          for (const [k, v] of edit) {
            editor.set(`k${k}`, v);
            model.set(`k${k}`, v);
          }
          versions.push({ map: editor.finish(), model });
        }
        for (const v of versions) expectSame(v.map, v.model);
      }),
      { numRuns: 60 },
    );
  });

  it('property: appendedSince names exactly the appended entries, and refuses when a value was replaced or the versions forked', () => {
    fc.assert(
      fc.property(editArb, editArb, fc.boolean(), (first, second, forkFirst) => {
        const base = EntityMap.from(first.map(([k, v]) => [`k${k}`, v] as const));
        if (forkFirst) {
          // Someone else edits the base first: the base is no longer the newest of its log.
          const other = base.edit();
          other.set('other', 0);
          other.finish();
        }
        const editor = base.edit();
        for (const [k, v] of second) editor.set(`k${k}`, v);
        const next = editor.finish();
        const from = next.appendedSince(base);
        const replaced = second.some(([k, v]) => base.has(`k${k}`) && base.get(`k${k}`) !== v);
        if (next === base) expect(from).toBe(base.size);
        else if (replaced || forkFirst) expect(from).toBeNull();
        else {
          expect(from).toBe(base.size);
          expect(next.valuesFrom(from ?? 0)).toEqual([...next.values()].slice(base.size));
        }
        // Never for a version that is not an ancestor.
        if (next.size > base.size) expect(base.appendedSince(next)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('an editor refuses changes once finished', () => {
    const editor = EntityMap.empty<number>().edit();
    editor.finish();
    expect(() => editor.set('a', 1)).toThrow(/finished/);
  });
});
