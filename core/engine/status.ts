import { z } from 'zod';
import { isReconcilingConnector } from '../connectors/types';
import type { ExecutionWorker } from '../execution/worker';
import type { MarketBar } from '../market/types';
import type { DeskSession } from './session';
import type { RecoveryReport } from './recovery';

const RecoveryReportSchema = z
  .object({
    ordersChecked: z.number().int().nonnegative(),
    ordersUpdated: z.number().int().nonnegative(),
    fillsRecovered: z.number().int().nonnegative(),
    ordersNeverSent: z.number().int().nonnegative(),
    unresolved: z.number().int().nonnegative(),
    groupsAwaitingDecision: z.array(z.string()),
    groupsResumed: z.array(z.string()),
  })
  .strict();

/**
 * A symbol's quote from one market bar: decimal strings and the bar's close
 * time (`at`), with its open/high/low and open time so a chart can draw the
 * engine's own candles.
 */
export const MarketQuoteSchema = z
  .object({
    symbol: z.string(),
    bid: z.string(),
    ask: z.string(),
    last: z.string(),
    at: z.number(),
    open: z.string(),
    high: z.string(),
    low: z.string(),
    openTime: z.number(),
  })
  .strict();
export type MarketQuote = z.output<typeof MarketQuoteSchema>;

export function quoteOf(b: MarketBar): MarketQuote {
  return {
    symbol: b.symbol,
    bid: b.bid.toFixed(),
    ask: b.ask.toFixed(),
    last: b.close.toFixed(),
    at: b.openTime + b.intervalMs,
    open: b.open.toFixed(),
    high: b.high.toFixed(),
    low: b.low.toFixed(),
    openTime: b.openTime,
  };
}

/** What the session bar shows; ephemeral (not in the ledger), pushed on change. */
export const EngineStatusSchema = z
  .object({
    mode: z.enum(['none', 'paper', 'live']),
    connectorId: z.string().nullable(),
    connectionState: z.string(),
    /** The desk's clock (simulated time in a paper session), epoch ms. */
    now: z.number(),
    paused: z.boolean(),
    speed: z.number(),
    sessionId: z.string().nullable(),
    fidelityProfile: z.string().nullable(),
    /** Latest quote per symbol. */
    market: z.array(MarketQuoteSchema),
    /** The connector's balances per asset as of the last bar (decimal strings); empty before the first. */
    balances: z.array(z.object({ asset: z.string(), free: z.string(), locked: z.string() }).strict()),
    recovery: RecoveryReportSchema.nullable(),
    /** Whether a new order would be sent now: false without a session, or while a live connector holds orders. */
    acceptingOrders: z.boolean(),
    /** Why not, in the connector's words (reconciliation pending, stream down, ...). */
    refusalReason: z.string().nullable(),
    /** A live reconciliation report waits for the trader (the `reconciliation` command reads it). */
    pendingReconciliation: z.boolean(),
    /** Its id: a newer report replaces it (after a reconnect) and must be read again. */
    reconciliationReportId: z.string().nullable(),
  })
  .strict();

export type EngineStatus = z.output<typeof EngineStatusSchema>;

export type StatusBalance = EngineStatus['balances'][number];

export function buildStatus(
  session: DeskSession | undefined,
  worker: ExecutionWorker | undefined,
  now: number,
  recovery: RecoveryReport | undefined,
  balances: readonly StatusBalance[] = [],
): EngineStatus {
  const market = worker
    ? worker.market.symbols().flatMap((symbol) => {
        const b = worker.market.lastBar(symbol);
        return b ? [quoteOf(b)] : [];
      })
    : [];
  return {
    mode: session?.kind ?? 'none',
    connectorId: session?.connector.id ?? null,
    connectionState: session?.connector.connectionState() ?? 'DISCONNECTED',
    now,
    paused: session?.kind === 'paper' ? session.clock.paused : false,
    speed: session?.kind === 'paper' ? session.clock.speed : 1,
    sessionId: session?.kind === 'paper' ? session.paper.info().id : null,
    fidelityProfile: session?.kind === 'paper' ? session.paper.fidelityProfile.name : null,
    market,
    balances: session ? [...balances] : [],
    recovery: recovery ? { ...recovery, groupsAwaitingDecision: [...recovery.groupsAwaitingDecision], groupsResumed: [...recovery.groupsResumed] } : null,
    ...orderGate(session),
  };
}

type OrderGate = Pick<EngineStatus, 'acceptingOrders' | 'refusalReason' | 'pendingReconciliation' | 'reconciliationReportId'>;

/** What the session's connector says about new orders; a paper session always takes them. */
export function orderGate(session: DeskSession | undefined): OrderGate {
  if (!session) return { acceptingOrders: false, refusalReason: 'no session is running', pendingReconciliation: false, reconciliationReportId: null };
  const { connector } = session;
  if (!isReconcilingConnector(connector)) return { acceptingOrders: true, refusalReason: null, pendingReconciliation: false, reconciliationReportId: null };
  const status = connector.status();
  const pending = connector.pendingReconciliation();
  return {
    acceptingOrders: status.acceptingOrders,
    refusalReason: status.acceptingOrders ? null : (status.refusal ?? 'the connector refuses new orders'),
    pendingReconciliation: pending !== undefined,
    reconciliationReportId: pending?.id ?? null,
  };
}
