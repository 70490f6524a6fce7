import Decimal from 'decimal.js';
import type { EngineStatus } from '../../../core/engine/status';
import { GroupStateMachine, LIVE_ORDER_STATUSES } from '../../../core/domain/transitions';
import { parseAlgoSpec, type AlgoSpec } from '../../../core/execution/spec';
import type { AlgoStateView, AnomalyView, CancelIntentView, FillView, GroupView, OrderView, PlanView, PositionView } from '../../../core/ledger/views';
import { AppendList } from './append-list';
import type { EntityMap } from './entity-map';
import type { LedgerState } from './ledger-state';
import { marketTwap, type BarHistory } from './quotes';

/*
 * What the panels show, derived from the ledger copy and the status. Only
 * arithmetic on what the ledger holds (decimal.js throughout); nothing here
 * invents trading state. Percentages are for drawing a bar, never money.
 */

const ZERO = new Decimal(0);
const byNewest = <T extends { readonly created_at: Date }>(a: T, b: T) => b.created_at.getTime() - a.created_at.getTime();

export function planRows(state: LedgerState): PlanView[] {
  return [...state.plans.values()].sort(byNewest);
}

export function isTerminalGroup(group: GroupView): boolean {
  return GroupStateMachine.next(group.status).length === 0;
}

export interface GroupProgress {
  readonly filled: Decimal;
  readonly inFlight: Decimal;
  readonly target: Decimal | null;
  /** 0..100, whole percent of target filled (capped: an overfill shows as 100 plus `overfilled`). */
  readonly filledPercent: number;
  /** 0..100 - filledPercent: what is working on the exchange now. */
  readonly inFlightPercent: number;
  readonly overfilled: boolean;
}

function percentOf(part: Decimal, whole: Decimal): number {
  if (whole.lte(0)) return 0;
  return Math.min(100, Math.max(0, part.div(whole).times(100).floor().toNumber()));
}

export function groupProgress(g: GroupView): GroupProgress {
  const target = g.target_quantity;
  const filledPercent = target ? percentOf(g.filled_quantity, target) : g.filled_quantity.gt(0) ? 100 : 0;
  const inFlightPercent = target ? Math.min(100 - filledPercent, percentOf(g.in_flight_quantity, target)) : 0;
  return {
    filled: g.filled_quantity,
    inFlight: g.in_flight_quantity,
    target,
    filledPercent,
    inFlightPercent,
    overfilled: target !== null && g.filled_quantity.gt(target),
  };
}

export interface CancelProgress {
  readonly total: number;
  readonly requested: number;
  readonly confirmed: number;
  readonly failed: number;
  readonly unknown: number;
  /** Fills recorded after a cancel (LATE_FILL anomalies) in the same scope. */
  readonly lateFills: number;
}

export const NO_CANCELS: CancelProgress = { total: 0, requested: 0, confirmed: 0, failed: 0, unknown: 0, lateFills: 0 };

function tally(intents: readonly CancelIntentView[], anomalies: readonly AnomalyView[]): CancelProgress {
  // One pass (a cancel-all's thousand intents are tallied for the plan and again per group).
  let requested = 0;
  let confirmed = 0;
  let failed = 0;
  let unknown = 0;
  for (const i of intents) {
    if (i.status === 'REQUESTED') requested += 1;
    else if (i.status === 'CONFIRMED') confirmed += 1;
    else if (i.status === 'FAILED') failed += 1;
    else if (i.status === 'UNKNOWN') unknown += 1;
  }
  let lateFills = 0;
  for (const a of anomalies) if (a.kind === 'LATE_FILL') lateFills += 1;
  return { total: intents.length, requested, confirmed, failed, unknown, lateFills };
}

/** Values by group id, built once per map version (a cancel-all puts 1,000 intents in front of 100 group rows). */
function byGroup<V extends { readonly group_id: string | null }>(cache: WeakMap<object, Map<string, V[]>>, map: EntityMap<V>): Map<string, V[]> {
  let index = cache.get(map);
  if (!index) {
    index = new Map();
    for (const v of map.valuesFrom(0)) {
      if (v.group_id === null) continue;
      const list = index.get(v.group_id);
      if (list) list.push(v);
      else index.set(v.group_id, [v]);
    }
    cache.set(map, index);
  }
  return index;
}
const intentsByGroup = new WeakMap<object, Map<string, CancelIntentView[]>>();
const anomaliesByGroup = new WeakMap<object, Map<string, AnomalyView[]>>();
const NONE: readonly never[] = [];

/** Every cancel aimed at this group's orders, whoever asked (the group's button, the plan's, the desk's). */
export function groupCancelProgress(state: LedgerState, groupId: string): CancelProgress {
  const intents = byGroup(intentsByGroup, state.cancelIntents).get(groupId) ?? NONE;
  const anomalies = byGroup(anomaliesByGroup, state.anomalies).get(groupId) ?? NONE;
  return intents.length === 0 && anomalies.length === 0 ? NO_CANCELS : tally(intents, anomalies);
}

/** The plan-wide cancels (Cancel all in plan, Cancel everything) and the plan's late fills. */
export function planCancelProgress(state: Pick<LedgerState, 'cancelIntents' | 'anomalies'>, planId: string): CancelProgress {
  const intents = state.cancelIntents.filterValues((i) => i.plan_id === planId && (i.scope === 'PLAN' || i.scope === 'DESK'));
  const anomalies = state.anomalies.filterValues((a) => a.plan_id === planId);
  return intents.length === 0 && anomalies.length === 0 ? NO_CANCELS : tally(intents, anomalies);
}

export interface Benchmark {
  readonly arrivalPrice: Decimal | null;
  /** Mean close of the market bars over the group's window so far (null before the first). */
  readonly marketTwap: Decimal | null;
  /** Epoch ms; null when the algorithm's spec is not known (a finished group after a reload). */
  readonly startMs: number | null;
  readonly endMs: number | null;
}

/**
 * Parsed once per algorithm state object (states are immutable; a new version
 * is a new object), and a new version whose spec reads the same as the last
 * one's keeps that parse: a cancel-all moves a hundred algorithms to DONE, and
 * parsing each spec again was a tenth of the batch's render.
 */
const specs = new WeakMap<AlgoStateView, AlgoSpec | null>();
const lastSpecs = new Map<string, { readonly raw: unknown; readonly spec: AlgoSpec | null }>();

function rawSpecOf(algo: AlgoStateView): unknown {
  const raw = algo.state;
  return raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('spec' in raw) ? undefined : raw.spec;
}

function specOf(state: LedgerState, groupId: string): AlgoSpec | null {
  const algo = state.algoStates.get(groupId);
  if (!algo) return null;
  let spec = specs.get(algo);
  if (spec === undefined) {
    const raw = rawSpecOf(algo);
    const last = lastSpecs.get(groupId);
    if (last && sameJson(last.raw, raw)) spec = last.spec;
    else {
      const parsed = raw === undefined ? null : parseAlgoSpec(raw);
      spec = parsed?.ok ? parsed.value : null;
    }
    lastSpecs.set(groupId, { raw, spec });
    specs.set(algo, spec);
  }
  return spec;
}

/** Structural equality of two JSON values (the ledger's decoded z.json() fields). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Each group's last benchmark with what it was computed from: kept while the spec, the window and the bars are the same. */
const benchmarksKept = new Map<string, { readonly spec: AlgoSpec | null; readonly bars: unknown; readonly from: number; readonly to: number; readonly bench: Benchmark }>();

export function groupBenchmark(state: LedgerState, group: GroupView, symbol: string, bars: BarHistory, nowMs: number): Benchmark {
  const spec = specOf(state, group.group_id);
  const startMs = spec?.startTime ?? null;
  const endMs = spec?.endTime ?? null;
  const from = startMs ?? group.created_at.getTime();
  const doneAt = group.completed_at ?? group.cancelled_at;
  const to = Math.min(endMs ?? Infinity, doneAt ? doneAt.getTime() : Infinity, nowMs);
  const symbolBars = bars[symbol];
  const kept = benchmarksKept.get(group.group_id);
  if (kept && kept.spec === spec && kept.bars === symbolBars && kept.from === from && kept.to === to) return kept.bench;
  const bench = { arrivalPrice: spec?.arrivalPrice ?? null, marketTwap: marketTwap(symbolBars ?? [], from, to), startMs, endMs };
  benchmarksKept.set(group.group_id, { spec, bars: symbolBars, from, to, bench });
  return bench;
}

/**
 * How much worse than the benchmark the group's average price is, in basis
 * points: paying more on a BUY, receiving less on a SELL, is positive.
 */
export function slippageBps(side: 'BUY' | 'SELL', average: Decimal | null, benchmark: Decimal | null): Decimal | null {
  if (!average || !benchmark || benchmark.isZero()) return null;
  const diff = side === 'BUY' ? average.minus(benchmark) : benchmark.minus(average);
  return diff.div(benchmark).times(10_000);
}

export interface GroupRow {
  readonly group: GroupView;
  readonly progress: GroupProgress;
  readonly terminal: boolean;
  readonly cancel: CancelProgress;
  readonly awaitingDecision: boolean;
}

/** A group's row with what it was derived from: reused while none of it changed. */
interface KeptGroupRow {
  readonly cancelIntents: LedgerState['cancelIntents'];
  readonly anomalies: LedgerState['anomalies'];
  readonly algo: AlgoStateView | undefined;
  readonly row: GroupRow;
}
const groupRowsKept = new WeakMap<GroupView, KeptGroupRow>();

/**
 * The plan's groups, oldest first. A group whose view, cancels, anomalies
 * and algorithm state did not change keeps its row object, so its line
 * skips re-rendering (a fill stream changes a few groups per batch).
 */
export function groupRows(state: LedgerState, planId: string): GroupRow[] {
  return [...state.groups.values()]
    .filter((g) => g.parent_plan_id === planId)
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
    .map((group) => {
      const algo = state.algoStates.get(group.group_id);
      const kept = groupRowsKept.get(group);
      if (kept && kept.cancelIntents === state.cancelIntents && kept.anomalies === state.anomalies && kept.algo === algo) return kept.row;
      const row: GroupRow = {
        group,
        progress: groupProgress(group),
        terminal: isTerminalGroup(group),
        cancel: groupCancelProgress(state, group.group_id),
        awaitingDecision: algo?.algo_status === 'AWAITING_DECISION',
      };
      groupRowsKept.set(group, { cancelIntents: state.cancelIntents, anomalies: state.anomalies, algo, row });
      return row;
    });
}

/** Groups a restart left waiting for the trader: resume or halt. */
export function awaitingDecision(state: LedgerState): GroupView[] {
  const out: GroupView[] = [];
  for (const a of state.algoStates.values()) {
    if (a.algo_status !== 'AWAITING_DECISION') continue;
    const g = state.groups.get(a.group_id);
    if (g && !isTerminalGroup(g)) out.push(g);
  }
  return out;
}

export interface PositionRow {
  readonly position: PositionView;
  /** The latest price the status carried for the symbol. */
  readonly mark: Decimal | null;
  /** (mark - average entry) x net quantity; null while flat or without a mark. */
  readonly unrealized: Decimal | null;
}

export function positionRows(state: LedgerState, status: EngineStatus | null): PositionRow[] {
  const marks = new Map((status?.market ?? []).map((q) => [q.symbol, new Decimal(q.last)]));
  return [...state.positions.values()].map((position) => {
    const mark = marks.get(position.symbol) ?? null;
    const avg = position.average_entry_price;
    const unrealized = mark && avg && !position.net_quantity.isZero() ? mark.minus(avg).times(position.net_quantity) : null;
    return { position, mark, unrealized };
  });
}

export function totalOf(values: readonly (Decimal | null)[]): Decimal {
  return values.reduce<Decimal>((sum, v) => (v ? sum.plus(v) : sum), ZERO);
}

/** Plans with a stop-loss or take-profit, and the live protection orders placed for them. */
export interface ProtectionRow {
  readonly plan: PlanView;
  readonly orders: readonly OrderView[];
}

export function protectionRows(state: LedgerState): ProtectionRow[] {
  const live = [...state.orders.values()].filter((o) => (o.role === 'STOP_LOSS' || o.role === 'TAKE_PROFIT') && LIVE_ORDER_STATUSES.includes(o.status));
  return planRows(state)
    .filter((p) => p.status === 'ACTIVE' && (p.stop_loss_price !== null || p.take_profit_price !== null))
    .map((plan) => ({ plan, orders: live.filter((o) => o.parent_plan_id === plan.plan_id) }));
}

/** The plan's orders, or one of its groups' (orders change in place with every fill: filtered afresh). */
export function ordersOfPlan(state: LedgerState, planId: string, groupId: string | null = null): OrderView[] {
  // filterValues, not the iterator: the iterator protocol per order cost more than the filter.
  return state.orders.filterValues((o) => o.parent_plan_id === planId && (groupId === null || o.parent_group_id === groupId));
}

/** Scopes whose fills are kept (the plan on screen, its selected group, the chart's). */
const FILL_SCOPES = 8;
const fillScopes = new Map<string, { readonly fills: EntityMap<FillView>; readonly rows: AppendList<FillView> }>();

/**
 * The plan's fills, or one of its groups', in the order the ledger copy holds
 * them. Fills arrive appended, so the rows of a scope are kept and grown by
 * the new fills alone (a stream of 2,000 fills a second on 200,000 is neither
 * a filter nor a copy of 200,000 per batch), and a batch with none for the
 * scope returns the same list (its table does not re-render).
 */
export function fillsOfPlan(state: LedgerState, planId: string, groupId: string | null = null): AppendList<FillView> {
  const scope = `${planId}/${groupId ?? ''}`;
  const kept = fillScopes.get(scope);
  const inScope = (f: FillView) => f.parent_plan_id === planId && (groupId === null || f.parent_group_id === groupId);
  let rows: AppendList<FillView>;
  const from = kept ? state.fills.appendedSince(kept.fills) : null;
  if (kept && from !== null) rows = from === state.fills.size ? kept.rows : kept.rows.concat(state.fills.valuesFrom(from).filter(inScope));
  else rows = AppendList.from(state.fills.valuesFrom(0).filter(inScope));
  fillScopes.delete(scope);
  fillScopes.set(scope, { fills: state.fills, rows });
  if (fillScopes.size > FILL_SCOPES) fillScopes.delete(fillScopes.keys().next().value as string);
  return rows;
}
