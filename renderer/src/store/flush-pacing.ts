/**
 * When the store applies the events that arrived: every batch re-renders the
 * panels that show the ledger, then the page's style, layout and paint, on
 * the one thread that also answers clicks. The first batch after a quiet
 * spell goes out a frame after its first event (a cancel shows at once);
 * while events keep coming, batches start at least `gapMs` apart, so a
 * stream of thousands of events a second is drawn a few times a second and
 * leaves most of the thread to the trader. A prompt batch (the store asks
 * for one while the trader's own command is in flight or has just
 * answered: a cancel-all's bursts) goes a frame after its first event
 * whatever the gap: the trader is waiting to see the result, not clicking.
 */
export interface PacingOptions {
  /** Least time between the starts of two batches (default 100 ms). */
  readonly gapMs?: number;
  /** Delay after the first event of a batch (default 16 ms: one frame). */
  readonly frameMs?: number;
  readonly now?: () => number;
  readonly setTimer?: (run: () => void, ms: number) => void;
}

export const DEFAULT_GAP_MS = 100;
export const DEFAULT_FRAME_MS = 16;

/** A `schedule` for createDeskStore: called once per batch (when its first event arrives), runs `flush` later. */
export type Schedule = (flush: () => void, prompt?: boolean) => void;

export function pacedSchedule(options: PacingOptions = {}): Schedule {
  const gap = options.gapMs ?? DEFAULT_GAP_MS;
  const frame = options.frameMs ?? DEFAULT_FRAME_MS;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((run, ms) => void setTimeout(run, ms));
  let lastStart = Number.NEGATIVE_INFINITY;
  return (flush, prompt = false) => {
    const wait = prompt ? frame : Math.max(frame, lastStart + gap - now());
    setTimer(() => {
      lastStart = now();
      flush();
    }, wait);
  };
}
