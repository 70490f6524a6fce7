import Decimal from 'decimal.js';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../core/engine/status';
import { encodeAlgoSpec, parseAlgoSpec } from '../../../core/execution/spec';
import { GroupViewSchema, type GroupViewWire } from '../../../core/ledger/views';
import { applyEvents, applySnapshot, mergeHistory, type LedgerState } from '../../../renderer/src/store/ledger-state';
import { addQuotes, marketTwap, mergeBars } from '../../../renderer/src/store/quotes';
import {
  fillsOfPlan,
  groupBenchmark,
  groupCancelProgress,
  groupProgress,
  groupRows,
  planCancelProgress,
  positionRows,
  sameJson,
  slippageBps,
} from '../../../renderer/src/store/selectors';
import { execPlan, specFor } from '../execution/support/fixtures';
import { checkInvariantsAfterEach, fillInput, GROUP, orderInput, PLAN, testLedger } from '../ledger/fixtures';
import { decodedEventsAfter, decodeSnapshot, ledgerWith, writeOps } from './ledger-events';

checkInvariantsAfterEach();

function group(overrides: Partial<GroupViewWire>) {
  return GroupViewSchema.parse({
    group_id: 'EXG_20260105_090000_abcde',
    parent_plan_id: 'TPL_20260105_090000_abcde',
    execution_strategy: 'TWAP',
    order_ids: [],
    status: 'ACTIVE',
    created_at: '2026-01-05T09:00:00Z',
    updated_at: '2026-01-05T09:00:00Z',
    target_quantity: '1',
    filled_quantity: '0',
    cancelled_at: null,
    completed_at: null,
    in_flight_quantity: '0',
    average_fill_price: null,
    fees_paid: '0',
    fill_count: 0,
    order_counts: {},
    ...overrides,
  });
}

function status(market: EngineStatus['market']): EngineStatus {
  return {
    mode: 'paper',
    connectorId: 'paper',
    connectionState: 'CONNECTED',
    now: 0,
    paused: false,
    speed: 1,
    sessionId: null,
    fidelityProfile: null,
    market,
    balances: [],
    recovery: null,
    acceptingOrders: true,
    refusalReason: null,
    pendingReconciliation: false,
    reconciliationReportId: null,
  };
}

describe('group progress', () => {
  it('floors to whole percent, shows in-flight in the rest of the bar, and caps an overfill at 100', () => {
    expect(groupProgress(group({ filled_quantity: '0.333', in_flight_quantity: '0.25' }))).toMatchObject({ filledPercent: 33, inFlightPercent: 25, overfilled: false });
    expect(groupProgress(group({ filled_quantity: '0.9', in_flight_quantity: '0.5' }))).toMatchObject({ filledPercent: 90, inFlightPercent: 10 });
    expect(groupProgress(group({ filled_quantity: '1.2' }))).toMatchObject({ filledPercent: 100, inFlightPercent: 0, overfilled: true });
    expect(groupProgress(group({ target_quantity: null, filled_quantity: '0' }))).toMatchObject({ filledPercent: 0, inFlightPercent: 0 });
  });

  it('property: filled + in flight never exceed 100 and filled is monotone in the filled quantity', () => {
    const q = fc.integer({ min: 0, max: 10 ** 9 }).map((n) => new Decimal(n).div(10 ** 6).toFixed());
    fc.assert(
      fc.property(q, q, q, fc.integer({ min: 1, max: 10 ** 9 }), (a, b, inFlight, t) => {
        const target = new Decimal(t).div(10 ** 6).toFixed();
        const [lo, hi] = new Decimal(a).lte(b) ? [a, b] : [b, a];
        const p1 = groupProgress(group({ target_quantity: target, filled_quantity: lo, in_flight_quantity: inFlight }));
        const p2 = groupProgress(group({ target_quantity: target, filled_quantity: hi, in_flight_quantity: inFlight }));
        expect(p1.filledPercent + p1.inFlightPercent).toBeLessThanOrEqual(100);
        expect(p1.filledPercent).toBeLessThanOrEqual(p2.filledPercent);
      }),
    );
  });
});

describe('benchmarks', () => {
  it('slippage is positive when a BUY pays more or a SELL receives less than the benchmark', () => {
    expect(slippageBps('BUY', new Decimal('100.5'), new Decimal('100'))?.toFixed()).toBe('50');
    expect(slippageBps('SELL', new Decimal('100.5'), new Decimal('100'))?.toFixed()).toBe('-50');
    expect(slippageBps('BUY', null, new Decimal('100'))).toBeNull();
    expect(slippageBps('BUY', new Decimal('1'), new Decimal('0'))).toBeNull();
  });

  it('keeps the engine\'s bars from the status pushes (a repeat replaces, an older one is ignored) and averages closes in a window', () => {
    const q = (openTime: number, close: string, high = close) => [
      { symbol: 'BTC/USDT', bid: close, ask: close, last: close, at: openTime + 60_000, open: '100', high, low: '99', openTime },
    ];
    let h = addQuotes({}, q(60_000, '100'));
    h = addQuotes(h, q(120_000, '101'));
    expect(addQuotes(h, q(60_000, '999'))).toBe(h);
    h = addQuotes(h, q(120_000, '102', '103'));
    h = addQuotes(h, q(180_000, '104'), 2);
    expect(h['BTC/USDT']?.map((b) => [b.time.getTime(), b.open.toFixed(), b.high.toFixed(), b.low.toFixed(), b.close.toFixed()])).toEqual([
      [120_000, '100', '103', '99', '102'],
      [180_000, '100', '104', '99', '104'],
    ]);
    expect(marketTwap(h['BTC/USDT'] ?? [], 120_000, 240_000)?.toFixed()).toBe('103');
    expect(marketTwap(h['BTC/USDT'] ?? [], 0, 120_000)).toBeNull();
    expect(addQuotes(h, q(240_000, 'not a price'))).toBe(h);
  });

  it('property: bars read from the engine fall into place by time, never replace a bar the pushes made, and the newest max stay', () => {
    const quote = (openTime: number, close: string) => ({ symbol: 'BTC/USDT', bid: close, ask: close, last: close, at: openTime + 60_000, open: close, high: close, low: close, openTime });
    const times = fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 30 });
    fc.assert(
      fc.property(times, times, fc.integer({ min: 1, max: 40 }), (pushed, loaded, max) => {
        let h = {} as Parameters<typeof mergeBars>[0];
        for (const t of [...pushed].sort((a, b) => a - b)) h = addQuotes(h, [quote(t * 60_000, `${t}.5`)], 1_000);
        const merged = mergeBars(h, 'BTC/USDT', [...loaded.map((t) => quote(t * 60_000, `${t}`)), { ...quote(7, '1'), symbol: 'ETH/USDT' }], max);
        if (loaded.every((t) => pushed.includes(t))) {
          expect(merged).toBe(h); // nothing new: the very same history
          return;
        }
        const bars = merged['BTC/USDT'] ?? [];
        const all = [...new Set([...pushed, ...loaded])].sort((a, b) => a - b);
        expect(bars.map((b) => b.time.getTime() / 60_000)).toEqual(all.slice(Math.max(0, all.length - max)));
        for (const b of bars) expect(b.close.toFixed()).toBe(pushed.includes(b.time.getTime() / 60_000) ? `${b.time.getTime() / 60_000}.5` : `${b.time.getTime() / 60_000}`);
        expect(merged['ETH/USDT']).toBeUndefined();
      }),
    );
  });
});

describe('positions and cancels from a real ledger', () => {
  it('unrealized P&L is (mark - average entry) x net quantity, in decimals', () => {
    const { ledger } = testLedger();
    const { order } = ledger.registerOrder(orderInput());
    ledger.recordFill(fillInput(order.order_id, '0.1', '50000.10'));
    ledger.recordFill(fillInput(order.order_id, '0.2', '50000.40'));
    const state = applySnapshot(decodeSnapshot(ledger));
    const [row] = positionRows(state, status([{ symbol: 'BTC/USDT', bid: '1', ask: '1', last: '50010.3', at: 1, open: '1', high: '1', low: '1', openTime: 0 }]));
    expect(row?.position.net_quantity.toFixed()).toBe('0.3');
    expect(row?.position.average_entry_price?.toFixed()).toBe('50000.3');
    expect(row?.unrealized?.toFixed()).toBe('3');
    expect(positionRows(state, null)[0]?.unrealized).toBeNull();
  });

  it('counts a group\'s cancels whoever asked, a plan\'s only plan/desk-wide ones, and late fills for both', () => {
    const { ledger } = testLedger();
    const a = ledger.registerOrder(orderInput()).order;
    const b = ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order } }).order;
    const c = ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order } }).order;
    const ia = ledger.requestCancel(a.order_id, { reason: 'button', scope: 'GROUP' });
    ledger.confirmCancel(ia.intent_id);
    ledger.updateOrder({ order_id: a.order_id, status: 'CANCELED' });
    const ib = ledger.requestCancel(b.order_id, { reason: 'panic', scope: 'PLAN' });
    ledger.failCancel(ib.intent_id, 'exchange said no');
    ledger.requestCancel(c.order_id, { reason: 'panic', scope: 'PLAN' });
    ledger.recordFill(fillInput(a.order_id, '0.01'));
    const state = applySnapshot(decodeSnapshot(ledger));
    expect(groupCancelProgress(state, GROUP)).toEqual({ total: 3, requested: 1, confirmed: 1, failed: 1, unknown: 0, lateFills: 1 });
    expect(planCancelProgress(state, PLAN)).toEqual({ total: 2, requested: 1, confirmed: 0, failed: 1, unknown: 0, lateFills: 1 });
    const [row] = groupRows(state, PLAN);
    expect(row?.terminal).toBe(false);
    expect(row?.cancel.total).toBe(3);
  });
});

describe('fillsOfPlan and groupRows across batches (kept between states)', () => {
  const fromScratch = (state: LedgerState, groupId: string | null) =>
    [...state.fills.values()].filter((f) => f.parent_plan_id === PLAN && (groupId === null || f.parent_group_id === groupId));

  it('property: after any run of batches and history pages, the kept rows are what a filter of all fills gives', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { maxLength: 8 }), fc.array(fc.array(fc.nat(1000), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (before, batches) => {
        const ledger = ledgerWith(before);
        const full = decodeSnapshot(ledger);
        // The snapshot without its older half of fills: they come back as a history page in between.
        let state = applySnapshot({ ...full, fills: full.fills.slice(0, Math.ceil(full.fills.length / 2)) });
        for (const groupId of [null, GROUP]) expect([...fillsOfPlan(state, PLAN, groupId)]).toEqual(fromScratch(state, groupId));
        batches.forEach((ops, i) => {
          writeOps(ledger, ops);
          const r = applyEvents(state, decodedEventsAfter(ledger, state.seq));
          if ('resync' in r) throw new Error('unexpected resync');
          state = i === 0 ? mergeHistory(r.state, { fills: full.fills }) : r.state;
          const before = fillsOfPlan(state, PLAN);
          for (const groupId of [null, GROUP]) {
            const rows = fillsOfPlan(state, PLAN, groupId);
            expect([...rows]).toEqual(fromScratch(state, groupId));
            expect(rows.length).toBe(fromScratch(state, groupId).length);
          }
          // The same state again: the same array (a table given it does not re-render).
          expect(fillsOfPlan(state, PLAN)).toBe(before);
          expect(groupRows(state, PLAN).map((row) => row.group)).toEqual([...state.groups.values()].filter((g) => g.parent_plan_id === PLAN));
        });
        ledger.close();
      }),
      { numRuns: 40 },
    );
  });

  it('a batch without fills for the plan returns the same rows; a group whose view did not change keeps its row object', () => {
    const ledger = ledgerWith([0, 1, 1]);
    const state = applySnapshot(decodeSnapshot(ledger));
    const rows = fillsOfPlan(state, PLAN);
    const groups = groupRows(state, PLAN);
    writeOps(ledger, [0]); // a new order: no fill
    const r = applyEvents(state, decodedEventsAfter(ledger, state.seq));
    if ('resync' in r) throw new Error('unexpected resync');
    expect(r.state.fills).toBe(state.fills);
    expect(fillsOfPlan(r.state, PLAN)).toBe(rows);
    // Unchanged group views keep their row objects; the group the new order joined gets a new one.
    expect(groupRows(state, PLAN)[0]).toBe(groups[0]);
    const after = groupRows(r.state, PLAN);
    expect(after[0]?.group).not.toBe(groups[0]?.group);
    expect(after[0]).not.toBe(groups[0]);
    expect(after[0]?.group.order_ids.length).toBe((groups[0]?.group.order_ids.length ?? 0) + 1);
  });

  it('property: sameJson is structural equality of JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        expect(sameJson(a, structuredClone(a))).toBe(true);
        expect(sameJson(a, b)).toBe(isDeepStrictEqual(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('a group\'s benchmark follows its algorithm\'s spec across state versions, and is kept while spec, window and bars are the same', () => {
    const ledger = ledgerWith([0]);
    const wire = (s: ReturnType<typeof specFor>) => JSON.parse(JSON.stringify(encodeAlgoSpec(s))) as unknown;
    const twap = wire(specFor({ executionPlan: execPlan({ preferred_execution_style: 'TWAP', max_execution_window_minutes: 30 }) }));
    const vwap = wire(specFor({ executionPlan: execPlan({ preferred_execution_style: 'VWAP', max_execution_window_minutes: 10 }) }));
    const benchAfter = (state: unknown) => {
      ledger.putAlgoState(GROUP, state);
      const ledgerState = applySnapshot(decodeSnapshot(ledger));
      return groupBenchmark(ledgerState, ledgerState.groups.get(GROUP)!, 'BTC/USD', {}, Date.UTC(2030, 0, 1));
    };
    const expected = (raw: unknown) => {
      const spec = parseAlgoSpec(raw);
      if (!spec.ok) throw new Error('bad spec');
      return { arrivalPrice: spec.value.arrivalPrice, startMs: spec.value.startTime, endMs: spec.value.endTime, marketTwap: null };
    };
    const first = benchAfter({ spec: twap, n: 1 });
    expect(first).toEqual(expected(twap));
    // A new version, the same spec (a new object): the same benchmark.
    expect(benchAfter({ spec: structuredClone(twap), n: 2, status: 'DONE' })).toBe(first);
    expect(benchAfter({ spec: vwap, n: 3 })).toEqual(expected(vwap));
    expect(benchAfter({ n: 4 })).toEqual({ arrivalPrice: null, startMs: null, endMs: null, marketTwap: null });
    expect(benchAfter({ spec: twap, n: 5 })).toEqual(expected(twap));
  });
});
