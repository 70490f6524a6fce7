import { describe, expect, it } from 'vitest';
import { D, entry, execPlan, specFor } from './support/fixtures';
import { Sim } from './support/sim';

describe('SINGLE', () => {
  it('sends one MARKET order for the whole quantity and completes when it fills', () => {
    const sim = new Sim(specFor({ executionPlan: null })).start();
    expect(sim.orders).toHaveLength(1);
    const [o] = sim.orders;
    expect(o?.type).toBe('MARKET');
    expect(o?.quantity.toFixed()).toBe('1');
    expect(o?.timeInForce).toBeNull();
    sim.now += 1_000;
    sim.trade('20010');
    expect(sim.finish).toEqual({ status: 'COMPLETED', reason: 'filled 1 of 1', at: sim.now });
  });

  it('with a slippage limit the market order becomes a LIMIT IOC at the cap', () => {
    const sim = new Sim(specFor({ executionPlan: execPlan({ execution_urgency: '0.9', max_slippage_pct: '0.01' }) })).start();
    const [o] = sim.orders;
    expect([o?.type, o?.price?.toFixed(), o?.timeInForce]).toEqual(['LIMIT', '20200', 'IOC']);
  });

  it('a LIMIT entry rests GTC at its limit; must_complete_immediately with min_fill_ratio 1 makes it FOK', () => {
    const limit = entry({ order_type: 'LIMIT', limit_price: '19990' });
    expect(new Sim(specFor({ entryPlan: limit })).start().orders[0]?.timeInForce).toBe('GTC');
    const fok = new Sim(specFor({ entryPlan: limit, executionPlan: execPlan({ must_complete_immediately: true, min_fill_ratio: '1' }) })).start();
    expect(fok.orders[0]?.timeInForce).toBe('FOK');
  });

  it('a stop entry is a STOP_MARKET, or a STOP_LIMIT at the cap when slippage is limited', () => {
    const stop = entry({ order_type: 'STOP', stop_price: '21000' });
    const plain = new Sim(specFor({ entryPlan: stop })).start().orders[0];
    expect([plain?.type, plain?.stopPrice?.toFixed(), plain?.price]).toEqual(['STOP_MARKET', '21000', null]);
    const capped = new Sim(specFor({ entryPlan: stop, executionPlan: execPlan({ max_slippage_pct: '0.001' }) })).start().orders[0];
    expect([capped?.type, capped?.stopPrice?.toFixed(), capped?.price?.toFixed()]).toEqual(['STOP_LIMIT', '21000', '21021']);
  });

  it('an IOC that fills in part ends PARTIAL; one that fills nothing ends FAILED', () => {
    const plan = execPlan({ must_complete_immediately: true, max_slippage_pct: '0.01' });
    const part = new Sim(specFor({ executionPlan: plan })).start().trade('20100', '0.6');
    expect(part.finish?.status).toBe('PARTIAL');
    expect(part.finish?.reason).toContain('filled 0.6 of 1');
    const none = new Sim(specFor({ executionPlan: plan })).start().trade('20300'); // beyond the cap: no trade
    expect(none.finish?.status).toBe('FAILED');
    expect(none.fills).toHaveLength(0);
  });

  it('min_fill_ratio is a MUST: below it the group FAILS', () => {
    const plan = execPlan({ must_complete_immediately: true, max_slippage_pct: '0.01', min_fill_ratio: '0.95' });
    const sim = new Sim(specFor({ executionPlan: plan })).start().trade('20100', '0.9');
    expect(sim.finish?.status).toBe('FAILED');
    expect(sim.finish?.reason).toContain('below min_fill_ratio 0.95');
  });

  it('a rejected order ends FAILED', () => {
    const sim = new Sim(specFor({})).start();
    sim.end('ORD0', 'REJECTED');
    expect(sim.finish?.status).toBe('FAILED');
    expect(sim.finish?.reason).toContain('rejected');
  });

  it('a resting LIMIT with a window is cancelled at the end and ends PARTIAL at endTime', () => {
    const spec = specFor({ entryPlan: entry({ order_type: 'LIMIT', limit_price: '19990' }), executionPlan: execPlan({ execution_urgency: '0.9', max_execution_window_minutes: 5 }) });
    expect(spec.strategy).toBe('SINGLE');
    const sim = new Sim(spec).start().trade('19980', '0.25');
    expect(sim.wakeAt).toBe(spec.endTime);
    sim.tick(spec.endTime ?? 0);
    expect(sim.cancelsRequested).toEqual(['ORD0']);
    expect(sim.finish).toBeUndefined();
    sim.confirmCancels();
    expect(sim.finish).toMatchObject({ status: 'PARTIAL', at: spec.endTime });
    expect(sim.filled.toFixed()).toBe(D('0.25').toFixed());
  });
});
