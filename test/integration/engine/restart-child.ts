/**
 * Child process of restart.test.ts (run with `node --import tsx`): opens the
 * engine over the ledger file in argv[2] with a paper session at 100x on the
 * real clock, submits a TWAP with protection, and prints every order and
 * fill as its commit is delivered, until the parent kills it with SIGKILL.
 *   PLAN <plan_id> GROUP <group_id>
 *   ORDER <order_id> <role> <status>
 *   FILL <fill_id> <order_id> <quantity>
 * After argv[4] TWAP fills, the first order line matching the pattern argv[3]
 * freezes the process right there (the commit done, the exchange not yet
 * asked) until the parent's SIGKILL arrives, so the kill lands at that point.
 */
import { RealClock } from '../../../core/clock';
import { createEngine } from '../../../core/engine';
import { directive } from './directive';

const [path, pattern = '^$', fills = '4'] = process.argv.slice(2);
if (!path) throw new Error('usage: restart-child.ts <ledger file> <freeze pattern> <fills before>');
const freezeOn = new RegExp(pattern);
const out = (line: string) => process.stdout.write(`${line}\n`); // a pipe: written synchronously on Linux
const entryOrders = new Set<string>();
let entryFills = 0;
function freezeIfDue(line: string): void {
  if (entryFills < Number(fills) || !freezeOn.test(line)) return;
  out('FROZEN');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000); // blocks this thread; SIGKILL still ends the process
}

const engine = await createEngine({ ledgerPath: path, clock: new RealClock(), onError: (e) => process.stderr.write(`ERROR ${String(e)}\n`) });
engine.subscribe(engine.ledger.lastSeq(), (e) => {
  if (e.type === 'order') {
    if (e.data.role === 'ENTRY') entryOrders.add(e.data.order_id);
    const line = `ORDER ${e.data.order_id} ${e.data.role} ${e.data.status}`;
    out(line);
    freezeIfDue(line);
  }
  if (e.type === 'fill') {
    if (entryOrders.has(e.data.parent_order_id)) entryFills += 1;
    out(`FILL ${e.data.fill_id} ${e.data.parent_order_id} ${e.data.quantity}`);
  }
});
await engine.startPaperSession({
  symbols: [{ symbol: 'BTC/USDT', start_price: '30000' }],
  balances: { BTC: '10', USDT: '1000000' },
  source: { kind: 'synthetic', seed: 23 },
  speed: 100,
  fidelity: 'realistic',
  interval_ms: 5_000,
});
// Wait for a bar the worker has seen: the arrival price.
await new Promise<void>((resolve) => {
  const off = engine.onStatus((s) => {
    if (s.market.length > 0) {
      off();
      resolve();
    }
  });
});
const now = engine.status().now;
const r = await engine.submitDirective(
  directive({
    quantity: '1',
    execution: { action: 'EXECUTE_TRADE', preferred_execution_style: 'TWAP', max_execution_window_minutes: 10, chunk_count_hint: 20 },
    exit: { stop_loss_price: '20000', take_profit_price: '45000' },
    now,
  }),
);
out(`PLAN ${r.planId ?? ''} GROUP ${r.groupIds[0] ?? ''}`);
// Runs until killed.
setInterval(() => undefined, 1_000);
