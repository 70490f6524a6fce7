/**
 * Timers ordered by due time, ties in scheduling order: the one piece of
 * scheduling logic shared by the virtual and the accelerated clock. Times are
 * the owning clock's milliseconds; the queue itself never reads a clock.
 */
export interface DueTimer {
  readonly id: number;
  readonly dueAt: number;
  readonly fn: () => void;
}

interface QueuedTimer {
  readonly id: number;
  readonly fn: () => void;
  readonly intervalMs: number | undefined;
  dueAt: number;
  /** Scheduling order; an interval gets a fresh one each time it is re-queued. */
  seq: number;
}

function before(a: QueuedTimer, b: QueuedTimer): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

export class TimerQueue {
  /** Binary min-heap; cancelled entries stay until they reach the top (lazy deletion). */
  private readonly heap: QueuedTimer[] = [];
  private readonly live = new Map<number, QueuedTimer>();
  private nextId = 1;
  private nextSeq = 0;

  /** Queue `fn` at `dueAt`; with `intervalMs` it is re-queued every interval until removed. Returns the timer id. */
  add(fn: () => void, dueAt: number, intervalMs?: number): number {
    const timer: QueuedTimer = { id: this.nextId++, fn, intervalMs, dueAt, seq: this.nextSeq++ };
    this.live.set(timer.id, timer);
    this.push(timer);
    return timer.id;
  }

  /** Cancel a timer; unknown or already fired ids are ignored. */
  remove(id: number): boolean {
    return this.live.delete(id);
  }

  clear(): void {
    this.live.clear();
    this.heap.length = 0;
  }

  /** Timers still to fire (an interval counts once). */
  get size(): number {
    return this.live.size;
  }

  nextDueAt(): number | undefined {
    this.prune();
    return this.heap[0]?.dueAt;
  }

  /**
   * Take the earliest timer if it is due at or before `limit`. A timeout is
   * forgotten; an interval is re-queued at dueAt + interval before it is
   * returned, so its callback can clear it.
   */
  takeDue(limit: number): DueTimer | undefined {
    this.prune();
    const top = this.heap[0];
    if (top === undefined || top.dueAt > limit) return undefined;
    this.pop();
    const due: DueTimer = { id: top.id, dueAt: top.dueAt, fn: top.fn };
    if (top.intervalMs === undefined) {
      this.live.delete(top.id);
    } else {
      top.dueAt += top.intervalMs;
      top.seq = this.nextSeq++;
      this.push(top);
    }
    return due;
  }

  private prune(): void {
    for (let top = this.heap[0]; top !== undefined && this.live.get(top.id) !== top; top = this.heap[0]) {
      this.pop();
    }
  }

  private push(timer: QueuedTimer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as QueuedTimer;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as QueuedTimer, heap[left] as QueuedTimer) ? right : left;
      const c = heap[child] as QueuedTimer;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
