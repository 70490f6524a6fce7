import type { Page } from 'playwright-core';

/**
 * In-page timing, measured with the page's own clock so no CDP round trip is
 * counted: from a trusted click's event timestamp to the paint of the frame
 * that first shows the expected state (checked at each frame's rAF; a
 * MessageChannel message posted there is handled after that frame's paint).
 *
 * The in-page side is plain JavaScript text: tsx compiles functions with
 * name helpers that do not exist in the page, so nothing here is a
 * serialized TypeScript function. CDP evaluation is not subject to the CSP,
 * but code it runs may not eval (page.waitForFunction with a string does),
 * so waiting happens in page promises.
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
        const onClick = (e) => {
          if (e.isTrusted && clickAt === undefined) { clickAt = e.timeStamp; window.__timing.lastClickAt = performance.timeOrigin + e.timeStamp; }
        };
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
    paintedWhen(done, timeoutMs) {
      const holds = () => (document.querySelector(done.selector) !== null) === (done.kind === 'present');
      return new Promise((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        const frame = () => {
          if (holds()) afterPaint(() => resolve(performance.now()));
          else if (performance.now() > deadline) reject(new Error('timed out after ' + timeoutMs + ' ms waiting for ' + done.kind + ' ' + done.selector));
          else requestAnimationFrame(frame);
        };
        frame();
      });
    },
    clickLoop(steps, pauseMs, durationMs) {
      const out = [];
      const end = performance.now() + durationMs;
      let k = 0;
      return new Promise((resolve) => {
        const next = () => {
          if (performance.now() > end) { resolve(out); return; }
          const step = steps[k++ % steps.length];
          const el = document.querySelector(step.click);
          const holds = () => (document.querySelector(step.done.selector) !== null) === (step.done.kind === 'present');
          if (!el || holds()) { setTimeout(next, pauseMs); return; }
          const t0 = performance.now();
          el.click();
          const frame = () => {
            if (holds()) afterPaint(() => { out.push(performance.now() - t0); setTimeout(next, pauseMs); });
            else if (performance.now() - t0 > 10000) { out.push(Infinity); setTimeout(next, pauseMs); }
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        };
        next();
      });
    },
    firstContentfulPaint() {
      return new Promise((resolve) => {
        new PerformanceObserver((list, observer) => {
          const fcp = list.getEntriesByName('first-contentful-paint')[0];
          if (fcp) { observer.disconnect(); resolve(performance.timeOrigin + fcp.startTime); }
        }).observe({ type: 'paint', buffered: true });
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

/**
 * Epoch ms at which the page first painted `done` (polled each frame from
 * now on; resolves at once, after the next paint, if it holds already).
 */
export async function paintedAt(page: Page, done: DoneCondition, timeoutMs = 30_000): Promise<number> {
  return (await page.evaluate(`${IN_PAGE}; window.__timing.paintedWhen(${JSON.stringify(done)}, ${timeoutMs}).then((t) => performance.timeOrigin + t)`)) as number;
}

export interface ClickStep {
  /** What to click (element.click(), dispatched in the page). */
  readonly click: string;
  readonly done: DoneCondition;
}

/**
 * Clicks the steps in turn from inside the page for `durationMs`, pausing
 * `pauseMs` after each answer, and returns click -> painted `done` per click.
 * The clicks are dispatched by the page itself (untrusted events, which
 * React handles the same way), so a busy bench process cannot thin them out.
 */
export async function clickLoop(page: Page, steps: readonly ClickStep[], pauseMs: number, durationMs: number): Promise<number[]> {
  return (await page.evaluate(`${IN_PAGE}; window.__timing.clickLoop(${JSON.stringify(steps)}, ${pauseMs}, ${durationMs})`)) as number[];
}

/** Epoch ms of the click the last clickToPaint measured from. */
export async function lastClickAt(page: Page): Promise<number> {
  return (await page.evaluate('window.__timing.lastClickAt')) as number;
}

/** Starts recording the intervals between animation frames. */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(`${IN_PAGE}; window.__timing.startFrames()`);
}

export async function stopFrames(page: Page): Promise<number[]> {
  return (await page.evaluate('window.__timing ? window.__timing.stopFrames() : []')) as number[];
}

/** Epoch ms of the current page's first contentful paint, once there is one. */
export async function firstContentfulPaintAt(page: Page, timeoutMs = 30_000): Promise<number> {
  const fcp = page.evaluate(`${IN_PAGE}; window.__timing.firstContentfulPaint()`) as Promise<number>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no first contentful paint within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([fcp, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
