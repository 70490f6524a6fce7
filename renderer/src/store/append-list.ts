/**
 * What the tables and the chart read of their rows: how many, and the row at
 * an index. A plain array is one; so is an AppendList.
 */
export interface Rows<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

interface Storage<T> {
  readonly items: T[];
  /** The one list that may append to `items` in place: the longest made from it. */
  owner: object | null;
}

/**
 * An immutable list that grows without copying: a longer list made from the
 * newest one shares its storage (appending past the end, which no shorter
 * list reads); made from an older one, it copies. A plan's 160,000 fills
 * grown by each batch of a stream were a fresh copy per batch, most of the
 * page's garbage and so of its collector's pauses.
 */
export class AppendList<T> implements Rows<T>, Iterable<T> {
  readonly #storage: Storage<T>;
  readonly length: number;
  readonly #token: object = {};

  private constructor(storage: Storage<T>, length: number) {
    this.#storage = storage;
    this.length = length;
    storage.owner = this.#token;
  }

  static from<T>(items: readonly T[]): AppendList<T> {
    return new AppendList({ items: items.slice(), owner: null }, items.length);
  }

  /** As Array.prototype.at: a negative index counts from the end. */
  at(index: number): T | undefined {
    const i = index < 0 ? index + this.length : index;
    return i >= 0 && i < this.length ? this.#storage.items[i] : undefined;
  }

  *[Symbol.iterator](): Iterator<T> {
    const items = this.#storage.items;
    for (let i = 0; i < this.length; i++) yield items[i] as T;
  }

  /** This list with `added` after it (the same list when nothing is added). */
  concat(added: readonly T[]): AppendList<T> {
    if (added.length === 0) return this;
    const storage = this.#storage;
    if (storage.owner === this.#token && storage.items.length === this.length) {
      for (const item of added) storage.items.push(item);
      return new AppendList(storage, this.length + added.length);
    }
    const items = storage.items.slice(0, this.length);
    for (const item of added) items.push(item);
    return new AppendList({ items, owner: null }, items.length);
  }
}
