import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CausalityChainSchema,
  EntryPlanSchema,
  ExecutionCommandBatchSchema,
  ExecutionCommandSchema,
  ExecutionDirectiveSchema,
  ExecutionGroupSchema,
  ExecutionPlanSchema,
  ExecutionPolicySchema,
  ExitPlanSchema,
  FillSchema,
  OrderSchema,
  SizePlanSchema,
  StrategyDirectiveSchema,
  TradePlanSchema,
} from '../../../core/domain';
import { issuesFor, withField } from './support/helpers';
import * as valid from './support/valid';

/**
 * One named case per validation rule: a valid object with exactly one thing
 * broken, and the one issue (path + message) that rule must report. Messages
 * are the seeds' wording where the seeds give one.
 */
interface RuleCase {
  readonly rule: string;
  readonly schema: z.ZodType;
  readonly input: unknown;
  readonly path: string;
  readonly message: string;
}

const set = (base: () => unknown, changes: Record<string, unknown>): unknown =>
  Object.entries(changes).reduce<unknown>((acc, [path, value]) => withField(acc, path, value), base());

const enumMessage = (values: readonly string[]) => `Invalid option: expected one of ${values.map((v) => `"${v}"`).join('|')}`;
const STRATEGIES = ['SINGLE', 'TWAP', 'VWAP', 'ICEBERG', 'LAYERED', 'POV'];
const idMessage = (field: string, prefix: string) => `${field} must match pattern ${prefix}_YYYYMMDD_HHMMSS_xxxxx`;

const group = (changes: Record<string, unknown>) => set(valid.group, changes);
const G = ExecutionGroupSchema;

const groupCases: RuleCase[] = [
  // Field rules (seed 000 section 3, seed 001 section 3.1, issue id format)
  { rule: 'group_id: suffix shorter than 5', schema: G, input: group({ group_id: 'EXG_20251201_143022_a8f3' }), path: 'group_id', message: idMessage('group_id', 'EXG') },
  { rule: 'group_id: suffix longer than 8', schema: G, input: group({ group_id: 'EXG_20251201_143022_a8f3c0123' }), path: 'group_id', message: idMessage('group_id', 'EXG') },
  { rule: 'group_id: upper-case suffix', schema: G, input: group({ group_id: 'EXG_20251201_143022_A8F3C' }), path: 'group_id', message: idMessage('group_id', 'EXG') },
  { rule: 'group_id: wrong prefix', schema: G, input: group({ group_id: 'GRP_20251201_143022_a8f3c' }), path: 'group_id', message: idMessage('group_id', 'EXG') },
  { rule: 'group_id: date part not 8 digits', schema: G, input: group({ group_id: 'EXG_2025121_143022_a8f3c' }), path: 'group_id', message: idMessage('group_id', 'EXG') },
  { rule: 'parent_plan_id: must be a TPL_ id (not the old EXE_/EXC_ parent)', schema: G, input: group({ parent_plan_id: 'EXC_20251201_143020_b7c4d' }), path: 'parent_plan_id', message: idMessage('parent_plan_id', 'TPL') },
  { rule: 'order_ids: ORD_ ids only (no connector ids)', schema: G, input: group({ order_ids: ['binance_123'] }), path: 'order_ids.0', message: 'order_ids must contain ORD_ ids' },
  { rule: 'order_ids: ORD_ suffix of at least 5 chars', schema: G, input: group({ order_ids: ['ORD_20251201_143025_001'] }), path: 'order_ids.0', message: 'order_ids must contain ORD_ ids' },
  { rule: 'order_ids: unique values', schema: G, input: group({ order_ids: ['ORD_20251201_143025_a0001', 'ORD_20251201_143025_a0001'] }), path: 'order_ids', message: 'order_ids must contain unique values' },
  { rule: 'target_quantity > 0 (zero)', schema: G, input: group({ target_quantity: '0', filled_quantity: '0' }), path: 'target_quantity', message: 'target_quantity must be positive' },
  { rule: 'target_quantity > 0 (negative)', schema: G, input: group({ target_quantity: '-1', filled_quantity: null }), path: 'target_quantity', message: 'target_quantity must be positive' },
  { rule: 'filled_quantity >= 0', schema: G, input: group({ filled_quantity: '-0.1' }), path: 'filled_quantity', message: 'filled_quantity cannot be negative' },
  { rule: 'decimal precision: at most 8 decimal places', schema: G, input: group({ target_quantity: '1.123456789' }), path: 'target_quantity', message: 'must have at most 8 decimal places' },
  { rule: 'decimal precision: at most 20 digits (13 + 8)', schema: G, input: group({ target_quantity: '1234567890123.12345678' }), path: 'target_quantity', message: 'must have at most 20 digits' },
  { rule: 'decimal precision: at most 20 digits (21 integer digits)', schema: G, input: group({ target_quantity: '123456789012345678901' }), path: 'target_quantity', message: 'must have at most 20 digits' },
  { rule: 'decimal: text must be a number', schema: G, input: group({ target_quantity: '1,5' }), path: 'target_quantity', message: "'1,5' is not a decimal number" },
  { rule: 'decimal: NaN refused', schema: G, input: group({ target_quantity: 'NaN' }), path: 'target_quantity', message: "'NaN' is not a decimal number" },
  { rule: 'decimal: wrong JSON type', schema: G, input: group({ target_quantity: true }), path: 'target_quantity', message: 'Invalid input: expected a decimal string, received boolean' },
  { rule: 'timestamp: UTC only', schema: G, input: group({ updated_at: '2025-12-01T15:36:30+01:00' }), path: 'updated_at', message: 'must be an ISO-8601 UTC timestamp (e.g. 2025-12-01T14:30:22Z)' },
  { rule: 'timestamp: a zone is required', schema: G, input: group({ updated_at: '2025-12-01T14:36:30' }), path: 'updated_at', message: 'must be an ISO-8601 UTC timestamp (e.g. 2025-12-01T14:30:22Z)' },
  { rule: 'timestamp: a real calendar date (no Feb 30)', schema: G, input: group({ updated_at: '2025-02-30T14:36:30Z', created_at: '2025-02-01T00:00:00Z' }), path: 'updated_at', message: 'is not a real date' },
  { rule: 'timestamp: a real time of day (no 24:00)', schema: G, input: group({ updated_at: '2025-12-01T24:00:00Z' }), path: 'updated_at', message: 'is not a real date' },
  { rule: 'execution_strategy: DCA removed (seed 000 v1.1)', schema: G, input: group({ execution_strategy: 'DCA' }), path: 'execution_strategy', message: enumMessage(STRATEGIES) },
  { rule: 'status: one of the six GroupStatus values', schema: G, input: group({ status: 'OPEN' }), path: 'status', message: enumMessage(['PENDING', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'FAILED', 'PARTIAL']) },
  { rule: 'metadata removed (seed 000 v1.1)', schema: G, input: group({ metadata: { chunk_size: 10 } }), path: '', message: 'Unrecognized key: "metadata"' },
  // Cross-field rules (seed 001 section 3.2)
  { rule: 'filled_quantity <= target_quantity', schema: G, input: group({ filled_quantity: '1.00000001' }), path: 'filled_quantity', message: 'filled_quantity cannot exceed target_quantity' },
  { rule: 'never both cancelled_at and completed_at', schema: G, input: group({ status: 'CANCELLED', cancelled_at: '2025-12-01T14:40:00Z', completed_at: '2025-12-01T14:40:00Z' }), path: 'cancelled_at', message: 'Group cannot be both cancelled and completed' },
  { rule: 'CANCELLED needs cancelled_at', schema: G, input: group({ status: 'CANCELLED' }), path: 'cancelled_at', message: 'CANCELLED status requires cancelled_at timestamp' },
  { rule: 'COMPLETED needs completed_at', schema: G, input: group({ status: 'COMPLETED' }), path: 'completed_at', message: 'COMPLETED status requires completed_at timestamp' },
  { rule: 'created_at <= updated_at', schema: G, input: group({ updated_at: '2025-12-01T14:30:21Z' }), path: 'updated_at', message: 'updated_at cannot be before created_at' },
  // Strategy rules (seed 001 section 3.3, DCA removed, VWAP/POV added)
  { rule: 'SINGLE: at most one order', schema: G, input: group({ execution_strategy: 'SINGLE' }), path: 'order_ids', message: 'SINGLE strategy must have at most 1 order' },
  { rule: 'SINGLE: exactly one order once ACTIVE', schema: G, input: group({ execution_strategy: 'SINGLE', order_ids: [] }), path: 'order_ids', message: 'SINGLE strategy must have exactly 1 order once active' },
  { rule: 'SINGLE: exactly one order when COMPLETED', schema: G, input: group({ execution_strategy: 'SINGLE', order_ids: [], status: 'COMPLETED', filled_quantity: '1.0', completed_at: '2025-12-01T14:36:30Z' }), path: 'order_ids', message: 'SINGLE strategy must have exactly 1 order once active' },
  { rule: 'SINGLE: exactly one order when PARTIAL', schema: G, input: group({ execution_strategy: 'SINGLE', order_ids: [], status: 'PARTIAL' }), path: 'order_ids', message: 'SINGLE strategy must have exactly 1 order once active' },
  ...['TWAP', 'VWAP', 'LAYERED', 'POV'].map((s) => ({
    rule: `${s} needs target_quantity`,
    schema: G,
    input: group({ execution_strategy: s, target_quantity: null }),
    path: 'target_quantity',
    message: `target_quantity must be set for quantity-driven strategy ${s}`,
  })),
];

const plan = (changes: Record<string, unknown>) => set(valid.tradePlan, changes);
const tradePlanCases: RuleCase[] = [
  { rule: 'plan_id: TPL_ pattern', schema: TradePlanSchema, input: plan({ plan_id: 'TPL_20251201_143000_b7c' }), path: 'plan_id', message: idMessage('plan_id', 'TPL') },
  { rule: 'status: ACTIVE or CLOSED', schema: TradePlanSchema, input: plan({ status: 'OPEN' }), path: 'status', message: enumMessage(['ACTIVE', 'CLOSED']) },
  { rule: 'direction: BUY or SELL', schema: TradePlanSchema, input: plan({ direction: 'LONG' }), path: 'direction', message: enumMessage(['BUY', 'SELL']) },
  { rule: 'strategy_instance_id required', schema: TradePlanSchema, input: plan({ strategy_instance_id: '' }), path: 'strategy_instance_id', message: 'strategy_instance_id is required' },
  { rule: 'asset_symbol required', schema: TradePlanSchema, input: plan({ asset_symbol: '' }), path: 'asset_symbol', message: 'asset_symbol is required' },
  { rule: 'CLOSED needs closed_at', schema: TradePlanSchema, input: plan({ status: 'CLOSED' }), path: 'closed_at', message: 'CLOSED status requires closed_at timestamp' },
  { rule: 'ACTIVE has no closed_at', schema: TradePlanSchema, input: plan({ closed_at: '2025-12-01T15:00:00Z' }), path: 'closed_at', message: 'ACTIVE plan cannot have closed_at' },
  { rule: 'created_at <= updated_at', schema: TradePlanSchema, input: plan({ updated_at: '2025-12-01T14:29:59Z' }), path: 'updated_at', message: 'updated_at cannot be before created_at' },
];

const order = (changes: Record<string, unknown>) => set(valid.order, changes);
const orderCases: RuleCase[] = [
  { rule: 'order_id: ORD_ pattern (the seeds\' "_001" suffix is too short)', schema: OrderSchema, input: order({ order_id: 'ORD_20251201_150018_001' }), path: 'order_id', message: idMessage('order_id', 'ORD') },
  { rule: 'parent_group_id: EXG_ pattern', schema: OrderSchema, input: order({ parent_group_id: 'EXG_20251201_145955' }), path: 'parent_group_id', message: idMessage('parent_group_id', 'EXG') },
  { rule: 'status: the seeds\' four plus what an exchange needs', schema: OrderSchema, input: order({ status: 'PENDING' }), path: 'status', message: enumMessage(['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'REJECTED', 'EXPIRED', 'UNKNOWN']) },
  { rule: 'quantity > 0', schema: OrderSchema, input: order({ quantity: '0', filled_quantity: '0', average_fill_price: null }), path: 'quantity', message: 'quantity must be positive' },
  { rule: 'filled_quantity >= 0', schema: OrderSchema, input: order({ filled_quantity: '-0.2' }), path: 'filled_quantity', message: 'filled_quantity cannot be negative' },
  { rule: 'price > 0', schema: OrderSchema, input: order({ price: '0' }), path: 'price', message: 'price must be positive' },
  { rule: 'LIMIT needs price', schema: OrderSchema, input: order({ price: null }), path: 'price', message: 'LIMIT order requires price' },
  { rule: 'MARKET has no price', schema: OrderSchema, input: order({ order_type: 'MARKET' }), path: 'price', message: 'MARKET order cannot have price' },
  { rule: 'STOP_MARKET needs stop_price', schema: OrderSchema, input: order({ order_type: 'STOP_MARKET', price: null }), path: 'stop_price', message: 'STOP_MARKET order requires stop_price' },
  { rule: 'STOP_LIMIT needs stop_price', schema: OrderSchema, input: order({ order_type: 'STOP_LIMIT' }), path: 'stop_price', message: 'STOP_LIMIT order requires stop_price' },
  { rule: 'STOP_LIMIT needs price', schema: OrderSchema, input: order({ order_type: 'STOP_LIMIT', price: null, stop_price: '96000' }), path: 'price', message: 'STOP_LIMIT order requires price' },
  { rule: 'LIMIT has no stop_price', schema: OrderSchema, input: order({ stop_price: '96000' }), path: 'stop_price', message: 'LIMIT order cannot have stop_price' },
  { rule: 'FILLED means filled to quantity', schema: OrderSchema, input: order({ status: 'FILLED' }), path: 'filled_quantity', message: 'FILLED order must be filled to its quantity' },
  { rule: 'a filled quantity needs average_fill_price', schema: OrderSchema, input: order({ average_fill_price: null }), path: 'average_fill_price', message: 'a filled quantity requires average_fill_price' },
  { rule: 'created_at <= updated_at', schema: OrderSchema, input: order({ updated_at: '2025-12-01T14:30:24Z' }), path: 'updated_at', message: 'updated_at cannot be before created_at' },
];

const fill = (changes: Record<string, unknown>) => set(valid.fill, changes);
const fillCases: RuleCase[] = [
  { rule: 'fill_id: FILL_ pattern (the platform\'s FIL_ is refused)', schema: FillSchema, input: fill({ fill_id: 'FIL_20251201_143100_b0001' }), path: 'fill_id', message: idMessage('fill_id', 'FILL') },
  { rule: 'parent_order_id: ORD_ pattern', schema: FillSchema, input: fill({ parent_order_id: 'order_1' }), path: 'parent_order_id', message: idMessage('parent_order_id', 'ORD') },
  { rule: 'trade_id required (fills are de-duplicated by it)', schema: FillSchema, input: fill({ trade_id: '' }), path: 'trade_id', message: 'trade_id is required' },
  { rule: 'price > 0', schema: FillSchema, input: fill({ price: '0' }), path: 'price', message: 'price must be positive' },
  { rule: 'quantity > 0', schema: FillSchema, input: fill({ quantity: '-0.2' }), path: 'quantity', message: 'quantity must be positive' },
  { rule: 'fee >= 0', schema: FillSchema, input: fill({ fee: '-0.0001' }), path: 'fee', message: 'fee cannot be negative' },
  { rule: 'liquidity: MAKER or TAKER', schema: FillSchema, input: fill({ liquidity: 'BOTH' }), path: 'liquidity', message: enumMessage(['MAKER', 'TAKER']) },
];

const xp = (changes: Record<string, unknown>) => set(valid.executionPlan, changes);
const P = ExecutionPlanSchema;
const executionPlanCases: RuleCase[] = [
  { rule: 'plan_id: EXP_ pattern', schema: P, input: xp({ plan_id: 'EXP_20251201_144000' }), path: 'plan_id', message: idMessage('plan_id', 'EXP') },
  { rule: 'action: every ExecutionAction, nothing else', schema: P, input: xp({ action: 'CLOSE_POSITION' }), path: 'action', message: enumMessage(['EXECUTE_TRADE', 'CANCEL_ORDER', 'MODIFY_ORDER', 'MODIFY_ORDERS', 'CANCEL_GROUP', 'CANCEL_ALL_IN_PLAN']) },
  { rule: 'execution_urgency <= 1', schema: P, input: xp({ execution_urgency: '1.01' }), path: 'execution_urgency', message: 'execution_urgency must be between 0 and 1' },
  { rule: 'execution_urgency >= 0', schema: P, input: xp({ execution_urgency: '-0.01' }), path: 'execution_urgency', message: 'execution_urgency must be between 0 and 1' },
  { rule: 'visibility_preference in [0, 1]', schema: P, input: xp({ visibility_preference: '1.5' }), path: 'visibility_preference', message: 'visibility_preference must be between 0 and 1' },
  { rule: 'max_slippage_pct in [0, 1]', schema: P, input: xp({ max_slippage_pct: '2' }), path: 'max_slippage_pct', message: 'max_slippage_pct must be between 0 and 1' },
  { rule: 'min_fill_ratio in [0, 1]', schema: P, input: xp({ min_fill_ratio: '-0.1' }), path: 'min_fill_ratio', message: 'min_fill_ratio must be between 0 and 1' },
  { rule: 'ratios: at most 8 decimal places', schema: P, input: xp({ execution_urgency: '0.123456789' }), path: 'execution_urgency', message: 'must have at most 8 decimal places' },
  { rule: 'max_execution_window_minutes > 0', schema: P, input: xp({ max_execution_window_minutes: 0 }), path: 'max_execution_window_minutes', message: 'max_execution_window_minutes must be positive' },
  { rule: 'max_execution_window_minutes whole', schema: P, input: xp({ max_execution_window_minutes: 1.5 }), path: 'max_execution_window_minutes', message: 'max_execution_window_minutes must be a whole number' },
  { rule: 'chunk_count_hint > 0', schema: P, input: xp({ chunk_count_hint: 0 }), path: 'chunk_count_hint', message: 'chunk_count_hint must be positive' },
  { rule: 'chunk_count_hint whole', schema: P, input: xp({ chunk_count_hint: 2.5 }), path: 'chunk_count_hint', message: 'chunk_count_hint must be a whole number' },
  { rule: 'chunk_distribution: UNIFORM or WEIGHTED', schema: P, input: xp({ chunk_distribution: 'RANDOM' }), path: 'chunk_distribution', message: enumMessage(['UNIFORM', 'WEIGHTED']) },
  { rule: 'must_complete_immediately excludes an execution window', schema: P, input: xp({ must_complete_immediately: true }), path: 'max_execution_window_minutes', message: 'must_complete_immediately cannot be combined with an execution window' },
  { rule: 'connector-specific fields refused (RoutingPlan leftovers)', schema: P, input: xp({ time_in_force: 'GTC' }), path: '', message: 'Unrecognized key: "time_in_force"' },
];

const entry = (changes: Record<string, unknown>) => set(valid.entryPlan, changes);
const E = EntryPlanSchema;
const entryPlanCases: RuleCase[] = [
  { rule: 'plan_id: ENT_ pattern', schema: E, input: entry({ plan_id: 'ENTRY_20251201_143300_ghi012' }), path: 'plan_id', message: idMessage('plan_id', 'ENT') },
  { rule: 'order_type: MARKET, LIMIT, STOP or STOP_LIMIT', schema: E, input: entry({ order_type: 'TRAILING' }), path: 'order_type', message: enumMessage(['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT']) },
  { rule: 'LIMIT needs limit_price', schema: E, input: entry({ limit_price: null }), path: 'limit_price', message: 'LIMIT entry requires limit_price' },
  { rule: 'LIMIT has no stop_price', schema: E, input: entry({ stop_price: '96000' }), path: 'stop_price', message: 'LIMIT entry cannot have stop_price' },
  { rule: 'MARKET has no limit_price', schema: E, input: entry({ order_type: 'MARKET' }), path: 'limit_price', message: 'MARKET entry cannot have limit_price' },
  { rule: 'MARKET has no stop_price', schema: E, input: entry({ order_type: 'MARKET', limit_price: null, stop_price: '96000' }), path: 'stop_price', message: 'MARKET entry cannot have stop_price' },
  { rule: 'STOP needs stop_price', schema: E, input: entry({ order_type: 'STOP', limit_price: null }), path: 'stop_price', message: 'STOP entry requires stop_price' },
  { rule: 'STOP has no limit_price', schema: E, input: entry({ order_type: 'STOP', stop_price: '96000' }), path: 'limit_price', message: 'STOP entry cannot have limit_price' },
  { rule: 'STOP_LIMIT needs stop_price', schema: E, input: entry({ order_type: 'STOP_LIMIT' }), path: 'stop_price', message: 'STOP_LIMIT entry requires stop_price' },
  { rule: 'STOP_LIMIT needs limit_price', schema: E, input: entry({ order_type: 'STOP_LIMIT', limit_price: null, stop_price: '96000' }), path: 'limit_price', message: 'STOP_LIMIT entry requires limit_price' },
  { rule: 'limit_price > 0', schema: E, input: entry({ limit_price: '0' }), path: 'limit_price', message: 'limit_price must be positive' },
];

const size = (changes: Record<string, unknown>) => set(valid.sizePlan, changes);
const exit = (changes: Record<string, unknown>) => set(valid.exitPlan, changes);
const sizeExitCases: RuleCase[] = [
  { rule: 'SizePlan plan_id: SIZ_ pattern', schema: SizePlanSchema, input: size({ plan_id: 'SIZ_20251201_143350' }), path: 'plan_id', message: idMessage('plan_id', 'SIZ') },
  { rule: 'SizePlan position_size > 0', schema: SizePlanSchema, input: size({ position_size: '0' }), path: 'position_size', message: 'position_size must be positive' },
  { rule: 'SizePlan position_value > 0', schema: SizePlanSchema, input: size({ position_value: '-1' }), path: 'position_value', message: 'position_value must be positive' },
  { rule: 'SizePlan risk_amount > 0', schema: SizePlanSchema, input: size({ risk_amount: '0' }), path: 'risk_amount', message: 'risk_amount must be positive' },
  { rule: 'SizePlan leverage >= 1', schema: SizePlanSchema, input: size({ leverage: '0.5' }), path: 'leverage', message: 'leverage must be at least 1' },
  { rule: 'ExitPlan plan_id: EXT_ pattern', schema: ExitPlanSchema, input: exit({ plan_id: 'EXT_20251201_1434_mno678' }), path: 'plan_id', message: idMessage('plan_id', 'EXT') },
  { rule: 'ExitPlan needs a stop-loss or a take-profit level', schema: ExitPlanSchema, input: exit({ stop_loss_price: null, take_profit_price: null }), path: '', message: 'ExitPlan requires stop_loss_price or take_profit_price' },
  { rule: 'ExitPlan stop_loss_price > 0', schema: ExitPlanSchema, input: exit({ stop_loss_price: '0' }), path: 'stop_loss_price', message: 'stop_loss_price must be positive' },
  { rule: 'ExitPlan take_profit_price > 0', schema: ExitPlanSchema, input: exit({ take_profit_price: '-105000' }), path: 'take_profit_price', message: 'take_profit_price must be positive' },
];

const dir = (changes: Record<string, unknown>) => set(valid.executionDirective, changes);
const noPlans = { entry_plan: null, size_plan: null, exit_plan: null, execution_plan: null };
const cancelPlan = (action: string) => ({ ...valid.executionPlan(), action, max_execution_window_minutes: null });
const D = ExecutionDirectiveSchema;
const directiveCases: RuleCase[] = [
  { rule: 'ExecutionDirective: at least one plan', schema: D, input: dir(noPlans), path: '', message: 'ExecutionDirective must contain at least one plan (entry_plan, size_plan, exit_plan, or execution_plan)' },
  { rule: 'ExecutionDirective: directive_id EXE_ pattern', schema: D, input: dir({ directive_id: 'EXE_20251027_143500_a1b2c3d4e' }), path: 'directive_id', message: idMessage('directive_id', 'EXE') },
  { rule: 'causality: a birth id is required', schema: D, input: dir({ causality: { signal_ids: ['SIG_20251201_143100_abc456'] } }), path: 'causality', message: 'CausalityChain requires at least one birth ID (tick_id, news_id, or schedule_id)' },
  { rule: 'causality: ids only, unknown keys refused', schema: D, input: dir({ 'causality.trigger_price': '45000' }), path: 'causality', message: 'Unrecognized key: "trigger_price"' },
  { rule: 'causality: origin type TICK / NEWS / SCHEDULE / MANUAL', schema: CausalityChainSchema, input: { origin: { id: 'X_1', type: 'CRON' } }, path: 'origin.type', message: enumMessage(['TICK', 'NEWS', 'SCHEDULE', 'MANUAL']) },
  { rule: 'scope MODIFY_EXISTING needs target_plan_id', schema: D, input: dir({ scope: 'MODIFY_EXISTING' }), path: 'target_plan_id', message: 'target_plan_id is required for scope MODIFY_EXISTING' },
  { rule: 'scope CLOSE_EXISTING needs target_plan_id', schema: D, input: dir({ scope: 'CLOSE_EXISTING' }), path: 'target_plan_id', message: 'target_plan_id is required for scope CLOSE_EXISTING' },
  { rule: 'CANCEL_GROUP needs target_group_id', schema: D, input: dir({ ...noPlans, execution_plan: cancelPlan('CANCEL_GROUP') }), path: 'target_group_id', message: 'CANCEL_GROUP requires target_group_id' },
  { rule: 'CANCEL_ALL_IN_PLAN needs target_plan_id', schema: D, input: dir({ ...noPlans, execution_plan: cancelPlan('CANCEL_ALL_IN_PLAN') }), path: 'target_plan_id', message: 'CANCEL_ALL_IN_PLAN requires target_plan_id' },
  { rule: 'CANCEL_ORDER needs target_order_ids', schema: D, input: dir({ ...noPlans, execution_plan: cancelPlan('CANCEL_ORDER'), target_order_ids: [] }), path: 'target_order_ids', message: 'CANCEL_ORDER requires target_order_ids' },
  { rule: 'MODIFY_ORDER needs target_order_ids', schema: D, input: dir({ execution_plan: cancelPlan('MODIFY_ORDER') }), path: 'target_order_ids', message: 'MODIFY_ORDER requires target_order_ids' },
  { rule: 'MODIFY_ORDERS needs target_group_id', schema: D, input: dir({ execution_plan: cancelPlan('MODIFY_ORDERS') }), path: 'target_group_id', message: 'MODIFY_ORDERS requires target_group_id' },
  { rule: 'target_order_ids: ORD_ ids', schema: D, input: dir({ target_order_ids: ['binance_1'] }), path: 'target_order_ids.0', message: 'target_order_ids must contain ORD_ ids' },
  { rule: 'target_group_id: EXG_ pattern', schema: D, input: dir({ target_group_id: 'EXG_1' }), path: 'target_group_id', message: idMessage('target_group_id', 'EXG') },
  { rule: 'nested plans are validated (exit plan level > 0)', schema: D, input: dir({ 'exit_plan.stop_loss_price': '0' }), path: 'exit_plan.stop_loss_price', message: 'stop_loss_price must be positive' },
  { rule: 'ExecutionCommand: at least one plan', schema: ExecutionCommandSchema, input: set(valid.executionCommand, { exit_plan: null }), path: '', message: 'ExecutionCommand must contain at least one plan (entry_plan, size_plan, exit_plan, or execution_plan)' },
  { rule: 'ExecutionCommand: command_id EXC_ pattern', schema: ExecutionCommandSchema, input: set(valid.executionCommand, { command_id: 'EXE_20251201_143500_a1b2c' }), path: 'command_id', message: idMessage('command_id', 'EXC') },
];

const sd = (changes: Record<string, unknown>) => set(valid.strategyDirective, changes);
const S = StrategyDirectiveSchema;
const strategyDirectiveCases: RuleCase[] = [
  { rule: 'directive_id: STR_ pattern', schema: S, input: sd({ directive_id: 'STR_20251201_143110' }), path: 'directive_id', message: idMessage('directive_id', 'STR') },
  { rule: 'scope: NEW_TRADE / MODIFY_EXISTING / CLOSE_EXISTING', schema: S, input: sd({ scope: 'ADD_TO_POSITION' }), path: 'scope', message: enumMessage(['NEW_TRADE', 'MODIFY_EXISTING', 'CLOSE_EXISTING']) },
  { rule: 'MODIFY_EXISTING needs target_plan_ids', schema: S, input: sd({ target_plan_ids: [] }), path: 'target_plan_ids', message: 'target_plan_ids must not be empty for scope MODIFY_EXISTING' },
  { rule: 'CLOSE_EXISTING needs target_plan_ids', schema: S, input: sd({ scope: 'CLOSE_EXISTING', target_plan_ids: undefined }), path: 'target_plan_ids', message: 'target_plan_ids must not be empty for scope CLOSE_EXISTING' },
  { rule: 'NEW_TRADE has no target_plan_ids', schema: S, input: sd({ scope: 'NEW_TRADE' }), path: 'target_plan_ids', message: 'target_plan_ids must be empty for NEW_TRADE scope' },
  { rule: 'target_plan_ids unique', schema: S, input: sd({ target_plan_ids: ['TPL_20251201_143000_b7c4d', 'TPL_20251201_143000_b7c4d'] }), path: 'target_plan_ids', message: 'target_plan_ids must contain unique values' },
  { rule: 'target_plan_ids: TPL_ ids (not the docstring\'s UUID form)', schema: S, input: sd({ target_plan_ids: ['TPL_12345678-1234-1234-1234-123456789012'] }), path: 'target_plan_ids.0', message: 'target_plan_ids must contain TPL_ ids' },
  { rule: 'confidence in [0, 1]', schema: S, input: sd({ confidence: 1.2 }), path: 'confidence', message: 'confidence must be between 0 and 1' },
  { rule: 'strategy_planner_id required', schema: S, input: sd({ strategy_planner_id: '' }), path: 'strategy_planner_id', message: 'strategy_planner_id is required' },
  { rule: 'sub-directives: unknown keys refused (a dropped stop-loss would go unnoticed)', schema: S, input: sd({ exit_directive: { stop_loss_price: '95000.00' } }), path: 'exit_directive', message: 'Unrecognized key: "stop_loss_price"' },
  { rule: 'entry_directive: timing_preference in [0, 1]', schema: S, input: sd({ scope: 'NEW_TRADE', target_plan_ids: [], entry_directive: { symbol: 'BTC_USDT', direction: 'BUY', timing_preference: '2' } }), path: 'entry_directive.timing_preference', message: 'timing_preference must be between 0 and 1' },
  { rule: 'size_directive: max_risk_amount > 0', schema: S, input: sd({ size_directive: { max_risk_amount: '0' } }), path: 'size_directive.max_risk_amount', message: 'max_risk_amount must be positive' },
  { rule: 'routing_directive: max_total_slippage_pct >= 0', schema: S, input: sd({ routing_directive: { max_total_slippage_pct: '-0.01' } }), path: 'routing_directive.max_total_slippage_pct', message: 'max_total_slippage_pct cannot be negative' },
  { rule: 'ExecutionPolicy mode: INDEPENDENT / COORDINATED / SEQUENTIAL', schema: ExecutionPolicySchema, input: { mode: 'ATOMIC' }, path: 'mode', message: enumMessage(['INDEPENDENT', 'COORDINATED', 'SEQUENTIAL']) },
  { rule: 'ExecutionPolicy timeout_seconds > 0', schema: ExecutionPolicySchema, input: { timeout_seconds: 0 }, path: 'timeout_seconds', message: 'timeout_seconds must be positive' },
  { rule: 'ExecutionPolicy timeout_seconds whole', schema: ExecutionPolicySchema, input: { timeout_seconds: 1.5 }, path: 'timeout_seconds', message: 'timeout_seconds must be a whole number' },
  { rule: 'ExecutionPolicy nested in a directive is validated', schema: S, input: sd({ 'execution_policy.timeout_seconds': -5 }), path: 'execution_policy.timeout_seconds', message: 'timeout_seconds must be positive' },
];

const bat = (changes: Record<string, unknown>) => set(valid.batch, changes);
const B = ExecutionCommandBatchSchema;
const batchCases: RuleCase[] = [
  { rule: 'batch_id: BAT_ pattern', schema: B, input: bat({ batch_id: 'BAT_20251201_143500_a8f' }), path: 'batch_id', message: idMessage('batch_id', 'BAT') },
  { rule: 'commands: at least one', schema: B, input: bat({ commands: [] }), path: 'commands', message: 'commands list cannot be empty (minimum 1 command required)' },
  { rule: 'commands: unique command_ids', schema: B, input: bat({ commands: [valid.executionCommand('a1b2c'), valid.executionCommand('a1b2c')] }), path: 'commands', message: 'All command_ids must be unique within batch (duplicates found)' },
  { rule: 'commands: each one validated', schema: B, input: bat({ 'commands.1.exit_plan': null }), path: 'commands.1', message: 'ExecutionCommand must contain at least one plan (entry_plan, size_plan, exit_plan, or execution_plan)' },
  { rule: 'mode: BatchExecutionMode (no ATOMIC / PARALLEL)', schema: B, input: bat({ mode: 'ATOMIC' }), path: 'mode', message: enumMessage(['INDEPENDENT', 'COORDINATED', 'SEQUENTIAL']) },
  { rule: 'timeout_seconds > 0', schema: B, input: bat({ timeout_seconds: 0 }), path: 'timeout_seconds', message: 'timeout_seconds must be positive' },
  { rule: 'execution_mode renamed to mode (seed 003)', schema: B, input: bat({ execution_mode: 'SEQUENTIAL' }), path: '', message: 'Unrecognized key: "execution_mode"' },
  { rule: 'rollback_on_failure removed (seed 003)', schema: B, input: bat({ rollback_on_failure: true }), path: '', message: 'Unrecognized key: "rollback_on_failure"' },
  { rule: 'metadata removed (seed 003)', schema: B, input: bat({ metadata: { reason: 'FLASH_CRASH' } }), path: '', message: 'Unrecognized key: "metadata"' },
];

const tables: Record<string, RuleCase[]> = {
  ExecutionGroup: groupCases,
  TradePlan: tradePlanCases,
  Order: orderCases,
  Fill: fillCases,
  ExecutionPlan: executionPlanCases,
  EntryPlan: entryPlanCases,
  'SizePlan / ExitPlan': sizeExitCases,
  'ExecutionDirective / ExecutionCommand': directiveCases,
  'StrategyDirective / ExecutionPolicy': strategyDirectiveCases,
  ExecutionCommandBatch: batchCases,
};

describe('the valid base objects parse (so each case below breaks one rule only)', () => {
  const bases: [string, z.ZodType, unknown][] = [
    ['group', ExecutionGroupSchema, valid.group()],
    ['trade plan', TradePlanSchema, valid.tradePlan()],
    ['order', OrderSchema, valid.order()],
    ['fill', FillSchema, valid.fill()],
    ['execution plan', ExecutionPlanSchema, valid.executionPlan()],
    ['entry plan', EntryPlanSchema, valid.entryPlan()],
    ['size plan', SizePlanSchema, valid.sizePlan()],
    ['exit plan', ExitPlanSchema, valid.exitPlan()],
    ['execution directive', ExecutionDirectiveSchema, valid.executionDirective()],
    ['execution command', ExecutionCommandSchema, valid.executionCommand()],
    ['strategy directive', StrategyDirectiveSchema, valid.strategyDirective()],
    ['batch', ExecutionCommandBatchSchema, valid.batch()],
  ];
  it.each(bases)('%s', (_name, schema, input) => {
    expect(issuesFor(schema, input)).toEqual([]);
  });
});

for (const [entity, cases] of Object.entries(tables)) {
  describe(`${entity} rules`, () => {
    it.each(cases)('$rule', ({ schema, input, path, message }) => {
      expect(issuesFor(schema, input)).toEqual([{ path, message }]);
    });
  });
}

describe('inputs the rules deliberately accept', () => {
  const accepted: [string, z.ZodType, unknown][] = [
    ['SINGLE group still PENDING with no order', G, group({ execution_strategy: 'SINGLE', order_ids: [], status: 'PENDING' })],
    ['SINGLE group CANCELLED before its first order (PENDING -> CANCELLED)', G, group({ execution_strategy: 'SINGLE', order_ids: [], status: 'CANCELLED', cancelled_at: '2025-12-01T14:36:30Z' })],
    ['SINGLE group FAILED before its first order (PENDING -> FAILED)', G, group({ execution_strategy: 'SINGLE', order_ids: [], status: 'FAILED' })],
    ['ICEBERG without target_quantity (visibility-driven)', G, group({ execution_strategy: 'ICEBERG', target_quantity: null })],
    ['filled_quantity exactly target_quantity', G, group({ filled_quantity: '1.00000000' })],
    ['created_at == updated_at', G, group({ updated_at: '2025-12-01T14:30:22Z' })],
    ['explicit +00:00 offset', G, group({ updated_at: '2025-12-01T14:36:30+00:00' })],
    ['fractional seconds to the nanosecond', G, group({ updated_at: '2025-12-01T14:36:30.123456789Z' })],
    ['20 digits with 8 decimals', G, group({ target_quantity: '123456789012.12345678', filled_quantity: '0' })],
    ['trailing zeros beyond 8 places carry no value', G, group({ target_quantity: '1.0000000000' })],
    ['Python str(Decimal) exponent form', G, group({ filled_quantity: '4.0E-1' })],
    ['JSON numbers (the platform writes a few)', S, sd({ confidence: 0.92 })],
    ['urgency bounds 0 and 1 inclusive', P, xp({ execution_urgency: '0', visibility_preference: '1' })],
    ['a hint style outside ExecutionStrategyType', P, xp({ preferred_execution_style: 'PRIVATE_MEMPOOL' })],
    ['MARKET entry with no prices', E, entry({ order_type: 'MARKET', limit_price: null })],
    ['ExitPlan with only a take-profit (trailing modification)', ExitPlanSchema, exit({ stop_loss_price: null })],
    ['ExecutionCommand with only a plan and no scope (NEW_TRADE by default)', ExecutionCommandSchema, valid.executionCommand()],
    ['NEW_TRADE without target_plan_ids key', S, sd({ scope: 'NEW_TRADE', target_plan_ids: undefined })],
  ];
  it.each(accepted)('%s', (_name, schema, input) => {
    expect(issuesFor(schema, input)).toEqual([]);
  });
});
