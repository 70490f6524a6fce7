import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { ExecutionStrategyType } from '../../../core/domain/enums';
import { AlgoStateError, algorithmFor, parseAlgoState, type ScheduleState } from '../../../core/execution/algorithms';
import { isWorsePrice } from '../../../core/execution/spec';
import { translate } from '../../../core/execution/translator';
import { MIN, bar, caps, entry, execPlan, input, size, specFor } from './support/fixtures';
import { Sim } from './support/sim';

/*
 * Every algorithm, driven through random plans and random market events by
 * the Sim, which throws on any broken MUST: over-placing
 * (filled + inFlight > total), an order price beyond priceLimit or off the
 * tick/step, a MARKET order despite a price limit, a state that does not
 * survive JSON + its schema, a step after finishing, finishing with live orders.
 */

const planArb = fc.record({
  style: fc.option(fc.constantFrom(...ExecutionStrategyType.options), { nil: null }),
  urgency: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  visibility: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  slippage: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }), // basis points
  window: fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }),
  chunks: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
  distribution: fc.option(fc.constantFrom('UNIFORM', 'WEIGHTED' as const), { nil: null }),
  minFill: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null, freq: 2 }),
  must: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  stop: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  side: fc.constantFrom('BUY', 'SELL' as const),
  limitOffset: fc.option(fc.integer({ min: -200, max: 200 }), { nil: null }), // basis points from arrival
  quantity: fc.integer({ min: 5, max: 50_000 }), // in 0.0001 steps
  native: fc.boolean(),
});

const eventArb = fc.oneof(
  fc.record({ kind: fc.constant('wake' as const) }),
  fc.record({ kind: fc.constant('bar' as const), move: fc.integer({ min: -300, max: 300 }), volume: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ kind: fc.constant('trade' as const), move: fc.integer({ min: -300, max: 300 }), percent: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ kind: fc.constant('confirm' as const) }),
  fc.record({ kind: fc.constant('drop' as const), status: fc.constantFrom('CANCELED', 'EXPIRED', 'REJECTED' as const) }),
);

type PlanCase = typeof planArb extends fc.Arbitrary<infer T> ? T : never;

function translateCase(p: PlanCase) {
  const bp = (n: number) => new Decimal(n).div(10_000);
  const arrival = new Decimal('20000');
  const limit = p.limitOffset === null ? null : arrival.mul(bp(10_000 + p.limitOffset)).toDecimalPlaces(2);
  return translate(
    input({
      arrivalPrice: arrival,
      capabilities: caps({ nativeIceberg: p.native }),
      entryPlan: entry({
        direction: p.side,
        ...(limit ? { order_type: p.stop ? 'STOP_LIMIT' : 'LIMIT', limit_price: limit.toFixed() } : p.stop ? { order_type: 'STOP' } : {}),
        ...(p.stop ? { stop_price: arrival.toFixed() } : {}),
      }),
      sizePlan: size(new Decimal(p.quantity).div(10_000).toFixed()),
      executionPlan: execPlan({
        preferred_execution_style: p.style,
        execution_urgency: p.urgency === null ? null : new Decimal(p.urgency).div(100).toFixed(),
        visibility_preference: p.visibility === null ? null : new Decimal(p.visibility).div(100).toFixed(),
        max_slippage_pct: p.slippage === null ? null : bp(p.slippage).toFixed(),
        must_complete_immediately: p.must,
        max_execution_window_minutes: p.must ? null : p.window,
        chunk_count_hint: p.chunks,
        chunk_distribution: p.distribution,
        min_fill_ratio: p.minFill === null ? null : new Decimal(p.minFill).div(100).toFixed(),
      }),
    }),
  );
}

describe('every algorithm, under random plans and events', () => {
  it('never over-places, keeps every price within the limit, survives reloads, and settles honestly', () => {
    fc.assert(
      fc.property(planArb, fc.array(eventArb, { maxLength: 40 }), (p, events) => {
        const r = translateCase(p);
        if (!r.ok) return; // refusals are the translator's tests
        const spec = r.spec;
        const sim = new Sim(spec).start();
        let price = new Decimal('20000');
        let barTime = spec.startTime;
        for (const e of events) {
          if (sim.finish) break;
          if (e.kind === 'wake') sim.tick(sim.wakeAt ?? sim.now + MIN);
          if (e.kind === 'bar') {
            price = price.mul(new Decimal(10_000 + e.move).div(10_000)).toDecimalPlaces(2);
            sim.bar(bar(barTime, price, e.volume));
            barTime += MIN;
          }
          if (e.kind === 'trade') sim.trade(price.mul(new Decimal(10_000 + e.move).div(10_000)).toDecimalPlaces(2), new Decimal(e.percent).div(100));
          if (e.kind === 'confirm') sim.confirmCancels();
          if (e.kind === 'drop') {
            const o = sim.live()[0];
            if (o) sim.end(o.id, e.status);
          }
        }
        // Then a market that takes everything it can, so runs also complete.
        const generous = spec.side === 'BUY' ? new Decimal('19000') : new Decimal('21000');
        for (let i = 0; i < 80 && !sim.finish; i += 1) {
          sim.bar(bar(barTime, generous, 1000));
          barTime += MIN;
          sim.trade(generous);
          if (sim.wakeAt !== null) sim.tick(sim.wakeAt);
          sim.confirmCancels();
        }
        // Every fill is within the hard price limit.
        const cap = spec.priceLimit;
        if (cap) for (const f of sim.fills) expect(isWorsePrice(spec.side, f.price, cap)).toBe(false);
        // The window's end always finishes a windowed algorithm once cancels are confirmed.
        if (!sim.finish && spec.endTime !== null) {
          sim.tick(Math.max(sim.now, spec.endTime)).confirmCancels();
          expect(sim.finish).toBeDefined();
        }
        if (sim.finish) {
          expect(sim.finish.status === 'COMPLETED').toBe(sim.filled.eq(spec.totalQuantity));
          if (sim.finish.status === 'PARTIAL') expect(sim.filled.gt(0)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('max_slippage_pct as a hard limit', () => {
  it.each(['SINGLE', 'TWAP', 'VWAP', 'ICEBERG', 'LAYERED', 'POV'] as const)('%s: no fill beyond the limit while the price runs away', (style) => {
    const spec = specFor({
      sizePlan: size('2'),
      executionPlan: execPlan({ preferred_execution_style: style, max_slippage_pct: '0.005', max_execution_window_minutes: 20, chunk_count_hint: 5 }),
    });
    const cap = spec.priceLimit ?? new Decimal(0);
    const sim = new Sim(spec).start();
    for (let i = 0; i < 20 && !sim.finish; i += 1) {
      const market = new Decimal('20000').plus(i * 10); // climbs through the 20100 cap
      sim.bar(bar(spec.startTime + i * MIN, market, 5));
      sim.trade(market);
      sim.runUntil(sim.now, (s) => s.trade(market));
    }
    expect(sim.fills.length).toBeGreaterThan(0);
    for (const f of sim.fills) expect(f.price.lte(cap)).toBe(true);
  });

  it('a fill reported beyond the limit (a misbehaving venue) stops the algorithm and FAILS it', () => {
    const spec = specFor({ executionPlan: execPlan({ preferred_execution_style: 'TWAP', max_slippage_pct: '0.01', max_execution_window_minutes: 10 }) });
    const sim = new Sim(spec).start();
    sim.fill('ORD0', '0.01', '20500');
    sim.confirmCancels();
    expect(sim.finish?.status).toBe('FAILED');
    expect(sim.finish?.reason).toContain('beyond price limit 20200');
  });
});

describe('stored state', () => {
  it('a state that does not fit its algorithm is refused with a typed error', () => {
    expect(parseAlgoState('TWAP', { phase: 'RUNNING', placed: 0, closing: null, finish: null })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ALGO_STATE' },
    });
    const spec = specFor({});
    const sim = new Sim(spec).start();
    const twapState: ScheduleState = { phase: 'RUNNING', placed: 0, closing: null, finish: null, nextSlice: 0 };
    expect(() => algorithmFor('SINGLE').onTick(twapState, sim.view())).toThrow(AlgoStateError);
  });

  it('POV state keeps decimals as canonical strings', () => {
    expect(parseAlgoState('POV', { phase: 'RUNNING', placed: 0, closing: null, finish: null, marketVolume: '1e3', lastBarOpenTime: null }).ok).toBe(false);
  });
});
