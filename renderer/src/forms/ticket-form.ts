import type { z } from 'zod';
import { ExecutionDirectiveSchema, generateId, type ExecutionDirective, type ExecutionDirectiveWire } from '../../../core/domain';
import { fieldErrors, type FieldErrors } from './field-errors';

/**
 * The new-trade ticket as the trader types it (every input a string), and
 * its translation into an ExecutionDirective in the seeds' wire format. The
 * domain's own schema decides what is valid; its issues are routed to the
 * field that caused them, worded with the field's label.
 */
export const EXECUTION_STYLES = ['SINGLE', 'TWAP', 'VWAP', 'ICEBERG', 'LAYERED', 'POV'] as const;

export interface TicketFields {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: string;
  readonly entryType: 'MARKET' | 'LIMIT';
  readonly limitPrice: string;
  /** '' = let the translator choose. */
  readonly style: '' | (typeof EXECUTION_STYLES)[number];
  readonly urgency: string;
  readonly visibility: string;
  readonly windowMinutes: string;
  readonly chunks: string;
  readonly distribution: '' | 'UNIFORM' | 'WEIGHTED';
  readonly maxSlippage: string;
  readonly minFillRatio: string;
  readonly mustCompleteImmediately: boolean;
  readonly stopLoss: string;
  readonly takeProfit: string;
  /** Scale into the selected plan (MODIFY_EXISTING) instead of opening a new one. */
  readonly addToPlan: boolean;
}

export type TicketField = keyof TicketFields;

export const EMPTY_TICKET: TicketFields = {
  symbol: '',
  side: 'BUY',
  quantity: '',
  entryType: 'MARKET',
  limitPrice: '',
  style: '',
  urgency: '',
  visibility: '',
  windowMinutes: '',
  chunks: '',
  distribution: '',
  maxSlippage: '',
  minFillRatio: '',
  mustCompleteImmediately: false,
  stopLoss: '',
  takeProfit: '',
  addToPlan: false,
};

/** Labels as on screen: error messages name the field the way the trader sees it. */
export const TICKET_LABELS: Readonly<Record<TicketField, string>> = {
  symbol: 'Symbol',
  side: 'Side',
  quantity: 'Quantity',
  entryType: 'Entry',
  limitPrice: 'Limit price',
  style: 'Execution style',
  urgency: 'Urgency',
  visibility: 'Visibility',
  windowMinutes: 'Window (min)',
  chunks: 'Chunks',
  distribution: 'Distribution',
  maxSlippage: 'Max slippage',
  minFillRatio: 'Min fill ratio',
  mustCompleteImmediately: 'Complete immediately',
  stopLoss: 'Stop-loss',
  takeProfit: 'Take-profit',
  addToPlan: 'Add to selected plan',
};

/** Wire path (from the directive's root) -> ticket field, and the wire name the schema's messages use. */
const PATHS: readonly (readonly [string, TicketField, string])[] = [
  ['entry_plan.symbol', 'symbol', 'symbol'],
  ['entry_plan.direction', 'side', 'direction'],
  ['entry_plan.order_type', 'entryType', 'order_type'],
  ['entry_plan.limit_price', 'limitPrice', 'limit_price'],
  ['size_plan.position_size', 'quantity', 'position_size'],
  ['exit_plan.stop_loss_price', 'stopLoss', 'stop_loss_price'],
  ['exit_plan.take_profit_price', 'takeProfit', 'take_profit_price'],
  ['exit_plan', 'stopLoss', 'ExitPlan'],
  ['execution_plan.execution_urgency', 'urgency', 'execution_urgency'],
  ['execution_plan.visibility_preference', 'visibility', 'visibility_preference'],
  ['execution_plan.max_slippage_pct', 'maxSlippage', 'max_slippage_pct'],
  ['execution_plan.max_execution_window_minutes', 'windowMinutes', 'max_execution_window_minutes'],
  ['execution_plan.preferred_execution_style', 'style', 'preferred_execution_style'],
  ['execution_plan.chunk_count_hint', 'chunks', 'chunk_count_hint'],
  ['execution_plan.chunk_distribution', 'distribution', 'chunk_distribution'],
  ['execution_plan.min_fill_ratio', 'minFillRatio', 'min_fill_ratio'],
  ['execution_plan.must_complete_immediately', 'mustCompleteImmediately', 'must_complete_immediately'],
  ['target_plan_id', 'addToPlan', 'target_plan_id'],
];

export type TicketResult =
  /** `directive` decoded (what the client takes), `wire` as it travels. */
  | { readonly ok: true; readonly directive: ExecutionDirective; readonly wire: ExecutionDirectiveWire }
  | { readonly ok: false; readonly errors: FieldErrors<TicketField> };

const text = (s: string) => s.trim();
const optional = (s: string) => (text(s) === '' ? undefined : text(s));

/** A whole-number field: the number, or the text itself so the schema refuses it with its own words. */
function wholeNumber(s: string): number | string | undefined {
  const t = optional(s);
  if (t === undefined) return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

export interface TicketContext {
  /** The desk's clock, for the ids. */
  readonly nowMs: number;
  /** The selected plan, used when `addToPlan` is ticked. */
  readonly targetPlanId: string | null;
}

export function buildDirective(f: TicketFields, ctx: TicketContext): TicketResult {
  const pre: Partial<Record<TicketField, string>> = {};
  if (text(f.symbol) === '') pre.symbol = 'Symbol is required';
  if (text(f.quantity) === '') pre.quantity = 'Quantity is required';
  if (f.entryType === 'LIMIT' && text(f.limitPrice) === '') pre.limitPrice = 'Limit price is required for a LIMIT entry';
  for (const field of ['windowMinutes', 'chunks'] as const) {
    const v = wholeNumber(f[field]);
    if (typeof v === 'string') pre[field] = `${TICKET_LABELS[field]} must be a whole number`;
  }
  if (f.addToPlan && ctx.targetPlanId === null) pre.addToPlan = 'Select a plan to add to';

  const id = (prefix: Parameters<typeof generateId>[0]) => generateId(prefix, ctx.nowMs);
  const directiveId = id('EXE');
  const exit = optional(f.stopLoss) !== undefined || optional(f.takeProfit) !== undefined;
  const execution = {
    plan_id: id('EXP'),
    action: 'EXECUTE_TRADE',
    must_complete_immediately: f.mustCompleteImmediately,
    ...defined({
      execution_urgency: optional(f.urgency),
      visibility_preference: optional(f.visibility),
      max_slippage_pct: optional(f.maxSlippage),
      max_execution_window_minutes: wholeNumber(f.windowMinutes),
      preferred_execution_style: f.style === '' ? undefined : f.style,
      chunk_count_hint: wholeNumber(f.chunks),
      chunk_distribution: f.distribution === '' ? undefined : f.distribution,
      min_fill_ratio: optional(f.minFillRatio),
    }),
  };
  const wire: Record<string, unknown> = {
    directive_id: directiveId,
    // A trader's ticket is its own origin.
    causality: { origin: { id: directiveId, type: 'MANUAL' } },
    entry_plan: {
      plan_id: id('ENT'),
      symbol: text(f.symbol),
      direction: f.side,
      order_type: f.entryType,
      ...(f.entryType === 'LIMIT' ? { limit_price: text(f.limitPrice) } : {}),
    },
    size_plan: { plan_id: id('SIZ'), position_size: text(f.quantity) },
    ...(exit ? { exit_plan: { plan_id: id('EXT'), ...defined({ stop_loss_price: optional(f.stopLoss), take_profit_price: optional(f.takeProfit) }) } } : {}),
    execution_plan: execution,
    ...(f.addToPlan && ctx.targetPlanId ? { scope: 'MODIFY_EXISTING', target_plan_id: ctx.targetPlanId } : {}),
  };

  const parsed = ExecutionDirectiveSchema.safeParse(wire);
  const errors = { ...(parsed.success ? {} : ticketErrors(parsed.error)), ...pre };
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, directive: parsed.data, wire: wire as ExecutionDirectiveWire };
}

function ticketErrors(error: z.ZodError): FieldErrors<TicketField> {
  return fieldErrors(error, (path) => {
    const joined = path.join('.');
    const hit = PATHS.find(([p]) => joined === p || joined.startsWith(`${p}.`));
    if (!hit) return null;
    const [, field, wireName] = hit;
    return { field, rename: [wireName, TICKET_LABELS[field]] };
  });
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
