export { LiveConnector, type ResolveHooks, type AcknowledgeResult } from './live-connector';
export {
  LIVE_DEFAULTS,
  DEFAULT_WEIGHTS,
  OPERATION_LANE,
  LiveVenueConfigSchema,
  type LiveVenueConfig,
  type LiveConnectorOptions,
  type Operation,
} from './options';
export type { LiveConnectorEvent, LiveConnectorStatus } from './events';
export {
  reconcile,
  type LedgerOrderState,
  type ReconciliationDifference,
  type ReconciliationReport,
  type ReconciliationTrigger,
} from './reconcile';
export { ledgerView, type LedgerView } from './ledger-view';
export {
  envCredentials,
  credentialsFrom,
  CredentialError,
  type ApiCredentials,
  type CredentialSource,
  type CredentialNames,
  type CredentialErrorCode,
} from './credentials';
export { redactingLogger, redactText, redactValue, REDACTED } from './redact';
export { silentLogger, consoleLogger, type Logger, type LogLevel, type LogFields } from './logger';
export { RequestScheduler, DEFAULT_SCHEDULER_POLICY, type SchedulerPolicy, type Lane, type SchedulerEvent, type RateLimitSignal } from './request-scheduler';
export { OrderTracker } from './order-tracker';
export { binanceSpotUrls, createCcxtExchange, CcxtClient, type CcxtExchangeOptions } from './ccxt-client';
export { classifyFailure, RateLimitedResponse, RequestRefused, type Failure } from './failures';
export { tradeKey, compareTrades } from './trade-order';
