import { Decimal } from '../../domain/decimal';
import type { Clock, TimerHandle } from '../../clock/clock';
import type { MarketBar, MarketSource } from '../../market/types';
import type {
  ConnectionState,
  ConnectorCapabilities,
  ConnectorResult,
  ExchangeOrder,
  ExchangeTrade,
  ExecutionReport,
  IExecutionConnector,
  ModifyOrderRequest,
  PlaceOrderRequest,
  SymbolRules,
  Unsubscribe,
} from '../types';
import { PaperError } from './errors';
import { resolveFidelityProfile, type FidelityProfile, type FidelityProfileName } from './fidelity';
import { MatchingEngine, type EngineOutcome } from './matching-engine';
import { SeededRandom } from './prng';
import type { PaperCheckpoint, PaperExchangeState } from './state';
import { TimedQueue } from './timed-queue';

/** What the exchange runs on; the same for a new exchange and a restored one. */
export interface PaperExchangeRuntime {
  /** Connector id (default 'paper'). */
  readonly id?: string;
  readonly clock: Clock;
  /** Pulled once per `source.intervalMs` of clock time, one bar per symbol. */
  readonly source: MarketSource;
  /** Start with the market stopped; resume() starts it. Requests are served either way. */
  readonly paused?: boolean;
  /** Where errors thrown by report, market or checkpoint listeners go; by default they are rethrown on a later microtask. */
  readonly onListenerError?: (error: unknown) => void;
}

export interface PaperExchangeOptions extends PaperExchangeRuntime {
  readonly symbols: readonly SymbolRules[];
  /** Starting balances per asset (all free). */
  readonly balances: Readonly<Record<string, Decimal>>;
  /** A built-in profile name or a custom profile (default 'realistic'). */
  readonly fidelity?: FidelityProfileName | FidelityProfile;
  /** Seeds latency jitter; the same seed, source and clock give the same fills (default 1). */
  readonly seed?: number;
}

export interface PaperExchangeRestoreOptions extends PaperExchangeRuntime {
  readonly state: PaperExchangeState;
}

type QueueItem =
  | { readonly kind: 'request'; readonly run: () => void; readonly lost: () => void }
  | { readonly kind: 'report'; readonly report?: ExecutionReport; readonly respond?: () => void };

const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT'] as const;

function refusedClosed<T>(): ConnectorResult<T> {
  return { ok: false, outcome: 'REJECTED', reason: 'EXCHANGE_ERROR', message: 'the paper exchange is closed' };
}

function lostInFlight<T>(): ConnectorResult<T> {
  return {
    ok: false,
    outcome: 'REJECTED',
    reason: 'EXCHANGE_ERROR',
    message: 'the paper exchange closed before the request arrived; it was not processed',
  };
}

function checkConfig(options: PaperExchangeOptions): void {
  const fail = (message: string): never => {
    throw new PaperError('INVALID_CONFIG', message);
  };
  if (options.symbols.length === 0) fail('a paper exchange needs at least one symbol');
  const seen = new Set<string>();
  for (const rules of options.symbols) {
    if (seen.has(rules.symbol)) fail(`symbol ${rules.symbol} is listed twice`);
    seen.add(rules.symbol);
    if (!options.source.symbols.includes(rules.symbol)) fail(`the market source has no data for ${rules.symbol}`);
    if (!rules.tickSize.gt(0) || !rules.stepSize.gt(0)) fail(`${rules.symbol}: tick and step sizes must be positive`);
  }
  for (const [asset, amount] of Object.entries(options.balances)) {
    if (!amount.isFinite() || amount.lt(0)) fail(`balance of ${asset} must be a finite amount >= 0`);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) fail('seed must be an integer');
}

/**
 * The simulated exchange as an IExecutionConnector. Time comes from the
 * clock: every `source.intervalMs` the exchange pulls one bar per symbol,
 * emits it (onMarket) and matches the resting orders against it. Requests
 * reach the exchange after the profile's ack latency (plus seeded jitter)
 * and are answered on arrival; whatever the market does to an order is
 * reported after the fill latency. Reports go out in the order things
 * happened, like messages on one connection.
 */
export class PaperExchange implements IExecutionConnector {
  readonly id: string;
  readonly kind = 'paper' as const;
  readonly fidelity: FidelityProfile;
  private readonly clock: Clock;
  private readonly source: MarketSource;
  private readonly engine: MatchingEngine;
  private readonly random: SeededRandom;
  private readonly queue = new TimedQueue<QueueItem>();
  private readonly onListenerError: (error: unknown) => void;
  /** The two directions of the simulated connection each keep their order. */
  private lastRequestAt = -Infinity;
  private lastReportAt = -Infinity;
  private wake: { at: number; handle: TimerHandle } | undefined;
  private marketTimer: TimerHandle | undefined;
  private readonly exhausted = new Set<string>();
  private paused: boolean;
  private closed = false;
  private pumping = false;
  private readonly reportListeners = new Set<(report: ExecutionReport) => void>();
  private readonly marketListeners = new Set<(bar: MarketBar) => void>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private readonly checkpointListeners = new Set<(checkpoint: PaperCheckpoint) => void>();
  /** Inside together(): requests wait for its single pump. */
  private batching = false;

  constructor(options: PaperExchangeOptions | PaperExchangeRestoreOptions) {
    this.id = options.id ?? 'paper';
    this.clock = options.clock;
    this.source = options.source;
    this.paused = options.paused ?? false;
    this.onListenerError =
      options.onListenerError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
    if ('state' in options) {
      const { state } = options;
      this.fidelity = state.fidelity;
      this.random = new SeededRandom(state.counters.prngState);
      this.engine = new MatchingEngine({ ...state, counters: state.counters });
    } else {
      checkConfig(options);
      this.fidelity = resolveFidelityProfile(options.fidelity);
      this.random = new SeededRandom(options.seed ?? 1);
      const balances = Object.entries(options.balances).map(([asset, free]) => ({ asset, free, locked: new Decimal(0) }));
      this.engine = new MatchingEngine({ fidelity: this.fidelity, symbols: options.symbols, balances });
    }
    // A market from the first moment: symbols without a bar yet get their first one now.
    const now = this.clock.now();
    for (const rules of this.engine.symbols()) {
      if (this.engine.lastBar(rules.symbol) === undefined) this.pullBar(rules.symbol, now);
    }
    if (!this.paused) this.startMarket();
  }

  static restore(state: PaperExchangeState, runtime: PaperExchangeRuntime): PaperExchange {
    return new PaperExchange({ ...runtime, state });
  }

  // ---- IExecutionConnector -----------------------------------------------

  capabilities(): ConnectorCapabilities {
    return { orderTypes: ORDER_TYPES, nativeIceberg: false, nativeOco: true, modifyInPlace: true, symbols: this.engine.symbols() };
  }

  connectionState(): ConnectionState {
    return this.closed ? 'DISCONNECTED' : 'CONNECTED';
  }

  onConnectionState(listener: (state: ConnectionState) => void): Unsubscribe {
    return this.subscribe(this.connectionListeners, listener);
  }

  place(request: PlaceOrderRequest): Promise<ConnectorResult<ExchangeOrder>> {
    return this.request((now) => this.engine.submit(request, now));
  }

  cancel(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    return this.request((now) => this.engine.cancel(clientOrderId, symbol, now));
  }

  cancelMany(orders: readonly { clientOrderId: string; symbol: string }[]): Promise<ConnectorResult<ExchangeOrder>[]> {
    return Promise.all(this.together(() => orders.map((o) => this.cancel(o.clientOrderId, o.symbol))));
  }

  /**
   * Requests made inside `fn` are queued, then run by one pump at its end:
   * the same order and outcomes as one by one, with one checkpoint (one store
   * transaction) for all of them instead of one each.
   */
  private together<T>(fn: () => T): T {
    if (this.batching) return fn();
    this.batching = true;
    try {
      return fn();
    } finally {
      this.batching = false;
      this.pump();
    }
  }

  modify(request: ModifyOrderRequest, symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    return this.request((now) => this.engine.modify(request, symbol, now));
  }

  /** Queries read the exchange's state directly (no latency): it may be ahead of the reports still in flight. */
  findOrder(clientOrderId: string, symbol: string): Promise<ConnectorResult<ExchangeOrder>> {
    if (this.closed) return Promise.resolve(refusedClosed());
    const order = this.engine.findOrder(clientOrderId, symbol);
    return Promise.resolve(
      order === undefined ? { ok: false, outcome: 'NOT_FOUND', message: `no order ${clientOrderId} on ${symbol}` } : { ok: true, value: order },
    );
  }

  openOrders(symbol?: string): Promise<ConnectorResult<ExchangeOrder[]>> {
    if (this.closed) return Promise.resolve(refusedClosed());
    return Promise.resolve({ ok: true, value: this.engine.openOrders(symbol) });
  }

  tradesSince(sinceTime: number, symbol?: string): Promise<ConnectorResult<ExchangeTrade[]>> {
    if (this.closed) return Promise.resolve(refusedClosed());
    return Promise.resolve({ ok: true, value: this.engine.tradesSince(sinceTime, symbol) });
  }

  balances(): Promise<ConnectorResult<Record<string, { free: Decimal; locked: Decimal }>>> {
    if (this.closed) return Promise.resolve(refusedClosed());
    return Promise.resolve({ ok: true, value: this.engine.balances() });
  }

  onReport(listener: (report: ExecutionReport) => void): Unsubscribe {
    return this.subscribe(this.reportListeners, listener);
  }

  onMarket(listener: (bar: MarketBar) => void): Unsubscribe {
    return this.subscribe(this.marketListeners, listener);
  }

  /**
   * Stop the market and the connection. Reports already on their way are
   * delivered now, in order; requests still in flight never reached the
   * exchange and are answered REJECTED (EXCHANGE_ERROR).
   */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.stopMarket();
    if (this.wake !== undefined) this.clock.clearTimeout(this.wake.handle);
    this.wake = undefined;
    for (const item of this.queue.drain()) {
      if (item.kind === 'request') item.lost();
      else this.deliver(item);
    }
    this.checkpoint(true);
    for (const listener of [...this.connectionListeners]) this.call(listener, 'DISCONNECTED');
    return Promise.resolve();
  }

  // ---- paper controls -----------------------------------------------------

  /** Freeze the market: no more bars until resume(). Requests are still served against the last book. */
  pause(): void {
    this.paused = true;
    this.stopMarket();
  }

  resume(): void {
    if (this.closed) return;
    this.paused = false;
    this.startMarket();
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** True once the source has no more bars for any symbol. */
  isExhausted(): boolean {
    return this.exhausted.size === this.engine.symbols().length;
  }

  lastBar(symbol: string): MarketBar | undefined {
    return this.engine.lastBar(symbol);
  }

  /** Cancel every resting order at once (a session that stops); the reports follow like any others. */
  cancelAllOpen(): void {
    if (this.closed) return;
    this.sendReports(this.engine.cancelAll(this.clock.now()), false);
    this.pump();
  }

  /** Called after every step that changed the exchange, with what changed: a session persists it. */
  onCheckpoint(listener: (checkpoint: PaperCheckpoint) => void): Unsubscribe {
    return this.subscribe(this.checkpointListeners, listener);
  }

  /** The whole state, to persist a new session or compare runs. */
  exportState(): PaperExchangeState {
    return {
      fidelity: this.fidelity,
      counters: { ...this.engine.counters(), prngState: this.random.state },
      symbols: this.engine.symbols(),
      balances: this.engine.exportBalances(),
      holds: this.engine.exportHolds(),
      orders: this.engine.exportOrders(),
      trades: this.engine.exportTrades(),
      lastBars: this.engine.exportBars(),
    };
  }

  // ---- the simulated connection -------------------------------------------

  private request(handle: (now: number) => EngineOutcome): Promise<ConnectorResult<ExchangeOrder>> {
    if (this.closed) return Promise.resolve(refusedClosed());
    return new Promise((resolve) => {
      const at = Math.max(this.clock.now() + this.delay(this.fidelity.ackLatencyMs, this.fidelity.ackJitterMs), this.lastRequestAt);
      this.lastRequestAt = at;
      this.queue.push(at, {
        kind: 'request',
        run: () => {
          const outcome = handle(this.clock.now());
          // The answer travels with the first report (the ACK, REJECTED, CANCELED or MODIFIED), or alone.
          this.sendReports(outcome.reports, false, () => resolve(outcome.result));
        },
        lost: () => resolve(lostInFlight()),
      });
      if (!this.batching) this.pump();
    });
  }

  /** Queue reports for delivery: what the market did travels with the fill latency; answers to a request go at once. */
  private sendReports(reports: readonly ExecutionReport[], fromMarket: boolean, respond?: () => void): void {
    const now = this.clock.now();
    if (reports.length === 0 && respond !== undefined) this.queueReport(now, { kind: 'report', respond });
    reports.forEach((report, i) => {
      const byMarket = fromMarket || report.kind === 'FILL' || report.kind === 'PARTIAL_FILL';
      const at = now + (byMarket ? this.delay(this.fidelity.fillLatencyMs, this.fidelity.fillJitterMs) : 0);
      this.queueReport(at, { kind: 'report', report, ...(i === 0 && respond !== undefined ? { respond } : {}) });
    });
  }

  private queueReport(at: number, item: QueueItem): void {
    const when = Math.max(at, this.lastReportAt);
    this.lastReportAt = when;
    this.queue.push(when, item);
  }

  private delay(base: number, jitter: number): number {
    return base + this.random.intUpTo(jitter);
  }

  /** Run everything due, then arm one clock timer for the next item. Re-entrant calls (from listeners) join the running loop. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let item = this.queue.takeDue(this.clock.now()); item !== undefined; item = this.queue.takeDue(this.clock.now())) {
        if (item.kind === 'request') item.run();
        else this.deliver(item);
      }
    } finally {
      this.pumping = false;
      this.arm();
      this.checkpoint(false);
    }
  }

  private deliver(item: Extract<QueueItem, { kind: 'report' }>): void {
    const { report } = item;
    if (report !== undefined) for (const listener of [...this.reportListeners]) this.call(listener, report);
    item.respond?.();
  }

  private arm(): void {
    const next = this.closed ? undefined : this.queue.nextAt();
    if (this.wake !== undefined && this.wake.at === next) return;
    if (this.wake !== undefined) this.clock.clearTimeout(this.wake.handle);
    this.wake = undefined;
    if (next === undefined) return;
    const handle = this.clock.setTimeout(
      () => {
        this.wake = undefined;
        this.pump();
      },
      Math.max(0, next - this.clock.now()),
    );
    this.wake = { at: next, handle };
  }

  // ---- the market ----------------------------------------------------------

  private startMarket(): void {
    if (this.marketTimer !== undefined || this.closed || this.isExhausted()) return;
    this.marketTimer = this.clock.setInterval(() => this.tick(), this.source.intervalMs);
  }

  private stopMarket(): void {
    if (this.marketTimer !== undefined) this.clock.clearInterval(this.marketTimer);
    this.marketTimer = undefined;
  }

  private tick(): void {
    const now = this.clock.now();
    for (const rules of this.engine.symbols()) this.pullBar(rules.symbol, now);
    if (this.isExhausted()) this.stopMarket();
    this.pump();
  }

  private pullBar(symbol: string, now: number): void {
    if (this.exhausted.has(symbol)) return;
    const bar = this.source.next(symbol);
    if (bar === undefined) {
      this.exhausted.add(symbol);
      return;
    }
    for (const listener of [...this.marketListeners]) this.call(listener, bar);
    this.sendReports(this.engine.onBar(bar, now), true);
  }

  // ---- listeners -----------------------------------------------------------

  private checkpoint(always: boolean): void {
    const changes = this.engine.takeChanges();
    if ((changes === undefined && !always) || this.checkpointListeners.size === 0) return;
    const checkpoint: PaperCheckpoint = {
      time: this.clock.now(),
      counters: { ...this.engine.counters(), prngState: this.random.state },
      balances: changes?.balances ?? [],
      holds: changes?.holds ?? [],
      releasedHolds: changes?.releasedHolds ?? [],
      orders: changes?.orders ?? [],
      trades: changes?.trades ?? [],
      lastBars: changes?.lastBars ?? [],
    };
    for (const listener of [...this.checkpointListeners]) this.call(listener, checkpoint);
  }

  private subscribe<T>(set: Set<T>, listener: T): Unsubscribe {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** A listener that throws must not leave the exchange half-way through a step. */
  private call<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
