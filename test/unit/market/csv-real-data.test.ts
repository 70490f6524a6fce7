import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { CsvMarketSource, parseCandleCsv, type MarketBar } from '../../../core/market';

/** The shared Binance.US file lives beside the repository (shared/data), not inside it. */
const DATA_DIR = process.env['LEDGERDESK_DATA_DIR'] ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
const FILE = resolve(DATA_DIR, 'binanceus_BTCUSD_1m_2023-03-01_2023-03-21.csv');
const present = existsSync(FILE);

describe.skipIf(!present)(`real candles: ${FILE}${present ? '' : ' (SKIPPED: file not found; set LEDGERDESK_DATA_DIR)'}`, () => {
  const text = present ? readFileSync(FILE, 'utf8') : '';
  const parsed = present ? parseCandleCsv(text, { symbol: 'BTC/USD' }) : undefined;
  const bars = (parsed?.bars ?? []) as readonly MarketBar[];

  it('parses all 30,240 one-minute rows of 2023-03-01 .. 2023-03-21', () => {
    expect(parsed?.format).toBe('open-time-ohlcv');
    expect(parsed?.intervalMs).toBe(60_000);
    expect(bars).toHaveLength(30_240);
    expect(bars[0]?.openTime).toBe(Date.UTC(2023, 2, 1, 0, 0));
    expect(bars.at(-1)?.openTime).toBe(Date.UTC(2023, 2, 21, 23, 59));
  });

  it('keeps each cell exactly as written in the file', () => {
    const lines = text.trimEnd().split('\n');
    for (const index of [0, 1, 4_321, 15_000, 30_239]) {
      const cells = (lines[index + 1] as string).split(',');
      const bar = bars[index] as MarketBar;
      expect([bar.open, bar.high, bar.low, bar.close, bar.volume].map((d) => d.toFixed())).toEqual(cells.slice(1).map((c) => new Decimal(c).toFixed()));
    }
  });

  it('shows the banking-crisis crash: below 20,000 during 10-13 March, past 24,000 within days', () => {
    const inWindow = (from: number, to: number) => bars.filter((bar) => bar.openTime >= from && bar.openTime < to);
    const crash = inWindow(Date.UTC(2023, 2, 10), Date.UTC(2023, 2, 14));
    const lowest = crash.reduce((min, bar) => (bar.low.lt(min.low) ? bar : min));
    expect(lowest.low.lt(20_000)).toBe(true);
    const before = inWindow(Date.UTC(2023, 2, 1), Date.UTC(2023, 2, 10));
    expect(before.every((bar) => bar.low.gte(20_000))).toBe(true);
    const rally = inWindow(lowest.openTime, lowest.openTime + 5 * 86_400_000);
    expect(rally.some((bar) => bar.high.gt(24_000))).toBe(true);
  });

  it('replays through CsvMarketSource to exhaustion', () => {
    const source = new CsvMarketSource({ path: FILE, symbol: 'BTC/USD', text });
    let count = 0;
    for (let bar = source.next('BTC/USD'); bar !== undefined; bar = source.next('BTC/USD')) count++;
    expect(count).toBe(30_240);
    expect(source.describe()).toEqual({ kind: 'csv', path: FILE, symbol: 'BTC/USD', position: 30_240 });
  });
});
