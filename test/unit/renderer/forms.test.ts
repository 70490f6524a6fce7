import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExecutionDirectiveSchema } from '../../../core/domain';
import { PaperSessionRequestSchema } from '../../../core/engine/paper-request';
import { directivesFromFile } from '../../../renderer/src/forms/import-file';
import { DEFAULT_SESSION, MAX_CSV_BYTES, buildSessionRequest } from '../../../renderer/src/forms/session-form';
import { shortcutOf } from '../../../renderer/src/forms/shortcuts';
import { buildLiveVenueRequest, DEFAULT_LIVE_VENUE } from '../../../renderer/src/forms/live-venue-form';
import { SaveLiveSettingsSchema } from '../../../core/api/desktop-contract';
import { buildDirective, EMPTY_TICKET, type TicketFields } from '../../../renderer/src/forms/ticket-form';

const NOW = Date.UTC(2026, 0, 5, 9, 30, 0);
const ctx = { nowMs: NOW, targetPlanId: null };
const twap: TicketFields = { ...EMPTY_TICKET, symbol: 'BTC/USDT', quantity: '0.5', style: 'TWAP', windowMinutes: '2', chunks: '4', maxSlippage: '0.01' };

describe('ticket -> ExecutionDirective', () => {
  it('builds a directive in the seeds\' wire format that the domain schema accepts', () => {
    const r = buildDirective({ ...twap, entryType: 'LIMIT', limitPrice: '29950.5', stopLoss: '29000', takeProfit: '31000' }, ctx);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const d = ExecutionDirectiveSchema.parse(r.wire);
    expect(r.directive).toEqual(d);
    expect(d.directive_id).toMatch(/^EXE_20260105_093000_/);
    expect(d.entry_plan).toMatchObject({ symbol: 'BTC/USDT', direction: 'BUY', order_type: 'LIMIT' });
    expect(d.entry_plan?.limit_price?.toFixed()).toBe('29950.5');
    expect(d.size_plan?.position_size.toFixed()).toBe('0.5');
    expect(d.exit_plan?.stop_loss_price?.toFixed()).toBe('29000');
    expect(d.execution_plan).toMatchObject({ action: 'EXECUTE_TRADE', preferred_execution_style: 'TWAP', max_execution_window_minutes: 2, chunk_count_hint: 4 });
    expect(d.scope).toBeUndefined();
    // Only strings and numbers on the wire: decimals stay strings.
    expect(r.wire.size_plan?.position_size).toBe('0.5');
  });

  it('adds to the selected plan as MODIFY_EXISTING, and refuses to without one', () => {
    const added = buildDirective({ ...twap, addToPlan: true }, { nowMs: NOW, targetPlanId: 'TPL_20260105_093000_abcde' });
    expect(added.ok && added.wire).toMatchObject({ scope: 'MODIFY_EXISTING', target_plan_id: 'TPL_20260105_093000_abcde' });
    expect(buildDirective({ ...twap, addToPlan: true }, ctx)).toEqual({ ok: false, errors: { addToPlan: 'Select a plan to add to' } });
  });

  it('puts each problem at its field, in the field\'s own words', () => {
    const r = buildDirective(
      { ...twap, quantity: '-1', urgency: '1.5', windowMinutes: '2.5', entryType: 'LIMIT', limitPrice: '', symbol: ' ' },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toMatchObject({
      symbol: 'Symbol is required',
      quantity: 'Quantity must be positive',
      urgency: 'Urgency must be between 0 and 1',
      windowMinutes: 'Window (min) must be a whole number',
      limitPrice: 'Limit price is required for a LIMIT entry',
    });
    const words = buildDirective({ ...twap, quantity: 'lots' }, ctx);
    expect(!words.ok && words.errors.quantity).toContain("'lots' is not a decimal number");
    const both = buildDirective({ ...twap, mustCompleteImmediately: true }, ctx);
    expect(!both.ok && both.errors.windowMinutes).toContain('cannot be combined');
  });
});

describe('new paper session form', () => {
  it('builds a request the engine\'s schema accepts', () => {
    const r = buildSessionRequest({ ...DEFAULT_SESSION, symbols: 'BTC/USDT, ETH/USDT', startPrices: '30000, 2000', speed: '100' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const req = PaperSessionRequestSchema.parse(r.wire);
    expect(r.request).toEqual(req);
    expect(req.symbols.map((s) => [s.symbol, s.start_price?.toFixed()])).toEqual([['BTC/USDT', '30000'], ['ETH/USDT', '2000']]);
    expect(req.balances.USDT?.toFixed()).toBe('1000000');
    expect(req).toMatchObject({ speed: 100, source: { kind: 'synthetic', seed: 1 } });
  });

  it('routes problems to the fields', () => {
    const r = buildSessionRequest({ ...DEFAULT_SESSION, symbols: 'btc-usdt', startPrices: '1, 2', balances: 'USDT:5', speed: '500' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.symbols).toContain("symbol must look like 'BTC/USDT'");
    expect(r.errors.startPrices).toContain('one start price per symbol');
    expect(r.errors.balances).toContain('ASSET=amount');
    expect(r.errors.speed).toBe('speed must be between 1 and 100');
    const csv = buildSessionRequest({ ...DEFAULT_SESSION, source: 'csv' });
    expect(!csv.ok && csv.errors.csv).toBe('choose a CSV file of candles');
    const two = buildSessionRequest({ ...DEFAULT_SESSION, source: 'csv', symbols: 'BTC/USD, ETH/USD', csvName: 'a.csv', csvText: 'x' });
    expect(!two.ok && two.errors.symbols).toBe('a CSV replay drives exactly one symbol');
  });

  it('sends a CSV file\'s text with its name', () => {
    const r = buildSessionRequest({ ...DEFAULT_SESSION, source: 'csv', symbols: 'BTC/USD', csvName: 'march.csv', csvText: 'open_time,open\n' });
    expect(r.ok && r.wire.source).toEqual({ kind: 'csv', path: 'march.csv', text: 'open_time,open\n' });
    const huge = buildSessionRequest({ ...DEFAULT_SESSION, source: 'csv', symbols: 'BTC/USD', csvName: 'big.csv', csvText: 'x'.repeat(MAX_CSV_BYTES + 1) });
    expect(!huge.ok && huge.errors.csv).toContain('larger than');
  });
});

describe('live venue form (desktop)', () => {
  const KEY = 'k3yWithoutSpaces0123456789';
  const SECRET = 's3cretWithoutSpaces0123456789';
  const form = { ...DEFAULT_LIVE_VENUE, symbols: ' BTC/USDT ,ETH/USDT,, ', apiKey: KEY, secret: SECRET };

  it('builds the saveLiveSettings request the main process parses', () => {
    const r = buildLiveVenueRequest(form);
    expect(r).toEqual({ ok: true, request: { venue: { exchangeId: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'] }, apiKey: KEY, secret: SECRET } });
    expect(r.ok && SaveLiveSettingsSchema.safeParse(r.request).success).toBe(true);
  });

  it('puts each error at its field, and never echoes a key', () => {
    const cases: [Partial<typeof form>, string][] = [
      [{ exchangeId: 'Binance!' }, 'exchangeId'],
      [{ symbols: '' }, 'symbols'],
      [{ symbols: 'btc-usdt' }, 'symbols'],
      [{ apiKey: '' }, 'apiKey'],
      [{ apiKey: `${KEY} x` }, 'apiKey'],
      [{ secret: `${SECRET}\n` }, 'secret'],
    ];
    for (const [change, field] of cases) {
      const r = buildLiveVenueRequest({ ...form, ...change });
      expect(r.ok, JSON.stringify(change)).toBe(false);
      if (r.ok) continue;
      expect(Object.keys(r.errors), JSON.stringify(change)).toEqual([field]);
      expect(JSON.stringify(r.errors)).not.toContain(KEY);
      expect(JSON.stringify(r.errors)).not.toContain(SECRET);
    }
  });
});

describe('import file', () => {
  it('reads the seeds\' own example files, lists, wrapped lists and single directives', () => {
    const seed = readFileSync(new URL('../../fixtures/seeds/platform-execution-directive.json', import.meta.url), 'utf8');
    const r = directivesFromFile(seed);
    expect(r.ok && r.directives.length).toBe(3);
    expect(r.ok && (r.directives[0] as { directive_id: string }).directive_id).toBe('EXE_20251027_143500_a1b2c3d4');
    expect(directivesFromFile('[{"a":1},{"b":2}]')).toEqual({ ok: true, directives: [{ a: 1 }, { b: 2 }] });
    expect(directivesFromFile('{"directives":[{"a":1}]}')).toEqual({ ok: true, directives: [{ a: 1 }] });
    expect(directivesFromFile('{"directive_id":"EXE_1"}')).toEqual({ ok: true, directives: [{ directive_id: 'EXE_1' }] });
  });

  it('refuses what is not JSON or holds no directives', () => {
    expect(directivesFromFile('{nope')).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') });
    expect(directivesFromFile('[]')).toMatchObject({ ok: false });
    expect(directivesFromFile('{"x":1}')).toMatchObject({ ok: false });
  });
});

describe('emergency shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }>) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('Ctrl/Cmd+Shift+X cancels all in plan; Ctrl/Cmd+Shift+Backspace cancels everything; nothing else does', () => {
    expect(shortcutOf(key('X', { ctrlKey: true, shiftKey: true }))).toBe('cancelAllInPlan');
    expect(shortcutOf(key('x', { metaKey: true, shiftKey: true }))).toBe('cancelAllInPlan');
    expect(shortcutOf(key('Backspace', { ctrlKey: true, shiftKey: true }))).toBe('cancelEverything');
    expect(shortcutOf(key('x', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('X', { shiftKey: true }))).toBeNull();
    expect(shortcutOf(key('X', { ctrlKey: true, shiftKey: true, altKey: true }))).toBeNull();
  });
});
