import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../core/domain';
import { fillRowText } from '../../../renderer/src/components/table/fill-row';
import { orderRowText } from '../../../renderer/src/components/table/order-row';
import { cachedRowText, DEFAULT_DECIMALS } from '../../../renderer/src/components/table/row-text';
import { fill, order } from './fixtures';

describe('order row text', () => {
  it('shows each column of the issue', () => {
    const o = order(7, {
      quantity: new Decimal('1250.5'),
      price: new Decimal('23456.785'),
      status: 'PARTIALLY_FILLED',
      filled_quantity: new Decimal('0.1'),
      average_fill_price: new Decimal('23456.775'),
      fees_paid: new Decimal('0.00012345678'),
      role: 'STOP_LOSS',
      order_type: 'STOP_LIMIT',
      stop_price: new Decimal('23000'),
      created_at: new Date('2023-03-10T14:00:07.250Z'),
    });
    expect(orderRowText(o, DEFAULT_DECIMALS)).toEqual({
      time: '14:00:07',
      timeTitle: '2023-03-10 14:00:07.250 UTC',
      orderId: o.order_id,
      groupId: o.parent_group_id,
      role: 'stop loss',
      side: 'SELL',
      type: 'stop limit',
      quantity: '1,250.50000000',
      priceStop: '23,456.78 / stop 23,000.00',
      status: 'partially filled',
      statusTone: 'live',
      filled: '0.10000000',
      averagePrice: '23,456.78',
      fees: '0.00012346',
    });
  });

  it('shows a stop alone, a limit alone, and a dash for a market order', () => {
    expect(orderRowText(order(1, { order_type: 'STOP_MARKET', price: null, stop_price: new Decimal(19000) }), DEFAULT_DECIMALS).priceStop).toBe('stop 19,000.00');
    expect(orderRowText(order(1), DEFAULT_DECIMALS).priceStop).toBe('20,000.50');
    expect(orderRowText(order(1, { order_type: 'MARKET', price: null }), DEFAULT_DECIMALS).priceStop).toBe('—');
    expect(orderRowText(order(1), DEFAULT_DECIMALS).averagePrice).toBe('—');
  });

  it('colours statuses by meaning', () => {
    const tone = (status: OrderStatus) => orderRowText(order(1, { status }), DEFAULT_DECIMALS).statusTone;
    expect([tone('OPEN'), tone('FILLED'), tone('PENDING_CANCEL'), tone('CANCELED'), tone('REJECTED'), tone('UNKNOWN')]).toEqual([
      'live',
      'done',
      'pending',
      'muted',
      'bad',
      'bad',
    ]);
  });

  it('uses the column places it is given', () => {
    const text = orderRowText(order(1), { price: 4, quantity: 3, fee: 2 });
    expect([text.quantity, text.priceStop, text.fees]).toEqual(['0.500', '20,000.5000', '0.00']);
  });
});

describe('fill row text', () => {
  it('shows fee with its asset, liquidity and profile', () => {
    const f = fill(3, { fee: new Decimal('0.0000125'), fee_asset: 'BTC', liquidity: 'MAKER', executed_at: new Date('2023-03-10T14:00:03Z') });
    expect(fillRowText(f, DEFAULT_DECIMALS)).toMatchObject({
      time: '14:00:03',
      fillId: f.fill_id,
      orderId: f.parent_order_id,
      side: 'SELL',
      price: '20,000.12',
      quantity: '0.00100000',
      fee: '0.00001250 BTC',
      liquidity: 'maker',
      fidelityProfile: 'realistic',
    });
  });

  it('leaves out what the exchange did not say', () => {
    const text = fillRowText(fill(1, { fee_asset: null, liquidity: null, fidelity_profile: null }), DEFAULT_DECIMALS);
    expect([text.fee, text.liquidity, text.fidelityProfile]).toEqual(['0.02000000', '—', '—']);
  });
});

describe('cachedRowText', () => {
  it('computes a row once per row object and again for a new object', () => {
    let calls = 0;
    const text = cachedRowText((o: ReturnType<typeof order>) => {
      calls += 1;
      return orderRowText(o, DEFAULT_DECIMALS);
    });
    const a = order(1);
    expect(text(a)).toBe(text(a));
    expect(calls).toBe(1);
    const changed = { ...a, status: 'FILLED' as const };
    expect(text(changed).status).toBe('filled');
    expect(calls).toBe(2);
  });
});
