import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { MIN, bar, execPlan, size, specFor } from './support/fixtures';
import { Sim } from './support/sim';

const plan = execPlan({ preferred_execution_style: 'POV', execution_urgency: '0.2', max_execution_window_minutes: 120, max_slippage_pct: '0.01' });

describe('POV', () => {
  it('keeps participation within +-20% of the rate after a warm-up, over random volumes and fill rates (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 50, max: 150 }), { minLength: 60, maxLength: 60 }),
        fc.array(fc.integer({ min: 50, max: 100 }), { minLength: 60, maxLength: 60 }),
        (volumes, fillPercents) => {
          const spec = specFor({ sizePlan: size('10000'), executionPlan: plan });
          const rate = spec.participationRate ?? new Decimal(0);
          const sim = new Sim(spec).start();
          let market = new Decimal(0);
          volumes.forEach((v, i) => {
            sim.bar(bar(spec.startTime + i * MIN, '20000', v));
            market = market.plus(v);
            sim.trade('20000', new Decimal(fillPercents[i] ?? 100).div(100));
            if (i >= 20) {
              const participation = sim.filled.div(market);
              expect(participation.gte(rate.mul('0.8')) && participation.lte(rate.mul('1.2'))).toBe(true);
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sends the shortfall against rate * market volume on each new bar', () => {
    const spec = specFor({ sizePlan: size('100'), executionPlan: plan });
    const sim = new Sim(spec).start();
    expect(sim.orders).toHaveLength(0); // nothing before the market trades
    sim.bar(bar(spec.startTime, '20000', 100));
    expect(sim.orders[0]?.quantity.toFixed()).toBe('10'); // 0.10 * 100
    sim.trade('20000', '0.5');
    sim.bar(bar(spec.startTime + MIN, '20000', 50));
    expect(sim.orders[1]?.quantity.toFixed()).toBe('10'); // 0.10 * 150 - 5 filled
  });

  it('counts each bar once and ignores bars from before its start', () => {
    const spec = specFor({ sizePlan: size('100'), executionPlan: plan });
    const sim = new Sim(spec).start();
    sim.bar(bar(spec.startTime - MIN, '20000', 1000));
    expect(sim.orders).toHaveLength(0);
    sim.bar(bar(spec.startTime, '20000', 100)).trade('20000');
    sim.bar(bar(spec.startTime, '20000', 100));
    expect(sim.orders).toHaveLength(1);
  });

  it('completes at the target and ends PARTIAL when the window closes short of it', () => {
    const done = new Sim(specFor({ sizePlan: size('5'), executionPlan: plan })).start();
    done.bar(bar(done.spec.startTime, '20000', 100)).trade('20000');
    expect(done.finish?.status).toBe('COMPLETED');

    const spec = specFor({ sizePlan: size('100'), executionPlan: plan });
    const short = new Sim(spec).start();
    short.bar(bar(spec.startTime, '20000', 100)).trade('20000');
    short.tick(spec.endTime ?? 0);
    expect(short.finish).toMatchObject({ status: 'PARTIAL', at: spec.endTime });
  });
});
