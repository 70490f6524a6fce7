import { z } from 'zod';
import type { Clock, TimerHandle } from '../clock/clock';
import type { ConnectorCapabilities, ExecutionReport, IExecutionConnector, SymbolRules, Unsubscribe } from '../connectors/types';
import { Decimal } from '../domain/decimal';
import type { EntryPlan, ExecutionPlan, ExecutionStrategyType, ExitPlan, OrderRole, PlanDirection, SizePlan } from '../domain';
import type { Cause } from '../journal/entry';
import { LedgerError, type CancelScope, type GroupView, type Ledger, type OrderSettled, type OrderView } from '../ledger';
import type { MarketBar } from '../market/types';
import { fillInputOf } from './fill-input';
import { decodeAlgoRecord, encodeAlgoRecord, type AlgoRecord } from './algo-record';
import { algorithmFor, type AlgoStep, type AlgoState, type AlgoView, type PlannedOrder } from './algorithms';
import { ExecutionError } from './errors';
import { MarketCache } from './market-cache';
import { isLive, OrderIo, type SendHints } from './order-io';
import { KeyedSerialQueue } from './serial-queue';
import { translate } from './translator';

export interface WorkerOptions {
  readonly ledger: Ledger;
  readonly connector: IExecutionConnector;
  readonly clock: Clock;
  readonly onError?: (e: unknown) => void;
  readonly retry?: { readonly attempts: number; readonly delayMs: number };
}

/** What one EXECUTE_TRADE asks the worker to do. */
export interface ExecuteRequest {
  readonly entryPlan: EntryPlan;
  readonly sizePlan: SizePlan;
  readonly executionPlan?: ExecutionPlan | null;
  /** Protection levels, set on the plan in the transaction that creates the group (before any fill can arrive). */
  readonly exitPlan?: ExitPlan | null;
  /** Add to this plan; else a new plan is created with `plan`. */
  readonly planId?: string;
  readonly plan?: { readonly strategy_instance_id: string; readonly direction: PlanDirection; readonly comments?: string | null };
  readonly role?: OrderRole;
  readonly cause?: Cause;
}

export interface ExecuteResult {
  readonly planId: string;
  readonly groupId: string;
  readonly strategy: string;
  readonly reasons: readonly string[];
}

/** A fill report, as the fill listeners get it. */
export type FillReport = Extract<ExecutionReport, { kind: 'FILL' | 'PARTIAL_FILL' }>;
/** A report that an order left the book without filling: recorded in bulk. */
type EndReport = Extract<ExecutionReport, { kind: 'CANCELED' | 'EXPIRED' }>;

type GroupEvent =
  | { readonly kind: 'start' }
  | { readonly kind: 'tick' }
  | { readonly kind: 'bar'; readonly bar: MarketBar }
  | { readonly kind: 'fill'; readonly orderId: string; readonly quantity: Decimal; readonly price: Decimal }
  | { readonly kind: 'done'; readonly orderId: string; readonly status: 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED' };

/**
 * The ExecutionWorker (seed 004, section 6): stateless in memory, stateful
 * via the ledger. Each group's algorithm state lives in its algo_state row
 * and is written in the same transaction as the orders a step creates; the
 * connector is called only after that commit. Events of one group are
 * handled one at a time; groups run concurrently.
 */
export class ExecutionWorker {
  readonly io: OrderIo;
  readonly market = new MarketCache();
  private readonly queue = new KeyedSerialQueue();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly unsubscribes: Unsubscribe[] = [];
  private readonly onError: (e: unknown) => void;
  private readonly fillListeners = new Set<(r: FillReport, order: OrderView) => void>();
  private pendingReports: ExecutionReport[] = [];
  private closed = false;

  constructor(private readonly o: WorkerOptions) {
    this.onError = o.onError ?? ((e) => queueMicrotask(() => { throw e; }));
    this.io = new OrderIo({ ledger: o.ledger, connector: o.connector, clock: o.clock, onError: this.onError, ...(o.retry ? { retry: o.retry } : {}) });
  }

  get ledger(): Ledger {
    return this.o.ledger;
  }

  get clock(): Clock {
    return this.o.clock;
  }

  get connector(): IExecutionConnector {
    return this.o.connector;
  }

  /** Start listening to the connector's reports and market data. */
  start(): void {
    this.unsubscribes.push(this.o.connector.onReport((r) => this.onReport(r)));
    if (this.o.connector.onMarket) this.unsubscribes.push(this.o.connector.onMarket((bar) => this.onBar(bar)));
  }

  /** Extra observers of fills (protection), called after the ledger recorded them, with the order as it then stood. */
  onFillRecorded(listener: (r: FillReport, order: OrderView) => void): Unsubscribe {
    this.fillListeners.add(listener);
    return () => this.fillListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.flushReports(); // what arrived is recorded, never dropped
    this.closed = true;
    this.io.close();
    for (const u of this.unsubscribes.splice(0)) u();
    for (const t of this.timers.values()) this.o.clock.clearTimeout(t);
    this.timers.clear();
    await this.queue.idle();
  }

  /** Resolves when every queued report is recorded and every queued group event handled. */
  idle(): Promise<void> {
    this.flushReports();
    return this.queue.idle();
  }

  capabilities(): ConnectorCapabilities {
    return this.o.connector.capabilities();
  }

  rulesFor(symbol: string): SymbolRules {
    const rules = this.capabilities().symbols.find((s) => s.symbol === symbol);
    if (!rules) throw new ExecutionError('INVALID_COMMAND', `the connector does not trade ${symbol}`);
    return rules;
  }

  // ---- EXECUTE_TRADE ----------------------------------------------------

  async execute(req: ExecuteRequest): Promise<ExecuteResult> {
    const { ledger, clock } = this.o;
    const bar = this.market.lastBar(req.entryPlan.symbol);
    const arrival = bar ? bar.bid.plus(bar.ask).div(2) : null;
    const translated = translate({
      executionPlan: req.executionPlan ?? null,
      entryPlan: req.entryPlan,
      sizePlan: req.sizePlan,
      arrivalPrice: arrival,
      now: clock.now(),
      capabilities: this.capabilities(),
      volumeHistory: this.market.bars(req.entryPlan.symbol),
    });
    if (!translated.ok) throw new ExecutionError('TRANSLATION_FAILED', `${translated.error.code}: ${translated.error.message}`);
    const spec = translated.spec;
    const role = req.role ?? 'ENTRY';
    const created = ledger.transaction(() => {
      const containers = ledger.ensureGroup({
        ...(req.planId ? { plan_id: req.planId } : {}),
        ...(req.planId
          ? {}
          : {
              plan: {
                strategy_instance_id: req.plan?.strategy_instance_id ?? 'ledgerdesk',
                asset_symbol: spec.symbol,
                direction: req.plan?.direction ?? spec.side,
                comments: req.plan?.comments ?? null,
              },
            }),
        group: { execution_strategy: spec.strategy, target_quantity: spec.totalQuantity.toFixed(), ...(role === 'CLOSE' ? { closing: true } : {}) },
        ...(req.cause ? { cause: req.cause } : {}),
      });
      const groupId = containers.group.group_id;
      const exit = req.exitPlan;
      if (exit && (exit.stop_loss_price || exit.take_profit_price)) {
        ledger.setProtection(containers.plan.plan_id, {
          ...(exit.stop_loss_price ? { stop_loss_price: exit.stop_loss_price.toFixed() } : {}),
          ...(exit.take_profit_price ? { take_profit_price: exit.take_profit_price.toFixed() } : {}),
        });
      }
      ledger.journal.record({
        kind: 'ALGORITHM_CHOSEN',
        planId: containers.plan.plan_id,
        groupId,
        ...(req.cause?.directiveId ? { directiveId: req.cause.directiveId } : {}),
        ...(req.cause?.commandId ? { commandId: req.cause.commandId } : {}),
        message: `${spec.strategy} chosen: ${spec.reasons.join('; ')}`,
        data: { strategy: spec.strategy, reasons: [...spec.reasons] },
      });
      const record: AlgoRecord = { spec, state: {} as AlgoState, keys: {} };
      const view = this.viewOf(groupId, record);
      const step = algorithmFor(spec.strategy).start(view);
      const sends = this.applyStep(groupId, record, step, () => role, null);
      return { planId: containers.plan.plan_id, groupId, sends };
    });
    this.afterCommit(created.groupId, created.sends);
    return { planId: created.planId, groupId: created.groupId, strategy: spec.strategy, reasons: spec.reasons };
  }

  // ---- algorithm driving -----------------------------------------------

  private viewOf(groupId: string, record: AlgoRecord): AlgoView {
    const { ledger } = this.o;
    const group = ledger.getGroup(groupId);
    const live = ledger.liveOrdersOfGroup(groupId);
    const bar = this.market.lastBar(record.spec.symbol);
    return {
      now: this.o.clock.now(),
      spec: record.spec,
      filled: group ? group.filled_quantity : new Decimal(0),
      liveOrders: live.map((o) => ({
        orderId: o.order_id,
        quantity: o.quantity,
        filled: o.filled_quantity,
        price: o.price,
        icebergQuantity: record.spec.nativeIceberg ? record.spec.visibleQuantity : null,
        status: o.status,
      })),
      ...(bar ? { lastBar: bar } : {}),
      symbolRules: this.rulesFor(record.spec.symbol),
    };
  }

  /**
   * Persist one step: the new state, the orders it places (PENDING_SUBMIT)
   * and the cancels it asks for, in the caller's transaction. Returns what
   * to send after commit. `version`: the stored row's (null for a new one);
   * `roleOf` is asked only when the step places orders.
   */
  private applyStep(groupId: string, record: AlgoRecord, step: AlgoStep<AlgoState>, roleOf: () => OrderRole, version: number | null): PendingSends {
    const { ledger } = this.o;
    const keys: Record<string, string> = { ...record.keys };
    const sends: { orderId: string; hints: SendHints }[] = [];
    let role: OrderRole | undefined;
    for (const planned of step.place) {
      if (keys[planned.key]) continue; // idempotent: this key was placed already
      role ??= roleOf();
      const reg = ledger.registerOrder({
        group_id: groupId,
        order: {
          symbol: record.spec.symbol,
          side: record.spec.side,
          order_type: planned.type,
          role,
          quantity: planned.quantity.toFixed(),
          price: planned.price ? planned.price.toFixed() : null,
          stop_price: planned.stopPrice ? planned.stopPrice.toFixed() : null,
        },
      });
      keys[planned.key] = reg.order.order_id;
      sends.push({ orderId: reg.order.order_id, hints: hintsOf(planned) });
    }
    const next: AlgoRecord = { spec: record.spec, state: step.state, keys };
    if (version === null) ledger.putAlgoState(groupId, encodeAlgoRecord(next));
    else if (sends.length > 0 || JSON.stringify(step.state) !== JSON.stringify(record.state)) {
      ledger.putAlgoState(groupId, encodeAlgoRecord(next), version); // an unchanged state is not written again
    }
    if (step.finish) {
      const group = ledger.getGroup(groupId);
      if (group && group.status !== step.finish.status && !isTerminalGroup(group)) {
        ledger.setGroupStatus(groupId, step.finish.status, { reason: step.finish.reason });
      }
      ledger.setAlgoStatus(groupId, 'DONE', { reason: step.finish.reason });
    }
    return { sends, cancels: [...step.cancel], wakeAt: step.finish ? null : step.wakeAt };
  }

  private afterCommit(groupId: string, pending: PendingSends): void {
    for (const s of pending.sends) {
      void this.io
        .send(s.orderId, s.hints)
        .then(() => this.afterSend(s.orderId))
        .catch(this.onError);
    }
    if (pending.cancels.length > 0) void this.io.cancel(pending.cancels, 'ORDER', 'algorithm').catch(this.onError);
    this.schedule(groupId, pending.wakeAt);
  }

  /** A place that ended REJECTED or resolved without a report still has to reach the algorithm. */
  private afterSend(orderId: string): void {
    // After close the ledger is gone; restart recovery looks the order up instead.
    if (this.closed) return;
    const order = this.o.ledger.getOrder(orderId);
    if (order && order.status === 'REJECTED') {
      this.dispatch(order.parent_group_id, { kind: 'done', orderId, status: 'REJECTED' });
    }
  }

  private schedule(groupId: string, wakeAt: number | null): void {
    const old = this.timers.get(groupId);
    if (old) this.o.clock.clearTimeout(old);
    this.timers.delete(groupId);
    if (wakeAt === null || this.closed) return;
    const delay = Math.max(0, wakeAt - this.o.clock.now());
    this.timers.set(
      groupId,
      this.o.clock.setTimeout(() => {
        this.timers.delete(groupId);
        this.dispatch(groupId, { kind: 'tick' });
      }, delay),
    );
  }

  /** Queue one event for a group's algorithm (ignored unless the algorithm is RUNNING). */
  dispatch(groupId: string, event: GroupEvent): void {
    this.dispatchAll(groupId, [event]);
  }

  /** Queue a group's events, handled in order; once the algorithm is not RUNNING the rest are dropped. */
  private dispatchAll(groupId: string, events: readonly GroupEvent[]): void {
    const task = async () => {
      for (const e of events) if (!this.handle(groupId, e)) return;
    };
    void this.queue.run(groupId, task).catch(this.onError);
  }

  /** Handle one event; false when the algorithm is not running (nothing was done). */
  private handle(groupId: string, event: GroupEvent): boolean {
    const { ledger } = this.o;
    if (this.closed) return false;
    const row = ledger.getAlgoState(groupId);
    if (!row || row.algo_status !== 'RUNNING') return false;
    const decoded = decodeAlgoRecord(row.state);
    if (!decoded.ok) {
      ledger.transaction(() => {
        ledger.setAlgoStatus(groupId, 'HALTED', { reason: decoded.message });
        ledger.recordAnomaly({ kind: 'ALGO_STATE_CORRUPT', group_id: groupId, message: decoded.message });
      });
      return false;
    }
    const record = decoded.record;
    const algo = algorithmFor(record.spec.strategy);
    const roleOf = () => ledger.ordersOfGroup(groupId)[0]?.role ?? 'ENTRY';
    const pending = ledger.transaction(() => {
      const view = this.viewOf(groupId, record);
      const step =
        event.kind === 'tick'
          ? algo.onTick(record.state, view)
          : event.kind === 'bar'
            ? algo.onBar(record.state, event.bar, view)
            : event.kind === 'fill'
              ? algo.onFill(record.state, { orderId: event.orderId, quantity: event.quantity, price: event.price }, view)
              : event.kind === 'done'
                ? algo.onOrderDone(record.state, { orderId: event.orderId, status: event.status }, view)
                : algo.start(view);
      return this.applyStep(groupId, record, step, roleOf, row.version);
    });
    this.afterCommit(groupId, pending);
    return true;
  }

  // ---- connector events ------------------------------------------------

  /** Bars go to the running algorithms that decide on them (POV), read with a light look at the stored spec. */
  private onBar(bar: MarketBar): void {
    this.market.push(bar);
    for (const algo of this.o.ledger.listRunningAlgos()) {
      const peek = SpecPeekSchema.safeParse(algo.state);
      if (peek.success && peek.data.spec.symbol === bar.symbol && BAR_DRIVEN.has(peek.data.spec.strategy)) {
        this.dispatch(algo.group_id, { kind: 'bar', bar });
      }
    }
  }

  /**
   * Queue an execution report. Reports that arrive in the same turn of the
   * event loop (a cancelMany's answers, a bar's fills) are recorded in one
   * transaction, in arrival order, on the next microtask; each in its own
   * savepoint, so one refused write never loses the others.
   */
  onReport(report: ExecutionReport): void {
    this.pendingReports.push(report);
    if (this.pendingReports.length === 1) queueMicrotask(() => this.flushReports());
  }

  /**
   * Record every queued report in the ledger, then tell the groups'
   * algorithms and the listeners. Runs of CANCELED / EXPIRED reports (a
   * cancel round's answers) go in as one bulk write, in arrival order with
   * the rest.
   */
  flushReports(): void {
    const reports = this.pendingReports;
    if (reports.length === 0) return;
    this.pendingReports = [];
    const { ledger } = this.o;
    const events = new Map<string, GroupEvent[]>();
    const emit = (groupId: string, e: GroupEvent) => {
      const list = events.get(groupId);
      if (list) list.push(e);
      else events.set(groupId, [e]);
    };
    const fills: [FillReport, OrderView][] = [];
    const one = (report: ExecutionReport) => {
      try {
        const order = ledger.transaction(() => this.record(report, emit));
        if (order && !isLive(order.status)) this.io.noteEnded(order.order_id);
        if (order && (report.kind === 'FILL' || report.kind === 'PARTIAL_FILL')) fills.push([report, order]);
      } catch (e) {
        this.onError(e);
      }
    };
    ledger.transaction(() => {
      let ends: EndReport[] = [];
      const flushEnds = () => {
        if (ends.length > 0) this.recordEnds(ends, emit, one);
        ends = [];
      };
      for (const report of reports) {
        if (report.kind === 'CANCELED' || report.kind === 'EXPIRED') {
          ends.push(report);
          continue;
        }
        flushEnds();
        one(report);
      }
      flushEnds();
    });
    for (const [groupId, list] of events) this.dispatchAll(groupId, list);
    for (const [report, order] of fills) {
      for (const l of this.fillListeners) {
        try {
          l(report, order);
        } catch (e) {
          this.onError(e);
        }
      }
    }
  }

  /** CANCELED / EXPIRED reports in one bulk write (its own savepoint); one by one should any order be unknown to the ledger. */
  private recordEnds(ends: readonly EndReport[], emit: (groupId: string, e: GroupEvent) => void, one: (report: ExecutionReport) => void): void {
    let settled: OrderSettled[];
    try {
      const changes = ends.map((r) => ({ order_id: r.order.clientOrderId, status: r.kind }));
      settled = this.o.ledger.transaction(() => this.o.ledger.settleOrders(changes));
    } catch (e) {
      if (!(e instanceof LedgerError && e.code === 'NOT_FOUND')) {
        this.onError(e);
        return;
      }
      ends.forEach(one); // the unknown one becomes an anomaly, the others are recorded
      return;
    }
    settled.forEach((s, i) => {
      const status = (ends[i] as EndReport).kind;
      emit(s.parent_group_id, { kind: 'done', orderId: s.order_id, status });
      if (!isLive(s.status)) this.io.noteEnded(s.order_id);
    });
  }

  /** One report into the ledger (inside the caller's transaction); returns the order as it now stands. */
  private record(report: ExecutionReport, emitTo: (groupId: string, e: GroupEvent) => void): OrderView | undefined {
    const { ledger } = this.o;
    const orderId = report.kind === 'REJECTED' ? report.clientOrderId : report.order.clientOrderId;
    const order = ledger.getOrder(orderId);
    if (!order) {
      ledger.recordAnomaly({
        kind: 'UNKNOWN_ORDER_REPORT',
        message: `${report.kind} for ${orderId}, which the ledger does not own`,
        data: { kind: report.kind, client_order_id: orderId },
      });
      return undefined;
    }
    const groupId = order.parent_group_id;
    const emit = (e: GroupEvent) => emitTo(groupId, e);
    switch (report.kind) {
      case 'ACK':
      case 'MODIFIED':
        return this.io.setStatus(orderId, 'OPEN', { connector_order_id: report.order.exchangeOrderId }, order);
      case 'PARTIAL_FILL':
      case 'FILL': {
        const t = report.trade;
        const cancelling = order.status === 'PENDING_CANCEL' || ledger.getGroup(groupId)?.status === 'CANCELLED';
        const r = ledger.recordFill(fillInputOf(orderId, t));
        if (r.duplicate) return order;
        if (cancelling && order.status !== 'CANCELED' && order.status !== 'EXPIRED') {
          ledger.recordAnomaly({
            kind: 'FILL_RACED_CANCEL',
            plan_id: order.parent_plan_id,
            group_id: groupId,
            order_id: orderId,
            fill_id: r.fill_id,
            message: `fill of ${t.quantity.toFixed()} @ ${t.price.toFixed()} arrived while ${orderId} was being cancelled`,
          });
        }
        emit({ kind: 'fill', orderId, quantity: t.quantity, price: t.price });
        if (report.kind === 'FILL') emit({ kind: 'done', orderId, status: 'FILLED' });
        // The ledger derived the status from the fills: a fill during a cancel stays PENDING_CANCEL, a late one stays CANCELED.
        return this.io.setStatus(orderId, r.order_status, { connector_order_id: report.order.exchangeOrderId });
      }
      case 'CANCELED':
      case 'EXPIRED': {
        const status = report.kind === 'CANCELED' ? 'CANCELED' : 'EXPIRED';
        emit({ kind: 'done', orderId, status });
        return this.io.setStatus(orderId, status, {}, order); // the ledger settles the order's open cancel intents with it
      }
      case 'REJECTED':
        emit({ kind: 'done', orderId, status: 'REJECTED' });
        return this.io.setStatus(orderId, 'REJECTED', { reason: `${report.reason}: ${report.message}` }, order);
    }
  }

  // ---- cancels ------------------------------------------------------------

  /** Stop a group's algorithm at once (no new slices) and cancel its live orders. */
  async cancelGroup(groupId: string, scope: CancelScope = 'GROUP', reason = 'cancel group'): Promise<void> {
    const { ledger } = this.o;
    const group = ledger.getGroup(groupId);
    if (!group) throw new ExecutionError('NOT_FOUND', `ExecutionGroup ${groupId} not found`);
    this.schedule(groupId, null);
    const live = ledger.transaction(() => {
      ledger.stopGroups([groupId], { reason });
      return ledger.liveOrderIdsOfGroup(groupId);
    });
    await this.queue.run(groupId, async () => undefined); // let an in-progress step finish before cancelling its orders
    const after = ledger.liveOrderIdsOfGroup(groupId);
    await this.io.cancel([...new Set([...live, ...after])], scope, reason);
  }

  /** Cancel every live order of a plan and stop its algorithms; the plan takes no new orders until re-armed. */
  async cancelPlan(planId: string, scope: CancelScope = 'PLAN', reason = 'cancel all in plan'): Promise<void> {
    const { ledger } = this.o;
    const plan = ledger.getPlan(planId);
    if (!plan) throw new ExecutionError('NOT_FOUND', `TradePlan ${planId} not found`);
    const groups = ledger.groupIdsOfPlan(planId);
    for (const groupId of groups) this.schedule(groupId, null);
    // The halt, the algorithms' stop and every cancel intent commit together, before anything is sent.
    const items = ledger.transaction(() => {
      if (plan.status === 'ACTIVE') ledger.haltPlan(planId, reason);
      ledger.stopGroups(groups, { reason });
      return this.io.requestCancels(ledger.liveOrderIdsOfPlan(planId), scope, reason);
    });
    await this.io.sendCancels(items);
  }

  cancelOrders(orderIds: readonly string[], reason = 'cancel order'): Promise<void> {
    return this.io.cancel(orderIds, 'ORDER', reason);
  }

  // ---- recovery decisions ----------------------------------------------------

  /** Resume a recovered (AWAITING_DECISION / HALTED) algorithm from its stored state. */
  resume(groupId: string): void {
    const { ledger } = this.o;
    const algo = ledger.getAlgoState(groupId);
    if (!algo || algo.algo_status === 'DONE' || algo.algo_status === 'RUNNING') {
      throw new ExecutionError('NOT_RUNNING', `group ${groupId} has no algorithm waiting to resume`);
    }
    ledger.setAlgoStatus(groupId, 'RUNNING', { reason: 'resumed by the trader' });
    this.dispatch(groupId, { kind: 'tick' });
  }

  /** Halt a recovered algorithm: cancel its live orders; the group ends PARTIAL (some fills) or CANCELLED. */
  async halt(groupId: string, reason = 'halted by the trader'): Promise<void> {
    const { ledger } = this.o;
    const group = ledger.getGroup(groupId);
    if (!group) throw new ExecutionError('NOT_FOUND', `ExecutionGroup ${groupId} not found`);
    this.schedule(groupId, null);
    ledger.transaction(() => {
      const algo = ledger.getAlgoState(groupId);
      if (algo && algo.algo_status !== 'DONE') ledger.setAlgoStatus(groupId, 'DONE', { reason });
      const g = ledger.getGroup(groupId);
      if (g && !isTerminalGroup(g)) {
        const next = g.status === 'PENDING' || g.filled_quantity.isZero() ? 'CANCELLED' : 'PARTIAL';
        ledger.setGroupStatus(groupId, next, { reason });
      }
    });
    await this.io.cancel(ledger.liveOrderIdsOfGroup(groupId), 'GROUP', reason);
  }

  /** Restart a RUNNING algorithm's timer after a process restart (resume-by-default hosts). */
  wake(groupId: string): void {
    this.dispatch(groupId, { kind: 'tick' });
  }

  /** Whether an order is still live in the ledger. */
  isLive(order: OrderView): boolean {
    return isLive(order.status);
  }
}

/**
 * Strategies whose decisions read bars: POV follows the market's volume. The
 * others run on their timers (wakeAt, which includes the window's end) and on
 * order events, and would only re-read the ledger to do nothing on a bar.
 */
const BAR_DRIVEN: ReadonlySet<string> = new Set<ExecutionStrategyType>(['POV']);

/** Just the stored spec's strategy and symbol: deciding who gets a bar needs no full decode. */
const SpecPeekSchema = z.looseObject({ spec: z.looseObject({ strategy: z.string(), symbol: z.string() }) });

interface PendingSends {
  readonly sends: readonly { orderId: string; hints: SendHints }[];
  readonly cancels: readonly string[];
  readonly wakeAt: number | null;
}

function hintsOf(p: PlannedOrder): SendHints {
  return { timeInForce: p.timeInForce, icebergQuantity: p.icebergQuantity };
}

export function isTerminalGroup(g: GroupView): boolean {
  return g.status === 'COMPLETED' || g.status === 'CANCELLED' || g.status === 'FAILED' || g.status === 'PARTIAL';
}
