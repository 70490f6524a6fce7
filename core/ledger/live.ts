import { LIVE_ORDER_STATUSES, type OrderStatus } from '../domain';

/** The domain's live statuses as an SQL list, e.g. for `status IN (${LIVE_STATUS_SQL})`. */
export const LIVE_STATUS_SQL = LIVE_ORDER_STATUSES.map((s) => `'${s}'`).join(',');

const LIVE = new Set<OrderStatus>(LIVE_ORDER_STATUSES);

export function isLive(status: OrderStatus): boolean {
  return LIVE.has(status);
}
