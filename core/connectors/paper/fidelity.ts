import { z } from 'zod';
import { Decimal, decimalField } from '../../domain/decimal';
import { PaperError } from './errors';

/**
 * How closely the simulated exchange imitates a real one. A profile is named,
 * the name is recorded on the session and on every fill, so a trader can tell
 * an optimistic paper result from a realistic one.
 */

const rate = decimalField({
  precision: false,
  min: { value: 0, inclusive: true, message: 'must be at least 0' },
  max: { value: 1, inclusive: false, message: 'must be below 1' },
});
const positive = decimalField({ precision: false, min: { value: 0, inclusive: false, message: 'must be positive' } });
const millis = z.number().int().min(0).max(3_600_000);

const BookModelSchema = z.discriminatedUnion('kind', [
  /** Unlimited size at the best bid/ask: no slippage at any size. */
  z.object({ kind: z.literal('unlimited-top') }).strict(),
  /**
   * Level 0 is the bar's best bid/ask with its size; each deeper level is
   * further away (gaps grow by `gapGrowth`, the first is `firstGapBps` of the
   * price, at least one tick) and thinner (size shrinks by `sizeDecay`).
   */
  z
    .object({
      kind: z.literal('levels'),
      levels: z.number().int().min(1).max(1000),
      firstGapBps: positive,
      gapGrowth: decimalField({ precision: false, min: { value: 1, inclusive: true, message: 'must be at least 1' } }),
      sizeDecay: decimalField({
        precision: false,
        min: { value: 0, inclusive: false, message: 'must be above 0' },
        max: { value: 1, inclusive: true, message: 'must be at most 1' },
      }),
    })
    .strict(),
]);

export const FidelityProfileSchema = z
  .object({
    name: z.string().min(1).max(64),
    description: z.string(),
    /** Request to exchange: the order is live, and acknowledged, this long after place(). */
    ackLatencyMs: millis,
    /** Extra uniform random delay in [0, ackJitterMs], drawn from the seeded generator. */
    ackJitterMs: millis,
    /** A fill (and anything the market causes) reaches the client this long after it happened. */
    fillLatencyMs: millis,
    fillJitterMs: millis,
    makerFeeRate: rate,
    takerFeeRate: rate,
    /** Share of an interval's volume that resting limit orders on one side may take, together. */
    volumeParticipation: decimalField({
      precision: false,
      min: { value: 0, inclusive: false, message: 'must be above 0' },
      max: { value: 1, inclusive: true, message: 'must be at most 1' },
    }),
    /** true: a limit fills only when the market trades beyond its price; false: touching it is enough. */
    limitFillRequiresTradeThrough: z.boolean(),
    book: BookModelSchema,
  })
  .strict();

export type FidelityProfile = z.output<typeof FidelityProfileSchema>;
export type FidelityProfileWire = z.input<typeof FidelityProfileSchema>;
export type BookModel = FidelityProfile['book'];

export const FIDELITY_PROFILE_NAMES = ['realistic', 'optimistic'] as const;
export type FidelityProfileName = (typeof FIDELITY_PROFILE_NAMES)[number];
export const DEFAULT_FIDELITY_PROFILE: FidelityProfileName = 'realistic';

/**
 * Fees are Binance spot's base tier (0.1% maker and taker) in both profiles:
 * fees are a fact of the venue, not a matter of fidelity.
 */
export const FIDELITY_PROFILES: Readonly<Record<FidelityProfileName, FidelityProfile>> = {
  realistic: {
    name: 'realistic',
    description:
      'Latency 50-100 ms to ack, 10-30 ms to report fills; fees 0.1% maker / 0.1% taker; resting limits fill only when ' +
      'the market trades through them, together at most 10% of the interval volume per side; market orders walk a ' +
      '10-level book built from the top of book (gaps from 1 bp growing x1.5, sizes shrinking x0.7 per level).',
    ackLatencyMs: 50,
    ackJitterMs: 50,
    fillLatencyMs: 10,
    fillJitterMs: 20,
    makerFeeRate: new Decimal('0.001'),
    takerFeeRate: new Decimal('0.001'),
    volumeParticipation: new Decimal('0.1'),
    limitFillRequiresTradeThrough: true,
    book: { kind: 'levels', levels: 10, firstGapBps: new Decimal('1'), gapGrowth: new Decimal('1.5'), sizeDecay: new Decimal('0.7') },
  },
  optimistic: {
    name: 'optimistic',
    description:
      'No latency; fees 0.1% maker / 0.1% taker; resting limits fill when the market touches them, up to the whole ' +
      'interval volume; market orders fill at the best bid/ask whatever their size (no slippage).',
    ackLatencyMs: 0,
    ackJitterMs: 0,
    fillLatencyMs: 0,
    fillJitterMs: 0,
    makerFeeRate: new Decimal('0.001'),
    takerFeeRate: new Decimal('0.001'),
    volumeParticipation: new Decimal('1'),
    limitFillRequiresTradeThrough: false,
    book: { kind: 'unlimited-top' },
  },
};

export function isFidelityProfileName(name: string): name is FidelityProfileName {
  return (FIDELITY_PROFILE_NAMES as readonly string[]).includes(name);
}

/** A named built-in profile, or a custom one checked against the schema (throws a ZodError when invalid). */
export function resolveFidelityProfile(profile: FidelityProfileName | FidelityProfile | undefined): FidelityProfile {
  if (profile === undefined) return FIDELITY_PROFILES[DEFAULT_FIDELITY_PROFILE];
  if (typeof profile === 'string') return FIDELITY_PROFILES[profile];
  // Round-trip through the wire form so a custom profile gets the same checks a stored one does.
  const wire = z.safeEncode(FidelityProfileSchema, profile);
  const parsed = wire.success ? FidelityProfileSchema.safeParse(wire.data) : wire;
  if (!parsed.success) throw new PaperError('INVALID_CONFIG', `fidelity profile: ${parsed.error.message}`);
  // A built-in name must mean the built-in settings, or fills would lie about how they were made.
  if (isFidelityProfileName(parsed.data.name) && !sameProfile(parsed.data, FIDELITY_PROFILES[parsed.data.name])) {
    throw new PaperError('INVALID_CONFIG', `fidelity profile '${parsed.data.name}' is built in; give a custom profile its own name`);
  }
  return parsed.data;
}

function sameProfile(a: FidelityProfile, b: FidelityProfile): boolean {
  return JSON.stringify(z.encode(FidelityProfileSchema, a)) === JSON.stringify(z.encode(FidelityProfileSchema, b));
}

/** A custom profile derived from a built-in one; give it its own name so fills say which was used. */
export function deriveFidelityProfile(
  base: FidelityProfileName,
  name: string,
  overrides: Partial<Omit<FidelityProfile, 'name'>>,
): FidelityProfile {
  return resolveFidelityProfile({ ...FIDELITY_PROFILES[base], ...overrides, name });
}
