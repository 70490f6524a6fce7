import { z } from 'zod';
import { Decimal, FillSchema, idPattern, MAX_DECIMAL_PLACES, MAX_DIGITS, toDecimalString, type Liquidity } from '../domain';
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

/**
 * Validate recordFill's input. RecordFillInputSchema is the rule; zod costs
 * about 5 µs a fill, so the common shape (a plain object of decimal strings in
 * plain notation within the seeds' precision, ids by pattern, a Z timestamp)
 * is checked by hand first. Anything the fast path does not positively accept
 * goes to zod, which then decides, and words any refusal. A fast-check
 * property (test/unit/ledger/fill-input.test.ts) holds the fast path to
 * zod's verdict and output.
 */
export function parseFillInput(input: unknown): FillInput {
  return fastFillInput(input) ?? fromSchema(parseInput(RecordFillInputSchema, input, 'recordFill'));
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

const KEYS = new Set(Object.keys(RecordFillInputSchema.shape));
const FILL_ID = idPattern('FILL');
const ORDER_ID = idPattern('ORD');
// Plain notation without sign, leading zeros or whitespace: its canonical form is itself minus trailing fraction zeros.
const PLAIN_DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;
// A subset of the schema's UTC form: Z, at most milliseconds, a year from 1000 (Date.UTC reads 0-99 as 19xx).
const Z_TIMESTAMP = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,3}))?Z$/;

/** Canonical text of a non-negative decimal the schema accepts, or undefined to let zod decide. */
function plainDecimal(v: unknown, positive: boolean): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = PLAIN_DECIMAL.exec(v);
  if (m === null) return undefined;
  const integer = m[1] as string;
  let fraction = m[2] ?? '';
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
  fraction = fraction.slice(0, end);
  const integerDigits = integer === '0' ? 0 : integer.length;
  if (fraction.length > MAX_DECIMAL_PLACES || integerDigits + fraction.length > MAX_DIGITS) return undefined;
  if (positive && integerDigits === 0 && fraction.length === 0) return undefined;
  return fraction.length === 0 ? integer : `${integer}.${fraction}`;
}

/** The ISO form of a timestamp that names a real instant exactly as written, or undefined. */
function zTimestamp(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = Z_TIMESTAMP.exec(v);
  if (m === null) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return undefined;
  const iso = d.toISOString();
  // Date rolls impossible fields over (Feb 30, 24:00): the round trip must give back what was written.
  return iso.startsWith(v.slice(0, 19)) && iso.slice(20, 23) === (m[1] ?? '').padEnd(3, '0') ? iso : undefined;
}

const optionalText = (v: unknown): v is string | null | undefined =>
  v === undefined || v === null || (typeof v === 'string' && v.length > 0);

/** The fill if the fast path can vouch for it; undefined hands it to zod. Exported for the equivalence property. */
export function fastFillInput(input: unknown): FillInput | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const k in input) if (!KEYS.has(k)) return undefined;
  const o = input as Record<string, unknown>;
  const { fill_id, parent_order_id, trade_id, fee_asset, liquidity, fidelity_profile } = o;
  if (fill_id !== undefined && !(typeof fill_id === 'string' && FILL_ID.test(fill_id))) return undefined;
  if (typeof parent_order_id !== 'string' || !ORDER_ID.test(parent_order_id)) return undefined;
  if (typeof trade_id !== 'string' || trade_id.length === 0) return undefined;
  if (!optionalText(fee_asset) || !optionalText(fidelity_profile)) return undefined;
  if (liquidity !== undefined && liquidity !== null && liquidity !== 'MAKER' && liquidity !== 'TAKER') return undefined;
  const priceText = plainDecimal(o['price'], true);
  const quantityText = plainDecimal(o['quantity'], true);
  const feeText = plainDecimal(o['fee'], false);
  const executed_at = zTimestamp(o['executed_at']);
  if (priceText === undefined || quantityText === undefined || feeText === undefined || executed_at === undefined) {
    return undefined;
  }
  return {
    fill_id,
    parent_order_id,
    trade_id,
    price: new Decimal(priceText),
    priceText,
    quantity: new Decimal(quantityText),
    quantityText,
    fee: new Decimal(feeText),
    feeText,
    fee_asset: fee_asset ?? null,
    liquidity: liquidity ?? null,
    executed_at,
    fidelity_profile: fidelity_profile ?? null,
  };
}
