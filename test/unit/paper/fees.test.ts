import { describe, expect, it } from 'vitest';
import { deriveFidelityProfile, FIDELITY_PROFILES } from '../../../core/connectors/paper/fidelity';
import { BTC, d, openExchange, order, placeNow, tradesOf } from './support/fixtures';
import { flat } from './support/scripted-source';

const MINUTE = 60_000;
// Distinct rates, so charging the wrong one shows.
const fees = deriveFidelityProfile('realistic', 'fee-test', { makerFeeRate: d('0.0002'), takerFeeRate: d('0.0007') });

async function balancesOf(t: ReturnType<typeof openExchange>) {
  const r = await t.exchange.balances();
  if (!r.ok) throw new Error('balances refused');
  return Object.fromEntries(Object.entries(r.value).map(([a, b]) => [a, [b.free.toFixed(), b.locked.toFixed()]]));
}

describe('fees', () => {
  it('are 0.1% maker and 0.1% taker in both built-in profiles', () => {
    for (const p of Object.values(FIDELITY_PROFILES)) {
      expect([p.makerFeeRate.toFixed(), p.takerFeeRate.toFixed()]).toEqual(['0.001', '0.001']);
    }
  });

  it('charge the taker rate on a market buy, in the asset received', async () => {
    const t = openExchange({ fidelity: fees, balances: { USDT: '100000', BTC: '0' } });
    await placeNow(t, order({ side: 'BUY', type: 'MARKET', quantity: d('0.5') }));
    const [trade] = tradesOf(t.seen);
    expect(trade && [trade.liquidity, trade.price.toFixed(), trade.fee.toFixed(), trade.feeAsset]).toEqual([
      'TAKER',
      '20000.01',
      '0.00035', // 0.5 BTC * 0.07%
      'BTC',
    ]);
    expect(await balancesOf(t)).toEqual({ USDT: ['89999.995', '0'], BTC: ['0.49965', '0'] });
  });

  it('charge the maker rate on a resting limit sell, in the quote received', async () => {
    const script = { [BTC.symbol]: [flat('20000'), { open: '20000', high: '20200', low: '19990', close: '20150', volume: '10' }] };
    const t = openExchange({ script, fidelity: fees, balances: { USDT: '0', BTC: '1' } });
    await placeNow(t, order({ side: 'SELL', type: 'LIMIT', quantity: d('1'), price: d('20100') }));
    expect(await balancesOf(t)).toEqual({ USDT: ['0', '0'], BTC: ['0', '1'] });
    await t.clock.advanceAsync(MINUTE);
    const [trade] = tradesOf(t.seen);
    expect(trade && [trade.liquidity, trade.fee.toFixed(), trade.feeAsset, trade.fidelityProfile]).toEqual([
      'MAKER',
      '4.02', // 20,100 USDT * 0.02%
      'USDT',
      'fee-test',
    ]);
    expect(await balancesOf(t)).toEqual({ USDT: ['20095.98', '0'], BTC: ['0', '0'] });
  });

  it('round up to 8 decimals', async () => {
    const t = openExchange({ fidelity: fees, balances: { USDT: '100000', BTC: '0' } });
    await placeNow(t, order({ side: 'BUY', type: 'MARKET', quantity: d('0.0013') }));
    // 0.0013 * 0.0007 = 0.00000091 exactly; 0.0017 * 0.0007 = 0.00000119.
    await placeNow(t, order({ side: 'BUY', type: 'MARKET', quantity: d('0.0017') }));
    const custom = deriveFidelityProfile('realistic', 'odd-fee', { takerFeeRate: d('0.00075') });
    const u = openExchange({ fidelity: custom, balances: { USDT: '100000', BTC: '0' } });
    await placeNow(u, order({ side: 'BUY', type: 'MARKET', quantity: d('0.0013') }));
    expect(tradesOf(t.seen).map((x) => x.fee.toFixed())).toEqual(['0.00000091', '0.00000119']);
    // 0.0013 * 0.00075 = 0.000000975 -> 0.00000098
    expect(tradesOf(u.seen).map((x) => x.fee.toFixed())).toEqual(['0.00000098']);
  });
});
