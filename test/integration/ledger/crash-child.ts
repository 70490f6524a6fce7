/**
 * Crash-test writer: records fills into the ledger at `argv[2]` as fast as it
 * can, forever, and prints `C <order_id> <trade_id>` for every fill after the
 * transaction holding it has committed. The parent kills it with SIGKILL at a
 * random moment. Mixes single-fill writes, batches, new orders, duplicates,
 * cancels and algorithm state, so a kill can land inside any of them.
 */
import { openLedger } from '../../../core/ledger';

const [path, runTag = 'r'] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: crash-child <ledger path> <run tag>');

const ledger = openLedger(path);
const plan = 'TPL_20251201_143000_crash';
let seed = [...runTag].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed % n;
};

let orders = ledger.liveOrdersOfPlan(plan).map((o) => o.order_id);
let trade = 0;

function newOrder(): void {
  const r = ledger.registerOrder({
    plan_id: plan,
    plan: { strategy_instance_id: 'crash', asset_symbol: 'BTC/USDT', direction: 'BUY' },
    group: { execution_strategy: 'TWAP', target_quantity: '1000000' },
    order: { symbol: 'BTC/USDT', side: random(2) ? 'BUY' : 'SELL', order_type: 'MARKET', quantity: '1000' },
  });
  orders.push(r.order.order_id);
}

function fill(orderId: string) {
  return {
    parent_order_id: orderId,
    trade_id: `${runTag}-${trade++}`,
    price: `${50000 + random(1000)}.${random(100)}`,
    quantity: `0.${1 + random(999)}`,
    fee: '0.001',
    executed_at: '2025-12-01T14:30:01Z',
  };
}

const say = (lines: string[]) => {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
};

if (orders.length < 3) for (let i = 0; i < 3; i++) newOrder();
say(['READY']);
for (;;) {
  const pick = () => orders[random(orders.length)] as string;
  const dice = random(100);
  if (dice < 60) {
    const f = fill(pick());
    ledger.recordFill(f);
    say([`C ${f.parent_order_id} ${f.trade_id}`]);
  } else if (dice < 85) {
    const batch = Array.from({ length: 1 + random(40) }, () => fill(pick()));
    ledger.transaction(() => {
      for (const f of batch) ledger.recordFill(f);
      ledger.journal.record({ kind: 'BATCH', message: `${batch.length} fills` });
    });
    say(batch.map((f) => `C ${f.parent_order_id} ${f.trade_id}`));
  } else if (dice < 90) {
    // a replayed fill: must change nothing
    const again = { ...fill(pick()), trade_id: `${runTag}-${random(Math.max(1, trade))}` };
    ledger.recordFill(again);
  } else if (dice < 95) {
    newOrder();
  } else {
    const orderId = pick();
    ledger.transaction(() => {
      const intent = ledger.requestCancel(orderId, { reason: 'crash test', scope: 'ORDER' });
      ledger.confirmCancel(intent.intent_id);
    });
    orders = orders.filter((o) => o !== orderId);
    if (orders.length === 0) newOrder();
  }
}
