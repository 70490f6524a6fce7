/**
 * An immutable, insertion-ordered map from entity id to entity, cheap to
 * derive a new version from: the view's copy of 200,000 fills must not be
 * copied whole for every batch of events (a `new Map(old)` per batch was the
 * renderer's largest cost during a fill stream).
 *
 * Values live in fixed-size chunks. A new version shares every chunk it does
 * not change: appending writes past the end of the newest version (older
 * versions never read past their own size), replacing a value copies only
 * its chunk. Keys and their positions are kept in one log per lineage that
 * only the newest version (the log's owner) may append to; editing an older
 * version first forks the log, which costs a full copy but leaves every
 * version exactly as it was. Iteration order is Map's: first insertion, a
 * replaced value keeps its place. Nothing is ever deleted.
 */
const CHUNK_BITS = 9;
const CHUNK = 1 << CHUNK_BITS;
const LOW = CHUNK - 1;

interface Log {
  readonly keys: string[];
  readonly index: Map<string, number>;
  /** The one version or editor that may append to `keys` in place. */
  owner: object | null;
}

export class EntityMap<V> implements ReadonlyMap<string, V> {
  readonly #log: Log;
  readonly #chunks: readonly (readonly V[])[];
  readonly #size: number;
  /** Replacements made along this version's lineage: equal counts on one log mean only appends in between. */
  readonly #replaced: number;
  readonly #token: object = {};

  private constructor(log: Log, chunks: readonly (readonly V[])[], size: number, replaced: number, owns: boolean) {
    this.#log = log;
    this.#chunks = chunks;
    this.#size = size;
    this.#replaced = replaced;
    if (owns) log.owner = this.#token;
  }

  static empty<V>(): EntityMap<V> {
    return new EntityMap<V>({ keys: [], index: new Map(), owner: null }, [], 0, 0, true);
  }

  /** Later entries with the same key replace earlier ones, as with `new Map(entries)`. */
  static from<V>(entries: Iterable<readonly [string, V]>): EntityMap<V> {
    const editor = EntityMap.empty<V>().edit();
    for (const [key, value] of entries) editor.set(key, value);
    return editor.finish();
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): V | undefined {
    const i = this.#log.index.get(key);
    return i === undefined || i >= this.#size ? undefined : (this.#chunks[i >>> CHUNK_BITS] as readonly V[])[i & LOW];
  }

  has(key: string): boolean {
    const i = this.#log.index.get(key);
    return i !== undefined && i < this.#size;
  }

  *entries(): MapIterator<[string, V]> {
    const keys = this.#log.keys;
    for (let i = 0; i < this.#size; i++) yield [keys[i] as string, (this.#chunks[i >>> CHUNK_BITS] as readonly V[])[i & LOW] as V];
  }

  *keys(): MapIterator<string> {
    const keys = this.#log.keys;
    for (let i = 0; i < this.#size; i++) yield keys[i] as string;
  }

  *values(): MapIterator<V> {
    for (let i = 0; i < this.#size; i++) yield (this.#chunks[i >>> CHUNK_BITS] as readonly V[])[i & LOW] as V;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** Values in insertion order from position `start` (0 = all), as an array. */
  valuesFrom(start: number): V[] {
    // Fields read once: a panel calls this a few times per batch, mostly before the JIT has optimized it.
    const chunks = this.#chunks;
    const size = this.#size;
    const out: V[] = [];
    for (let i = Math.max(0, start); i < size; i++) out.push((chunks[i >>> CHUNK_BITS] as readonly V[])[i & LOW] as V);
    return out;
  }

  /** The values that pass `keep`, in insertion order (no iterator, no copy of the rest). */
  filterValues(keep: (value: V) => boolean): V[] {
    const chunks = this.#chunks;
    const size = this.#size;
    const out: V[] = [];
    for (let i = 0; i < size; i++) {
      const v = (chunks[i >>> CHUNK_BITS] as readonly V[])[i & LOW] as V;
      if (keep(v)) out.push(v);
    }
    return out;
  }

  /**
   * When this version is `older` with entries only appended (none replaced),
   * the position of the first appended one (this.size when none were);
   * otherwise null. Lets a derived list grow by the new entries alone.
   */
  appendedSince(older: EntityMap<V>): number | null {
    if (older === this) return this.#size;
    if (older.#log !== this.#log || older.#replaced !== this.#replaced || older.#size > this.#size) return null;
    return older.#size;
  }

  /** A batch of changes, applied to a new version by `finish()`; this version stays as it is. */
  edit(): EntityMapEditor<V> {
    const log = this.#log;
    if (log.owner === this.#token && log.keys.length === this.#size) return new EntityMapEditor(this, log, this.#chunks, this.#size, this.#replaced, true);
    // An older version: its own log, holding only its own keys.
    const keys = log.keys.slice(0, this.#size);
    const forked: Log = { keys, index: new Map(keys.map((k, i) => [k, i])), owner: null };
    return new EntityMapEditor(this, forked, this.#chunks, this.#size, this.#replaced, false);
  }

  /** Used by the editor only. */
  static derive<V>(log: Log, chunks: readonly (readonly V[])[], size: number, replaced: number): EntityMap<V> {
    return new EntityMap(log, chunks, size, replaced, true);
  }

  /** Used by the editor only: gives ownership back when nothing changed. */
  static reclaim<V>(map: EntityMap<V>): void {
    map.#log.owner = map.#token;
  }
}

export class EntityMapEditor<V> {
  readonly #base: EntityMap<V>;
  readonly #log: Log;
  readonly #chunks: V[][];
  /** Chunks this editor made (copied or new): written in place. */
  readonly #fresh = new Set<number>();
  /** The base owned the log: past its size the shared last chunk is nobody else's. */
  readonly #ownsTail: boolean;
  readonly #baseSize: number;
  #size: number;
  #replaced: number;
  #changed = false;
  #done = false;
  readonly #token: object = {};

  constructor(base: EntityMap<V>, log: Log, chunks: readonly (readonly V[])[], size: number, replaced: number, ownsTail: boolean) {
    this.#base = base;
    this.#log = log;
    this.#chunks = chunks.slice() as V[][];
    this.#size = size;
    this.#baseSize = size;
    this.#replaced = replaced;
    this.#ownsTail = ownsTail;
    log.owner = this.#token;
  }

  get size(): number {
    return this.#size;
  }

  has(key: string): boolean {
    const i = this.#log.index.get(key);
    return i !== undefined && i < this.#size;
  }

  set(key: string, value: V): void {
    if (this.#done) throw new Error('EntityMapEditor: already finished');
    const log = this.#log;
    const at = log.index.get(key);
    if (at !== undefined && at < this.#size) {
      const c = at >>> CHUNK_BITS;
      if ((this.#chunks[c] as V[])[at & LOW] === value) return;
      this.#writable(c, at < this.#baseSize)[at & LOW] = value;
      // A slot the base already had: the lineage saw a replacement.
      if (at < this.#baseSize) this.#replaced += 1;
      this.#changed = true;
      return;
    }
    const i = this.#size;
    log.keys.push(key);
    log.index.set(key, i);
    const c = i >>> CHUNK_BITS;
    if (c === this.#chunks.length) {
      this.#chunks.push([]);
      this.#fresh.add(c);
    }
    this.#writable(c, !this.#ownsTail)[i & LOW] = value;
    this.#size = i + 1;
    this.#changed = true;
  }

  /** Chunk `c`, copied first unless this editor may write it in place. */
  #writable(c: number, mustCopy: boolean): V[] {
    const chunk = this.#chunks[c] as V[];
    if (this.#fresh.has(c) || !mustCopy) return chunk;
    const copy = chunk.slice(0, Math.min(CHUNK, this.#size - c * CHUNK));
    this.#chunks[c] = copy;
    this.#fresh.add(c);
    return copy;
  }

  finish(): EntityMap<V> {
    if (this.#done) throw new Error('EntityMapEditor: already finished');
    this.#done = true;
    if (!this.#changed) {
      // Nothing was appended: the base is still the newest version of its log.
      if (this.#ownsTail) EntityMap.reclaim(this.#base);
      return this.#base;
    }
    return EntityMap.derive(this.#log, this.#chunks, this.#size, this.#replaced);
  }
}
