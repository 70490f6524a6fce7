import { Decimal } from '../domain/decimal';
import type { Ledger, OrderView } from '../ledger';

const EXIT_ROLES = new Set(['STOP_LOSS', 'TAKE_PROFIT', 'CLOSE']);

/**
 * A plan's open position from the ledger's own orders: what its entries
 * filled minus what its exits filled. Never from memory, never from the
 * exchange: CLOSE_EXISTING sizes the close from this.
 */
export function planPosition(ledger: Ledger, planId: string): Decimal {
  let net = new Decimal(0);
  for (const o of ledger.ordersOfPlan(planId)) net = EXIT_ROLES.has(o.role) ? net.minus(o.filled_quantity) : net.plus(o.filled_quantity);
  return net;
}

export function isExit(order: OrderView): boolean {
  return EXIT_ROLES.has(order.role);
}
