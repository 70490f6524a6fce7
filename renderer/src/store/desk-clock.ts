import type { EngineStatus } from '../../../core/engine/status';

/**
 * The desk clock at page time `pageNow`, from the last status: its `now`
 * (desk time, simulated in a paper session) was true at page time
 * `receivedAt`, and the clock runs on at the session's speed unless paused.
 * Status pushes come with changes, not on a timer, so a clock and a data
 * age read from the status alone would stand still exactly when the market
 * goes quiet, which is what the age is there to show.
 */
export function deskClockAt(status: Pick<EngineStatus, 'now' | 'speed' | 'paused'>, receivedAt: number, pageNow: number): number {
  if (status.paused) return status.now;
  return status.now + Math.max(0, pageNow - receivedAt) * status.speed;
}
