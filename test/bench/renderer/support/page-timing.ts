import type { Page } from 'playwright-core';

/**
 * In-page timing, measured with the page's own clock so no CDP round trip is
 * counted: from a trusted click's event timestamp to the paint of the frame
 * that first shows the expected state (checked at each frame's rAF; a
 * MessageChannel message posted there is handled after that frame's paint).
 *
 * The in-page side is plain JavaScript text: tsx compiles functions with
 * name helpers that do not exist in the page, so nothing here is a
 * serialized TypeScript function. CDP evaluation is not subject to the CSP.
 */
export type DoneCondition =
  /** Some element matches the selector. */
  | { readonly kind: 'present'; readonly selector: string }
  /** No element matches the selector. */
  | { readonly kind: 'absent'; readonly selector: string };

const IN_PAGE = `(() => {
  if (window.__timing) return;
  const afterPaint = (cb) => { const c = new MessageChannel(); c.port1.onmessage = cb; c.port2.postMessage(null); };
  window.__timing = {
    arm(done, timeoutMs) {
      const holds = () => (document.querySelector(done.selector) !== null) === (done.kind === 'present');
      if (holds()) throw new Error('condition already holds before the click: ' + done.kind + ' ' + done.selector);
      window.__timing.pending = new Promise((resolve, reject) => {
        let clickAt;
        const onClick = (e) => { if (e.isTrusted && clickAt === undefined) clickAt = e.timeStamp; };
        document.addEventListener('click', onClick, { capture: true });
        const deadline = performance.now() + timeoutMs;
        const frame = () => {
          if (clickAt !== undefined && holds()) {
            afterPaint(() => { document.removeEventListener('click', onClick, { capture: true }); resolve(performance.now() - clickAt); });
          } else if (performance.now() > deadline) {
            document.removeEventListener('click', onClick, { capture: true });
            reject(new Error('timed out after ' + timeoutMs + ' ms waiting for ' + done.kind + ' ' + done.selector));
          } else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    startFrames() {
      const state = { deltas: [], running: true };
      window.__timing.frames = state;
      let last = performance.now();
      const frame = (t) => { state.deltas.push(t - last); last = t; if (state.running) requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    },
    stopFrames() {
      const state = window.__timing.frames;
      if (!state) return [];
      state.running = false;
      return state.deltas.slice(1);
    },
  };
})();`;

/** Makes the timing helpers available in every document the page loads (and the current one). */
export async function installTiming(page: Page): Promise<void> {
  await page.addInitScript({ content: IN_PAGE });
  await page.evaluate(IN_PAGE);
}

/** Runs `click` (a real Playwright click) and returns click -> painted `done`, in ms. */
export async function clickToPaint(page: Page, click: () => Promise<void>, done: DoneCondition, timeoutMs = 10_000): Promise<number> {
  await page.evaluate(`${IN_PAGE}; window.__timing.arm(${JSON.stringify(done)}, ${timeoutMs})`);
  await click();
  return (await page.evaluate('window.__timing.pending')) as number;
}

/** Starts recording the intervals between animation frames. */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(`${IN_PAGE}; window.__timing.startFrames()`);
}

export async function stopFrames(page: Page): Promise<number[]> {
  return (await page.evaluate('window.__timing ? window.__timing.stopFrames() : []')) as number[];
}

/** Navigation start -> first contentful paint of the current page (ms), once there is one. */
export async function firstContentfulPaint(page: Page, timeoutMs = 30_000): Promise<number> {
  await page.waitForFunction("performance.getEntriesByName('first-contentful-paint').length > 0", undefined, { timeout: timeoutMs });
  return (await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")) as number;
}
