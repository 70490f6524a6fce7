export { openLedger, Ledger, type OpenLedgerOptions, type RegisteredOrderView, type ContainersView } from './ledger';
export { LedgerError, RefusedTransitionError, refusalOf, type LedgerErrorCode, type EntityRefs } from './errors';
export { LedgerEventSchema, LEDGER_EVENT_TYPES, type LedgerEvent, type LedgerEventWire, type LedgerEventType } from './events';
export type { LedgerListener } from './outbox';
export { eventText } from './outbox';
export type { TimeSource } from './context';
export type { Synchronous } from './open';
export { SCHEMA_VERSION, MIGRATIONS } from './migrations';
export * from './views';
export { LedgerSnapshotSchema, SnapshotOptionsSchema, type LedgerSnapshot, type LedgerSnapshotWire, type SnapshotOptions } from './snapshot';
export {
  OrdersPageQuerySchema,
  FillsPageQuerySchema,
  OrdersPageSchema,
  FillsPageSchema,
  type OrdersPageWire,
  type FillsPageWire,
} from './pages';
export { CancelCountsSchema, CancelSummarySchema, type CancelCountsWire, type CancelSummaryWire } from './cancel-summary';
export type { InvariantReport, InvariantViolation } from './invariants';
export type { RecordFillResult } from './fills';
export { RecordFillInputSchema } from './fill-input';
export { RegisterOrderInputSchema, UpdateOrderInputSchema, OrderSpecSchema } from './orders';
export { EnsureGroupInputSchema, GroupSpecSchema, SetGroupStatusInputSchema } from './groups';
export { PlanSpecSchema, HaltPlanInputSchema, SetProtectionInputSchema } from './plans';
export { RequestCancelInputSchema } from './cancels';
export type { CancelRequested, OrderSettled } from './bulk-orders';
export { PutAlgoStateInputSchema, SetAlgoStatusInputSchema } from './algo-state';
export { AnomalyInputSchema, LEDGER_ANOMALY_KINDS } from './anomalies';
export { CancelIntentStateMachine, AlgoStateMachine } from './machines';
export type { EntityRef } from './queries';
