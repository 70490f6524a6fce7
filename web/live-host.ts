import { RealClock } from '../core/clock';
import {
  binanceSpotUrls,
  ledgerView,
  LiveConnector,
  type CredentialSource,
  type LiveConnectorOptions,
  type LiveVenueConfig,
  type Logger,
} from '../core/connectors/live';
import { createEngine, type Engine, type EngineOptions } from '../core/engine';

/**
 * A live desk as both hosts ask for it: web mode with keys from the
 * environment, the desktop app with keys from safeStorage. Only the
 * credential source differs.
 */
export interface LiveHostOptions {
  readonly venue: LiveVenueConfig;
  /** Read once when the connector starts; its values never reach a log, an error or SQLite. */
  readonly credentials: CredentialSource;
  /** The connector's log (redacted by the connector before it sees anything). Default: silent. */
  readonly logger?: Logger;
  /** Connector settings the venue does not carry (tests shorten waits). */
  readonly tuning?: Partial<
    Pick<LiveConnectorOptions, 'requestTimeoutMs' | 'reconnectDelaysMs' | 'unknownLookupDelaysMs' | 'reconcileLookbackMs' | 'scheduler' | 'onListenerError'>
  >;
}

/** The connector could not start (keys missing or refused, exchange unreachable): the desk does not open. */
export class LiveStartError extends Error {
  override readonly name = 'LiveStartError';
}

/**
 * Start the live connector, open the engine over it, then reconcile: the
 * connector starts before the engine opens its ledger, so its own first
 * reconciliation has nothing to compare with; the one after createEngine is
 * the one that counts. Its differences hold new orders until acknowledged.
 */
export async function createLiveEngine(live: LiveHostOptions, options: EngineOptions): Promise<Engine> {
  const { venue } = live;
  if ((venue.restUrl === undefined) !== (venue.wsApiUrl === undefined)) throw new LiveStartError('live venue: restUrl and wsApiUrl go together');
  const clock = options.clock ?? new RealClock();
  let engine: Engine | undefined;
  const connector = new LiveConnector({
    exchangeId: venue.exchangeId,
    credentials: live.credentials,
    clock,
    symbols: venue.symbols,
    ledger: () => (engine ? ledgerView(engine.ledger) : undefined),
    ...(live.logger ? { logger: live.logger } : {}),
    ...(venue.restUrl !== undefined && venue.wsApiUrl !== undefined ? { urls: binanceSpotUrls(venue.restUrl, venue.wsApiUrl) } : {}),
    ...(venue.recvWindowMs !== undefined ? { recvWindowMs: venue.recvWindowMs } : {}),
    ...live.tuning,
  });
  const started = await connector.start();
  // UNKNOWN here is the expected "no ledger to reconcile with yet"; REJECTED is a start that failed.
  if (!started.ok && started.outcome === 'REJECTED') {
    await connector.close();
    throw new LiveStartError(`live ${venue.exchangeId}: ${started.message}`);
  }
  try {
    engine = await createEngine({ ...options, clock, connector });
  } catch (e) {
    await connector.close();
    throw e;
  }
  // A failure is not fatal: the desk opens, holds new orders, and says why in its status.
  await connector.reconcileNow('START');
  return engine;
}

/** Connector log lines for a console: `ledgerdesk live [warn] message {"fields":...}`. */
export function lineLogger(write: (line: string) => void): Logger {
  return {
    log: (level, message, fields) => write(`ledgerdesk live [${level}] ${message}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}`),
  };
}
