import { Decimal } from '../../domain/decimal';
import type { BookModel } from './fidelity';

/**
 * The synthetic order book a market (taker) order walks. Bars give only the
 * best bid/ask and their sizes; deeper levels are derived from them per the
 * fidelity profile, so the bigger the order the worse its average price.
 */

export interface BookLevel {
  readonly price: Decimal;
  readonly size: Decimal;
}

/** ASK: what buyers take (prices rise with depth). BID: what sellers take (prices fall). */
export type BookSide = 'ASK' | 'BID';

export interface TickStep {
  readonly tickSize: Decimal;
  readonly stepSize: Decimal;
}

const UNLIMITED = new Decimal(Infinity);
const BPS = new Decimal(10_000);

export function floorToStep(value: Decimal, step: Decimal): Decimal {
  return value.div(step).floor().mul(step);
}

/** Price rounded to the tick away from the touch, so a synthetic level is never better than the market. */
function roundAway(price: Decimal, side: BookSide, tick: Decimal): Decimal {
  const ticks = price.div(tick);
  return (side === 'ASK' ? ticks.ceil() : ticks.floor()).mul(tick);
}

/**
 * One side of the book, best level first, built as deep as a walk reaches
 * (most orders only ever look at the top). `top` is the best price,
 * `topSize` the size resting there.
 */
export class BookLadder {
  private readonly built: BookLevel[] = [];
  private price: Decimal;
  private size: Decimal;
  private gap: Decimal | undefined;
  private complete = false;

  constructor(
    private readonly side: BookSide,
    top: Decimal,
    topSize: Decimal,
    private readonly model: BookModel,
    private readonly rules: TickStep,
  ) {
    this.price = roundAway(top, side, rules.tickSize);
    this.size = topSize;
  }

  level(i: number): BookLevel | undefined {
    while (this.built.length <= i && !this.complete) this.extend();
    return this.built[i];
  }

  private extend(): void {
    const { model, rules, side } = this;
    if (this.price.lte(0)) {
      this.complete = true; // no market (no bar yet) or a side driven to zero
      return;
    }
    if (model.kind === 'unlimited-top') {
      this.built.push({ price: this.price, size: UNLIMITED });
      this.complete = true;
      return;
    }
    const lot = floorToStep(this.size, rules.stepSize);
    if (this.built.length >= model.levels || lot.lte(0)) {
      this.complete = true;
      return;
    }
    this.built.push({ price: this.price, size: lot });
    const gap = this.gap ?? Decimal.max(rules.tickSize, this.price.mul(model.firstGapBps).div(BPS));
    this.price = roundAway(side === 'ASK' ? this.price.plus(gap) : this.price.minus(gap), side, rules.tickSize);
    this.gap = gap.mul(model.gapGrowth);
    this.size = this.size.mul(model.sizeDecay);
  }
}

export interface WalkFill {
  readonly price: Decimal;
  readonly quantity: Decimal;
}

export interface WalkOptions {
  /** Quantity already taken from this side during the interval: those levels are gone. */
  readonly consumed: Decimal;
  /** Worst acceptable price (limit orders). */
  readonly limit?: Decimal;
  /** Buyers: quote funds available; the walk stops where it could not pay for one more step. */
  readonly budget?: Decimal;
  readonly stepSize: Decimal;
}

export interface WalkResult {
  readonly fills: readonly WalkFill[];
  readonly quantity: Decimal;
  readonly cost: Decimal;
}

/** Take up to `want` from the ladder, best level first, one fill per level. */
export function walkBook(side: BookSide, ladder: BookLadder, want: Decimal, options: WalkOptions): WalkResult {
  const fills: WalkFill[] = [];
  let skip = options.consumed;
  let remaining = want;
  let budget = options.budget;
  let quantity = new Decimal(0);
  let cost = new Decimal(0);
  for (let i = 0, level = ladder.level(0); level !== undefined; level = ladder.level(++i)) {
    if (remaining.lte(0)) break;
    if (options.limit !== undefined && (side === 'ASK' ? level.price.gt(options.limit) : level.price.lt(options.limit))) break;
    let available = level.size;
    if (skip.gt(0)) {
      const gone = Decimal.min(skip, available);
      skip = skip.minus(gone);
      available = available.minus(gone);
    }
    let take = Decimal.min(available, remaining);
    if (budget !== undefined) take = Decimal.min(take, floorToStep(budget.div(level.price), options.stepSize));
    if (take.lte(0)) {
      if (available.gt(0)) break; // out of budget: deeper levels cost more
      continue;
    }
    const notional = take.mul(level.price);
    fills.push({ price: level.price, quantity: take });
    remaining = remaining.minus(take);
    quantity = quantity.plus(take);
    cost = cost.plus(notional);
    if (budget !== undefined) budget = budget.minus(notional);
  }
  return { fills, quantity, cost };
}
