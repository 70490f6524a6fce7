import { CsvFormatError } from './csv-format-error';
import { parseTimeText } from './csv-time';
import { isDecimalText } from './decimal-text';

/** The candle CSV layouts parseCandleCsv recognises (see README.md). */
export type CandleCsvFormat =
  /** Header `open_time,open,high,low,close,volume` (the shared Binance.US file). */
  | 'open-time-ohlcv'
  /** Header `timestamp,open,high,low,close,volume`, or those six columns without a header. */
  | 'timestamp-ohlcv'
  /** Binance's 12-column kline export, no header; open time in ms or µs. */
  | 'binance-kline'
  /** Kraken's `time,open,high,low,close,volume,trades`, Unix seconds, header optional. */
  | 'kraken-ohlcvt'
  /** Any other header naming a time column and open, high, low, close, volume; other columns are ignored. */
  | 'named-columns';

/** What a cell must hold. `ignored` cells are not read at all. */
export type CellKind = 'time' | 'price' | 'volume' | 'count' | 'ignored';

export type CandleRole = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

export interface LayoutColumn {
  /** Name used in errors: the header's text, or the documented name for header-less layouts. */
  readonly name: string;
  readonly kind: CellKind;
  readonly role?: CandleRole;
}

export interface CsvLayout {
  readonly format: CandleCsvFormat;
  readonly hasHeader: boolean;
  readonly columns: readonly LayoutColumn[];
}

const OHLCV: readonly LayoutColumn[] = [
  { name: 'open', kind: 'price', role: 'open' },
  { name: 'high', kind: 'price', role: 'high' },
  { name: 'low', kind: 'price', role: 'low' },
  { name: 'close', kind: 'price', role: 'close' },
  { name: 'volume', kind: 'volume', role: 'volume' },
];

function timeColumn(name: string): LayoutColumn {
  return { name, kind: 'time', role: 'time' };
}

/** Column names from Binance's public-data documentation for kline files. */
const BINANCE_KLINE: readonly LayoutColumn[] = [
  timeColumn('open_time'),
  ...OHLCV,
  { name: 'close_time', kind: 'time' },
  { name: 'quote_asset_volume', kind: 'volume' },
  { name: 'number_of_trades', kind: 'count' },
  { name: 'taker_buy_base_asset_volume', kind: 'volume' },
  { name: 'taker_buy_quote_asset_volume', kind: 'volume' },
  { name: 'ignore', kind: 'ignored' },
];

const KRAKEN: readonly LayoutColumn[] = [timeColumn('time'), ...OHLCV, { name: 'trades', kind: 'count' }];

const EXACT_HEADERS: readonly { header: string; format: CandleCsvFormat; columns: readonly LayoutColumn[] }[] = [
  { header: 'open_time,open,high,low,close,volume', format: 'open-time-ohlcv', columns: [timeColumn('open_time'), ...OHLCV] },
  { header: 'timestamp,open,high,low,close,volume', format: 'timestamp-ohlcv', columns: [timeColumn('timestamp'), ...OHLCV] },
  { header: 'time,open,high,low,close,volume,trades', format: 'kraken-ohlcvt', columns: KRAKEN },
];

const HEADERLESS: ReadonlyMap<number, { format: CandleCsvFormat; columns: readonly LayoutColumn[] }> = new Map([
  [6, { format: 'timestamp-ohlcv' as const, columns: [timeColumn('timestamp'), ...OHLCV] }],
  [7, { format: 'kraken-ohlcvt' as const, columns: KRAKEN }],
  [12, { format: 'binance-kline' as const, columns: BINANCE_KLINE }],
]);

/** Header names accepted for the time column of a 'named-columns' file, in order of preference. */
const TIME_ALIASES = ['open_time', 'timestamp', 'time', 'datetime', 'date', 'open time'];
const VALUE_ROLES = ['open', 'high', 'low', 'close', 'volume'] as const;

/** A cell's text: surrounding spaces and one pair of double quotes removed. */
export function cellText(raw: string): string {
  const text = raw.trim();
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).trim() : text;
}

/**
 * Pick the layout from the first non-blank line: a header when none of its
 * cells is a number or a time, otherwise a header-less layout chosen by the
 * number of fields (so a first data row with one bad cell is still read as
 * data, and its error names the right field).
 */
export function detectLayout(firstLine: string, lineNumber: number): CsvLayout {
  const cells = firstLine.split(',').map(cellText);
  if (cells.some((cell) => isDecimalText(cell) || parseTimeText(cell) !== undefined)) {
    const known = HEADERLESS.get(cells.length);
    if (known === undefined) {
      throw new CsvFormatError(
        lineNumber,
        '(row)',
        'format',
        `a row of ${cells.length} fields without a header matches no known layout (6: timestamp,open,high,low,close,volume; 7: Kraken; 12: Binance kline)`,
      );
    }
    return { format: known.format, hasHeader: false, columns: known.columns };
  }
  const lower = cells.map((cell) => cell.toLowerCase());
  const exact = EXACT_HEADERS.find((candidate) => candidate.header === lower.join(','));
  if (exact !== undefined) {
    return { format: exact.format, hasHeader: true, columns: exact.columns.map((column, i) => ({ ...column, name: cells[i] ?? column.name })) };
  }
  return namedColumns(cells, lower, lineNumber);
}

function namedColumns(cells: readonly string[], lower: readonly string[], lineNumber: number): CsvLayout {
  const timeIndex = TIME_ALIASES.map((alias) => lower.indexOf(alias)).find((index) => index >= 0);
  if (timeIndex === undefined) {
    throw new CsvFormatError(lineNumber, cells[0] ?? '', 'format', `the header has no time column (expected one of ${TIME_ALIASES.join(', ')})`);
  }
  const columns: LayoutColumn[] = cells.map((name) => ({ name, kind: 'ignored' }));
  columns[timeIndex] = timeColumn(cells[timeIndex] as string);
  for (const role of VALUE_ROLES) {
    const index = lower.indexOf(role);
    if (index < 0) throw new CsvFormatError(lineNumber, role, 'format', `the header has no '${role}' column`);
    columns[index] = { name: cells[index] as string, kind: role === 'volume' ? 'volume' : 'price', role };
  }
  return { format: 'named-columns', hasHeader: true, columns };
}
