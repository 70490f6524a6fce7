import Decimal from 'decimal.js';
import { z } from 'zod';
import { CsvFormatError, type CsvRule } from './csv-format-error';
import { cellText, detectLayout, type CandleCsvFormat, type CellKind, type CsvLayout } from './csv-layouts';
import { parseTimeText, TIME_EXPECTED } from './csv-time';
import { DECIMAL_TEXT } from './decimal-text';
import { firstIssue, MarketSourceError } from './market-source-error';
import { DEFAULT_QUOTE_PARAMS, csvSourceParamsSchema, withDefaults } from './params-schemas';
import { bookModel, synthesizeBook } from './quote';
import type { CsvSourceParams, MarketBar } from './types';

export interface CandleCsvOptions extends CsvSourceParams {
  /** The file names no symbol; the bars get this one. */
  readonly symbol: string;
}

export interface ParsedCandles {
  readonly format: CandleCsvFormat;
  /** From the options, else the smallest gap between consecutive open times (60,000 for a single row). */
  readonly intervalMs: number;
  readonly bars: readonly MarketBar[];
}

const DEFAULT_INTERVAL_MS = 60_000;

const optionsSchema = csvSourceParamsSchema.extend({ symbol: z.string().min(1) });

/** Fail a cell with the rule it broke; the rule travels in the issue's params. */
function fail(ctx: z.RefinementCtx, rule: CsvRule, message: string): never {
  ctx.addIssue({ code: 'custom', message, params: { rule } });
  return z.NEVER;
}

function decimalCell(sign: 'positive' | 'non-negative') {
  return z.string().transform((text, ctx) => {
    if (!DECIMAL_TEXT.test(text)) return fail(ctx, 'decimal', `'${text}' is not a decimal number`);
    const value = new Decimal(text);
    if (sign === 'positive' ? !value.gt(0) : value.isNeg()) {
      return fail(ctx, sign, sign === 'positive' ? `${text} is not a positive price` : `${text} is negative`);
    }
    return value;
  });
}

/** One zod schema per kind of cell; each cell is parsed from its text, never through a JS number. */
const CELLS = {
  time: z.string().transform((text, ctx) => parseTimeText(text) ?? fail(ctx, 'time', `'${text}' is not a time (expected ${TIME_EXPECTED})`)),
  price: decimalCell('positive'),
  volume: decimalCell('non-negative'),
  count: z.string().transform((text, ctx) => (/^\d+$/.test(text) ? Number(text) : fail(ctx, 'integer', `'${text}' is not a whole number >= 0`))),
} as const;

type ParsedKind = Exclude<CellKind, 'ignored'>;

function parseCell<K extends ParsedKind>(kind: K, text: string, line: number, field: string): z.output<(typeof CELLS)[K]> {
  const result = CELLS[kind].safeParse(text);
  if (result.success) return result.data as z.output<(typeof CELLS)[K]>;
  const issue = result.error.issues[0];
  const rule = issue !== undefined && issue.code === 'custom' ? (issue.params?.['rule'] as CsvRule | undefined) : undefined;
  throw new CsvFormatError(line, field, rule ?? 'decimal', issue?.message ?? `'${text}' is invalid`);
}

interface Candle {
  readonly time: number;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  readonly volume: Decimal;
}

/** Column indexes of the candle's fields, and their names for errors. */
interface RoleMap {
  readonly index: Readonly<Record<keyof Candle, number>>;
  readonly name: Readonly<Record<keyof Candle, string>>;
}

function roleMap(layout: CsvLayout): RoleMap {
  const index: Record<string, number> = {};
  const name: Record<string, string> = {};
  layout.columns.forEach((column, i) => {
    if (column.role !== undefined) {
      index[column.role] = i;
      name[column.role] = column.name;
    }
  });
  return { index, name } as RoleMap;
}

/**
 * Read one row into a candle: every non-ignored cell through its schema in
 * column order (so the first bad field is the one named), then the candle's
 * own rules.
 */
function parseRow(cells: readonly string[], layout: CsvLayout, roles: RoleMap, line: number): Candle {
  const columns = layout.columns;
  if (cells.length !== columns.length) {
    const field = cells.length < columns.length ? (columns[cells.length]?.name ?? '') : '(extra)';
    throw new CsvFormatError(line, field, 'field-count', `row has ${cells.length} fields, expected ${columns.length}`);
  }
  const values: unknown[] = [];
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as CsvLayout['columns'][number];
    if (column.kind !== 'ignored') values[i] = parseCell(column.kind, cellText(cells[i] as string), line, column.name);
  }
  const candle = {
    time: values[roles.index.time] as number,
    open: values[roles.index.open] as Decimal,
    high: values[roles.index.high] as Decimal,
    low: values[roles.index.low] as Decimal,
    close: values[roles.index.close] as Decimal,
    volume: values[roles.index.volume] as Decimal,
  };
  checkCandle(candle, roles.name, line);
  return candle;
}

function checkCandle(c: Candle, name: RoleMap['name'], line: number): void {
  const s = (d: Decimal): string => d.toFixed();
  if (c.high.lt(c.low)) throw new CsvFormatError(line, name.high, 'high>=low', `high ${s(c.high)} is below low ${s(c.low)} (rule: high >= low)`);
  if (c.open.gt(c.high)) throw new CsvFormatError(line, name.open, 'high>=open', `open ${s(c.open)} is above high ${s(c.high)} (rule: high >= open)`);
  if (c.close.gt(c.high)) throw new CsvFormatError(line, name.close, 'high>=close', `close ${s(c.close)} is above high ${s(c.high)} (rule: high >= close)`);
  if (c.open.lt(c.low)) throw new CsvFormatError(line, name.open, 'low<=open', `open ${s(c.open)} is below low ${s(c.low)} (rule: low <= open)`);
  if (c.close.lt(c.low)) throw new CsvFormatError(line, name.close, 'low<=close', `close ${s(c.close)} is below low ${s(c.low)} (rule: low <= close)`);
}

/**
 * Parse candle CSV text (formats in README.md, detected from the first
 * non-blank line) into bars with a synthesised top of book. Throws
 * CsvFormatError naming the line and field of the first problem; bad options
 * throw MarketSourceError INVALID_MARKET_CONFIG.
 */
export function parseCandleCsv(text: string, options: CandleCsvOptions): ParsedCandles {
  const parsedOptions = optionsSchema.safeParse(options);
  if (!parsedOptions.success) throw new MarketSourceError('INVALID_MARKET_CONFIG', `CSV options: ${firstIssue(parsedOptions.error)}`);
  const { symbol, intervalMs: givenInterval, ...quote } = parsedOptions.data;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  let layout: CsvLayout | undefined;
  let roles: RoleMap | undefined;
  const candles: Candle[] = [];
  let previous: Candle | undefined;
  let minGap = Infinity;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const lineNumber = i + 1;
    if (layout === undefined) {
      layout = detectLayout(line, lineNumber);
      roles = roleMap(layout);
      if (layout.hasHeader) continue;
    }
    const candle = parseRow(line.split(','), layout, roles as RoleMap, lineNumber);
    if (previous !== undefined) {
      if (candle.time <= previous.time) {
        throw new CsvFormatError(
          lineNumber,
          (roles as RoleMap).name.time,
          'increasing-time',
          `${new Date(candle.time).toISOString()} is not after the previous row's ${new Date(previous.time).toISOString()} (rule: times strictly increasing)`,
        );
      }
      minGap = Math.min(minGap, candle.time - previous.time);
    }
    candles.push(candle);
    previous = candle;
  }
  if (layout === undefined || candles.length === 0) {
    throw new CsvFormatError(Math.max(1, lines.length), '(file)', 'empty', 'the file holds no candle rows');
  }

  const intervalMs = givenInterval ?? (minGap === Infinity ? DEFAULT_INTERVAL_MS : minGap);
  const book = bookModel(withDefaults(DEFAULT_QUOTE_PARAMS, quote));
  const bars = candles.map(
    (c): MarketBar => ({ symbol, openTime: c.time, intervalMs, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, ...synthesizeBook(c.close, c.volume, book) }),
  );
  return { format: layout.format, intervalMs, bars };
}
