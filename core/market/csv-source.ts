import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseCandleCsv } from './csv-parse';
import type { CandleCsvFormat } from './csv-layouts';
import { firstIssue, MarketSourceError } from './market-source-error';
import { csvSourceParamsSchema, withDefaults } from './params-schemas';
import type { CsvSourceParams, MarketBar, MarketSource, MarketSourceDescriptor } from './types';

export interface CsvMarketSourceOptions extends CsvSourceParams {
  readonly symbol: string;
  /** Where the candles live; describe() records it and fromDescriptor reads it again. */
  readonly path: string;
  /** The file's contents when already loaded (read from `path` otherwise). */
  readonly text?: string;
  /** Bars already consumed: the source starts after them. */
  readonly position?: number;
}

const optionsSchema = csvSourceParamsSchema.extend({
  symbol: z.string().min(1),
  path: z.string().min(1),
  text: z.string().optional(),
  position: z.int().min(0).optional(),
});

/**
 * Replays a candle CSV, one bar per next(). Parses the whole file up front,
 * so a bad row fails at construction (CsvFormatError) rather than mid-session.
 */
export class CsvMarketSource implements MarketSource {
  readonly symbols: readonly string[];
  readonly intervalMs: number;
  /** The layout detected in the file. */
  readonly format: CandleCsvFormat;
  private readonly bars: readonly MarketBar[];
  private readonly path: string;
  private readonly params: CsvSourceParams;
  private consumed: number;

  constructor(options: CsvMarketSourceOptions) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) throw new MarketSourceError('INVALID_MARKET_CONFIG', `CSV source options: ${firstIssue(parsed.error)}`);
    const { symbol, path, text, position, ...params } = parsed.data;
    const candles = parseCandleCsv(text ?? readFileSync(path, 'utf8'), { symbol, ...params });
    if ((position ?? 0) > candles.bars.length) {
      throw new MarketSourceError('INVALID_DESCRIPTOR', `position ${position} is past the ${candles.bars.length} bars of ${path}`);
    }
    this.symbols = [symbol];
    this.intervalMs = candles.intervalMs;
    this.format = candles.format;
    this.bars = candles.bars;
    this.path = path;
    this.params = params;
    this.consumed = position ?? 0;
  }

  /** Re-read the described file and continue after the bars already consumed. */
  static fromDescriptor(descriptor: Extract<MarketSourceDescriptor, { kind: 'csv' }>): CsvMarketSource {
    return new CsvMarketSource({ ...descriptor.options, symbol: descriptor.symbol, path: descriptor.path, position: descriptor.position });
  }

  /** Bars consumed so far. */
  get position(): number {
    return this.consumed;
  }

  /** Bars in the file. */
  get length(): number {
    return this.bars.length;
  }

  next(symbol: string): MarketBar | undefined {
    if (symbol !== this.symbols[0]) throw new MarketSourceError('UNKNOWN_SYMBOL', `CSV source ${this.path} carries ${this.symbols[0]}, not '${symbol}'`);
    const bar = this.bars[this.consumed];
    if (bar !== undefined) this.consumed += 1;
    return bar;
  }

  describe(): MarketSourceDescriptor {
    const options = withDefaults<CsvSourceParams>({}, this.params);
    return {
      kind: 'csv',
      path: this.path,
      symbol: this.symbols[0] as string,
      position: this.consumed,
      ...(Object.keys(options).length > 0 ? { options } : {}),
    };
  }
}
