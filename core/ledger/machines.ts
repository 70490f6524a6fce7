import { defineStateMachine } from '../domain';
import type { AlgoStatus, CancelIntentStatus } from './views';

/**
 * Ledger-only lifecycles, as explicit transition tables like the domain's.
 * A cancel intent is retried from REQUESTED (resent), UNKNOWN or FAILED;
 * a failed cancel can still be confirmed when the exchange reports the order gone;
 * CONFIRMED is final.
 */
export const CancelIntentStateMachine = defineStateMachine<CancelIntentStatus>('CancelIntent', {
  REQUESTED: ['REQUESTED', 'CONFIRMED', 'FAILED', 'UNKNOWN'],
  UNKNOWN: ['REQUESTED', 'CONFIRMED', 'FAILED'],
  FAILED: ['REQUESTED', 'CONFIRMED'],
  CONFIRMED: [],
});

/** An algorithm runs, may be halted or wait for the trader, and ends DONE. */
export const AlgoStateMachine = defineStateMachine<AlgoStatus>('AlgoState', {
  RUNNING: ['HALTED', 'AWAITING_DECISION', 'DONE'],
  HALTED: ['RUNNING', 'AWAITING_DECISION', 'DONE'],
  AWAITING_DECISION: ['RUNNING', 'HALTED', 'DONE'],
  DONE: [],
});
