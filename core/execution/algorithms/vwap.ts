import { Decimal } from '../../domain/decimal';
import type { MarketBar } from '../../market/types';
import { defineScheduled } from './schedule';
import { ZERO } from './sizing';

/*
 * VWAP: the TWAP schedule with slices weighted by the expected market volume
 * of their time bucket (spec.volumeProfile, fixed at translation so a restart
 * resumes the very same schedule). The profile is learned from the source's
 * bars: the average volume of past bars at the same time of day (UTC) as each
 * bucket. With no history, the classic U-shaped session curve is assumed over
 * the window (heavier at its start and end).
 *
 * Why not re-weight from bars seen during the window: the catch-up rule sizes
 * a slice by w[i] / sum(w[i..]); past volume does not enter it, and rescaling
 * the future buckets by how busy the past ones were cancels out. A bucket's
 * shape can only be known ahead from history, so that is where it comes from.
 */
export const vwap = defineScheduled('VWAP', (spec) => spec.volumeProfile ?? []);

const DAY_MS = 86_400_000;

/** U-shaped curve over n buckets: weight 1 + (2x - 1)^2 at bucket centre x, ends about twice the middle. */
export function uShapedProfile(n: number): Decimal[] {
  return Array.from({ length: n }, (_, i) => {
    const x = new Decimal(2 * i + 1).div(2 * n);
    return x.mul(2).minus(1).pow(2).plus(1).toDecimalPlaces(8);
  });
}

/**
 * Expected volume per slice bucket from historical bars, by time of day:
 * bucket i covers [startTime + i*interval, +interval) mapped onto the UTC day;
 * its weight is the mean volume of the history bars opening in that span.
 * Buckets no bar falls in get the mean of the others. Undefined when the
 * history says nothing (no bars in any bucket, or no volume at all).
 */
export function historicalProfile(
  history: readonly MarketBar[],
  symbol: string,
  startTime: number,
  sliceCount: number,
  sliceIntervalMs: number,
): Decimal[] | undefined {
  const sums: Decimal[] = Array.from({ length: sliceCount }, () => ZERO);
  const counts: number[] = Array.from({ length: sliceCount }, () => 0);
  const startOfDay = ((startTime % DAY_MS) + DAY_MS) % DAY_MS;
  for (const bar of history) {
    if (bar.symbol !== symbol) continue;
    const timeOfDay = ((bar.openTime % DAY_MS) + DAY_MS) % DAY_MS;
    const offset = (timeOfDay - startOfDay + DAY_MS) % DAY_MS;
    const i = Math.floor(offset / sliceIntervalMs);
    if (i >= sliceCount) continue;
    sums[i] = (sums[i] ?? ZERO).plus(bar.volume);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const means = sums.map((s, i) => ((counts[i] ?? 0) > 0 ? s.div(counts[i] ?? 1) : null));
  const known = means.filter((m): m is Decimal => m !== null);
  if (known.length === 0) return undefined;
  const fallback = known.reduce((a, b) => a.plus(b), ZERO).div(known.length);
  const profile = means.map((m) => (m ?? fallback).toDecimalPlaces(8));
  return profile.some((w) => w.gt(0)) ? profile : undefined;
}
