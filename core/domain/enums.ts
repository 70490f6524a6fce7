import { z } from 'zod';

/** Seed 000 v1.1: DCA removed (a planning concept, not an execution algorithm). */
export const ExecutionStrategyType = z.enum(['SINGLE', 'TWAP', 'VWAP', 'ICEBERG', 'LAYERED', 'POV']);
export type ExecutionStrategyType = z.infer<typeof ExecutionStrategyType>;

export const GroupStatus = z.enum(['PENDING', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'FAILED', 'PARTIAL']);
export type GroupStatus = z.infer<typeof GroupStatus>;

/** Every action the seeds name (002 lists four; 004 adds MODIFY_ORDERS and CANCEL_ALL_IN_PLAN). */
export const ExecutionAction = z.enum([
  'EXECUTE_TRADE',
  'CANCEL_ORDER',
  'MODIFY_ORDER',
  'MODIFY_ORDERS',
  'CANCEL_GROUP',
  'CANCEL_ALL_IN_PLAN',
]);
export type ExecutionAction = z.infer<typeof ExecutionAction>;

export const BatchExecutionMode = z.enum(['INDEPENDENT', 'COORDINATED', 'SEQUENTIAL']);
export type BatchExecutionMode = z.infer<typeof BatchExecutionMode>;

export const DirectiveScope = z.enum(['NEW_TRADE', 'MODIFY_EXISTING', 'CLOSE_EXISTING']);
export type DirectiveScope = z.infer<typeof DirectiveScope>;

export const PlanDirection = z.enum(['BUY', 'SELL']);
export type PlanDirection = z.infer<typeof PlanDirection>;

export const PlanStatus = z.enum(['ACTIVE', 'CLOSED']);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const OrderSide = z.enum(['BUY', 'SELL']);
export type OrderSide = z.infer<typeof OrderSide>;

/** Seeds: OPEN / FILLED / CANCELED / REJECTED, plus what a real exchange needs. */
export const OrderStatus = z.enum([
  'PENDING_SUBMIT',
  'OPEN',
  'PARTIALLY_FILLED',
  'FILLED',
  'PENDING_CANCEL',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
  'UNKNOWN',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderType = z.enum(['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT']);
export type OrderType = z.infer<typeof OrderType>;

/** What an order is for within its plan: protection orders are placed by the worker (seed 004, 6.5). */
export const OrderRole = z.enum(['ENTRY', 'STOP_LOSS', 'TAKE_PROFIT', 'CLOSE']);
export type OrderRole = z.infer<typeof OrderRole>;

/** EntryPlan order types (a trader's entry: STOP is a stop-market entry). */
export const EntryOrderType = z.enum(['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT']);
export type EntryOrderType = z.infer<typeof EntryOrderType>;

export const ChunkDistribution = z.enum(['UNIFORM', 'WEIGHTED']);
export type ChunkDistribution = z.infer<typeof ChunkDistribution>;

export const Liquidity = z.enum(['MAKER', 'TAKER']);
export type Liquidity = z.infer<typeof Liquidity>;
