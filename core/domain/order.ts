import { z } from 'zod';
import { nonNegativeDecimal, positiveDecimal } from './decimal';
import { OrderRole, OrderSide, OrderStatus, OrderType } from './enums';
import { idSchema } from './ids';
import { utcTimestamp } from './time';

/**
 * Order (seed 004, 1.1) as a real exchange needs it. order_id doubles as the
 * client order id sent to the exchange; connector_order_id is the exchange's.
 */
export const OrderSchema = z
  .object({
    order_id: idSchema('ORD', 'order_id'),
    parent_group_id: idSchema('EXG', 'parent_group_id'),
    connector_order_id: z.string().min(1).nullable().optional(),
    symbol: z.string().min(1, { message: 'symbol is required' }),
    side: OrderSide,
    order_type: OrderType,
    role: OrderRole.default('ENTRY'),
    quantity: positiveDecimal('quantity'),
    price: positiveDecimal('price').nullable().optional(),
    stop_price: positiveDecimal('stop_price').nullable().optional(),
    status: OrderStatus,
    filled_quantity: nonNegativeDecimal('filled_quantity'),
    average_fill_price: positiveDecimal('average_fill_price').nullable().optional(),
    created_at: utcTimestamp,
    updated_at: utcTimestamp,
  })
  .strict()
  .superRefine((o, ctx) => {
    const needsPrice = o.order_type === 'LIMIT' || o.order_type === 'STOP_LIMIT';
    const needsStop = o.order_type === 'STOP_MARKET' || o.order_type === 'STOP_LIMIT';
    if (needsPrice && !o.price) ctx.addIssue({ code: 'custom', path: ['price'], message: `${o.order_type} order requires price` });
    if (!needsPrice && o.price) ctx.addIssue({ code: 'custom', path: ['price'], message: `${o.order_type} order cannot have price` });
    if (needsStop && !o.stop_price) {
      ctx.addIssue({ code: 'custom', path: ['stop_price'], message: `${o.order_type} order requires stop_price` });
    }
    if (!needsStop && o.stop_price) {
      ctx.addIssue({ code: 'custom', path: ['stop_price'], message: `${o.order_type} order cannot have stop_price` });
    }
    if (o.updated_at.getTime() < o.created_at.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['updated_at'], message: 'updated_at cannot be before created_at' });
    }
    if (o.status === 'FILLED' && o.filled_quantity.lt(o.quantity)) {
      ctx.addIssue({ code: 'custom', path: ['filled_quantity'], message: 'FILLED order must be filled to its quantity' });
    }
    if (o.filled_quantity.gt(0) && !o.average_fill_price) {
      ctx.addIssue({ code: 'custom', path: ['average_fill_price'], message: 'a filled quantity requires average_fill_price' });
    }
  });

export type Order = z.output<typeof OrderSchema>;
export type OrderWire = z.input<typeof OrderSchema>;
