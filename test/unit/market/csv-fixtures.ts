/**
 * Writers for candle CSVs in each accepted layout, so tests build valid files
 * from candle values and then break them on purpose.
 */
export interface CandleRow {
  readonly time: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

export type FixtureFormat = 'open-time' | 'timestamp-iso' | 'timestamp-ms' | 'binance-ms' | 'binance-us' | 'kraken-header' | 'kraken-bare';

export interface Fixture {
  readonly text: string;
  readonly hasHeader: boolean;
  /** Column names as errors should report them. */
  readonly columns: readonly string[];
}

const OHLCV = ['open', 'high', 'low', 'close', 'volume'];
const BINANCE_COLUMNS = [
  'open_time',
  ...OHLCV,
  'close_time',
  'quote_asset_volume',
  'number_of_trades',
  'taker_buy_base_asset_volume',
  'taker_buy_quote_asset_volume',
  'ignore',
];

function pandasTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('.000Z', '+00:00');
}

function values(row: CandleRow): string[] {
  return [row.open, row.high, row.low, row.close, row.volume];
}

export function writeCsv(format: FixtureFormat, rows: readonly CandleRow[], intervalMs = 60_000): Fixture {
  const lines: string[][] = [];
  let columns: string[];
  let hasHeader = true;
  switch (format) {
    case 'open-time':
      columns = ['open_time', ...OHLCV];
      for (const row of rows) lines.push([pandasTime(row.time), ...values(row)]);
      break;
    case 'timestamp-iso':
    case 'timestamp-ms':
      columns = ['timestamp', ...OHLCV];
      for (const row of rows) lines.push([format === 'timestamp-iso' ? new Date(row.time).toISOString() : String(row.time), ...values(row)]);
      break;
    case 'binance-ms':
    case 'binance-us': {
      columns = BINANCE_COLUMNS;
      hasHeader = false;
      const unit = format === 'binance-us' ? '000' : '';
      for (const row of rows) {
        const closeTime = row.time + intervalMs - 1;
        lines.push([`${row.time}${unit}`, ...values(row), `${closeTime}${unit}`, '1234.5678', '42', '0.5', '600.25', '0']);
      }
      break;
    }
    case 'kraken-header':
    case 'kraken-bare':
      columns = ['time', ...OHLCV, 'trades'];
      hasHeader = format === 'kraken-header';
      for (const row of rows) lines.push([String(row.time / 1000), ...values(row), '17']);
      break;
  }
  const body = lines.map((cells) => cells.join(','));
  return { text: [...(hasHeader ? [columns.join(',')] : []), ...body].join('\n') + '\n', hasHeader, columns };
}

/** A plausible candle series from integer cents, times on the minute grid (Kraken needs whole seconds). */
export function makeRows(seeds: readonly { open: number; close: number; up: number; down: number; volume: number }[], startMs: number): CandleRow[] {
  const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
  return seeds.map((s, i) => ({
    time: startMs + i * 60_000,
    open: cents(s.open),
    close: cents(s.close),
    high: cents(Math.max(s.open, s.close) + s.up),
    low: cents(Math.min(s.open, s.close) - s.down),
    volume: `${s.volume}.${String(s.volume % 1000).padStart(3, '0')}`,
  }));
}
