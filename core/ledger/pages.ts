import { z } from 'zod';
import { idSchema, OrderStatus } from '../domain';
import type { LedgerContext } from './context';
import { parseInput } from './errors';
import { FILL_COLUMNS, fillWire, orderWire, type FillRow, type OrderRow } from './rows';
import { FillViewSchema, OrderViewSchema } from './views';

/**
 * Offset pages for the virtualized tables, newest first, with the total so
 * the table can size its scrollbar. Filters are optional and combine.
 */
const paging = {
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1000).default(100),
};

export const OrdersPageQuerySchema = z
  .object({
    plan_id: idSchema('TPL', 'plan_id').optional(),
    group_id: idSchema('EXG', 'group_id').optional(),
    statuses: z.array(OrderStatus).min(1).optional(),
    ...paging,
  })
  .strict();

export const FillsPageQuerySchema = z
  .object({
    plan_id: idSchema('TPL', 'plan_id').optional(),
    group_id: idSchema('EXG', 'group_id').optional(),
    order_id: idSchema('ORD', 'order_id').optional(),
    ...paging,
  })
  .strict();

export const pageSchema = <S extends z.ZodType>(item: S) =>
  z.object({ total: z.number().int().nonnegative(), offset: z.number().int().nonnegative(), items: z.array(item) }).strict();

export const OrdersPageSchema = pageSchema(OrderViewSchema);
export const FillsPageSchema = pageSchema(FillViewSchema);
export type OrdersPageWire = z.input<typeof OrdersPageSchema>;
export type FillsPageWire = z.input<typeof FillsPageSchema>;

interface Where {
  readonly sql: string;
  readonly params: unknown[];
}

function where(filters: readonly [string, unknown][]): Where {
  const used = filters.filter(([, v]) => v !== undefined);
  return {
    sql: used.length === 0 ? '' : `WHERE ${used.map(([clause]) => clause).join(' AND ')}`,
    params: used.map(([, v]) => v),
  };
}

interface Source {
  readonly table: string;
  readonly columns: string;
  readonly order: string;
}

function page<R, W>(ctx: LedgerContext, src: Source, w: Where, offset: number, limit: number, map: (r: R) => W) {
  const total = (ctx.sql.get(`SELECT COUNT(*) AS n FROM ${src.table} ${w.sql}`).get(...w.params) as { n: number }).n;
  const rows = ctx.sql
    .get(`SELECT ${src.columns} FROM ${src.table} ${w.sql} ORDER BY ${src.order} DESC LIMIT ? OFFSET ?`)
    .all(...w.params, limit, offset) as R[];
  return { total, offset, items: rows.map(map) };
}

export function ordersPage(ctx: LedgerContext, query: unknown): OrdersPageWire {
  const q = parseInput(OrdersPageQuerySchema, query ?? {}, 'ordersPage');
  const w = where([
    ['parent_plan_id = ?', q.plan_id],
    ['parent_group_id = ?', q.group_id],
    ['status IN (SELECT value FROM json_each(?))', q.statuses === undefined ? undefined : JSON.stringify(q.statuses)],
  ]);
  return page(ctx, { table: 'orders', columns: '*', order: 'rowid' }, w, q.offset, q.limit, (r: OrderRow) => orderWire(r));
}

export function fillsPage(ctx: LedgerContext, query: unknown): FillsPageWire {
  const q = parseInput(FillsPageQuerySchema, query ?? {}, 'fillsPage');
  const w = where([
    ['parent_plan_id = ?', q.plan_id],
    ['parent_order_id IN (SELECT order_id FROM orders WHERE parent_group_id = ?)', q.group_id],
    ['parent_order_id = ?', q.order_id],
  ]);
  return page(ctx, { table: 'fills', columns: FILL_COLUMNS, order: 'fill_seq' }, w, q.offset, q.limit, (r: FillRow) =>
    fillWire(r),
  );
}
