import Decimal from 'decimal.js';
import { ceilTo, exactAdd, exactMul, floorTo } from './grid';
import type { QuoteParams } from './types';

/**
 * The top of the book synthesised around a bar's close, shared by the
 * synthetic walk and CSV replay (candles carry no book). Deterministic given
 * the inputs; documented in README.md.
 */

/**
 * bid = floor(close - h), ask = ceil(close + h) on the tick grid, with
 * h = max(close * spreadBps / 20000, tick / 2): the spread is about
 * `spreadBps` of the price and never under one tick, so bid < ask always.
 * A bid that would reach zero is held at one tick.
 */
export function quoteAround(close: Decimal, model: BookModel): { bid: Decimal; ask: Decimal } {
  const proportional = exactMul(close, model.halfSpreadFactor);
  const half = proportional.gt(model.halfTick) ? proportional : model.halfTick;
  const floored = floorTo(exactAdd(close, half.neg()), model.tick);
  const bid = floored.gte(model.tick) ? floored : model.tick;
  const ceiled = ceilTo(exactAdd(close, half), model.tick);
  return { bid, ask: ceiled.gt(bid) ? ceiled : ceilTo(exactAdd(bid, model.tick), model.tick) };
}

/** Size resting at the best price: volume * fraction * noise, down to the step grid, at least one step. */
export function topOfBookSize(volume: Decimal, fraction: number, step: Decimal, noise = 1): Decimal {
  const size = floorTo(exactMul(volume, fraction * noise), step);
  return size.gte(step) ? size : step;
}

/** QuoteParams with the grids as Decimal, prepared once per symbol rather than per bar. */
export interface BookModel {
  readonly tick: Decimal;
  readonly step: Decimal;
  readonly halfTick: Decimal;
  /** spreadBps / 20000: half the spread as a fraction of the price. */
  readonly halfSpreadFactor: Decimal;
  readonly topOfBookFraction: number;
}

export function bookModel(params: QuoteParams): BookModel {
  const tick = new Decimal(params.tickSize);
  return {
    tick,
    step: new Decimal(params.stepSize),
    halfTick: exactMul(tick, 0.5),
    // spreadBps / 20000 = spreadBps * 0.00005, exactly.
    halfSpreadFactor: exactMul(new Decimal(params.spreadBps), 0.00005),
    topOfBookFraction: params.topOfBookFraction,
  };
}

/** Book fields of a bar from its close and volume; `noise` gives the bid and ask sizes a multiplier each (1 = none). */
export function synthesizeBook(
  close: Decimal,
  volume: Decimal,
  model: BookModel,
  noise: { bid: number; ask: number } = { bid: 1, ask: 1 },
): { bid: Decimal; ask: Decimal; bidSize: Decimal; askSize: Decimal } {
  const { bid, ask } = quoteAround(close, model);
  const bidSize = topOfBookSize(volume, model.topOfBookFraction, model.step, noise.bid);
  const askSize = noise.ask === noise.bid ? bidSize : topOfBookSize(volume, model.topOfBookFraction, model.step, noise.ask);
  return { bid, ask, bidSize, askSize };
}
