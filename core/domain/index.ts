export { Decimal, decimalField, positiveDecimal, nonNegativeDecimal, unitIntervalDecimal, toDecimalString, MAX_DIGITS, MAX_DECIMAL_PLACES } from './decimal';
export { utcTimestamp } from './time';
export { ID_PREFIXES, idPattern, idSchema, generateId, type IdKind, type IdPrefix } from './ids';
export {
  ExecutionStrategyType,
  GroupStatus,
  ExecutionAction,
  BatchExecutionMode,
  DirectiveScope,
  PlanDirection,
  PlanStatus,
  OrderSide,
  OrderStatus,
  OrderType,
  OrderRole,
  EntryOrderType,
  ChunkDistribution,
  Liquidity,
} from './enums';
export { DomainError, ValidationError, IllegalTransitionError, ImmutableFieldError, type DomainErrorCode, type ValidationIssue } from './errors';
export { CausalityChainSchema, type CausalityChain } from './causality';
export { TradePlanSchema, type TradePlan } from './trade-plan';
export {
  ExecutionGroupSchema,
  ExecutionGroupShape,
  QUANTITY_DRIVEN_STRATEGIES,
  groupRuleViolations,
  type ExecutionGroup,
  type ExecutionGroupWire,
} from './execution-group';
export { OrderSchema, type Order, type OrderWire } from './order';
export { FillSchema, type Fill, type FillWire } from './fill';
export { ExecutionPlanSchema, type ExecutionPlan, type ExecutionPlanWire } from './execution-plan';
export { EntryPlanSchema, type EntryPlan } from './entry-plan';
export { SizePlanSchema, type SizePlan } from './size-plan';
export { ExitPlanSchema, type ExitPlan } from './exit-plan';
export {
  ExecutionDirectiveSchema,
  ExecutionCommandSchema,
  type ExecutionDirective,
  type ExecutionDirectiveWire,
  type ExecutionCommand,
  type ExecutionCommandWire,
} from './execution-directive';
export {
  StrategyDirectiveSchema,
  ExecutionPolicySchema,
  EntryDirectiveSchema,
  SizeDirectiveSchema,
  ExitDirectiveSchema,
  RoutingDirectiveSchema,
  type StrategyDirective,
  type ExecutionPolicy,
} from './strategy-directive';
export { ExecutionCommandBatchSchema, createBatch, type ExecutionCommandBatch } from './execution-batch';
export { defineStateMachine, type StateMachine } from './state-machine';
export { GroupStateMachine, OrderStateMachine, PlanStateMachine, LIVE_ORDER_STATUSES } from './transitions';
export { fillRatio, remainingQuantity } from './metrics';
export { patchGroup, type GroupPatch } from './group-mutation';
export { parseWire, decodeWire, toWire, type Parsed } from './parse';
