/**
 * Items due at a time, taken earliest first and, at equal times, in the
 * order they were pushed: the simulated network between the client and the
 * exchange. A binary heap, so a thousand orders in flight cost little.
 */
export class TimedQueue<T> {
  private readonly heap: { at: number; seq: number; item: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, item: T): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Due time of the earliest item. */
  nextAt(): number | undefined {
    return this.heap[0]?.at;
  }

  /** The earliest item if it is due at or before `now`. */
  takeDue(now: number): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined || top.at > now) return undefined;
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && this.before(l, best)) best = l;
        if (r < heap.length && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top.item;
  }

  /** Empty the queue, earliest first. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.takeDue(Infinity); item !== undefined; item = this.takeDue(Infinity)) out.push(item);
    return out;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    if (x === undefined || y === undefined) return false;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const t = heap[a];
    heap[a] = heap[b] as (typeof heap)[number];
    heap[b] = t as (typeof heap)[number];
  }
}
