import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, MarketSourceError, parseCandleCsv, type MarketBar } from '../../../core/market';
import { makeRows, writeCsv, type FixtureFormat } from './csv-fixtures';

const T0 = Date.UTC(2025, 0, 1);
const ROWS = makeRows(
  [
    { open: 9_400_012, close: 9_401_550, up: 300, down: 125, volume: 12 },
    { open: 9_401_550, close: 9_398_000, up: 10, down: 77, volume: 3 },
    { open: 9_398_000, close: 9_398_000, up: 0, down: 0, volume: 0 },
  ],
  T0,
);

function parseError(fn: () => unknown): CsvFormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected a CsvFormatError');
}

function candleOf(bar: MarketBar): Record<string, string | number> {
  return { time: bar.openTime, open: bar.open.toFixed(), high: bar.high.toFixed(), low: bar.low.toFixed(), close: bar.close.toFixed(), volume: bar.volume.toFixed() };
}

function expected(): Record<string, string | number>[] {
  return ROWS.map((row) => ({
    time: row.time,
    open: new Decimal(row.open).toFixed(),
    high: new Decimal(row.high).toFixed(),
    low: new Decimal(row.low).toFixed(),
    close: new Decimal(row.close).toFixed(),
    volume: new Decimal(row.volume).toFixed(),
  }));
}

describe('parseCandleCsv: accepted formats', () => {
  it.each([
    ['open-time', 'open-time-ohlcv'],
    ['timestamp-iso', 'timestamp-ohlcv'],
    ['timestamp-ms', 'timestamp-ohlcv'],
    ['binance-ms', 'binance-kline'],
    ['binance-us', 'binance-kline'],
    ['kraken-header', 'kraken-ohlcvt'],
    ['kraken-bare', 'kraken-ohlcvt'],
  ] as const)('reads %s as %s with the same candles', (fixture, format) => {
    const parsed = parseCandleCsv(writeCsv(fixture as FixtureFormat, ROWS).text, { symbol: 'BTC/USD' });
    expect(parsed.format).toBe(format);
    expect(parsed.intervalMs).toBe(60_000);
    expect(parsed.bars.map(candleOf)).toEqual(expected());
    expect(parsed.bars.every((bar) => bar.symbol === 'BTC/USD' && bar.intervalMs === 60_000)).toBe(true);
  });

  it('reads Binance microsecond and millisecond open times to the same instant', () => {
    const us = parseCandleCsv('1735689600000000,1,1,1,1,0,1735689659999999,0,0,0,0,0', { symbol: 'X' });
    const ms = parseCandleCsv('1735689600000,1,1,1,1,0,1735689659999,0,0,0,0,0', { symbol: 'X' });
    expect(us.bars[0]?.openTime).toBe(Date.UTC(2025, 0, 1));
    expect(ms.bars[0]?.openTime).toBe(Date.UTC(2025, 0, 1));
  });

  it('reads date-times with offsets, fractions and no zone (UTC)', () => {
    const text = [
      'timestamp,open,high,low,close,volume',
      '2024-02-29T23:00:00+01:00,1,1,1,1,0',
      '2024-02-29 22:01,1,1,1,1,0',
      '2024-02-29T22:02:00.500Z,1,1,1,1,0',
      '2024-02-29T17:03:00-0500,1,1,1,1,0',
    ].join('\n');
    expect(parseCandleCsv(text, { symbol: 'X', intervalMs: 60_000 }).bars.map((bar) => bar.openTime)).toEqual([
      Date.UTC(2024, 1, 29, 22, 0),
      Date.UTC(2024, 1, 29, 22, 1),
      Date.UTC(2024, 1, 29, 22, 2, 0, 500),
      Date.UTC(2024, 1, 29, 22, 3),
    ]);
  });

  it('tolerates a BOM, CRLF line ends, quoted cells, blank lines and scientific notation', () => {
    const text = '\uFEFF"timestamp","open","high","low","close","volume"\r\n\r\n"1700000000000","10.5","11","10","10.75","1e-05"\r\n1700000060000,10.75,10.75,10.75,10.75,2.5E+1\r\n\r\n';
    const parsed = parseCandleCsv(text, { symbol: 'X' });
    expect(parsed.bars.map((bar) => [bar.open.toFixed(), bar.volume.toFixed()])).toEqual([
      ['10.5', '0.00001'],
      ['10.75', '25'],
    ]);
  });

  it('reads any header naming a time column and OHLCV by name, ignoring other columns', () => {
    const text = 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,100,110,95,105,whatever,1000\n2024-01-03,105,106,101,102,,900\n';
    const parsed = parseCandleCsv(text, { symbol: 'SPY' });
    expect(parsed.format).toBe('named-columns');
    expect(parsed.intervalMs).toBe(86_400_000);
    expect(parsed.bars.map((bar) => [bar.openTime, bar.close.toFixed(), bar.volume.toFixed()])).toEqual([
      [Date.UTC(2024, 0, 2), '105', '1000'],
      [Date.UTC(2024, 0, 3), '102', '900'],
    ]);
  });

  it('keeps every digit: prices never pass through a JS number', () => {
    const text = 'timestamp,open,high,low,close,volume\n1700000000000,0.10000000000000000555,0.4,0.1,0.30000000000000004441,123456789.123456789012345\n';
    const [bar] = parseCandleCsv(text, { symbol: 'X' }).bars;
    expect(bar?.open.toFixed()).toBe('0.10000000000000000555');
    expect(bar?.close.toFixed()).toBe('0.30000000000000004441');
    expect(bar?.volume.toFixed()).toBe('123456789.123456789012345');
  });

  it('synthesises a book around the close: bid < close < ask on the tick grid, sizes a fraction of volume', () => {
    const parsed = parseCandleCsv(writeCsv('open-time', ROWS).text, { symbol: 'X', spreadBps: 10, tickSize: '0.05', topOfBookFraction: 0.5 });
    for (const bar of parsed.bars) {
      expect(bar.bid.lt(bar.close) && bar.close.lt(bar.ask)).toBe(true);
      expect(bar.bid.mod('0.05').isZero() && bar.ask.mod('0.05').isZero()).toBe(true);
      // 10 bps of ~94,000 is ~94: the spread is about that, not a tick.
      expect(bar.ask.minus(bar.bid).toNumber()).toBeGreaterThan(90);
      expect(bar.ask.minus(bar.bid).toNumber()).toBeLessThan(100);
      const half = Decimal.max(bar.volume.mul(0.5).toNearest('0.00001', Decimal.ROUND_FLOOR), '0.00001');
      expect(bar.bidSize.eq(half) && bar.askSize.eq(half)).toBe(true);
    }
    const again = parseCandleCsv(writeCsv('open-time', ROWS).text, { symbol: 'X', spreadBps: 10, tickSize: '0.05', topOfBookFraction: 0.5 });
    expect(again.bars.map((bar) => [bar.bid.toFixed(), bar.ask.toFixed()])).toEqual(parsed.bars.map((bar) => [bar.bid.toFixed(), bar.ask.toFixed()]));
  });

  it('synthesises the same book whatever the global Decimal settings', () => {
    const text = writeCsv('open-time', ROWS).text;
    const book = () => parseCandleCsv(text, { symbol: 'X', spreadBps: 3.7 }).bars.map((bar) => [bar.bid, bar.ask, bar.bidSize].map((d) => d.toFixed()));
    const reference = book();
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    try {
      Decimal.set({ precision: 4, rounding: Decimal.ROUND_UP });
      expect(book()).toEqual(reference);
    } finally {
      Decimal.set(saved);
    }
  });

  it('refuses bad options with MarketSourceError', () => {
    expect(() => parseCandleCsv('', { symbol: '' })).toThrow(MarketSourceError);
    expect(() => parseCandleCsv('', { symbol: 'X', tickSize: '-1' })).toThrow(expect.objectContaining({ code: 'INVALID_MARKET_CONFIG' }));
  });
});

describe('parseCandleCsv: errors name the line and the field', () => {
  const header = 'timestamp,open,high,low,close,volume';

  it('names a non-decimal cell', () => {
    const text = [header, '1700000000000,1,2,1,1,1', '1700000060000,1,abc,1,1,1'].join('\n');
    const error = parseError(() => parseCandleCsv(text, { symbol: 'X' }));
    expect(error).toMatchObject({ code: 'CSV_FORMAT', line: 3, field: 'high', rule: 'decimal' });
    expect(error.message).toBe("line 3, field 'high': 'abc' is not a decimal number");
  });

  it.each([
    ['high below low', '1700000060000,5,4,6,5,1', 'high', 'high>=low'],
    ['open above high', '1700000060000,7,6,4,5,1', 'open', 'high>=open'],
    ['close above high', '1700000060000,5,6,4,7,1', 'close', 'high>=close'],
    ['open below low', '1700000060000,3,6,4,5,1', 'open', 'low<=open'],
    ['close below low', '1700000060000,5,6,4,3,1', 'close', 'low<=close'],
    ['a negative volume', '1700000060000,5,6,4,5,-0.1', 'volume', 'non-negative'],
    ['an absurd exponent', '1700000060000,5,6,4,5,1e99999', 'volume', 'decimal'],
    ['a zero price', '1700000060000,0,6,0,5,1', 'open', 'positive'],
    ['a time that is not one', '1700000060000x,5,6,4,5,1', 'timestamp', 'time'],
    ['an impossible date', '2023-02-30T00:00:00Z,5,6,4,5,1', 'timestamp', 'time'],
    ['a repeated time', '1700000000000,5,6,4,5,1', 'timestamp', 'increasing-time'],
    ['a time going back', '1699999940000,5,6,4,5,1', 'timestamp', 'increasing-time'],
    ['a missing field', '1700000060000,5,6,4,5', 'volume', 'field-count'],
    ['an extra field', '1700000060000,5,6,4,5,1,9', '(extra)', 'field-count'],
  ])('names %s and the rule it broke', (_name, row, field, rule) => {
    const text = [header, '1700000000000,5,6,4,5,1', row].join('\n');
    const error = parseError(() => parseCandleCsv(text, { symbol: 'X' }));
    expect(error).toMatchObject({ line: 3, field, rule });
    expect(error.message).toMatch(new RegExp(`^line 3, field '${field.replace(/[()]/g, '\\$&')}': `));
  });

  it('counts blank lines and the header in line numbers', () => {
    const text = [header, '', '1700000000000,5,6,4,5,1', '', '', '1700000060000,5,6,4,5,x'].join('\n');
    expect(parseError(() => parseCandleCsv(text, { symbol: 'X' }))).toMatchObject({ line: 6, field: 'volume' });
  });

  it('names Binance and Kraken extra columns by their documented names', () => {
    const binance = '1735689600000,1,1,1,1,0,1735689659999,0,many,0,0,0';
    expect(parseError(() => parseCandleCsv(binance, { symbol: 'X' }))).toMatchObject({ line: 1, field: 'number_of_trades', rule: 'integer' });
    const kraken = '1735689600,1,1,1,1,0,3\n1735689660,1,1,1,1,0,-3';
    expect(parseError(() => parseCandleCsv(kraken, { symbol: 'X' }))).toMatchObject({ line: 2, field: 'trades', rule: 'integer' });
  });

  it('refuses files it cannot place: no rows, unknown header, unknown width', () => {
    expect(parseError(() => parseCandleCsv('', { symbol: 'X' })).rule).toBe('empty');
    expect(parseError(() => parseCandleCsv(`${header}\n`, { symbol: 'X' })).rule).toBe('empty');
    expect(parseError(() => parseCandleCsv('when,open,high,low,close,volume\n', { symbol: 'X' }))).toMatchObject({ line: 1, rule: 'format' });
    expect(parseError(() => parseCandleCsv('time,open,high,low,close\n', { symbol: 'X' }))).toMatchObject({ line: 1, field: 'volume', rule: 'format' });
    expect(parseError(() => parseCandleCsv('\n1700000000000,1,1,1,1\n', { symbol: 'X' }))).toMatchObject({ line: 2, rule: 'format' });
  });

  it('property: corrupting any field of any row is reported at that line and field', () => {
    const seeds = fc.array(
      fc.record({
        open: fc.integer({ min: 100, max: 10_000_000 }),
        close: fc.integer({ min: 100, max: 10_000_000 }),
        up: fc.integer({ min: 0, max: 5_000 }),
        down: fc.integer({ min: 0, max: 99 }),
        volume: fc.integer({ min: 0, max: 100_000 }),
      }),
      { minLength: 1, maxLength: 25 },
    );
    const format = fc.constantFrom<FixtureFormat>('open-time', 'timestamp-iso', 'timestamp-ms', 'binance-ms', 'binance-us', 'kraken-header', 'kraken-bare');
    const garbage = fc.oneof(fc.stringMatching(/^[a-zA-Z]{1,8}$/), fc.constantFrom('', ' ', '1.2.3', '--1', '-1', '1e', 'NaN', 'Infinity', '0x1F', '12:00', '1;5'));
    fc.assert(
      fc.property(format, seeds, fc.nat(), fc.nat(), garbage, (fmt, rowSeeds, rowPick, fieldPick, bad) => {
        const fixture = writeCsv(fmt, makeRows(rowSeeds, T0));
        expect(() => parseCandleCsv(fixture.text, { symbol: 'X' })).not.toThrow();
        const lines = fixture.text.split('\n');
        const firstData = fixture.hasHeader ? 1 : 0;
        const lineIndex = firstData + (rowPick % rowSeeds.length);
        const corruptible = fixture.columns.map((_, i) => i).filter((i) => fixture.columns[i] !== 'ignore');
        const column = corruptible[fieldPick % corruptible.length] as number;
        const cells = (lines[lineIndex] as string).split(',');
        cells[column] = bad;
        lines[lineIndex] = cells.join(',');
        const error = parseError(() => parseCandleCsv(lines.join('\n'), { symbol: 'X' }));
        expect({ line: error.line, field: error.field }).toEqual({ line: lineIndex + 1, field: fixture.columns[column] });
        expect(error.message.startsWith(`line ${lineIndex + 1}, field '${fixture.columns[column]}': `)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
