import { z } from 'zod';
import { FillSchema, toDecimalString, type Decimal, type Liquidity } from '../domain';
import { parseInput } from './errors';

/** A fill as a connector reports it; the ledger names it if fill_id is absent. */
export const RecordFillInputSchema = z
  .object({ ...FillSchema.shape, fill_id: FillSchema.shape.fill_id.optional() })
  .strict();

/** A validated fill: Decimals for the arithmetic, canonical text for the row and the event. */
export interface FillInput {
  readonly fill_id: string | undefined;
  readonly parent_order_id: string;
  readonly trade_id: string;
  readonly price: Decimal;
  readonly priceText: string;
  readonly quantity: Decimal;
  readonly quantityText: string;
  readonly fee: Decimal;
  readonly feeText: string;
  readonly fee_asset: string | null;
  readonly liquidity: Liquidity | null;
  /** ISO UTC with milliseconds, as Date#toISOString writes it. */
  readonly executed_at: string;
  readonly fidelity_profile: string | null;
}

/** Validate recordFill's input with RecordFillInputSchema (a refusal is a VALIDATION LedgerError). */
export function parseFillInput(input: unknown): FillInput {
  return fromSchema(parseInput(RecordFillInputSchema, input, 'recordFill'));
}

function fromSchema(f: z.output<typeof RecordFillInputSchema>): FillInput {
  return {
    fill_id: f.fill_id,
    parent_order_id: f.parent_order_id,
    trade_id: f.trade_id,
    price: f.price,
    priceText: toDecimalString(f.price),
    quantity: f.quantity,
    quantityText: toDecimalString(f.quantity),
    fee: f.fee,
    feeText: toDecimalString(f.fee),
    fee_asset: f.fee_asset ?? null,
    liquidity: f.liquidity ?? null,
    executed_at: f.executed_at.toISOString(),
    fidelity_profile: f.fidelity_profile ?? null,
  };
}
