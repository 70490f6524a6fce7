import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { nextChunk } from '../../../core/execution/algorithms/iceberg';
import { caps, entry, execPlan, size, specFor } from './support/fixtures';
import { Sim } from './support/sim';

const limitEntry = entry({ order_type: 'LIMIT', limit_price: '19990' });
const plan = execPlan({ visibility_preference: '0.2' });

describe('ICEBERG', () => {
  it('shows one chunk of the visible quantity at a time and posts the next when it fills', () => {
    const spec = specFor({ entryPlan: limitEntry, executionPlan: plan });
    const sim = new Sim(spec).start();
    for (let i = 0; i < 5; i += 1) {
      expect(sim.live()).toHaveLength(1);
      expect(sim.live()[0]).toMatchObject({ type: 'LIMIT', timeInForce: 'GTC', icebergQuantity: null });
      expect(sim.live()[0]?.price?.toFixed()).toBe('19990');
      sim.now += 1_000;
      sim.trade('19990');
    }
    expect(sim.orders.map((o) => o.quantity.toFixed())).toEqual(['0.2', '0.2', '0.2', '0.2', '0.2']);
    expect(sim.finish?.status).toBe('COMPLETED');
    expect(sim.maxExposure.toFixed()).toBe('0.2');
  });

  it('never exposes more than the visible quantity, whatever the fills (property)', () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant('fill' as const), part: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('cancel' as const) }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 120_000 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 300 }).map((v) => new Decimal(v).div(1000)), // visibility 0.005 .. 0.3
        fc.integer({ min: 20, max: 5000 }).map((v) => new Decimal(v).div(1000)), // 0.02 .. 5 BTC
        fc.array(action, { maxLength: 60 }),
        (visibility, quantity, actions) => {
          const spec = specFor({ entryPlan: limitEntry, sizePlan: size(quantity.toFixed()), executionPlan: execPlan({ preferred_execution_style: 'ICEBERG', visibility_preference: visibility.toFixed(), max_execution_window_minutes: 30 }) });
          if (spec.strategy !== 'ICEBERG') return; // too small to hide: the translator chose otherwise
          const visible = spec.visibleQuantity ?? new Decimal(0);
          const sim = new Sim(spec).start();
          for (const a of actions) {
            if (sim.finish) break;
            const o = sim.live()[0];
            if (a.kind === 'fill' && o) {
              const q = o.quantity.minus(o.filled).mul(a.part).div(100).div('0.0001').ceil().mul('0.0001');
              sim.fill(o.id, Decimal.min(q, o.quantity.minus(o.filled)), '19990');
            } else if (a.kind === 'cancel' && o) {
              sim.end(o.id, 'CANCELED'); // cancelled by hand on the exchange: the algorithm re-posts
            } else if (a.kind === 'tick') {
              sim.tick(sim.now + a.ms);
            }
            expect(sim.maxExposure.lte(visible)).toBe(true);
            expect(sim.live().length).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('uses one native iceberg order where the connector has them', () => {
    const spec = specFor({ entryPlan: limitEntry, executionPlan: plan, capabilities: caps({ nativeIceberg: true }) });
    const sim = new Sim(spec).start();
    expect(sim.orders).toHaveLength(1);
    expect(sim.orders[0]?.quantity.toFixed()).toBe('1');
    expect(sim.orders[0]?.icebergQuantity?.toFixed()).toBe('0.2');
    expect(sim.maxExposure.toFixed()).toBe('0.2');
  });

  it('sizes the last chunks so no unplaceable dust is left', () => {
    expect(nextChunk(new Decimal('0.25'), new Decimal('0.2'), new Decimal('0.1')).toFixed()).toBe('0.15');
    expect(nextChunk(new Decimal('0.4'), new Decimal('0.2'), new Decimal('0.1')).toFixed()).toBe('0.2');
    expect(nextChunk(new Decimal('0.15'), new Decimal('0.2'), new Decimal('0.1')).toFixed()).toBe('0.15');
  });

  it('ends PARTIAL when the window closes on a resting chunk', () => {
    const spec = specFor({ entryPlan: limitEntry, executionPlan: execPlan({ visibility_preference: '0.2', max_execution_window_minutes: 10 }) });
    const sim = new Sim(spec).start().trade('19990');
    sim.tick(spec.endTime ?? 0).confirmCancels();
    expect(sim.finish).toMatchObject({ status: 'PARTIAL', at: spec.endTime });
    expect(sim.filled.toFixed()).toBe('0.2');
  });
});
