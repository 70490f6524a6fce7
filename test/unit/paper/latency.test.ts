import { describe, expect, it } from 'vitest';
import { deriveFidelityProfile, FIDELITY_PROFILES } from '../../../core/connectors/paper/fidelity';
import { BTC, d, openExchange, order } from './support/fixtures';
import { flat } from './support/scripted-source';

const MINUTE = 60_000;
const exact = deriveFidelityProfile('realistic', 'exact-latency', { ackLatencyMs: 200, ackJitterMs: 0, fillLatencyMs: 500, fillJitterMs: 0 });

describe('latency', () => {
  it('delays the ack, and the answer to place(), by the ack latency', async () => {
    const t = openExchange({ fidelity: exact });
    let answered = false;
    const pending = t.exchange.place(order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('19000') }));
    void pending.then(() => (answered = true));
    await t.clock.advanceAsync(199);
    expect([answered, t.seen.length]).toEqual([false, 0]);
    await t.clock.advanceAsync(1);
    expect(answered).toBe(true);
    expect(t.seen.map((s) => [s.report.kind, s.at])).toEqual([['ACK', 200]]);
    expect((await pending).ok).toBe(true);
  });

  it('delays fills by the fill latency after they happen', async () => {
    const script = { [BTC.symbol]: [flat('20000'), { open: '20000', high: '20000', low: '18900', close: '19500', volume: '100' }] };
    const t = openExchange({ script, fidelity: exact });
    void t.exchange.place(order({ side: 'BUY', type: 'MARKET', quantity: d('0.5') }));
    void t.exchange.place(order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('19000') }));
    await t.clock.advanceAsync(MINUTE + 1_000);
    expect(t.seen.map((s) => [s.report.kind, s.at])).toEqual([
      ['ACK', 200],
      ['FILL', 700], // the market order filled on arrival at 200
      ['ACK', 700], // the second request arrived at 200 too, but reports keep their order on the connection
      ['FILL', MINUTE + 500], // the bar at 60,000 traded through the limit
    ]);
    const fills = t.seen.flatMap((s) => (s.report.kind === 'FILL' ? [s.report.trade.time] : []));
    expect(fills).toEqual([200, MINUTE]);
  });

  it('draws jitter from the seeded generator, within the profile bounds', async () => {
    const p = FIDELITY_PROFILES.realistic;
    const arrivals: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const t = openExchange({ seed });
      void t.exchange.place(order({ side: 'BUY', type: 'MARKET', quantity: d('0.01') }));
      await t.clock.advanceAsync(1_000);
      const ack = t.seen.find((s) => s.report.kind === 'ACK')!.at;
      const fill = t.seen.find((s) => s.report.kind === 'FILL')!.at;
      expect(ack).toBeGreaterThanOrEqual(p.ackLatencyMs);
      expect(ack).toBeLessThanOrEqual(p.ackLatencyMs + p.ackJitterMs);
      expect(fill - ack).toBeGreaterThanOrEqual(p.fillLatencyMs);
      expect(fill - ack).toBeLessThanOrEqual(p.fillLatencyMs + p.fillJitterMs);
      arrivals.push(ack);
    }
    expect(new Set(arrivals).size).toBeGreaterThan(1);
  });

  it('is zero in the optimistic profile: the ack is delivered before place() returns', () => {
    const t = openExchange({ fidelity: 'optimistic' });
    void t.exchange.place(order({ side: 'BUY', type: 'MARKET', quantity: d('0.01') }));
    expect(t.seen.map((s) => [s.report.kind, s.at])).toEqual([
      ['ACK', 0],
      ['FILL', 0],
    ]);
  });

  it('keeps requests in the order they were sent', async () => {
    const t = openExchange({});
    const req = order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('19000') });
    const placing = t.exchange.place(req);
    const cancelling = t.exchange.cancel(req.clientOrderId, BTC.symbol);
    await t.clock.advanceAsync(1_000);
    expect((await placing).ok).toBe(true);
    const cancelled = await cancelling;
    expect(cancelled.ok && cancelled.value.status).toBe('CANCELED');
    expect(t.seen.map((s) => s.report.kind)).toEqual(['ACK', 'CANCELED']);
  });
});
