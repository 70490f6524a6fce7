import type { GroupStatus, OrderStatus, PlanStatus } from './enums';
import { defineStateMachine } from './state-machine';

/**
 * Group lifecycle (seed 001, 2.5) plus two edges the seeds leave open, chosen
 * here: PENDING -> CANCELLED (cancelled before its first order) and
 * PENDING -> FAILED (the first order could not be placed). All four end
 * states are terminal: a late fill updates quantities, never the status.
 */
export const GroupStateMachine = defineStateMachine<GroupStatus>('ExecutionGroup', {
  PENDING: ['ACTIVE', 'CANCELLED', 'FAILED'],
  ACTIVE: ['COMPLETED', 'CANCELLED', 'FAILED', 'PARTIAL'],
  COMPLETED: [],
  CANCELLED: [],
  FAILED: [],
  PARTIAL: [],
});

/**
 * Order lifecycle. PENDING_SUBMIT: intent committed, exchange not yet told.
 * UNKNOWN: we asked and do not know the outcome (timeout, 5xx); it is
 * resolved by looking the client order id up, and only goes back to
 * PENDING_SUBMIT (a resend) when the exchange says no such order exists.
 * PARTIALLY_FILLED and PENDING_CANCEL may repeat (more fills arrive).
 */
export const OrderStateMachine = defineStateMachine<OrderStatus>('Order', {
  PENDING_SUBMIT: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'UNKNOWN', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
  UNKNOWN: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'PENDING_SUBMIT', 'PENDING_CANCEL'],
  OPEN: ['PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
  PENDING_CANCEL: ['PENDING_CANCEL', 'CANCELED', 'FILLED', 'OPEN', 'PARTIALLY_FILLED', 'EXPIRED', 'UNKNOWN'],
  FILLED: [],
  CANCELED: [],
  REJECTED: [],
  EXPIRED: [],
});

/** Orders the ledger still owns on the exchange: a cancel must reach them. */
export const LIVE_ORDER_STATUSES: readonly OrderStatus[] = [
  'PENDING_SUBMIT',
  'UNKNOWN',
  'OPEN',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
];

export const PlanStateMachine = defineStateMachine<PlanStatus>('TradePlan', {
  ACTIVE: ['CLOSED'],
  CLOSED: [],
});
