import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { RealClock } from '../clock';
import { LIVE_ORDER_STATUSES, type GroupStatus, type OrderStatus } from '../domain';
import { appendJournal } from '../journal/append';
import type { Cause } from '../journal/entry';
import { Journal } from '../journal/journal';
import { putAlgoState, loadAlgoState, setAlgoStatus } from './algo-state';
import { acknowledgeAnomaly, recordAnomaly } from './anomalies';
import { BULK_GROUP_STATEMENTS, stopGroups } from './bulk-groups';
import { BULK_ORDER_STATEMENTS, requestCancels, settleOrders, type CancelRequested, type OrderSettled } from './bulk-orders';
import { countCancels, summarizeCancels, type CancelCountsWire, type CancelSummaryWire } from './cancel-summary';
import { confirmCancel, failCancel, markCancelUnknown, requestCancel } from './cancels';
import { createContext, type LedgerContext, type TimeSource } from './context';
import { LedgerError } from './errors';
import type { LedgerEventWire } from './events';
import { recordFill, type RecordFillResult } from './fills';
import { ensureGroup, loadGroup, setGroupStatus, type ResolvedContainers } from './groups';
import { checkInvariants, type InvariantReport } from './invariants';
import { openDatabase, type Synchronous } from './open';
import { loadOrder } from './order-rows';
import { registerOrder, updateOrder } from './orders';
import { Outbox, type LedgerListener } from './outbox';
import { fillsPage, ordersPage, type FillsPageWire, type OrdersPageWire } from './pages';
import { closePlan, haltPlan, loadPlan, rearmPlan, setProtection } from './plans';
import { positionWire } from './positions';
import * as q from './queries';
import {
  algoStateWire,
  anomalyWire,
  cancelIntentWire,
  fillWire,
  groupWire,
  orderWire,
  planWire,
  type GroupRow,
  type OrderRow,
  type PlanRow,
} from './rows';
import { GROUP_EVENTS, registerRowJsonFunctions } from './row-json';
import { snapshot, type LedgerSnapshotWire, type SnapshotOptions } from './snapshot';
import { StatementCache } from './statements';
import { TransactionRunner, type Refusal } from './transaction';
import {
  AlgoStateViewSchema,
  AnomalyViewSchema,
  CancelIntentViewSchema,
  FillViewSchema,
  GroupViewSchema,
  OrderViewSchema,
  PlanViewSchema,
  PositionViewSchema,
  type AlgoStateView,
  type AlgoStatus,
  type AnomalyView,
  type CancelIntentView,
  type CancelScope,
  type FillView,
  type GroupView,
  type OrderView,
  type PlanView,
  type PositionView,
} from './views';

export interface OpenLedgerOptions {
  /** Where every timestamp and generated id takes its time; the real clock by default. */
  readonly clock?: TimeSource;
  /** See OpenDatabaseOptions.synchronous: NORMAL (default) or FULL. */
  readonly synchronous?: Synchronous;
  readonly busyTimeoutMs?: number;
  /** A subscriber threw, or a refusal could not be journaled; the write itself stands. */
  readonly onError?: (error: unknown) => void;
}

export interface RegisteredOrderView {
  readonly order: OrderView;
  readonly group: GroupView;
  readonly plan: PlanView;
  readonly createdGroup: boolean;
  readonly createdPlan: boolean;
}

export interface ContainersView {
  readonly group: GroupView;
  readonly plan: PlanView;
  readonly createdGroup: boolean;
  readonly createdPlan: boolean;
}

const decode = <S extends z.ZodType>(schema: S, wire: z.input<S>): z.output<S> => schema.parse(wire);
const planView = (r: PlanRow) => decode(PlanViewSchema, planWire(r));
const groupView = (r: GroupRow) => decode(GroupViewSchema, groupWire(r));
const orderView = (r: OrderRow) => decode(OrderViewSchema, orderWire(r));
const containersView = (r: ResolvedContainers): ContainersView => ({
  group: groupView(r.group),
  plan: planView(r.plan),
  createdGroup: r.createdGroup,
  createdPlan: r.createdPlan,
});

/**
 * StrategyLedger over SQLite (seed 004): the single source of truth for
 * TradePlan -> ExecutionGroup -> Order -> Fill. Every write is one SQLite
 * transaction (or part of the caller's `transaction`), validates its input
 * from unknown, and appends its change events to the outbox.
 *
 * Writes return domain values (Decimal, Date); `snapshot`, the pages and the
 * events are wire JSON, ready for the contract.
 */
export class Ledger {
  readonly journal: Journal;
  private readonly ctx: LedgerContext;
  private readonly runner: TransactionRunner;
  private readonly outbox: Outbox;

  constructor(
    /** The connection, for co-located stores (e.g. the paper exchange's tables). */
    readonly database: Database.Database,
    options: OpenLedgerOptions = {},
  ) {
    const onError = options.onError ?? ((e: unknown) => console.error('ledger:', e));
    registerRowJsonFunctions(database);
    const sql = new StatementCache(database);
    for (const statement of [...BULK_ORDER_STATEMENTS, ...BULK_GROUP_STATEMENTS, GROUP_EVENTS]) sql.direct(statement);
    this.outbox = new Outbox(sql, (e) => onError(e));
    this.ctx = createContext(database, sql, this.outbox, options.clock ?? new RealClock());
    this.runner = new TransactionRunner(database, sql, this.outbox, this.ctx.rows, (r) => this.journalRefusals(r), onError);
    this.journal = new Journal(
      this.ctx,
      (fn) => this.runner.run(fn),
      (fn) => this.runner.read(fn),
    );
  }

  /**
   * Run `fn` in one transaction: every ledger write inside commits or rolls
   * back together (nested calls are savepoints). Events reach subscribers
   * after the outermost commit. `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T {
    return this.runner.run(fn);
  }

  // --- containers and orders ---------------------------------------------------------------

  /** Create the group (and its plan) if missing; see registerOrder for the input's container fields. */
  ensureGroup(input: unknown): ContainersView {
    return containersView(this.write(() => ensureGroup(this.ctx, input)));
  }

  /**
   * `{ order: { order_id?, symbol, side, order_type, role?, quantity, price?, stop_price?, status?,
   * connector_order_id? }, group_id?, plan_id?, group?: { execution_strategy, target_quantity? },
   * plan?: { strategy_instance_id, asset_symbol, direction, comments? }, cause?: { directiveId?, commandId? } }`
   */
  registerOrder(input: unknown): RegisteredOrderView {
    const r = this.write(() => registerOrder(this.ctx, input));
    return { ...containersView(r), order: orderView(r.order) };
  }

  /** `{ order_id, status?, connector_order_id?, price?, stop_price?, reason?, cause? }` */
  updateOrder(input: unknown): OrderView {
    return orderView(this.write(() => updateOrder(this.ctx, input)));
  }

  /**
   * A FillSchema wire object (fill_id optional). A duplicate (same order and trade_id) changes nothing.
   * Inside a transaction it takes no savepoint (see TransactionRunner.runUnguarded): a refused fill
   * changes nothing, and one that fails part-way makes the whole transaction roll back.
   */
  recordFill(input: unknown): RecordFillResult {
    try {
      return this.runner.runUnguarded(() => recordFill(this.ctx, input));
    } catch (e) {
      throw storageToLedgerError(e);
    }
  }

  /** Several fills in one transaction: all or none. */
  recordFills(inputs: readonly unknown[]): RecordFillResult[] {
    return this.write(() => inputs.map((input) => recordFill(this.ctx, input)));
  }

  setGroupStatus(groupId: string, status: GroupStatus, options: { reason?: string; cause?: Cause } = {}): GroupView {
    return groupView(this.write(() => setGroupStatus(this.ctx, { group_id: groupId, status, ...options })));
  }

  /** The emergency stop's first step for many groups: algorithms DONE, groups CANCELLED unless ended. */
  stopGroups(groupIds: readonly string[], options: { reason: string; cause?: Cause }): void {
    this.write(() => stopGroups(this.ctx, { group_ids: groupIds, ...options }));
  }

  // --- plans ----------------------------------------------------------------------------------

  /** CANCEL_ALL_IN_PLAN's stop: no new orders in the plan until `rearmPlan`. */
  haltPlan(planId: string, reason: string, cause?: Cause): PlanView {
    return planView(this.write(() => haltPlan(this.ctx, { plan_id: planId, reason, ...(cause ? { cause } : {}) })));
  }

  rearmPlan(planId: string): PlanView {
    return planView(this.write(() => rearmPlan(this.ctx, { plan_id: planId })));
  }

  /** Absent keys stay as they are; null clears a level. */
  setProtection(planId: string, levels: { stop_loss_price?: string | null; take_profit_price?: string | null }): PlanView {
    return planView(this.write(() => setProtection(this.ctx, { plan_id: planId, ...levels })));
  }

  closePlan(planId: string, cause?: Cause): PlanView {
    return planView(this.write(() => closePlan(this.ctx, { plan_id: planId, ...(cause ? { cause } : {}) })));
  }

  // --- cancels --------------------------------------------------------------------------------

  requestCancel(orderId: string, options: { reason: string; scope: CancelScope; cause?: Cause }): CancelIntentView {
    const row = this.write(() => requestCancel(this.ctx, { order_id: orderId, ...options }));
    return decode(CancelIntentViewSchema, cancelIntentWire(row));
  }

  confirmCancel(intentId: string): CancelIntentView {
    return decode(CancelIntentViewSchema, cancelIntentWire(this.write(() => confirmCancel(this.ctx, { intent_id: intentId }))));
  }

  failCancel(intentId: string, reason: string): CancelIntentView {
    const row = this.write(() => failCancel(this.ctx, { intent_id: intentId, reason }));
    return decode(CancelIntentViewSchema, cancelIntentWire(row));
  }

  markCancelUnknown(intentId: string): CancelIntentView {
    const row = this.write(() => markCancelUnknown(this.ctx, { intent_id: intentId }));
    return decode(CancelIntentViewSchema, cancelIntentWire(row));
  }

  /**
   * requestCancel for many orders at once (the emergency stop): orders no
   * longer live are skipped; each group is written and journaled once.
   */
  requestCancels(orderIds: readonly string[], options: { reason: string; scope: CancelScope; cause?: Cause }): CancelRequested[] {
    return this.write(() => requestCancels(this.ctx, { order_ids: orderIds, ...options }));
  }

  /**
   * Many orders to the statuses given (a cancel round's answers); an illegal
   * move leaves that order as it is, journaled, and never holds up the others.
   */
  settleOrders(changes: readonly { order_id: string; status: OrderStatus }[], options: { reason?: string; cause?: Cause } = {}): OrderSettled[] {
    return this.write(() => settleOrders(this.ctx, { changes, ...options }));
  }

  // --- algorithm state ------------------------------------------------------------------------

  /** Store an algorithm's state (JSON) for a group; `expectedVersion` guards against lost updates (0: must be new). */
  putAlgoState(groupId: string, state: unknown, expectedVersion?: number): AlgoStateView {
    const row = this.write(() =>
      putAlgoState(this.ctx, {
        group_id: groupId,
        state,
        ...(expectedVersion === undefined ? {} : { expected_version: expectedVersion }),
      }),
    );
    return decode(AlgoStateViewSchema, algoStateWire(row));
  }

  setAlgoStatus(groupId: string, status: AlgoStatus, options: { expectedVersion?: number; reason?: string } = {}): AlgoStateView {
    const row = this.write(() =>
      setAlgoStatus(this.ctx, {
        group_id: groupId,
        status,
        ...(options.expectedVersion === undefined ? {} : { expected_version: options.expectedVersion }),
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      }),
    );
    return decode(AlgoStateViewSchema, algoStateWire(row));
  }

  getAlgoState(groupId: string): AlgoStateView | undefined {
    const row = loadAlgoState(this.ctx, groupId);
    return row === undefined ? undefined : decode(AlgoStateViewSchema, algoStateWire(row));
  }

  /** RUNNING algorithms: what restart recovery resumes or halts. */
  listRunningAlgos(): AlgoStateView[] {
    return this.listAlgos(['RUNNING']);
  }

  listAlgos(statuses: readonly AlgoStatus[] = ['RUNNING', 'HALTED', 'AWAITING_DECISION']): AlgoStateView[] {
    return q.algosWithStatus(this.ctx, statuses).map((r) => decode(AlgoStateViewSchema, algoStateWire(r)));
  }

  // --- anomalies ------------------------------------------------------------------------------

  /** `{ kind, plan_id?, group_id?, order_id?, fill_id?, message, data? }` */
  recordAnomaly(input: unknown): AnomalyView {
    return decode(AnomalyViewSchema, anomalyWire(this.write(() => recordAnomaly(this.ctx, input))));
  }

  acknowledgeAnomaly(anomalyId: string): AnomalyView {
    const row = this.write(() => acknowledgeAnomaly(this.ctx, { anomaly_id: anomalyId }));
    return decode(AnomalyViewSchema, anomalyWire(row));
  }

  anomalies(filter: { planId?: string; unacknowledgedOnly?: boolean } = {}): AnomalyView[] {
    return q.anomalies(this.ctx, filter).map((r) => decode(AnomalyViewSchema, anomalyWire(r)));
  }

  // --- reads for the engine (domain values) ---------------------------------------------------

  getPlan(planId: string): PlanView | undefined {
    const r = loadPlan(this.ctx, planId);
    return r === undefined ? undefined : planView(r);
  }

  getGroup(groupId: string): GroupView | undefined {
    const r = loadGroup(this.ctx, groupId);
    return r === undefined ? undefined : groupView(r);
  }

  getOrder(orderId: string): OrderView | undefined {
    const r = loadOrder(this.ctx, orderId);
    return r === undefined ? undefined : orderView(r);
  }

  orderByConnectorId(connectorOrderId: string): OrderView | undefined {
    const r = q.orderByConnectorId(this.ctx, connectorOrderId);
    return r === undefined ? undefined : orderView(r);
  }

  getFill(fillId: string): FillView | undefined {
    const r = q.fill(this.ctx, fillId);
    return r === undefined ? undefined : decode(FillViewSchema, fillWire(r));
  }

  activePlans(): PlanView[] {
    return q.activePlans(this.ctx).map(planView);
  }

  listPlans(): PlanView[] {
    return q.allPlans(this.ctx).map(planView);
  }

  /** With fill progress: target, filled, in flight, average price, order counts by status. */
  groupsOfPlan(planId: string): GroupView[] {
    return q.groupsOfPlan(this.ctx, planId).map(groupView);
  }

  groupIdsOfPlan(planId: string): string[] {
    return q.groupIdsOfPlan(this.ctx, planId);
  }

  ordersOfGroup(groupId: string, statuses?: readonly OrderStatus[]): OrderView[] {
    return q.ordersOfGroup(this.ctx, groupId, statuses).map(orderView);
  }

  ordersOfPlan(planId: string, statuses?: readonly OrderStatus[]): OrderView[] {
    return q.ordersOfPlan(this.ctx, planId, statuses).map(orderView);
  }

  /** Open and in-flight orders (LIVE_ORDER_STATUSES): what CANCEL_GROUP must reach. */
  liveOrdersOfGroup(groupId: string): OrderView[] {
    return this.ordersOfGroup(groupId, LIVE_ORDER_STATUSES);
  }

  /** What CANCEL_ALL_IN_PLAN must reach. */
  liveOrdersOfPlan(planId: string): OrderView[] {
    return this.ordersOfPlan(planId, LIVE_ORDER_STATUSES);
  }

  /** The ids alone of liveOrdersOfPlan: the emergency stop needs no more, and decoding a thousand views costs more than cancelling them. */
  liveOrderIdsOfPlan(planId: string): string[] {
    return q.liveOrderIdsOfPlan(this.ctx, planId);
  }

  liveOrderIdsOfGroup(groupId: string): string[] {
    return q.liveOrderIdsOfGroup(this.ctx, groupId);
  }

  /** Every live order of the desk: restart reconciliation looks each up by client order id. */
  nonTerminalOrders(): OrderView[] {
    return q.liveOrders(this.ctx).map(orderView);
  }

  fillsOfOrder(orderId: string): FillView[] {
    return q.fillsOfOrder(this.ctx, orderId).map((r) => decode(FillViewSchema, fillWire(r)));
  }

  fillsOfGroup(groupId: string): FillView[] {
    return q.fillsOfGroup(this.ctx, groupId).map((r) => decode(FillViewSchema, fillWire(r)));
  }

  fillsOfPlan(planId: string): FillView[] {
    return q.fillsOfPlan(this.ctx, planId).map((r) => decode(FillViewSchema, fillWire(r)));
  }

  /** Exchange time of the order's latest fill; null without fills; undefined for an unknown order. */
  lastFillTime(orderId: string): Date | null | undefined {
    const r = loadOrder(this.ctx, orderId);
    if (r === undefined) return undefined;
    return r.last_fill_at === null ? null : new Date(r.last_fill_at);
  }

  positions(): PositionView[] {
    return q.positions(this.ctx).map((r) => decode(PositionViewSchema, positionWire(r)));
  }

  cancelIntents(ref: q.EntityRef): CancelIntentView[] {
    return q.cancelIntentsOf(this.ctx, ref).map((r) => decode(CancelIntentViewSchema, cancelIntentWire(r)));
  }

  /** n of m confirmed, failures, unknowns, for a group's or plan's cancels (wire JSON). */
  cancelSummary(ref: q.EntityRef): CancelSummaryWire {
    return summarizeCancels(q.cancelIntentsOf(this.ctx, ref));
  }

  /** The summary's counts without its intents (a cancel command's answer). */
  cancelCounts(ref: q.EntityRef): CancelCountsWire {
    return countCancels(q.cancelIntentsOf(this.ctx, ref));
  }

  // --- reads for views (wire JSON) ------------------------------------------------------------

  /** Everything a view shows, consistent with `seq`; see LedgerSnapshotSchema. */
  snapshot(options: SnapshotOptions = {}): LedgerSnapshotWire {
    if (this.runner.inTransaction) throw new LedgerError('CONFLICT', 'snapshot is a committed view: take it outside a write');
    return this.runner.read(() => snapshot(this.ctx, options));
  }

  /** `{ plan_id?, group_id?, statuses?, offset?, limit? }`, newest first. */
  ordersPage(query: unknown = {}): OrdersPageWire {
    return this.runner.read(() => ordersPage(this.ctx, query));
  }

  /** `{ plan_id?, group_id?, order_id?, offset?, limit? }`, newest first. */
  fillsPage(query: unknown = {}): FillsPageWire {
    return this.runner.read(() => fillsPage(this.ctx, query));
  }

  // --- outbox ---------------------------------------------------------------------------------

  lastSeq(): number {
    return this.outbox.lastSeq();
  }

  eventsAfter(seq: number, limit = 1000): LedgerEventWire[] {
    return this.outbox.eventsAfter(seq, limit);
  }

  /** Replays committed events after `fromSeq`, then streams new ones after each commit. */
  subscribe(fromSeq: number, listener: LedgerListener): () => void {
    return this.outbox.subscribe(fromSeq, listener);
  }

  /** Delete events before `beforeSeq` (the newest always stays). Views behind it must reload. */
  compactOutbox(beforeSeq: number): number {
    return this.write(() => this.outbox.compact(beforeSeq));
  }

  // --- integrity ------------------------------------------------------------------------------

  checkInvariants(): InvariantReport {
    return this.runner.read(() => checkInvariants(this.ctx));
  }

  close(): void {
    if (this.runner.inTransaction) throw new LedgerError('CONFLICT', 'cannot close the ledger inside a transaction');
    if (this.database.open) this.database.close();
  }

  private write<T>(fn: () => T): T {
    try {
      return this.runner.run(fn);
    } catch (e) {
      throw storageToLedgerError(e);
    }
  }

  private journalRefusals(refusals: readonly Refusal[]): void {
    const at = this.ctx.nowIso();
    for (const { error, refs } of refusals) {
      appendJournal(
        this.ctx,
        { kind: 'ILLEGAL_TRANSITION', ...refs, message: error.message, data: { entity: error.entity, from: error.from, to: error.to } },
        at,
      );
    }
  }
}

/** SQLite constraint failures the checks did not foresee are still typed refusals. */
function storageToLedgerError(e: unknown): unknown {
  if (e instanceof Error && e.name === 'SqliteError') {
    const code = (e as Error & { code?: string }).code ?? '';
    return new LedgerError(code.startsWith('SQLITE_CONSTRAINT') ? 'CONFLICT' : 'STORAGE', e.message, { cause: e });
  }
  return e;
}

/** Open (creating and migrating if needed) the ledger at `path`, or `:memory:`. */
export function openLedger(path: string, options: OpenLedgerOptions = {}): Ledger {
  const db = openDatabase(path, {
    ...(options.synchronous ? { synchronous: options.synchronous } : {}),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
  });
  return new Ledger(db, options);
}
