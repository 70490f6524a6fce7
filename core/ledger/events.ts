import { z } from 'zod';
import { utcTimestamp } from '../domain';
import { JournalEntryViewSchema } from '../journal/entry';
import {
  AlgoStateViewSchema,
  AnomalyViewSchema,
  CancelIntentViewSchema,
  FillViewSchema,
  GroupViewSchema,
  OrderViewSchema,
  PlanViewSchema,
  PositionViewSchema,
} from './views';

/**
 * Change events, appended to the outbox in the transaction that made the
 * change and delivered after commit. Every event is an upsert of one entity
 * (its full view, keyed by its id), so a view applies them generically; a gap
 * in `seq` means the view missed something and must reload its snapshot.
 */
const event = <T extends string, S extends z.ZodType>(type: T, data: S) =>
  z.object({ seq: z.number().int().positive(), at: utcTimestamp, type: z.literal(type), data }).strict();

export const LedgerEventSchema = z.discriminatedUnion('type', [
  event('plan', PlanViewSchema),
  event('group', GroupViewSchema),
  event('order', OrderViewSchema),
  event('fill', FillViewSchema),
  event('cancel_intent', CancelIntentViewSchema),
  event('anomaly', AnomalyViewSchema),
  event('position', PositionViewSchema),
  event('algo_state', AlgoStateViewSchema),
  event('journal', JournalEntryViewSchema),
]);

export type LedgerEvent = z.output<typeof LedgerEventSchema>;
export type LedgerEventWire = z.input<typeof LedgerEventSchema>;
export type LedgerEventType = LedgerEventWire['type'];
export type LedgerEventDataWire<T extends LedgerEventType> = Extract<LedgerEventWire, { type: T }>['data'];

export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = [
  'plan',
  'group',
  'order',
  'fill',
  'cancel_intent',
  'anomaly',
  'position',
  'algo_state',
  'journal',
];
