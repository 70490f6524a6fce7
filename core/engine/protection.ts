import { Decimal } from '../domain/decimal';
import type { OrderRole, OrderSide } from '../domain/enums';
import type { ExecutionWorker } from '../execution/worker';
import { KeyedSerialQueue } from '../execution/serial-queue';
import type { OrderView } from '../ledger';
import { planPosition } from './positions';

const PROTECTION_ROLES: readonly OrderRole[] = ['STOP_LOSS', 'TAKE_PROFIT'];

/**
 * Exchange-native protection (seed 004, 6.5): the plan's stop-loss and
 * take-profit become a STOP_MARKET and a LIMIT order for the plan's open
 * position, paired one-cancels-the-other. The exchange triggers them; the
 * worker only keeps their size and levels in step with the plan.
 */
export class ProtectionManager {
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly worker: ExecutionWorker) {}

  /** Re-align a plan's protection with its position and levels (serialised per plan). */
  sync(planId: string): Promise<void> {
    return this.queue.run(planId, () => this.syncNow(planId));
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async syncNow(planId: string): Promise<void> {
    const { ledger, io } = this.worker;
    const plan = ledger.getPlan(planId);
    if (!plan) return;
    const live = ledger.liveOrdersOfPlan(planId).filter((o) => PROTECTION_ROLES.includes(o.role));
    const levels = plan.stop_loss_price !== null || plan.take_profit_price !== null;
    if (!levels && live.length === 0) return; // a plan without protection: nothing to place, nothing to cancel
    const net = levels ? planPosition(ledger, planId) : new Decimal(0);
    const exitSide: OrderSide = plan.direction === 'BUY' ? 'SELL' : 'BUY';
    const wanted: { role: OrderRole; price: Decimal }[] = [];
    if (plan.status === 'ACTIVE' && net.gt(0)) {
      if (plan.stop_loss_price) wanted.push({ role: 'STOP_LOSS', price: plan.stop_loss_price });
      if (plan.take_profit_price) wanted.push({ role: 'TAKE_PROFIT', price: plan.take_profit_price });
    }
    const open = (o: OrderView) => o.quantity.minus(o.filled_quantity);
    const matches =
      live.length === wanted.length &&
      wanted.every((w) => live.some((o) => o.role === w.role && open(o).eq(net) && levelOf(o)?.eq(w.price) === true));
    if (matches) return;

    // Same size, moved level: modify in place where the exchange can (a trailing stop).
    const sameSize = live.length === wanted.length && live.every((o) => open(o).eq(net) && o.status !== 'PENDING_CANCEL');
    if (sameSize && this.worker.capabilities().modifyInPlace && wanted.every((w) => live.some((o) => o.role === w.role))) {
      for (const w of wanted) {
        const o = live.find((x) => x.role === w.role);
        if (!o || levelOf(o)?.eq(w.price)) continue;
        const isStop = o.role === 'STOP_LOSS';
        const r = await this.worker.connector.modify({ clientOrderId: o.order_id, ...(isStop ? { stopPrice: w.price } : { price: w.price }) }, o.symbol);
        if (r.ok) ledger.updateOrder({ order_id: o.order_id, ...(isStop ? { stop_price: w.price.toFixed() } : { price: w.price.toFixed() }), reason: 'protection level moved' });
      }
      return;
    }

    if (live.length > 0) await io.cancel(live.map((o) => o.order_id), 'ORDER', 'protection replaced');
    if (wanted.length === 0) return;
    if (plan.trading_halted) return; // a halted plan takes no new orders, protection included
    const placed = ledger.transaction(() =>
      wanted.map((w) => {
        const reg = ledger.registerOrder({
          plan_id: planId,
          group: { execution_strategy: 'SINGLE', target_quantity: net.toFixed() },
          order: {
            symbol: plan.asset_symbol,
            side: exitSide,
            order_type: w.role === 'STOP_LOSS' ? 'STOP_MARKET' : 'LIMIT',
            role: w.role,
            quantity: net.toFixed(),
            ...(w.role === 'STOP_LOSS' ? { stop_price: w.price.toFixed() } : { price: w.price.toFixed() }),
          },
        });
        return reg.order.order_id;
      }),
    );
    const pair = placed.length === 2 && this.worker.capabilities().nativeOco;
    await Promise.all(
      placed.map((id, i) =>
        io.send(id, {
          timeInForce: wanted[i]?.role === 'TAKE_PROFIT' ? 'GTC' : null,
          ...(pair ? { ocoWith: placed[1 - i] } : {}),
        }),
      ),
    );
  }

  /** Without native OCO, a filled leg cancels its sibling here. */
  async onProtectionFilled(order: OrderView): Promise<void> {
    if (!PROTECTION_ROLES.includes(order.role) || this.worker.capabilities().nativeOco) return;
    const siblings = this.worker.ledger
      .liveOrdersOfPlan(order.parent_plan_id)
      .filter((o) => PROTECTION_ROLES.includes(o.role) && o.order_id !== order.order_id);
    await this.worker.io.cancel(siblings.map((o) => o.order_id), 'ORDER', 'one-cancels-the-other');
  }
}

function levelOf(o: OrderView): Decimal | null {
  return o.role === 'STOP_LOSS' ? o.stop_price : o.price;
}
