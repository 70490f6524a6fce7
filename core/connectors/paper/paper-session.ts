import type { Decimal } from '../../domain/decimal';
import { generateId, ID_PREFIXES } from '../../domain/ids';
import type { Clock } from '../../clock/clock';
import { fromDescriptor } from '../../market/from-descriptor';
import type { MarketSource, MarketSourceDescriptor } from '../../market/types';
import type { SymbolRules } from '../types';
import { PaperError } from './errors';
import type { FidelityProfile, FidelityProfileName } from './fidelity';
import { PaperExchange } from './paper-exchange';
import type { PaperSessionInfo, PaperSessionStatus, PaperSessionStore } from './session-store';

/** What a clock may offer beyond Clock: the AcceleratedClock has all three. */
interface ClockControls {
  readonly speed?: number;
  setSpeed?(speed: number): void;
  pause?(): void;
  resume?(): void;
}

function controlsOf(clock: Clock): ClockControls {
  const c = clock as Clock & ClockControls;
  return {
    ...(typeof c.speed === 'number' ? { speed: c.speed } : {}),
    ...(typeof c.setSpeed === 'function' ? { setSpeed: (s: number) => c.setSpeed?.(s) } : {}),
    ...(typeof c.pause === 'function' ? { pause: () => c.pause?.() } : {}),
    ...(typeof c.resume === 'function' ? { resume: () => c.resume?.() } : {}),
  };
}

function checkSpeed(speed: number): number {
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed <= 0) {
    throw new PaperError('INVALID_CONFIG', `clock speed must be a positive number, got ${String(speed)}`);
  }
  return speed;
}

export interface PaperSessionStartOptions {
  readonly store: PaperSessionStore;
  readonly clock: Clock;
  readonly source: MarketSource;
  readonly symbols: readonly SymbolRules[];
  /** Starting balances per asset, all free. */
  readonly balances: Readonly<Record<string, Decimal>>;
  /** Default: a new PSS_ id at the clock's time. */
  readonly id?: string;
  /** Built-in name or custom profile (default 'realistic'). */
  readonly fidelity?: FidelityProfileName | FidelityProfile;
  readonly seed?: number;
  /** Simulated ms per real ms, applied to the clock when it can change speed (default: the clock's own speed, else 1). */
  readonly speed?: number;
  /** Connector id of the session's exchange (default: the session id). */
  readonly connectorId?: string;
}

export interface PaperSessionRestoreOptions {
  readonly clock: Clock;
  /** Recreates the market source from its stored descriptor, positioned where it was (default: the market module's fromDescriptor). */
  readonly sourceFactory?: (descriptor: MarketSourceDescriptor) => MarketSource;
  readonly connectorId?: string;
}

/**
 * A paper-trading session: a simulated exchange with its balances, symbols
 * and market source, persisted as it goes. Every change the exchange makes
 * is checkpointed to the store in one transaction, so after a restart
 * restore() continues with the same balances and resting orders.
 */
export class PaperSession {
  readonly id: string;
  readonly exchange: PaperExchange;
  private readonly store: PaperSessionStore;
  private readonly clock: Clock;
  private readonly source: MarketSource;
  private readonly seed: number;
  private readonly createdAt: number;
  private currentStatus: PaperSessionStatus;
  private currentSpeed: number;
  private detached = false;

  private constructor(args: {
    id: string;
    exchange: PaperExchange;
    store: PaperSessionStore;
    clock: Clock;
    source: MarketSource;
    seed: number;
    createdAt: number;
    status: PaperSessionStatus;
    speed: number;
  }) {
    this.id = args.id;
    this.exchange = args.exchange;
    this.store = args.store;
    this.clock = args.clock;
    this.source = args.source;
    this.seed = args.seed;
    this.createdAt = args.createdAt;
    this.currentStatus = args.status;
    this.currentSpeed = args.speed;
    this.exchange.onCheckpoint((checkpoint) => this.store.checkpoint(this.id, checkpoint, this.source.describe()));
  }

  /** Start a new session, RUNNING, and record it. */
  static start(options: PaperSessionStartOptions): PaperSession {
    const controls = controlsOf(options.clock);
    const speed = checkSpeed(options.speed ?? controls.speed ?? 1);
    if (options.speed !== undefined) controls.setSpeed?.(speed);
    const now = options.clock.now();
    const id = options.id ?? generateId(ID_PREFIXES.paperSession, now);
    const seed = options.seed ?? 1;
    const exchange = new PaperExchange({
      id: options.connectorId ?? id,
      clock: options.clock,
      source: options.source,
      symbols: options.symbols,
      balances: options.balances,
      ...(options.fidelity !== undefined ? { fidelity: options.fidelity } : {}),
      seed,
    });
    const session = new PaperSession({
      id,
      exchange,
      store: options.store,
      clock: options.clock,
      source: options.source,
      seed,
      createdAt: now,
      status: 'RUNNING',
      speed,
    });
    try {
      options.store.create(session.info(), exchange.exportState());
    } catch (error) {
      session.detached = true;
      void exchange.close();
      throw error;
    }
    return session;
  }

  /** Continue a stored session where its last checkpoint left it (PAUSED stays paused). */
  static restore(store: PaperSessionStore, sessionId: string, options: PaperSessionRestoreOptions): PaperSession {
    const snapshot = store.load(sessionId);
    if (snapshot === undefined) throw new PaperError('SESSION_NOT_FOUND', `no paper session ${sessionId}`);
    const { info, state } = snapshot;
    if (info.status === 'STOPPED') throw new PaperError('SESSION_STOPPED', `paper session ${sessionId} was stopped`);
    const source = (options.sourceFactory ?? fromDescriptor)(info.source);
    const controls = controlsOf(options.clock);
    controls.setSpeed?.(info.clockSpeed);
    const paused = info.status === 'PAUSED';
    if (paused) controls.pause?.();
    const exchange = PaperExchange.restore(state, {
      id: options.connectorId ?? info.id,
      clock: options.clock,
      source,
      paused,
    });
    return new PaperSession({
      id: info.id,
      exchange,
      store,
      clock: options.clock,
      source,
      seed: info.seed,
      createdAt: info.createdAt,
      status: info.status,
      speed: info.clockSpeed,
    });
  }

  get status(): PaperSessionStatus {
    return this.currentStatus;
  }

  get speed(): number {
    return this.currentSpeed;
  }

  get fidelityProfile(): FidelityProfile {
    return this.exchange.fidelity;
  }

  info(): PaperSessionInfo {
    return {
      id: this.id,
      fidelity: this.exchange.fidelity,
      seed: this.seed,
      symbols: this.exchange.capabilities().symbols,
      source: this.source.describe(),
      clockSpeed: this.currentSpeed,
      status: this.currentStatus,
      createdAt: this.createdAt,
      updatedAt: this.clock.now(),
    };
  }

  /** Freeze the market (and the clock, when it can pause): no bars, no fills, until resume(). */
  pause(): void {
    this.ensureLive();
    if (this.currentStatus === 'PAUSED') return;
    this.exchange.pause();
    controlsOf(this.clock).pause?.();
    this.setStatus('PAUSED');
  }

  resume(): void {
    this.ensureLive();
    if (this.currentStatus === 'RUNNING') return;
    controlsOf(this.clock).resume?.();
    this.exchange.resume();
    this.setStatus('RUNNING');
  }

  /** Change the clock speed (the clock may refuse a speed it does not support; then nothing changes). */
  setSpeed(speed: number): void {
    this.ensureLive();
    checkSpeed(speed);
    controlsOf(this.clock).setSpeed?.(speed);
    this.currentSpeed = speed;
    this.setStatus(this.currentStatus);
  }

  /** End the session: every resting order is cancelled (and reported), the exchange closes, the session is STOPPED for good. */
  async stop(): Promise<void> {
    this.ensureLive();
    this.exchange.cancelAllOpen();
    await this.exchange.close();
    this.setStatus('STOPPED');
    this.detached = true;
  }

  /** Close without stopping (the process is going down): the state is saved and restore() continues it. */
  async close(): Promise<void> {
    if (this.detached) return;
    await this.exchange.close();
    this.detached = true;
  }

  private setStatus(status: PaperSessionStatus): void {
    this.currentStatus = status;
    this.store.setStatus(this.id, status, this.currentSpeed, this.clock.now());
  }

  private ensureLive(): void {
    if (this.detached) {
      throw new PaperError(this.currentStatus === 'STOPPED' ? 'SESSION_STOPPED' : 'SESSION_CLOSED', `paper session ${this.id} is closed`);
    }
  }
}
