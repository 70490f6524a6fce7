import { LedgerError } from './errors';
import type { LedgerEventDataWire, LedgerEventType, LedgerEventWire } from './events';
import type { StatementCache } from './statements';

export type LedgerListener = (event: LedgerEventWire) => void;

interface Pending {
  readonly type: LedgerEventType;
  readonly key: string;
  readonly at: string;
  /** The entity's view; with `build`, what to build it from when the transaction commits. */
  readonly data: unknown;
  readonly build: ((source: never) => unknown) | undefined;
  /** The view already as JSON text (built by SQLite in the bulk writes): stored as it is, parsed only if read. */
  readonly json: string | undefined;
}

interface Subscription {
  readonly listener: LedgerListener;
  /** Highest seq this listener has seen: nothing at or below it is delivered again. */
  last: number;
  active: boolean;
}

interface OutboxRow {
  seq: number;
  at: string;
  type: LedgerEventType;
  data: string;
}

/** Events go in with one multi-row INSERT per chunk: seqs of one statement are consecutive rowids. */
const CHUNK = 16;
/** INSERTS[n - 1] inserts n events (exported for the benchmark's floor). */
export const INSERTS = Array.from({ length: CHUNK }, (_, i) => `INSERT INTO outbox (at, type, data) VALUES ${Array(i + 1).fill('(?, ?, ?)').join(', ')}`);
const MAX_SEQ = 'SELECT COALESCE(MAX(seq), 0) AS v FROM outbox';
const MIN_SEQ = 'SELECT MIN(seq) AS v FROM outbox';
const PAGE = 'SELECT seq, at, type, data FROM outbox WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?';
const COMPACT = 'DELETE FROM outbox WHERE seq < ? AND seq < (SELECT MAX(seq) FROM outbox)';
const REPLAY_PAGE = 500;

/**
 * The change outbox. Writes emit entity upserts while a transaction runs;
 * just before the outermost COMMIT they are written to the outbox table
 * (one row per entity: a later upsert of the same entity in the same
 * transaction replaces an earlier one), and after COMMIT they reach the
 * subscribers. A rolled-back transaction or savepoint drops its events.
 *
 * One process writes a ledger file: `committedSeq` is this connection's view
 * of the last committed event.
 */
export class Outbox {
  private pending: Pending[] = [];
  private committedSeq: number;
  private readonly subscriptions = new Set<Subscription>();
  private readonly queue: LedgerEventWire[] = [];
  private draining = false;

  constructor(
    private readonly sql: StatementCache,
    private readonly onListenerError: (error: unknown, event: LedgerEventWire) => void,
  ) {
    this.committedSeq = (this.sql.get(MAX_SEQ).get() as { v: number }).v;
  }

  /** Record an upsert of entity `key` of `type`; only inside a transaction. */
  emit<T extends LedgerEventType>(type: T, key: string, data: LedgerEventDataWire<T>, at: string): void {
    this.pending.push({ type, key, at, data, build: undefined, json: undefined });
  }

  /**
   * Like emit, with the view as JSON text that the caller vouches for (a
   * statement's json_object, held equal to the wire function by a test). A
   * thousand rows read as text cost a quarter of reading them as objects and
   * printing them; a subscriber that reads the event's data parses it then.
   */
  emitJson(type: LedgerEventType, key: string, json: string, at: string): void {
    this.pending.push({ type, key, at, data: undefined, build: undefined, json });
  }

  /**
   * Like emit, with the view `build(source)` built only if this upsert is the
   * entity's last in the transaction, just before COMMIT. It must then give
   * the entity as it was at this call: the write cache guarantees it (an
   * entry changes only with a new emit).
   */
  emitLazy<T extends LedgerEventType, S>(type: T, key: string, source: S, build: (source: S) => LedgerEventDataWire<T>, at: string): void {
    this.pending.push({ type, key, at, data: source, build, json: undefined });
  }

  /** Where a savepoint starts: events after it are dropped if it rolls back. */
  mark(): number {
    return this.pending.length;
  }

  discardFrom(mark: number): void {
    this.pending.length = mark;
  }

  /** Inside the outermost transaction, just before COMMIT: assign seqs and persist. */
  persistPending(): LedgerEventWire[] {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return [];
    const seen = new Map<LedgerEventType, Set<string>>();
    const latest: Pending[] = [];
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i] as Pending;
      let keys = seen.get(p.type);
      if (keys === undefined) seen.set(p.type, (keys = new Set()));
      else if (keys.has(p.key)) continue;
      keys.add(p.key);
      latest.push(p);
    }
    latest.reverse();
    const events: LedgerEventWire[] = [];
    for (let start = 0; start < latest.length; start += CHUNK) {
      const chunk = latest.slice(start, start + CHUNK);
      const params: unknown[] = [];
      const data = chunk.map((p) => (p.json !== undefined ? undefined : p.build === undefined ? p.data : (p.build as (source: unknown) => unknown)(p.data)));
      const texts = chunk.map((p, i) => p.json ?? JSON.stringify(data[i]));
      chunk.forEach((p, i) => params.push(p.at, p.type, texts[i]));
      // direct: the outbox is none of the write cache's tables; its kept rows stay for the next transaction.
      const last = Number(this.sql.direct(INSERTS[chunk.length - 1] as string).run(...params).lastInsertRowid);
      chunk.forEach((p, i) => {
        const seq = last - chunk.length + 1 + i;
        const event = p.json !== undefined ? parsedOnRead(seq, p.at, p.type, p.json) : ({ seq, at: p.at, type: p.type, data: data[i] } as LedgerEventWire);
        DATA_TEXT.set(event, texts[i] as string);
        (event as Keyed)[ENTITY_KEY] = p.key;
        events.push(event);
      });
    }
    return events;
  }

  /** After COMMIT: the events are durable; hand them to subscribers in seq order. */
  committed(events: readonly LedgerEventWire[]): void {
    if (events.length === 0) return;
    this.committedSeq = (events[events.length - 1] as LedgerEventWire).seq;
    if (this.subscriptions.size === 0) return;
    for (const e of events) this.queue.push(e);
    this.drain();
  }

  /** After ROLLBACK of the outermost transaction. */
  discardAll(): void {
    this.pending = [];
  }

  lastSeq(): number {
    return this.committedSeq;
  }

  /** Committed events after `afterSeq`, oldest first. */
  eventsAfter(afterSeq: number, limit: number): LedgerEventWire[] {
    const rows = this.sql.get(PAGE).all(afterSeq, this.committedSeq, limit) as OutboxRow[];
    return rows.map((r) => {
      const event = parsedOnRead(r.seq, r.at, r.type, r.data);
      DATA_TEXT.set(event, r.data);
      return event;
    });
  }

  /**
   * Replay committed events after `fromSeq`, then stream new ones. Replay and
   * live delivery share one high-water mark per subscriber, so nothing is
   * delivered twice or skipped across the switch.
   */
  subscribe(fromSeq: number, listener: LedgerListener): () => void {
    if (!Number.isSafeInteger(fromSeq) || fromSeq < 0) {
      throw new LedgerError('VALIDATION', `fromSeq must be a non-negative integer, got ${String(fromSeq)}`);
    }
    const min = (this.sql.get(MIN_SEQ).get() as { v: number | null }).v;
    if (min !== null && fromSeq < min - 1) {
      throw new LedgerError('CONFLICT', `events up to seq ${min - 1} were compacted; reload the snapshot`);
    }
    const sub: Subscription = { listener, last: fromSeq, active: true };
    while (sub.active && sub.last < this.committedSeq) {
      const page = this.eventsAfter(sub.last, REPLAY_PAGE);
      if (page.length === 0) break;
      for (const e of page) this.deliver(sub, e);
    }
    this.subscriptions.add(sub);
    return () => {
      sub.active = false;
      this.subscriptions.delete(sub);
    };
  }

  /** Delete events before `beforeSeq` (never the newest, so seqs are never reused). Inside a transaction. */
  compact(beforeSeq: number): number {
    return this.sql.get(COMPACT).run(beforeSeq).changes;
  }

  private deliver(sub: Subscription, event: LedgerEventWire): void {
    if (!sub.active || event.seq <= sub.last) return;
    sub.last = event.seq;
    try {
      sub.listener(event);
    } catch (e) {
      this.onListenerError(e, event);
    }
  }

  /** One loop delivers everything, so a listener that writes cannot reorder delivery. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        for (const e of batch) {
          for (const sub of [...this.subscriptions]) this.deliver(sub, e);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/** Each delivered event's data as the outbox stored it (JSON text), for transports that send text. */
const DATA_TEXT = new WeakMap<LedgerEventWire, string>();
/**
 * Each live event's entity key as committed, on the event itself under a
 * symbol (never serialized, and a property costs the commit less than a
 * WeakMap entry); replayed events have none (the table keeps no key).
 */
const ENTITY_KEY = Symbol('ledger.entityKey');
type Keyed = { [ENTITY_KEY]?: string };

/**
 * The entity an event upserts whole, "type:key", for a live event: a later
 * event with the same entity supersedes it (StreamEvent.key). Undefined for
 * a replayed event or one that did not come from the outbox.
 */
export function eventEntity(event: LedgerEventWire): string | undefined {
  const key = (event as Keyed)[ENTITY_KEY];
  return key === undefined ? undefined : `${event.type}:${key}`;
}

/**
 * The event as JSON text, from the data text the outbox stored: equal to
 * JSON.stringify(event) without printing the data again. Undefined for an
 * event that did not come from the outbox.
 */
export function eventText(event: LedgerEventWire): string | undefined {
  const data = DATA_TEXT.get(event);
  return data === undefined ? undefined : `{"seq":${event.seq},"at":${JSON.stringify(event.at)},"type":${JSON.stringify(event.type)},"data":${data}}`;
}

/** An event whose data is parsed from its stored JSON the first time it is read (a bulk write's thousand events are mostly passed on, not read). */
function parsedOnRead(seq: number, at: string, type: LedgerEventType, json: string): LedgerEventWire {
  let data: unknown;
  return {
    seq,
    at,
    type,
    get data() {
      return (data ??= JSON.parse(json) as unknown);
    },
  } as LedgerEventWire;
}
