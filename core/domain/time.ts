import { z } from 'zod';

/**
 * Timestamps: ISO-8601 UTC on the wire ("2025-12-01T14:30:22Z"; an explicit
 * +00:00 offset is accepted, other offsets are refused), Date in code.
 * Encoding always writes the Z form with milliseconds.
 */
const UTC_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]00:?00)$/;

// Date.parse rolls impossible fields over ("2025-02-30" becomes March 2,
// "24:00:00" the next day); a timestamp must name a real instant as written.
function isRealInstant(s: string): boolean {
  const m = UTC_ISO.exec(s);
  if (!m) return true; // the (aborting) pattern check reports it
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return (
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d &&
    t.getUTCHours() === h &&
    t.getUTCMinutes() === mi &&
    t.getUTCSeconds() === sec
  );
}

export const utcTimestamp = z.codec(
  z
    .string()
    // abort: a refused timestamp stays a string, and the object's cross-field
    // rules must not call Date methods on it.
    .regex(UTC_ISO, { message: 'must be an ISO-8601 UTC timestamp (e.g. 2025-12-01T14:30:22Z)', abort: true })
    .refine(isRealInstant, { message: 'is not a real date', abort: true }),
  z.date(),
  {
    decode: (s) => new Date(s),
    encode: (d) => d.toISOString(),
  },
);

export type UtcTimestampWire = z.input<typeof utcTimestamp>;
