import { describe, expect, it } from 'vitest';
import { ExecutionStrategyType } from '../../../core/domain/enums';
import { SizePlanSchema } from '../../../core/domain/size-plan';
import { TRANSLATION_RULES, translate, type TranslateErrorCode } from '../../../core/execution/translator';
import { encodeAlgoSpec, parseAlgoSpec } from '../../../core/execution/spec';
import { D, MIN, NOW, RULES, bar, caps, entry, execPlan, input, size, specFor } from './support/fixtures';

function errorOf(over: Parameters<typeof input>[0]): TranslateErrorCode {
  const r = translate(input(over));
  if (r.ok) throw new Error(`expected an error, got ${r.spec.strategy}`);
  return r.error.code;
}

describe('translator decision table', () => {
  it('row 8: no ExecutionPlan -> SINGLE with the entry as it is', () => {
    const s = specFor({});
    expect(s.strategy).toBe('SINGLE');
    expect(s.orderStyle).toBe('MARKET');
    expect(s.priceLimit).toBeNull();
    expect(s.reasons).toContain('no ExecutionPlan -> SINGLE');
  });

  it('row 3: seed 002 "Patient TWAP" -> TWAP, 12 slices of 5 min, slippage as a hard price limit', () => {
    const s = specFor({
      executionPlan: execPlan({
        execution_urgency: '0.20',
        visibility_preference: '0.30',
        max_slippage_pct: '0.0030',
        must_complete_immediately: false,
        max_execution_window_minutes: 60,
        preferred_execution_style: 'TWAP',
        chunk_count_hint: 12,
        chunk_distribution: 'UNIFORM',
        min_fill_ratio: null,
      }),
    });
    expect(s.strategy).toBe('TWAP');
    expect(s.sliceCount).toBe(12);
    expect(s.sliceIntervalMs).toBe(5 * MIN);
    expect(s.endTime).toBe(NOW + 60 * MIN);
    expect(s.priceLimit?.toFixed()).toBe('20060'); // 20000 * 1.003
    expect(s.reasons).toContain('preferred_execution_style TWAP -> TWAP');
    expect(s.reasons.some((r) => r.startsWith('chunk_distribution UNIFORM not used'))).toBe(true);
  });

  it.each(ExecutionStrategyType.options)('row 3: preferred_execution_style %s is followed when possible', (style) => {
    const s = specFor({ executionPlan: execPlan({ preferred_execution_style: style, max_execution_window_minutes: 10 }) });
    expect(s.strategy).toBe(style);
  });

  it('row 4: visibility_preference 0.20 -> ICEBERG showing 20%', () => {
    const s = specFor({ executionPlan: execPlan({ visibility_preference: '0.20' }) });
    expect(s.strategy).toBe('ICEBERG');
    expect(s.visibleQuantity?.toFixed()).toBe('0.2');
    expect(s.reasons).toContain('visibility_preference 0.2 <= 0.30 -> ICEBERG');
  });

  it('row 4 boundary: 0.30 is ICEBERG, 0.31 is not', () => {
    expect(specFor({ executionPlan: execPlan({ visibility_preference: '0.30' }) }).strategy).toBe('ICEBERG');
    expect(specFor({ executionPlan: execPlan({ visibility_preference: '0.31' }) }).strategy).toBe('SINGLE');
  });

  it('row 5: chunk_distribution -> LAYERED, a 1% ladder below a BUY limit', () => {
    const s = specFor({
      entryPlan: entry({ order_type: 'LIMIT', limit_price: '19000' }),
      executionPlan: execPlan({ chunk_distribution: 'WEIGHTED', chunk_count_hint: 4 }),
    });
    expect(s.strategy).toBe('LAYERED');
    expect(s.ladder).toEqual({ low: D('18810'), high: D('19000'), levels: 4, distribution: 'WEIGHTED' });
  });

  it('row 6: seed matrix "(none) + urgency 0.9" -> SINGLE, marketable limit at the cap', () => {
    const s = specFor({ executionPlan: execPlan({ execution_urgency: '0.9', max_slippage_pct: '0.01' }) });
    expect(s.strategy).toBe('SINGLE');
    expect(s.priceLimit?.toFixed()).toBe('20200');
    expect(s.reasons).toContain('execution_urgency 0.9 >= 0.80 -> SINGLE');
  });

  it('row 7: a window alone -> TWAP, one slice a minute', () => {
    const s = specFor({ executionPlan: execPlan({ max_execution_window_minutes: 15 }) });
    expect(s.strategy).toBe('TWAP');
    expect(s.sliceCount).toBe(15);
    expect(s.sliceIntervalMs).toBe(MIN);
  });

  it('row 8: an ExecutionPlan with no hints -> SINGLE', () => {
    expect(specFor({ executionPlan: execPlan({ execution_urgency: '0.5' }) }).strategy).toBe('SINGLE');
  });

  it('rows are ordered: style beats visibility beats distribution beats urgency beats window', () => {
    const all = { visibility_preference: '0.1', chunk_distribution: 'UNIFORM', execution_urgency: '0.9', max_execution_window_minutes: 10 } as const;
    expect(specFor({ executionPlan: execPlan({ ...all, preferred_execution_style: 'POV' }) }).strategy).toBe('POV');
    expect(specFor({ executionPlan: execPlan(all) }).strategy).toBe('ICEBERG');
    expect(specFor({ executionPlan: execPlan({ ...all, visibility_preference: '0.9' }) }).strategy).toBe('LAYERED');
    expect(specFor({ executionPlan: execPlan({ ...all, visibility_preference: '0.9', chunk_distribution: null }) }).strategy).toBe('SINGLE');
    expect(
      specFor({ executionPlan: execPlan({ ...all, visibility_preference: '0.9', chunk_distribution: null, execution_urgency: '0.5' }) }).strategy,
    ).toBe('TWAP');
  });

  it('row 2: must_complete_immediately overrides a style hint (MUST beats MAY) and is IOC', () => {
    const s = specFor({ executionPlan: execPlan({ must_complete_immediately: true, preferred_execution_style: 'TWAP', max_slippage_pct: '0.01' }) });
    expect(s.strategy).toBe('SINGLE');
    expect(s.mustCompleteImmediately).toBe(true);
    expect(s.reasons.some((r) => r.includes('preferred_execution_style TWAP overridden'))).toBe(true);
    expect(s.reasons.some((r) => r.includes('LIMIT IOC'))).toBe(true);
  });

  it('row 2: seed 002 "High Urgency Market Order" -> SINGLE IOC capped at arrival + 1%, min_fill_ratio kept', () => {
    const s = specFor({
      executionPlan: execPlan({
        execution_urgency: '0.95',
        visibility_preference: '1.0',
        max_slippage_pct: '0.0100',
        must_complete_immediately: true,
        max_execution_window_minutes: null,
        min_fill_ratio: '0.95',
      }),
    });
    expect(s.strategy).toBe('SINGLE');
    expect(s.priceLimit?.toFixed()).toBe('20200');
    expect(s.minFillRatio?.toFixed()).toBe('0.95');
  });

  it('row 1: a stop entry is one SINGLE stop order, whatever the style; slippage is measured from the stop', () => {
    const s = specFor({
      entryPlan: entry({ order_type: 'STOP', stop_price: '21000' }),
      executionPlan: execPlan({ preferred_execution_style: 'TWAP', max_slippage_pct: '0.005' }),
    });
    expect(s.strategy).toBe('SINGLE');
    expect(s.stopPrice?.toFixed()).toBe('21000');
    expect(s.priceLimit?.toFixed()).toBe('21105');
    expect(s.reasons.some((r) => r.includes('overridden'))).toBe(true);
  });

  it('a style that is not possible falls through to the next row, and says why', () => {
    // ICEBERG needs a price to rest at: MARKET entry, no arrival price, no cap.
    const s = specFor({ arrivalPrice: undefined, executionPlan: execPlan({ preferred_execution_style: 'ICEBERG', max_execution_window_minutes: 5 }) });
    expect(s.strategy).toBe('TWAP');
    expect(s.reasons.some((r) => r.startsWith('ICEBERG not possible'))).toBe(true);
  });

  it('a style name with no algorithm here is ignored', () => {
    const s = specFor({ executionPlan: execPlan({ preferred_execution_style: 'PRIVATE_MEMPOOL' }) });
    expect(s.strategy).toBe('SINGLE');
    expect(s.reasons).toContain('preferred_execution_style PRIVATE_MEMPOOL is not an algorithm here -> ignored');
  });
});

describe('translator parameters', () => {
  it('rounds the price limit toward safety: BUY down, SELL up', () => {
    const plan = execPlan({ max_slippage_pct: '0.00333' });
    const buy = specFor({ arrivalPrice: D('100.00'), executionPlan: plan });
    const sell = specFor({ arrivalPrice: D('100.00'), executionPlan: plan, entryPlan: entry({ direction: 'SELL' }) });
    expect(buy.priceLimit?.toFixed()).toBe('100.33'); // 100.333
    expect(sell.priceLimit?.toFixed()).toBe('99.67'); // 99.667
  });

  it('caps an entry limit that is beyond the slippage limit', () => {
    const s = specFor({ entryPlan: entry({ order_type: 'LIMIT', limit_price: '20500' }), executionPlan: execPlan({ max_slippage_pct: '0.01' }) });
    expect(s.limitPrice?.toFixed()).toBe('20200');
    expect(s.reasons).toContain('limit price 20500 capped at the price limit 20200');
  });

  it('rounds the quantity down to the step and says so', () => {
    const s = specFor({ sizePlan: size('0.12345678') });
    expect(s.totalQuantity.toFixed()).toBe('0.1234');
    expect(s.reasons[0]).toContain('rounded down');
  });

  it('reduces chunk_count_hint so every slice clears the minimum notional', () => {
    // 0.002 BTC at 20000 = 40 USD; min notional 10 USD -> at most 4 slices.
    const s = specFor({ sizePlan: size('0.002'), executionPlan: execPlan({ preferred_execution_style: 'TWAP', chunk_count_hint: 12, max_execution_window_minutes: 60 }) });
    expect(s.sliceCount).toBe(4);
    expect(s.reasons.some((r) => r.startsWith('slices reduced from 12 to 4'))).toBe(true);
  });

  it('gives time-sliced algorithms a default window and says so', () => {
    const s = specFor({ executionPlan: execPlan({ preferred_execution_style: 'VWAP' }) });
    expect(s.endTime).toBe(NOW + TRANSLATION_RULES.defaultWindowMinutes * MIN);
    expect(s.reasons).toContain(`no max_execution_window_minutes -> default window ${TRANSLATION_RULES.defaultWindowMinutes} min`);
  });

  it('ICEBERG: visible share has a floor, rests at the cap for a MARKET entry, native where the connector has it', () => {
    const s = specFor({ capabilities: caps({ nativeIceberg: true }), executionPlan: execPlan({ visibility_preference: '0.01', max_slippage_pct: '0.001' }) });
    expect(s.visibleQuantity?.toFixed()).toBe('0.05');
    expect(s.limitPrice?.toFixed()).toBe('20020');
    expect(s.nativeIceberg).toBe(true);
  });

  it('POV: participation rate = 0.05 + 0.25 * urgency', () => {
    const s = specFor({ executionPlan: execPlan({ preferred_execution_style: 'POV', execution_urgency: '0.4' }) });
    expect(s.participationRate?.toFixed()).toBe('0.15');
  });

  it('VWAP: the profile follows the time-of-day volume of the history bars', () => {
    // Three past days; in the 10 minutes from 14:00 volume grows 10, 20, ..., 100 per minute.
    const history = [1, 2, 3].flatMap((day) =>
      Array.from({ length: 10 }, (_, m) => bar(NOW - day * 86_400_000 + m * MIN, '20000', (m + 1) * 10)),
    );
    const s = specFor({ volumeHistory: history, executionPlan: execPlan({ preferred_execution_style: 'VWAP', max_execution_window_minutes: 10, chunk_count_hint: 5 }) });
    // 2-minute buckets: mean of (10,20), (30,40), ...
    expect(s.volumeProfile?.map((w) => w.toFixed())).toEqual(['15', '35', '55', '75', '95']);
  });

  it('VWAP without history: U-shaped, symmetric, heavier at both ends', () => {
    const s = specFor({ executionPlan: execPlan({ preferred_execution_style: 'VWAP', chunk_count_hint: 5, max_execution_window_minutes: 10 }) });
    const w = (s.volumeProfile ?? []).map((x) => x.toNumber());
    expect(w).toHaveLength(5);
    expect(w[0]).toBe(w[4]);
    expect(w[1]).toBe(w[3]);
    expect(w[0]).toBeGreaterThan(w[1] ?? 0);
    expect(w[1]).toBeGreaterThan(w[2] ?? 0);
  });

  it('the spec survives JSON and its schema unchanged', () => {
    const s = specFor({ executionPlan: execPlan({ preferred_execution_style: 'VWAP', max_slippage_pct: '0.002' }) });
    const back = parseAlgoSpec(JSON.parse(JSON.stringify(encodeAlgoSpec(s))));
    expect(back.ok && encodeAlgoSpec(back.value)).toEqual(encodeAlgoSpec(s));
  });
});

describe('translator refusals (typed errors)', () => {
  it('no size plan', () => expect(errorOf({ sizePlan: undefined })).toBe('MISSING_SIZE_PLAN'));
  it('zero quantity', () => {
    expect(errorOf({ sizePlan: { ...SizePlanSchema.parse({ plan_id: 'SIZ_20230313_140000_abcde', position_size: '1' }), position_size: D(0) } })).toBe(
      'INVALID_QUANTITY',
    );
    expect(errorOf({ sizePlan: size('0.00001') })).toBe('INVALID_QUANTITY'); // below one step
  });
  it('below the minimum order size', () => expect(errorOf({ sizePlan: size('0.0004') })).toBe('BELOW_MIN_SIZE')); // 8 USD < 10
  it('unknown symbol', () => expect(errorOf({ entryPlan: entry({ symbol: 'DOGE/USD' }) })).toBe('UNKNOWN_SYMBOL'));
  it('window too short for the slices', () =>
    expect(errorOf({ executionPlan: execPlan({ preferred_execution_style: 'TWAP', max_execution_window_minutes: 1, chunk_count_hint: 30 }) })).toBe(
      'WINDOW_TOO_SHORT',
    ));
  it('an action that is not a trade', () => expect(errorOf({ executionPlan: execPlan({ action: 'CANCEL_GROUP' }) })).toBe('UNSUPPORTED_ACTION'));
  it('a slippage limit with nothing to measure it from', () =>
    expect(errorOf({ arrivalPrice: undefined, executionPlan: execPlan({ max_slippage_pct: '0.01' }) })).toBe('NO_REFERENCE_PRICE'));
  it('a stop entry that must complete immediately', () =>
    expect(errorOf({ entryPlan: entry({ order_type: 'STOP', stop_price: '21000' }), executionPlan: execPlan({ must_complete_immediately: true }) })).toBe(
      'CONFLICTING_CONSTRAINTS',
    ));
  it('a connector that cannot place the order', () => expect(errorOf({ capabilities: caps({ orderTypes: ['LIMIT'] }) })).toBe('UNSUPPORTED_ORDER_TYPE'));
  it('uses the rules of the symbol it trades', () => {
    const other = { ...RULES, symbol: 'ETH/USD' };
    expect(errorOf({ capabilities: caps({ symbols: [other] }) })).toBe('UNKNOWN_SYMBOL');
  });
});
