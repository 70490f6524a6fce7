/**
 * Delay normalisation shared by the simulated clocks. Like Node, a bad delay
 * never throws: a timeout's delay becomes a whole number of ms >= 0 (rounded
 * up, so a timer never fires early); an interval is at least 1 ms, so it can
 * never spin a simulated clock in place.
 */
export function timeoutDelay(delayMs: number): number {
  return Number.isFinite(delayMs) && delayMs > 0 ? Math.ceil(delayMs) : 0;
}

export function intervalDelay(intervalMs: number): number {
  return Math.max(1, timeoutDelay(intervalMs));
}
