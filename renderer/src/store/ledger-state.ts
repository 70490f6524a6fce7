import type { StreamMessage } from '../../../core/api/define';
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
import { EntityMap, type EntityMapEditor } from './entity-map';

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
  readonly plans: EntityMap<PlanView>;
  readonly groups: EntityMap<GroupView>;
  readonly orders: EntityMap<OrderView>;
  readonly fills: EntityMap<FillView>;
  readonly cancelIntents: EntityMap<CancelIntentView>;
  readonly anomalies: EntityMap<AnomalyView>;
  readonly positions: EntityMap<PositionView>;
  readonly algoStates: EntityMap<AlgoStateView>;
  /**
   * Seq of the newest journal entry naming each group or order id: a
   * timeline on screen reloads when its mark moves (pushed, never polled).
   */
  readonly journalMarks: EntityMap<number>;
}

export type EntityKey = Exclude<keyof LedgerState, 'seq' | 'planId'>;

export type ApplyResult = { readonly state: LedgerState } | { readonly resync: true };

/** An event, or the stand-in of one a later event in the same frame replaces (nothing to apply, its seq is covered). */
export type LedgerMessage = StreamMessage<LedgerEvent>;

const byId = <T>(items: readonly T[], id: (item: T) => string): EntityMap<T> => EntityMap.from(items.map((item) => [id(item), item] as const));

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
    journalMarks: EntityMap.empty(),
  };
}

type ValueOf<K extends EntityKey> = LedgerState[K] extends EntityMap<infer V> ? V : never;

/**
 * One new version of the state per batch: each entity map touched gets one
 * editor (a burst of fills appends to the fills and replaces a few orders;
 * nothing is copied whole, see entity-map.ts).
 */
class Draft {
  private readonly editors = new Map<EntityKey, EntityMapEditor<unknown>>();
  seq: number;

  constructor(private readonly base: LedgerState) {
    this.seq = base.seq;
  }

  private editor<K extends EntityKey>(key: K): EntityMapEditor<ValueOf<K>> {
    let editor = this.editors.get(key);
    if (!editor) {
      editor = (this.base[key] as EntityMap<unknown>).edit();
      this.editors.set(key, editor);
    }
    return editor as EntityMapEditor<ValueOf<K>>;
  }

  put<K extends EntityKey>(key: K, id: string, value: ValueOf<K>): void {
    this.editor(key).set(id, value);
  }

  /** Only entities not already known: pages read later than the snapshot must not overwrite what events delivered. */
  putIfAbsent<K extends 'orders' | 'fills'>(key: K, id: string, value: ValueOf<K>): boolean {
    const known = this.editors.get(key) ?? this.base[key];
    if (known.has(id)) return false;
    this.put(key, id, value);
    return true;
  }

  finish(): LedgerState {
    const next: Record<string, unknown> = { ...this.base, seq: this.seq };
    let changed = this.seq !== this.base.seq;
    for (const [key, editor] of this.editors) {
      const map = editor.finish();
      if (map !== this.base[key]) changed = true;
      next[key] = map;
    }
    return changed ? (next as unknown as LedgerState) : this.base;
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
 * A superseded event's stand-in only moves the seq: the frame it came in
 * holds the entity's later upsert, and a frame is applied whole (its
 * messages arrive in one task, before any flush), so no state in between
 * is ever shown.
 */
export function applyEvents(state: LedgerState, messages: readonly LedgerMessage[]): ApplyResult {
  // The gap check first: a refused batch leaves the state's maps untouched (an
  // abandoned edit would make the next one copy them).
  let next = state.seq;
  for (const { seq } of messages) {
    if (seq <= next) continue;
    if (seq !== next + 1) return { resync: true };
    next = seq;
  }
  const draft = new Draft(state);
  for (const message of messages) {
    if (message.seq <= draft.seq) continue;
    if (!('superseded' in message)) upsert(draft, message.seq, message.event);
    draft.seq = message.seq;
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
