import Decimal from 'decimal.js';
import { MarketSourceError } from './market-source-error';
import { fnv1a32, Prng } from './prng';
import { ceilTo, exactMul, floorTo, nearestTo } from './grid';
import { bookModel, synthesizeBook, type BookModel } from './quote';
import { resolveSyntheticOptions, type SyntheticConfig, type SyntheticMarketOptions } from './synthetic-options';
import type { MarketBar, MarketSource, MarketSourceDescriptor, SyntheticSymbolParams } from './types';
import { volumeWeight } from './volume-profile';

/** Volume on a jump bar is this many times the usual: news moves trade heavily. */
const JUMP_VOLUME_MULTIPLIER = 3;
/** A return never takes more than this fraction off the price, so prices stay positive. */
const MAX_DROP = 0.9;

interface SymbolWalk {
  readonly params: SyntheticSymbolParams;
  readonly book: BookModel;
  readonly meanVolume: Decimal;
  readonly rng: Prng;
  lastClose: Decimal;
  index: number;
}

/**
 * A seeded random walk per symbol: each interval's return is
 * drift + volatility * N(0,1), plus with probability jumpProbability a jump
 * of +-jumpSize * [0.5, 1.5). Each symbol draws from its own stream (seed,
 * symbol name), always the same number of draws per bar, so bars depend only
 * on (seed, symbol, model, bar index) and a restored source replays its way
 * back to exactly where the old one stood.
 */
export class SyntheticMarketSource implements MarketSource {
  readonly symbols: readonly string[];
  readonly intervalMs: number;
  private readonly config: SyntheticConfig;
  private readonly walks = new Map<string, SymbolWalk>();

  /** Throws MarketSourceError INVALID_MARKET_CONFIG when the options do not describe a market. */
  constructor(options: SyntheticMarketOptions) {
    this.config = resolveSyntheticOptions(options);
    this.symbols = this.config.symbols;
    this.intervalMs = this.config.intervalMs;
    for (const symbol of this.symbols) {
      const params = this.config.params[symbol] as SyntheticSymbolParams;
      const book = bookModel(params);
      const walk: SymbolWalk = {
        params,
        book,
        meanVolume: new Decimal(params.meanVolume),
        rng: new Prng(this.config.seed, fnv1a32(symbol)),
        lastClose: Decimal.max(nearestTo(new Decimal(this.config.startPrices[symbol] as string), book.tick), book.tick),
        index: 0,
      };
      this.walks.set(symbol, walk);
      const skip = this.config.position[symbol] ?? 0;
      for (let i = 0; i < skip; i++) this.advance(walk);
    }
  }

  /** Recreate a source from describe()'s output; it continues exactly where the described one was. */
  static fromDescriptor(descriptor: Extract<MarketSourceDescriptor, { kind: 'synthetic' }>): SyntheticMarketSource {
    return new SyntheticMarketSource({
      seed: descriptor.seed,
      symbols: descriptor.symbols,
      startTime: descriptor.startTime,
      intervalMs: descriptor.intervalMs,
      startPrices: descriptor.startPrices,
      perSymbol: descriptor.params,
      position: descriptor.position,
    });
  }

  /** Never exhausted. */
  next(symbol: string): MarketBar {
    const walk = this.walks.get(symbol);
    if (walk === undefined) throw new MarketSourceError('UNKNOWN_SYMBOL', `synthetic source has no symbol '${symbol}'`);
    return this.bar(symbol, walk, this.advance(walk));
  }

  describe(): MarketSourceDescriptor {
    const position: Record<string, number> = {};
    for (const [symbol, walk] of this.walks) position[symbol] = walk.index;
    return {
      kind: 'synthetic',
      seed: this.config.seed,
      symbols: [...this.symbols],
      startTime: this.config.startTime,
      intervalMs: this.intervalMs,
      startPrices: { ...this.config.startPrices },
      position,
      params: { ...this.config.params },
    };
  }

  /** Move the walk one interval; only the close carries over, so skipping bars costs no more than this. */
  private advance(walk: SymbolWalk): Step {
    const draws = drawBar(walk.rng, walk.params);
    const open = walk.lastClose;
    const close = Decimal.max(nearestTo(exactMul(open, 1 + draws.ret), walk.book.tick), walk.book.tick);
    const openTime = this.config.startTime + walk.index * this.intervalMs;
    walk.lastClose = close;
    walk.index += 1;
    return { draws, open, close, openTime };
  }

  private bar(symbol: string, walk: SymbolWalk, { draws, open, close, openTime }: Step): MarketBar {
    const { params, book } = walk;
    const top = Decimal.max(open, close);
    const bottom = Decimal.min(open, close);
    const high = ceilTo(exactMul(top, 1 + draws.upperWick), book.tick);
    const low = Decimal.max(floorTo(exactMul(bottom, 1 - draws.lowerWick), book.tick), book.tick);
    const weight = volumeWeight(params.volumeProfile, openTime, params.sessionMs);
    const volume = floorTo(exactMul(walk.meanVolume, weight * draws.volumeNoise * (draws.jumped ? JUMP_VOLUME_MULTIPLIER : 1)), book.step);
    return {
      symbol,
      openTime,
      intervalMs: this.intervalMs,
      open,
      high,
      low,
      close,
      volume,
      ...synthesizeBook(close, volume, book, { bid: draws.bidNoise, ask: draws.askNoise }),
    };
  }
}

interface BarDraws {
  /** The interval's return, jump included. */
  readonly ret: number;
  readonly jumped: boolean;
  /** Wick lengths beyond the body, as fractions of the price. */
  readonly upperWick: number;
  readonly lowerWick: number;
  readonly volumeNoise: number;
  readonly bidNoise: number;
  readonly askNoise: number;
}

interface Step {
  readonly draws: BarDraws;
  readonly open: Decimal;
  readonly close: Decimal;
  readonly openTime: number;
}

/** All random draws of one bar, in a fixed order and number whatever the branch, so streams never shift. */
function drawBar(rng: Prng, params: SyntheticSymbolParams): BarDraws {
  const z = rng.nextNormal();
  const jumped = rng.nextFloat() < params.jumpProbability;
  const jumpSign = rng.nextFloat() < 0.5 ? -1 : 1;
  const jumpScale = 0.5 + rng.nextFloat();
  const upperWick = Math.abs(rng.nextNormal()) * params.volatility * 0.5;
  const lowerWick = Math.abs(rng.nextNormal()) * params.volatility * 0.5;
  const volumeNoise = 0.5 + rng.nextFloat();
  const bidNoise = 0.5 + rng.nextFloat();
  const askNoise = 0.5 + rng.nextFloat();
  const jump = jumped ? jumpSign * params.jumpSize * jumpScale : 0;
  return {
    ret: Math.max(-MAX_DROP, params.drift + params.volatility * z + jump),
    jumped,
    upperWick,
    lowerWick,
    volumeNoise,
    bidNoise,
    askNoise,
  };
}
