import { z } from 'zod';

/**
 * IDs are PREFIX_YYYYMMDD_HHMMSS_suffix (UTC), suffix [0-9a-z]{5,8}.
 * Prefixes follow the seeds' platform.
 */
export const ID_PREFIXES = {
  tradePlan: 'TPL',
  executionGroup: 'EXG',
  order: 'ORD',
  fill: 'FILL',
  executionPlan: 'EXP',
  entryPlan: 'ENT',
  sizePlan: 'SIZ',
  exitPlan: 'EXT',
  executionDirective: 'EXE',
  executionCommand: 'EXC',
  batch: 'BAT',
  strategyDirective: 'STR',
  cancelIntent: 'CXL',
  paperSession: 'PSS',
  anomaly: 'ANM',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];

export function idPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_\\d{8}_\\d{6}_[0-9a-z]{5,8}$`);
}

/** zod schema for one id kind; the message names the field's pattern as the seeds do. */
export function idSchema(prefix: IdPrefix, field: string) {
  return z.string().regex(idPattern(prefix), {
    message: `${field} must match pattern ${prefix}_YYYYMMDD_HHMMSS_xxxxx`,
  });
}

const BASE36 = 36;
const COUNTER_SPACE = BASE36 ** 5; // 60,466,176 ids per second before the 5-char counter could wrap
let counter = Math.floor(Math.random() * COUNTER_SPACE);
const processTag = Math.floor(Math.random() * BASE36 ** 3)
  .toString(BASE36)
  .padStart(3, '0');

let stampSecond = Number.NaN;
let stampText = '';

/** YYYYMMDD_HHMMSS of `ms` in UTC; ids come in bursts within one second, so the last one is kept. */
function stamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === stampSecond) return stampText;
  stampSecond = second;
  stampText = printStamp(ms);
  return stampText;
}

function printStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}_` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
  );
}

/**
 * New id for `prefix` at clock time `nowMs`. Unique within the process: the
 * 5-char counter part changes on every call and only wraps after 60 million
 * ids; the 3-char process tag separates processes started in the same second.
 */
export function generateId(prefix: IdPrefix, nowMs: number): string {
  counter = (counter + 1) % COUNTER_SPACE;
  return `${prefix}_${stamp(nowMs)}_${counter.toString(BASE36).padStart(5, '0')}${processTag}`;
}
