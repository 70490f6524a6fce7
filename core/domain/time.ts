import { z } from 'zod';

/**
 * Timestamps: ISO-8601 UTC on the wire ("2025-12-01T14:30:22Z"; an explicit
 * +00:00 offset is accepted, other offsets are refused), Date in code.
 * Encoding always writes the Z form with milliseconds.
 */
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]00:?00)$/;

export const utcTimestamp = z.codec(
  z
    .string()
    .regex(UTC_ISO, { message: 'must be an ISO-8601 UTC timestamp (e.g. 2025-12-01T14:30:22Z)' })
    .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'is not a real date' }),
  z.date(),
  {
    decode: (s) => new Date(s),
    encode: (d) => d.toISOString(),
  },
);

export type UtcTimestampWire = z.input<typeof utcTimestamp>;
