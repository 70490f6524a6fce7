import type { Engine } from '../../../../core/engine';
import { directive } from '../../../integration/engine/directive';
import { startWebDesk, type WebDesk } from './web';

/**
 * The desk of web-targets-bench step (c), shared with cancel-profile.ts: web
 * mode with the engine kept, a paper session with the given fidelity, and
 * one plan of 100 groups of 10 resting limit orders far below the market.
 */
export interface CancelDesk {
  readonly desk: WebDesk;
  readonly engine: Engine;
  readonly planId: string;
  /** The plan's OPEN orders in the ledger. */
  open(): number;
}

const withTimeout = <T>(p: Promise<T>, msLimit: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${msLimit} ms`)), msLimit).unref())]);

/** Starts the desk and waits until the plan's 1,000 orders are OPEN; on failure the desk is stopped. */
export async function startCancelDesk(dataDir: string, staticDir: string, fidelity: 'realistic' | 'optimistic'): Promise<CancelDesk> {
  const desk = await startWebDesk(dataDir, staticDir, { keepEngine: true });
  const engine = desk.engine;
  try {
    if (!engine) throw new Error('no engine');
    const firstQuote = new Promise<void>((resolve) => {
      const off = engine.onStatus((s) => {
        if (s.market.length > 0) {
          off();
          resolve();
        }
      });
    });
    await engine.startPaperSession({
      symbols: [{ symbol: 'BTC/USDT', start_price: '30000' }],
      balances: { BTC: '10', USDT: '100000000' },
      source: { kind: 'synthetic', seed: 7 },
      // Real time: at speed 100 the session's bar work over 1,000 resting orders starves the process.
      speed: 1,
      interval_ms: 1000,
      fidelity,
    });
    await firstQuote;
    // 100 groups of 10 resting orders each, far below the market.
    const ladder = (extra: Record<string, unknown>) =>
      directive({ quantity: '1', orderType: 'LIMIT', limitPrice: '15000', execution: { action: 'EXECUTE_TRADE', chunk_distribution: 'UNIFORM', chunk_count_hint: 10 }, now: Date.now(), ...extra });
    const first = await engine.submitDirective(ladder({}));
    const planId = first.planId ?? '';
    for (let g = 1; g < 100; g++) await engine.submitDirective(ladder({ scope: 'MODIFY_EXISTING', targetPlanId: planId }));
    const open = () => engine.ledger.liveOrdersOfPlan(planId).filter((o) => o.status === 'OPEN').length;
    const deadline = Date.now() + 60_000;
    while (open() < 1000 && Date.now() < deadline) {
      await withTimeout(engine.idle(), 10_000, 'engine.idle');
      if (open() < 1000) await new Promise((r) => setTimeout(r, 100));
    }
    return { desk, engine, planId, open };
  } catch (e) {
    await desk.stop();
    throw e;
  }
}

/** Epoch milliseconds with sub-millisecond precision, comparable with the page's timestamps. */
export const nowEpoch = () => performance.timeOrigin + performance.now();

/** The engine's share of a cancel-all, from the ledger's own events as they are committed (epoch ms; NaN until seen). */
export interface CancelWatch {
  readonly firstIntentAt: () => number;
  readonly allCancelledAt: () => number;
  readonly stop: () => void;
}

export function watchCancelAll(engine: Engine, planId: string, orders = 1000): CancelWatch {
  // Only the type is read as events arrive: reading an event's data would parse it, work the engine does not do.
  const fromSeq = engine.ledger.lastSeq();
  let firstIntentAt = Number.NaN;
  const orderEventAt = new Map<number, number>();
  const stop = engine.subscribe(fromSeq, (e) => {
    if (e.type === 'cancel_intent' && Number.isNaN(firstIntentAt)) firstIntentAt = nowEpoch();
    if (e.type === 'order') orderEventAt.set(e.seq, nowEpoch());
  });
  // When the last order was seen CANCELED, read afterwards from the ledger's stored events.
  const allCancelledAt = () => {
    const cancelled = new Set<string>();
    for (const e of engine.ledger.eventsAfter(fromSeq, 1_000_000)) {
      if (e.type !== 'order' || e.data.parent_plan_id !== planId || e.data.status !== 'CANCELED') continue;
      cancelled.add(e.data.order_id);
      if (cancelled.size === orders) return orderEventAt.get(e.seq) ?? Number.NaN;
    }
    return Number.NaN;
  };
  return { firstIntentAt: () => firstIntentAt, allCancelledAt, stop };
}
