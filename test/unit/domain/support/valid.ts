/**
 * One valid wire object per DTO: each rule test breaks exactly one thing in
 * a copy of these, so the only issue reported is the rule under test.
 */

export const causality = () => ({ origin: { id: 'TCK_20251201_143000_abc123', type: 'TICK' } });

export const group = () => ({
  group_id: 'EXG_20251201_143022_a8f3c',
  parent_plan_id: 'TPL_20251201_143000_b7c4d',
  execution_strategy: 'TWAP',
  order_ids: ['ORD_20251201_143025_a0001', 'ORD_20251201_143325_a0002'],
  status: 'ACTIVE',
  created_at: '2025-12-01T14:30:22Z',
  updated_at: '2025-12-01T14:36:30Z',
  target_quantity: '1.0',
  filled_quantity: '0.4',
  cancelled_at: null,
  completed_at: null,
});

export const tradePlan = () => ({
  plan_id: 'TPL_20251201_143000_b7c4d',
  strategy_instance_id: 'momentum_1',
  asset_symbol: 'BTC/USDT',
  status: 'ACTIVE',
  direction: 'BUY',
  comments: null,
  created_at: '2025-12-01T14:30:00Z',
  updated_at: '2025-12-01T14:30:00Z',
  closed_at: null,
});

export const order = () => ({
  order_id: 'ORD_20251201_143025_a0001',
  parent_group_id: 'EXG_20251201_143022_a8f3c',
  connector_order_id: '123456789',
  symbol: 'BTC/USDT',
  side: 'BUY',
  order_type: 'LIMIT',
  role: 'ENTRY',
  quantity: '0.5',
  price: '95000.00',
  stop_price: null,
  status: 'PARTIALLY_FILLED',
  filled_quantity: '0.2',
  average_fill_price: '94999.5',
  created_at: '2025-12-01T14:30:25Z',
  updated_at: '2025-12-01T14:31:00Z',
});

export const fill = () => ({
  fill_id: 'FILL_20251201_143100_b0001',
  parent_order_id: 'ORD_20251201_143025_a0001',
  trade_id: '987654321',
  price: '94999.5',
  quantity: '0.2',
  fee: '0.0002',
  fee_asset: 'BTC',
  liquidity: 'MAKER',
  executed_at: '2025-12-01T14:31:00Z',
});

export const executionPlan = () => ({
  plan_id: 'EXP_20251201_144000_stu234',
  action: 'EXECUTE_TRADE',
  execution_urgency: '0.20',
  visibility_preference: '0.30',
  max_slippage_pct: '0.0030',
  must_complete_immediately: false,
  max_execution_window_minutes: 60,
  preferred_execution_style: 'TWAP',
  chunk_count_hint: 12,
  chunk_distribution: 'UNIFORM',
  min_fill_ratio: '0.5',
});

export const entryPlan = () => ({
  plan_id: 'ENT_20251201_143300_ghi012',
  symbol: 'BTC_USDT',
  direction: 'BUY',
  order_type: 'LIMIT',
  limit_price: '95000.00',
  stop_price: null,
});

export const sizePlan = () => ({
  plan_id: 'SIZ_20251201_143350_jkl345',
  position_size: '0.5',
  position_value: '47500.00',
  risk_amount: '500.00',
  leverage: '1.0',
});

export const exitPlan = () => ({
  plan_id: 'EXT_20251201_143400_mno678',
  stop_loss_price: '90000.00',
  take_profit_price: '105000.00',
});

export const executionDirective = () => ({
  directive_id: 'EXE_20251201_143500_a1b2c3d4',
  causality: causality(),
  entry_plan: entryPlan(),
  size_plan: sizePlan(),
  exit_plan: exitPlan(),
  execution_plan: executionPlan(),
});

export const executionCommand = (suffix = 'a1b2c') => ({
  command_id: `EXC_20251201_143500_${suffix}`,
  causality: causality(),
  exit_plan: exitPlan(),
});

export const strategyDirective = () => ({
  directive_id: 'STR_20251201_143110_def789',
  strategy_planner_id: 'trailing_stop_planner',
  decision_timestamp: '2025-12-01T14:31:10Z',
  causality: causality(),
  scope: 'MODIFY_EXISTING',
  confidence: '0.9',
  target_plan_ids: ['TPL_20251201_143000_b7c4d'],
  exit_directive: { stop_loss_tolerance: '0.005' },
  execution_policy: { mode: 'INDEPENDENT', timeout_seconds: 30 },
});

export const batch = () => ({
  batch_id: 'BAT_20251201_143500_a8f3c',
  commands: [executionCommand('a1b2c'), executionCommand('d4e5f')],
  created_at: '2025-12-01T14:35:00Z',
  mode: 'COORDINATED',
  timeout_seconds: 30,
});
