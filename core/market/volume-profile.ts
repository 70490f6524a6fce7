import type { VolumeProfile } from './types';

/**
 * Relative volume at a point of the trading session (mean 1 over a session),
 * so VWAP and POV schedules have a curve to follow. 'u-shape' is the classic
 * intraday curve: heavy at the session's open and close, light mid-session
 * (5/3 at the edges, 2/3 in the middle). Sessions start at multiples of
 * `sessionMs` since the epoch (UTC midnight for a day). Polynomial, so no
 * engine-dependent maths.
 */
export function volumeWeight(profile: VolumeProfile, timeMs: number, sessionMs: number): number {
  if (profile === 'flat') return 1;
  const x = (((timeMs % sessionMs) + sessionMs) % sessionMs) / sessionMs;
  const d = x - 0.5;
  return (0.4 + 2.4 * d * d) / 0.6;
}
