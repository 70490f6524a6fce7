import { z } from 'zod';
import { firstIssue, MarketSourceError } from './market-source-error';
import { csvSourceParamsSchema, positiveDecimalText, syntheticSymbolParamsSchema } from './params-schemas';
import type { MarketSourceDescriptor } from './types';

/** A stored descriptor is read back from SQLite or a file: parse it from unknown before trusting it. */
export const marketSourceDescriptorSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('synthetic'),
    seed: z.int(),
    symbols: z.array(z.string().min(1)).min(1),
    startTime: z.int(),
    intervalMs: z.int().positive(),
    startPrices: z.record(z.string(), positiveDecimalText),
    position: z.record(z.string(), z.int().min(0)),
    params: z.record(z.string(), syntheticSymbolParamsSchema).optional(),
  }),
  z.object({
    kind: z.literal('csv'),
    path: z.string().min(1),
    symbol: z.string().min(1),
    position: z.int().min(0),
    options: csvSourceParamsSchema.optional(),
  }),
]);

// The schema's output must stay assignable to the hand-written type other modules import.
const _fits = (value: z.output<typeof marketSourceDescriptorSchema>): MarketSourceDescriptor => value;
void _fits;

/** Throws MarketSourceError INVALID_DESCRIPTOR naming the first bad field. */
export function parseMarketSourceDescriptor(value: unknown): MarketSourceDescriptor {
  const parsed = marketSourceDescriptorSchema.safeParse(value);
  if (!parsed.success) throw new MarketSourceError('INVALID_DESCRIPTOR', `market source descriptor: ${firstIssue(parsed.error)}`);
  return parsed.data;
}
