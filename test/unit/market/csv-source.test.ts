import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvFormatError, CsvMarketSource, fromDescriptor, MarketSourceError, type MarketBar, type MarketSource } from '../../../core/market';
import { makeRows, writeCsv } from './csv-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'ledgerdesk-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = makeRows(
  Array.from({ length: 40 }, (_, i) => ({ open: 2_000_000 + i * 137, close: 2_000_000 + (i + 1) * 137, up: i % 7, down: i % 5, volume: 10 + i })),
  Date.UTC(2024, 5, 1),
);
const path = join(dir, 'kraken.csv');
writeFileSync(path, writeCsv('kraken-bare', ROWS).text);

function plain(bar: MarketBar | undefined): Record<string, string | number> | undefined {
  if (bar === undefined) return undefined;
  return Object.fromEntries(Object.entries(bar).map(([key, value]) => [key, value instanceof Decimal ? value.toFixed() : (value as string | number)]));
}

function drain(source: MarketSource, symbol: string, n: number): (Record<string, string | number> | undefined)[] {
  return Array.from({ length: n }, () => plain(source.next(symbol)));
}

describe('CsvMarketSource', () => {
  it('reads the file at path and replays it bar by bar, then reports exhaustion', () => {
    const source = new CsvMarketSource({ path, symbol: 'BTC/USD' });
    expect(source.format).toBe('kraken-ohlcvt');
    expect(source.symbols).toEqual(['BTC/USD']);
    expect(source.intervalMs).toBe(60_000);
    expect(source.length).toBe(40);
    const bars = drain(source, 'BTC/USD', 40);
    expect(bars.map((bar) => bar?.['openTime'])).toEqual(ROWS.map((row) => row.time));
    expect(source.next('BTC/USD')).toBeUndefined();
    expect(source.position).toBe(40);
  });

  it('describe + fromDescriptor continues exactly where the old source was, keeping its options', () => {
    const options = { path, symbol: 'BTC/USD', spreadBps: 25, tickSize: '0.5' };
    const uninterrupted = new CsvMarketSource(options);
    const first = new CsvMarketSource(options);
    drain(uninterrupted, 'BTC/USD', 17);
    drain(first, 'BTC/USD', 17);
    const descriptor = JSON.parse(JSON.stringify(first.describe())) as unknown;
    expect(descriptor).toEqual({ kind: 'csv', path, symbol: 'BTC/USD', position: 17, options: { spreadBps: 25, tickSize: '0.5' } });
    const restored = fromDescriptor(descriptor);
    expect(drain(restored, 'BTC/USD', 25)).toEqual(drain(uninterrupted, 'BTC/USD', 25));
  });

  it('refuses a position past the end, an unknown symbol and a file that no longer parses', () => {
    expect(() => fromDescriptor({ kind: 'csv', path, symbol: 'BTC/USD', position: 41 })).toThrow(
      expect.objectContaining({ code: 'INVALID_DESCRIPTOR' }),
    );
    expect(() => new CsvMarketSource({ path, symbol: 'BTC/USD' }).next('ETH/USD')).toThrow(MarketSourceError);
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'timestamp,open,high,low,close,volume\n1700000000000,1,1,1,1,1\n1700000060000,1,1,1,1,lots\n');
    expect(() => fromDescriptor({ kind: 'csv', path: broken, symbol: 'X', position: 0 })).toThrow(CsvFormatError);
  });

  it('takes already-loaded text instead of reading the path', () => {
    const source = new CsvMarketSource({ path: 'memory:test', symbol: 'X', text: writeCsv('open-time', ROWS.slice(0, 3)).text, position: 1 });
    expect(plain(source.next('X'))?.['openTime']).toBe(ROWS[1]?.time);
    expect(source.describe()).toMatchObject({ path: 'memory:test', position: 2 });
  });
});
