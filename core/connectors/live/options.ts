import { z } from 'zod';
import type { Clock } from '../../clock/clock';
import type { CredentialSource } from './credentials';
import type { LedgerView } from './ledger-view';
import type { Logger } from './logger';
import type { Lane, SchedulerPolicy } from './request-scheduler';

/** Every exchange call, with its lane and request weight (Binance spot's documented weights). */
export type Operation = 'place' | 'cancel' | 'lookup' | 'openOrders' | 'orders' | 'trades' | 'balances' | 'markets' | 'time';

export const OPERATION_LANE: Readonly<Record<Operation, Lane>> = {
  place: 'place',
  cancel: 'cancel',
  lookup: 'resolve',
  time: 'resolve',
  openOrders: 'query',
  orders: 'query',
  trades: 'query',
  balances: 'query',
  markets: 'query',
};

export const DEFAULT_WEIGHTS: Readonly<Record<Operation, number>> = {
  place: 1,
  cancel: 1,
  lookup: 4,
  openOrders: 6,
  orders: 20,
  trades: 20,
  balances: 20,
  markets: 20,
  time: 1,
};

export interface LiveConnectorOptions {
  /** Connector id (default `live:<exchangeId>`). */
  readonly id?: string;
  /** A ccxt.pro exchange id; Binance spot is the one tested. */
  readonly exchangeId: string;
  readonly credentials: CredentialSource;
  readonly clock: Clock;
  /** ccxt unified symbols this desk trades ('BTC/USDT'): open orders and trades are read per symbol. */
  readonly symbols: readonly string[];
  /**
   * What reconciliation compares with. A function is read at each
   * reconciliation, for hosts whose ledger opens after the connector starts
   * (the engine opens its own): until it gives a view, reconciliation fails
   * and new orders are refused; call reconcileNow() once the ledger is there.
   */
  readonly ledger?: LedgerView | (() => LedgerView | undefined);
  /** Redacted before it sees anything. Default: silent. */
  readonly logger?: Logger;
  /** Replaces keys of ccxt's `urls.api` (tests: binanceSpotUrls(fake.restUrl, fake.wsApiUrl)). */
  readonly urls?: Readonly<Record<string, unknown>>;
  readonly ccxtOptions?: Readonly<Record<string, unknown>>;
  readonly recvWindowMs?: number;
  readonly requestTimeoutMs?: number;
  /** Measure the exchange clock before the first signed request (default true). A -1021 always re-measures. */
  readonly syncTimeAtStart?: boolean;
  readonly scheduler?: Partial<SchedulerPolicy>;
  readonly weights?: Partial<Record<Operation, number>>;
  /** Waits before each lookup of an order whose placement outcome is unknown (default 1 s, 2 s, 4 s, 8 s). */
  readonly unknownLookupDelaysMs?: readonly number[];
  /** Waits before each resubscription attempt; the last repeats (default 0, 1 s, 2 s, 5 s, 10 s, 30 s). */
  readonly reconnectDelaysMs?: readonly number[];
  /** Times a cancel is sent when its outcome stays unknown (default 3). */
  readonly maxCancelAttempts?: number;
  /** At start, trades are read back this far (default 24 h) or to the oldest live ledger order. */
  readonly reconcileLookbackMs?: number;
  /** Slack for clock differences when reading trades back (default 60 s). */
  readonly lookbackMarginMs?: number;
  /** A report or event listener threw (default: logged). */
  readonly onListenerError?: (error: unknown) => void;
}

export const LIVE_DEFAULTS = {
  unknownLookupDelaysMs: [1000, 2000, 4000, 8000],
  reconnectDelaysMs: [0, 1000, 2000, 5000, 10_000, 30_000],
  maxCancelAttempts: 3,
  reconcileLookbackMs: 24 * 60 * 60 * 1000,
  lookbackMarginMs: 60_000,
} as const;

/**
 * A live venue as a host's config file or environment describes it, parsed
 * from unknown. Credentials are never part of it.
 */
export const LiveVenueConfigSchema = z
  .object({
    exchangeId: z.string().regex(/^[a-z0-9]+$/, { message: 'exchangeId must be a ccxt exchange id such as binance' }),
    symbols: z.array(z.string().regex(/^[A-Z0-9]+\/[A-Z0-9]+$/, { message: 'symbols are ccxt unified symbols such as BTC/USDT' })).min(1),
    restUrl: z.url().optional(),
    wsApiUrl: z.url().optional(),
    recvWindowMs: z.number().int().min(1).max(60_000).optional(),
  })
  .strict();
export type LiveVenueConfig = z.infer<typeof LiveVenueConfigSchema>;
