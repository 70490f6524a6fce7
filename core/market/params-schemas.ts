import Decimal from 'decimal.js';
import { z } from 'zod';
import { DECIMAL_TEXT, decimalString } from './decimal-text';
import type { QuoteParams, SyntheticSymbolParams } from './types';

/**
 * zod schemas for the model parameters that source options and descriptors
 * share. Decimals may come as Decimal or text and always leave as canonical
 * decimal strings, so a descriptor round-trips through JSON unchanged.
 */

export const positiveDecimalText = z
  .union([z.instanceof(Decimal), z.string().regex(DECIMAL_TEXT, 'is not a decimal number')])
  .transform((value) => new Decimal(value))
  .refine((value) => value.gt(0), 'must be greater than 0')
  .transform(decimalString);

export const quoteParamsShape = {
  tickSize: positiveDecimalText,
  stepSize: positiveDecimalText,
  spreadBps: z.number().min(0).max(10_000),
  topOfBookFraction: z.number().positive().max(100),
};

export const syntheticSymbolParamsSchema = z.object({
  ...quoteParamsShape,
  drift: z.number().gt(-0.5).lt(0.5),
  volatility: z.number().min(0).max(0.5),
  jumpProbability: z.number().min(0).max(1),
  jumpSize: z.number().min(0).max(0.5),
  meanVolume: positiveDecimalText,
  volumeProfile: z.enum(['u-shape', 'flat']),
  sessionMs: z.int().positive(),
});

export const csvSourceParamsSchema = z.object({
  tickSize: positiveDecimalText.optional(),
  stepSize: positiveDecimalText.optional(),
  spreadBps: quoteParamsShape.spreadBps.optional(),
  topOfBookFraction: quoteParamsShape.topOfBookFraction.optional(),
  intervalMs: z.int().positive().optional(),
});

export const DEFAULT_QUOTE_PARAMS: QuoteParams = {
  tickSize: '0.01',
  stepSize: '0.00001',
  spreadBps: 1,
  topOfBookFraction: 0.2,
};

export const DEFAULT_SYNTHETIC_PARAMS: SyntheticSymbolParams = {
  ...DEFAULT_QUOTE_PARAMS,
  drift: 0,
  volatility: 0.001,
  jumpProbability: 0.001,
  jumpSize: 0.02,
  meanVolume: '10',
  volumeProfile: 'u-shape',
  sessionMs: 86_400_000,
};

/** `defaults` overlaid with each layer's defined fields, in order (an undefined field never erases a default). */
export function withDefaults<T extends object>(defaults: T, ...layers: readonly object[]): T {
  const result: Record<string, unknown> = {};
  Object.assign(result, defaults);
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) result[key] = value;
  }
  return result as T;
}
