import type { StreamEvent } from '../../../core/api/define';
import type { LedgerEvent } from '../../../core/ledger/events';
import type { LedgerSnapshot } from '../../../core/ledger/snapshot';
import type {
  AlgoStateView,
  AnomalyView,
  CancelIntentView,
  FillView,
  GroupView,
  OrderView,
  PlanView,
  PositionView,
} from '../../../core/ledger/views';

/**
 * The view's copy of the ledger: a snapshot at `seq` with every later event
 * applied on top. Pure data and pure functions (no React, no transport), so
 * the sync rules are tested on their own: events are upserts keyed by id,
 * a repeat (seq <= current) changes nothing, and a gap asks for a resync
 * rather than guessing — the view never shows a state the ledger never had.
 */
export interface LedgerState {
  readonly seq: number;
  /** The plan the snapshot was taken for (its closed groups and history are included). */
  readonly planId: string | null;
  readonly plans: ReadonlyMap<string, PlanView>;
  readonly groups: ReadonlyMap<string, GroupView>;
  readonly orders: ReadonlyMap<string, OrderView>;
  readonly fills: ReadonlyMap<string, FillView>;
  readonly cancelIntents: ReadonlyMap<string, CancelIntentView>;
  readonly anomalies: ReadonlyMap<string, AnomalyView>;
  readonly positions: ReadonlyMap<string, PositionView>;
  readonly algoStates: ReadonlyMap<string, AlgoStateView>;
  /**
   * Seq of the newest journal entry naming each group or order id: a
   * timeline on screen reloads when its mark moves (pushed, never polled).
   */
  readonly journalMarks: ReadonlyMap<string, number>;
}

export type EntityKey = Exclude<keyof LedgerState, 'seq' | 'planId'>;

export type ApplyResult = { readonly state: LedgerState } | { readonly resync: true };

export type LedgerMessage = StreamEvent<LedgerEvent>;

const byId = <T>(items: readonly T[], id: (item: T) => string): Map<string, T> => new Map(items.map((item) => [id(item), item]));

export function applySnapshot(s: LedgerSnapshot): LedgerState {
  return {
    seq: s.seq,
    planId: s.plan_id,
    plans: byId(s.plans, (p) => p.plan_id),
    groups: byId(s.groups, (g) => g.group_id),
    orders: byId(s.orders, (o) => o.order_id),
    fills: byId(s.fills, (f) => f.fill_id),
    cancelIntents: byId(s.cancelIntents, (c) => c.intent_id),
    anomalies: byId(s.anomalies, (a) => a.anomaly_id),
    positions: byId(s.positions, (p) => p.symbol),
    algoStates: byId(s.algoStates, (a) => a.group_id),
    journalMarks: new Map(),
  };
}

/**
 * Copy-on-write over the state's maps: a batch copies each map it touches
 * once, however many events it carries (a burst of fills does not copy the
 * 50,000 orders once per fill).
 */
class Draft {
  private readonly copies = new Map<EntityKey, Map<string, unknown>>();
  seq: number;

  constructor(private readonly base: LedgerState) {
    this.seq = base.seq;
  }

  put<K extends EntityKey>(key: K, id: string, value: LedgerState[K] extends ReadonlyMap<string, infer V> ? V : never): void {
    let map = this.copies.get(key);
    if (!map) {
      map = new Map(this.base[key] as ReadonlyMap<string, unknown>);
      this.copies.set(key, map);
    }
    map.set(id, value);
  }

  /** Only entities not already known: pages read later than the snapshot must not overwrite what events delivered. */
  putIfAbsent<K extends 'orders' | 'fills'>(key: K, id: string, value: LedgerState[K] extends ReadonlyMap<string, infer V> ? V : never): boolean {
    const current = (this.copies.get(key) ?? (this.base[key] as ReadonlyMap<string, unknown>));
    if (current.has(id)) return false;
    this.put(key, id, value);
    return true;
  }

  finish(): LedgerState {
    if (this.copies.size === 0 && this.seq === this.base.seq) return this.base;
    const next: Record<string, unknown> = { ...this.base, seq: this.seq };
    for (const [key, map] of this.copies) next[key] = map;
    return next as unknown as LedgerState;
  }
}

function upsert(draft: Draft, seq: number, event: LedgerEvent): void {
  switch (event.type) {
    case 'plan':
      return draft.put('plans', event.data.plan_id, event.data);
    case 'group':
      return draft.put('groups', event.data.group_id, event.data);
    case 'order':
      return draft.put('orders', event.data.order_id, event.data);
    case 'fill':
      return draft.put('fills', event.data.fill_id, event.data);
    case 'cancel_intent':
      return draft.put('cancelIntents', event.data.intent_id, event.data);
    case 'anomaly':
      return draft.put('anomalies', event.data.anomaly_id, event.data);
    case 'position':
      return draft.put('positions', event.data.symbol, event.data);
    case 'algo_state':
      return draft.put('algoStates', event.data.group_id, event.data);
    case 'journal':
      for (const id of [event.data.group_id, event.data.order_id]) if (id !== null) draft.put('journalMarks', id, seq);
      return;
  }
}

/**
 * Applies messages in the order given. Each must carry the next seq: one at
 * or below the state's seq is a repeat and is skipped; one beyond the next
 * means something was missed, and the whole batch is refused with a resync.
 */
export function applyEvents(state: LedgerState, messages: readonly LedgerMessage[]): ApplyResult {
  const draft = new Draft(state);
  for (const { seq, event } of messages) {
    if (seq <= draft.seq) continue;
    if (seq !== draft.seq + 1) return { resync: true };
    upsert(draft, seq, event);
    draft.seq = seq;
  }
  return { state: draft.finish() };
}

export function applyEvent(state: LedgerState, message: LedgerMessage): ApplyResult {
  return applyEvents(state, [message]);
}

/**
 * Adds older orders and fills read page by page after the snapshot (the
 * tables' history). Rows already known stay as they are: the state's own
 * copy is at least as new as the snapshot, and any later change arrives as
 * an event anyway. The seq does not move.
 */
export function mergeHistory(state: LedgerState, page: { readonly orders?: readonly OrderView[]; readonly fills?: readonly FillView[] }): LedgerState {
  const draft = new Draft(state);
  for (const o of page.orders ?? []) draft.putIfAbsent('orders', o.order_id, o);
  for (const f of page.fills ?? []) draft.putIfAbsent('fills', f.fill_id, f);
  return draft.finish();
}
