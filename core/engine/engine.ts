import { RealClock } from '../clock';
import type { Clock } from '../clock/clock';
import {
  isReconcilingConnector,
  type ConnectionState,
  type IExecutionConnector,
  type ReconciliationAcknowledgement,
  type ReconcilingConnector,
  type Unsubscribe,
} from '../connectors/types';
import type { ReconciliationReportValue } from '../connectors/live/report-schema';
import { decodeWire, ExecutionDirectiveSchema, type ExecutionCommand, type ExecutionDirective, type StrategyDirective } from '../domain';
import { ExecutionError } from '../execution/errors';
import { ExecutionWorker } from '../execution/worker';
import { openLedger, type Ledger, type LedgerListener, type OrderView, type SnapshotOptions } from '../ledger';
import type { MarketBar } from '../market/types';
import { runBatch } from './batch';
import type { BatchOutcome } from './batch-outcome';
import { DirectiveRouter, type Directive, type DirectiveOutcome } from './directives';
import { EngineError } from './errors';
import { PaperSessionRequestSchema, type PaperSessionRequest } from './paper-request';
import { planPosition } from './positions';
import { ProtectionManager } from './protection';
import { recover, type RecoveryPolicy, type RecoveryReport } from './recovery';
import { restorePaperSession, startPaperSession, type DeskSession } from './session';
import { buildStatus, orderGate, quoteOf, type EngineStatus, type MarketQuote, type StatusBalance } from './status';
import { SwitchableClock } from './switchable-clock';

export interface EngineOptions {
  /** The ledger file (':memory:' for a throwaway desk). */
  readonly ledgerPath: string;
  /** Wall time; tests pass a VirtualClock. Paper sessions run an accelerated clock over it. */
  readonly clock?: Clock;
  /** A live connector supplied by the host; without one the desk trades on paper sessions. */
  readonly connector?: IExecutionConnector;
  /** What happens to algorithms that were running when the desk stopped (default: halt-and-ask). */
  readonly recovery?: RecoveryPolicy;
  readonly retry?: { readonly attempts: number; readonly delayMs: number };
  readonly onError?: (e: unknown) => void;
}

/** The desk as a host sees it: one object owning ledger, journal, connectors, workers and clock. */
export class Engine {
  readonly ledger: Ledger;
  private readonly clock: SwitchableClock;
  private session: DeskSession | undefined;
  private worker: ExecutionWorker | undefined;
  private protection: ProtectionManager | undefined;
  private router: DirectiveRouter | undefined;
  private readonly sessionUnsubs: Unsubscribe[] = [];
  private readonly statusListeners = new Set<(s: EngineStatus) => void>();
  private lastRecovery: RecoveryReport | undefined;
  /** The connector's balances as of the last bar: status() is synchronous, balances() is not. */
  private balances: StatusBalance[] = [];
  private readonly onError: (e: unknown) => void;

  constructor(
    private readonly options: EngineOptions,
    private readonly base: Clock,
  ) {
    this.onError = options.onError ?? ((e) => console.error('[engine]', e instanceof Error ? e.message : e));
    this.clock = new SwitchableClock(base);
    this.ledger = openLedger(options.ledgerPath, { clock: this.clock });
  }

  // ---- sessions -------------------------------------------------------------

  /** Attach to a market and recover what was in flight. */
  async attach(session: DeskSession): Promise<RecoveryReport> {
    this.session = session;
    this.clock.use(session.clock);
    const worker = new ExecutionWorker({
      ledger: this.ledger,
      connector: session.connector,
      clock: session.clock,
      onError: this.onError,
      ...(this.options.retry ? { retry: this.options.retry } : {}),
    });
    this.worker = worker;
    this.protection = new ProtectionManager(worker);
    this.router = new DirectiveRouter(worker, this.protection);
    worker.start();
    this.sessionUnsubs.push(
      worker.onFillRecorded((_, order) => this.afterFill(order)),
      session.connector.onConnectionState(() => this.emitStatus()),
      ...(session.connector.onMarket ? [session.connector.onMarket((bar) => this.onBar(bar))] : []),
      // A live connector's gate (reconciliation, stream) changes without a connection change: show each change.
      ...(isReconcilingConnector(session.connector) ? [session.connector.onEvent(() => this.emitStatus())] : []),
    );
    this.lastRecovery = await recover(worker, this.options.recovery ?? 'halt-and-ask', this.onError);
    // Protection may have been half replaced when the desk stopped, or fills recovered since: align it with each position.
    // Not awaited, like recovery's cancels: the session's clock may not run until the host moves it.
    const protection = this.protection;
    for (const plan of this.ledger.activePlans()) {
      if (plan.stop_loss_price || plan.take_profit_price) void protection.sync(plan.plan_id).catch(this.onError);
    }
    this.emitStatus();
    return this.lastRecovery;
  }

  /** Start a paper session from wire JSON (parsed here as unknown). */
  async startPaperSession(input: unknown): Promise<EngineStatus> {
    const parsed = PaperSessionRequestSchema.safeParse(input);
    if (!parsed.success) {
      throw new EngineError('BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    return this.startPaper(parsed.data);
  }

  async startPaper(req: PaperSessionRequest): Promise<EngineStatus> {
    if (this.session) throw new EngineError('CONFLICT', `a ${this.session.kind} session is running: stop it first`);
    await this.attach(startPaperSession(this.ledger, this.base, req));
    return this.status();
  }

  pausePaper(): EngineStatus {
    this.paper().paper.pause();
    this.paper().clock.pause();
    return this.emitStatus();
  }

  resumePaper(): EngineStatus {
    this.paper().clock.resume();
    this.paper().paper.resume();
    return this.emitStatus();
  }

  setSpeed(speed: number): EngineStatus {
    this.paper().paper.setSpeed(speed);
    this.paper().clock.setSpeed(speed);
    return this.emitStatus();
  }

  async stopSession(): Promise<EngineStatus> {
    const session = this.session;
    if (!session) throw new EngineError('CONFLICT', 'no session is running');
    // Detached, the desk could neither see nor cancel its live orders; the connector is the host's to close.
    if (session.kind === 'live') throw new EngineError('CONFLICT', 'a live session runs as long as the desk: quit the desk to disconnect');
    await this.detach();
    if (session.kind === 'paper') {
      await session.paper.stop();
      session.clock.dispose();
    }
    return this.emitStatus();
  }

  private async detach(): Promise<void> {
    for (const u of this.sessionUnsubs.splice(0)) u();
    await this.worker?.close();
    await this.protection?.idle();
    this.worker = undefined;
    this.protection = undefined;
    this.router = undefined;
    this.session = undefined;
    this.balances = [];
    this.clock.use(this.base);
  }

  private paper(): Extract<DeskSession, { kind: 'paper' }> {
    if (this.session?.kind !== 'paper') throw new EngineError('CONFLICT', 'no paper session is running');
    return this.session;
  }

  private requireWorker(): { worker: ExecutionWorker; router: DirectiveRouter } {
    if (!this.worker || !this.router) throw new EngineError('CONFLICT', 'no session is running: start a paper session or connect an exchange');
    return { worker: this.worker, router: this.router };
  }

  // ---- directives and cancels ---------------------------------------------------

  /** Submit an ExecutionDirective (wire JSON, parsed here as unknown). */
  async submitDirective(input: unknown): Promise<DirectiveOutcome> {
    const directive: ExecutionDirective = decodeWire(ExecutionDirectiveSchema, input, 'ExecutionDirective');
    return this.run(directive);
  }

  /** Run an already-parsed directive or batch command. */
  async run(d: Directive): Promise<DirectiveOutcome> {
    const { router } = this.requireWorker();
    this.refuseWhileOrdersHeld(d);
    return router.run(d);
  }

  /**
   * A trade while the live connector holds new orders (a reconciliation the
   * trader has not acknowledged, the stream down) is refused before anything
   * is written: no plan, no group, no order row that could only be rejected.
   * Cancels always go through.
   */
  private refuseWhileOrdersHeld(d: Directive): void {
    if ((d.execution_plan?.action ?? 'EXECUTE_TRADE') !== 'EXECUTE_TRADE') return;
    const gate = orderGate(this.session);
    if (!gate.acceptingOrders) throw new EngineError('REFUSED', `new orders are held: ${gate.refusalReason ?? 'the connector refuses them'}`);
  }

  /** Seed 003: one StrategyDirective -> one ExecutionCommandBatch, run in its policy's mode (core/engine/README.md, Batches). */
  async submitBatch(strategyDirective: StrategyDirective, commands: readonly ExecutionCommand[]): Promise<BatchOutcome> {
    this.requireWorker();
    const host = { ledger: this.ledger, clock: this.clock.current, run: (d: Directive) => this.run(d), cancelGroup: (id: string) => this.cancelGroup(id) };
    return runBatch(host, strategyDirective, commands);
  }

  async cancelGroup(groupId: string): Promise<void> {
    await this.cancelWorker({ groupId }).cancelGroup(groupId);
  }

  async cancelAllInPlan(planId: string): Promise<void> {
    await this.cancelWorker({ planId }).cancelPlan(planId);
  }

  /**
   * The worker a cancel of `ref` (of everything without one) goes to, or the
   * typed refusal it would meet (no session, unknown plan or group): a
   * command that starts the cancel in the background answers with this
   * refusal instead of "ok".
   */
  cancelWorker(ref: { readonly planId: string } | { readonly groupId: string } | undefined): ExecutionWorker {
    const { worker } = this.requireWorker();
    if (ref === undefined) return worker;
    if ('planId' in ref && !this.ledger.getPlan(ref.planId)) throw new EngineError('NOT_FOUND', `TradePlan ${ref.planId} not found`);
    if ('groupId' in ref && !this.ledger.getGroup(ref.groupId)) throw new EngineError('NOT_FOUND', `ExecutionGroup ${ref.groupId} not found`);
    return worker;
  }

  /** The desk-wide emergency stop: every active plan, in parallel; one failure never stops the others. */
  async cancelEverything(): Promise<{ plans: number; failures: string[] }> {
    const worker = this.cancelWorker(undefined);
    const plans = this.ledger.activePlans();
    const results = await Promise.allSettled(plans.map((p) => worker.cancelPlan(p.plan_id, 'DESK', 'cancel everything')));
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${plans[i]?.plan_id}: ${String(r.reason)}`] : []));
    return { plans: plans.length, failures };
  }

  rearmPlan(planId: string): void {
    if (!this.ledger.getPlan(planId)) throw new EngineError('NOT_FOUND', `TradePlan ${planId} not found`);
    this.ledger.rearmPlan(planId);
    void this.protection?.sync(planId).catch(this.onError);
  }

  resumeGroup(groupId: string): void {
    this.requireWorker().worker.resume(groupId);
  }

  async haltGroup(groupId: string): Promise<void> {
    await this.requireWorker().worker.halt(groupId);
  }

  acknowledgeAnomaly(anomalyId: string): void {
    this.ledger.acknowledgeAnomaly(anomalyId);
  }

  // ---- live reconciliation ------------------------------------------------------------

  /** The session's connector when it reconciles with the ledger (live), else undefined. */
  liveConnector(): ReconcilingConnector | undefined {
    const connector = this.session?.connector;
    return connector && isReconcilingConnector(connector) ? connector : undefined;
  }

  /** The reconciliation report that holds new orders until the trader acknowledges it. */
  pendingReconciliation(): ReconciliationReportValue | undefined {
    return this.liveConnector()?.pendingReconciliation();
  }

  /** The trader has read report `reportId`; the connector answers (NO_PENDING_REPORT, STALE_REPORT). */
  acknowledgeReconciliation(reportId: string): ReconciliationAcknowledgement {
    const connector = this.liveConnector();
    if (!connector) return { ok: false, error: { code: 'NO_PENDING_REPORT', message: 'no live session: there is no reconciliation report' } };
    return connector.acknowledgeReconciliation(reportId);
  }

  // ---- reactions to reports -------------------------------------------------------

  private afterFill(order: OrderView): void {
    const protection = this.protection;
    if (!protection) return;
    const planId = order.parent_plan_id;
    const work = async () => {
      if (order.role === 'STOP_LOSS' || order.role === 'TAKE_PROFIT') await protection.onProtectionFilled(order);
      await protection.sync(planId);
      if (order.role !== 'ENTRY') this.closeIfFlat(planId); // an entry fill moves a plan away from flat, never to it
    };
    void work().catch(this.onError);
  }

  /** A plan whose exits brought it back to zero, with nothing left working, is CLOSED. */
  private closeIfFlat(planId: string): void {
    const plan = this.ledger.getPlan(planId);
    if (!plan || plan.status !== 'ACTIVE') return;
    const orders = this.ledger.ordersOfPlan(planId);
    const exited = orders.some((o) => o.role !== 'ENTRY' && o.filled_quantity.gt(0));
    if (!exited || !planPosition(this.ledger, planId).isZero()) return;
    if (this.ledger.liveOrdersOfPlan(planId).length > 0) return;
    if (this.ledger.groupsOfPlan(planId).some((g) => this.ledger.getAlgoState(g.group_id)?.algo_status === 'RUNNING')) return;
    this.ledger.closePlan(planId);
  }

  // ---- reads ------------------------------------------------------------------------

  snapshot(options: SnapshotOptions = {}) {
    return this.ledger.snapshot(options);
  }

  subscribe(fromSeq: number, listener: LedgerListener): () => void {
    return this.ledger.subscribe(fromSeq, listener);
  }

  /**
   * The session's recent bars of `symbol`, oldest first, opened at or after
   * `since` (epoch ms): what the engine keeps for its algorithms (a day of
   * one-minute bars), so a view that opens later draws the same chart and
   * benchmarks. Refused without a session, and for a symbol it does not trade.
   */
  bars(symbol: string, since = 0): MarketQuote[] {
    const { worker } = this.requireWorker();
    if (!worker.market.symbols().includes(symbol)) throw new EngineError('NOT_FOUND', `no market data for ${symbol} in this session`);
    return worker.market
      .bars(symbol)
      .filter((b) => b.openTime >= since)
      .map(quoteOf);
  }

  status(): EngineStatus {
    return buildStatus(this.session, this.worker, this.clock.now(), this.lastRecovery, this.balances);
  }

  onStatus(listener: (s: EngineStatus) => void): Unsubscribe {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Each bar: balances refreshed, then one status push (a failed balance read keeps the last ones). */
  private onBar(_bar: MarketBar): void {
    const connector = this.session?.connector;
    if (!connector) return;
    connector.balances().then(
      (r) => {
        if (r.ok && this.session?.connector === connector) {
          this.balances = Object.entries(r.value).map(([asset, b]) => ({ asset, free: b.free.toFixed(), locked: b.locked.toFixed() }));
        }
        this.emitStatus();
      },
      (e: unknown) => {
        this.onError(e);
        this.emitStatus();
      },
    );
  }

  private emitStatus(): EngineStatus {
    const s = this.status();
    for (const l of this.statusListeners) {
      try {
        l(s);
      } catch (e) {
        this.onError(e);
      }
    }
    return s;
  }

  /** Settle queued work (tests and shutdown). */
  async idle(): Promise<void> {
    await this.worker?.idle();
    await this.protection?.idle();
    await this.worker?.idle();
  }

  async close(): Promise<void> {
    const session = this.session;
    await this.detach();
    if (session?.kind === 'paper') {
      await session.paper.close();
      session.clock.dispose();
    } else if (session) {
      await session.connector.close();
    }
    this.ledger.close();
  }

  connectionState(): ConnectionState | 'NONE' {
    return this.session ? this.session.connector.connectionState() : 'NONE';
  }
}

/**
 * Create the desk: open the ledger, and reattach whatever it was connected
 * to (the host's live connector, or the last unfinished paper session),
 * reconciling every order that was in flight.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const base = options.clock ?? new RealClock();
  const engine = new Engine(options, base);
  try {
    if (options.connector) {
      await engine.attach({ kind: 'live', connector: options.connector, clock: base });
    } else {
      const restored = restorePaperSession(engine.ledger, base);
      if (restored) await engine.attach(restored);
    }
  } catch (e) {
    await engine.close().catch(() => undefined);
    throw e;
  }
  return engine;
}

export { ExecutionError };
