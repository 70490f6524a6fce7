import Decimal from 'decimal.js';
import { useState, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import type { FillView, OrderView } from '../../../../core/ledger/views';
import { FillsTable } from '../../../../renderer/src/components/FillsTable';
import { OrdersTable } from '../../../../renderer/src/components/OrdersTable';
import { PriceChart } from '../../../../renderer/src/components/PriceChart';
import type { PriceBar } from '../../../../renderer/src/format/chart';
import { fill, order } from '../../../unit/renderer-components/fixtures';
import './harness.css';

/*
 * The components alone, in the real browser under the web server's CSP,
 * driven by the bench script through window.__bench. Data is made here
 * (decoded views, as the store would hold them), so the figures are the
 * components' own cost, without the transport or the store.
 */

const MINUTE = 60_000;
const T0 = Date.UTC(2023, 2, 10, 14, 0, 0);

/** After the next paint: a message posted from rAF is handled once that frame is painted. */
const afterPaint = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => {
      const c = new MessageChannel();
      c.port1.onmessage = () => resolve(performance.now());
      c.port2.postMessage(null);
    }),
  );

function barsFor(fills: readonly FillView[]): PriceBar[] {
  const bars: PriceBar[] = [];
  for (const f of fills) {
    const open = Math.floor(f.executed_at.getTime() / MINUTE) * MINUTE;
    const last = bars[bars.length - 1];
    if (last && last.time.getTime() === open) {
      bars[bars.length - 1] = { ...last, high: Decimal.max(last.high, f.price), low: Decimal.min(last.low, f.price), close: f.price };
    } else bars.push({ time: new Date(open), open: f.price, high: f.price, low: f.price, close: f.price });
  }
  return bars;
}

let nextFill = 0;
function makeFills(n: number): FillView[] {
  const out: FillView[] = [];
  for (let k = 0; k < n; k++) {
    const i = nextFill++;
    // One fill a second of market time, prices wandering around 20,000.
    const price = new Decimal(20_000 + Math.round(Math.sin(i / 500) * 30_000) / 100);
    out.push(fill(i, { price, executed_at: new Date(T0 + i * 1000), recorded_at: new Date(T0 + i * 1000) }));
  }
  return out;
}

interface Setters {
  setOrders(o: OrderView[]): void;
  setFills(update: (f: FillView[]) => FillView[]): void;
  setBars(update: (b: PriceBar[]) => PriceBar[]): void;
}
let setters: Setters | undefined;
let currentOrders: OrderView[] = [];

function App(): ReactElement {
  const [orders, setOrders] = useState<OrderView[]>([]);
  const [fills, setFills] = useState<FillView[]>([]);
  const [bars, setBars] = useState<PriceBar[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  setters = { setOrders, setFills, setBars };
  currentOrders = orders;
  const cancelAll = () => setOrders((os) => os.map((o) => ({ ...o, status: 'CANCELED' })));
  return (
    <div className="harness">
      <div className="harness__bar">
        <button type="button" onClick={cancelAll}>
          Cancel all (harness)
        </button>
        <span>{selected ?? 'no order selected'}</span>
      </div>
      <div className="harness__pane">
        <OrdersTable orders={orders} selectedOrderId={selected} onSelectOrder={setSelected} />
      </div>
      <div className="harness__pane">
        <FillsTable fills={fills} />
      </div>
      <div className="harness__pane">
        <PriceChart bars={bars} fills={fills} label="BTC/USD" />
      </div>
    </div>
  );
}

const api = {
  /** n orders (open), committed and painted; ms from setState to paint. */
  async setOrders(n: number, status: OrderView['status'] = 'OPEN'): Promise<number> {
    const list = Array.from({ length: n }, (_, i) => order(i, { status }));
    const t0 = performance.now();
    flushSync(() => setters?.setOrders(list));
    return (await afterPaint()) - t0;
  },
  /** Replaces the fills with n new ones (and their bars): build time, and setState -> paint. */
  async setFills(n: number): Promise<{ buildMs: number; paintMs: number }> {
    const t0 = performance.now();
    nextFill = 0;
    const list = makeFills(n);
    const bars = barsFor(list);
    const t1 = performance.now();
    flushSync(() => {
      setters?.setFills(() => list);
      setters?.setBars(() => bars);
    });
    return { buildMs: t1 - t0, paintMs: (await afterPaint()) - t1 };
  },
  /** Appends `perSecond` fills a second in `batchesPerSecond` batches for `seconds`; the bars follow. */
  stream(perSecond: number, seconds: number, batchesPerSecond: number): Promise<{ pushed: number; batches: number; worstBatchMs: number; slowBatches: number[][] }> {
    return new Promise((resolve) => {
      const perBatch = Math.round(perSecond / batchesPerSecond);
      const total = Math.round(batchesPerSecond * seconds);
      let batches = 0;
      let pushed = 0;
      let worstBatchMs = 0;
      const slowBatches: number[][] = [];
      const timer = setInterval(() => {
        const t0 = performance.now();
        const batch = makeFills(perBatch);
        pushed += batch.length;
        flushSync(() => {
          setters?.setFills((f) => f.concat(batch));
          setters?.setBars((b) => {
            const tail = barsFor(batch);
            const last = b[b.length - 1];
            const first = tail[0];
            if (last && first && last.time.getTime() === first.time.getTime()) {
              const merged = { ...last, high: Decimal.max(last.high, first.high), low: Decimal.min(last.low, first.low), close: first.close };
              return [...b.slice(0, -1), merged, ...tail.slice(1)];
            }
            return [...b, ...tail];
          });
        });
        const took = performance.now() - t0;
        worstBatchMs = Math.max(worstBatchMs, took);
        if (took > 50) slowBatches.push([batches, Math.round(took)]);
        if (++batches >= total) {
          clearInterval(timer);
          resolve({ pushed, batches, worstBatchMs, slowBatches });
        }
      }, 1000 / batchesPerSecond);
    });
  },
  /** Scrolls the orders grid by `step` px a frame for `frames` frames; frame intervals and the most rows seen in the DOM. */
  scrollOrders(step: number, frames: number): Promise<{ deltas: number[]; maxRows: number; rowsInData: number }> {
    const grid = document.querySelector<HTMLElement>('[role="grid"][aria-label="Orders"]');
    if (!grid) return Promise.reject(new Error('no orders grid'));
    return new Promise((resolve) => {
      const deltas: number[] = [];
      let maxRows = 0;
      let last = performance.now();
      let k = 0;
      const frame = (t: number) => {
        deltas.push(t - last);
        last = t;
        maxRows = Math.max(maxRows, grid.querySelectorAll('.ld-vtable__body > [role="row"]').length);
        grid.scrollTop += step;
        if (++k < frames) requestAnimationFrame(frame);
        else resolve({ deltas: deltas.slice(1), maxRows, rowsInData: currentOrders.length });
      };
      requestAnimationFrame(frame);
    });
  },
};

declare global {
  interface Window {
    __bench: typeof api;
  }
}
window.__bench = api;

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
