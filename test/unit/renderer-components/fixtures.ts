import Decimal from 'decimal.js';
import type { AnomalyView, FillView, OrderView } from '../../../core/ledger/views';

/** Decoded views for the component tests; ids follow the ledger's patterns. */
const T0 = Date.UTC(2023, 2, 10, 14, 0, 0);
const suffix = (i: number) => i.toString(36).padStart(5, '0');

export function order(i: number, over: Partial<OrderView> = {}): OrderView {
  const at = new Date(T0 + i * 1000);
  return {
    order_id: `ORD_20230310_140000_${suffix(i)}`,
    parent_group_id: `EXG_20230310_140000_${suffix(i % 100)}`,
    parent_plan_id: 'TPL_20230310_140000_00001',
    connector_order_id: null,
    symbol: 'BTC/USD',
    side: i % 2 === 0 ? 'BUY' : 'SELL',
    order_type: 'LIMIT',
    role: 'ENTRY',
    quantity: new Decimal('0.5'),
    price: new Decimal('20000.5'),
    stop_price: null,
    status: 'OPEN',
    filled_quantity: new Decimal(0),
    average_fill_price: null,
    fees_paid: new Decimal(0),
    fill_count: 0,
    last_fill_at: null,
    created_at: at,
    updated_at: at,
    ...over,
  };
}

export function fill(i: number, over: Partial<FillView> = {}): FillView {
  const at = new Date(T0 + i * 1000);
  return {
    fill_id: `FILL_20230310_140000_${suffix(i)}`,
    parent_order_id: `ORD_20230310_140000_${suffix(i % 1000)}`,
    parent_group_id: `EXG_20230310_140000_${suffix(i % 100)}`,
    parent_plan_id: 'TPL_20230310_140000_00001',
    trade_id: `T${i}`,
    symbol: 'BTC/USD',
    side: i % 2 === 0 ? 'BUY' : 'SELL',
    price: new Decimal('20000.12'),
    quantity: new Decimal('0.001'),
    fee: new Decimal('0.02'),
    fee_asset: 'USD',
    liquidity: 'TAKER',
    executed_at: at,
    fidelity_profile: 'realistic',
    recorded_at: at,
    ...over,
  };
}

export function anomaly(i: number, over: Partial<AnomalyView> = {}): AnomalyView {
  return {
    anomaly_id: `ANM_20230310_140000_${suffix(i)}`,
    kind: 'LATE_FILL',
    plan_id: 'TPL_20230310_140000_00001',
    group_id: `EXG_20230310_140000_${suffix(i)}`,
    order_id: `ORD_20230310_140000_${suffix(i)}`,
    fill_id: `FILL_20230310_140000_${suffix(i)}`,
    message: `fill on canceled order ${i}`,
    data: null,
    created_at: new Date(T0 + i * 1000),
    acknowledged_at: null,
    ...over,
  };
}
