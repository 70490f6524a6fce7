import type { ConnectionState } from '../types';
import type { ReconciliationReport, ReconciliationTrigger } from './reconcile';
import type { Lane } from './request-scheduler';

/**
 * What the connector is doing, for the trader's screen and for tests:
 * every wait on the clock says until when (`until`), so a test clock can be
 * moved exactly there instead of sleeping.
 */
export type LiveConnectorEvent =
  | { readonly kind: 'WAITING'; readonly reason: 'UNKNOWN_LOOKUP' | 'RECONNECT'; readonly until: number }
  | { readonly kind: 'PAUSED'; readonly reason: 'RATE_LIMITED' | 'BANNED'; readonly status: 429 | 418; readonly until: number }
  | { readonly kind: 'RESUMED'; readonly at: number }
  | { readonly kind: 'HELD_FOR_BUDGET'; readonly lane: Lane; readonly until: number }
  | { readonly kind: 'TIME_SYNCED'; readonly offsetMs: number }
  | { readonly kind: 'ORDER_UNKNOWN'; readonly clientOrderId: string; readonly message: string }
  | { readonly kind: 'ORDER_RESOLVED'; readonly clientOrderId: string; readonly outcome: 'FOUND' | 'NOT_FOUND' | 'STILL_UNKNOWN' }
  | { readonly kind: 'ORDER_RESENT'; readonly clientOrderId: string }
  | { readonly kind: 'STREAM_DROPPED'; readonly message: string }
  | { readonly kind: 'STREAM_SUBSCRIBED'; readonly reconnect: boolean }
  | { readonly kind: 'BACKFILLED'; readonly trigger: ReconciliationTrigger; readonly orders: number; readonly trades: number }
  | { readonly kind: 'RECONCILIATION_REQUIRED'; readonly report: ReconciliationReport }
  | { readonly kind: 'RECONCILED'; readonly report: ReconciliationReport }
  | { readonly kind: 'RECONCILIATION_ACKNOWLEDGED'; readonly reportId: string }
  | { readonly kind: 'RECONCILIATION_FAILED'; readonly trigger: ReconciliationTrigger; readonly message: string };

/** The connector's state as a screen shows it. */
export interface LiveConnectorStatus {
  readonly connection: ConnectionState;
  readonly acceptingOrders: boolean;
  /** Why place() refuses, when it does. */
  readonly refusal?: string;
  readonly pause?: { readonly until: number };
  /** Exchange clock minus ours, as last measured. */
  readonly timeOffsetMs: number;
  readonly pendingReconciliation?: ReconciliationReport;
}
