import type { LogFields, Logger } from './logger';

export const REDACTED = '[REDACTED]';

/** Every occurrence of every secret in `text`, replaced. Empty secrets are ignored (they would match everywhere). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join(REDACTED);
  return out;
}

const MAX_DEPTH = 6;

/** A copy of `value` safe to log: strings redacted, Errors reduced to name/message/stack, depth bounded. */
export function redactValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message, secrets),
      ...(value.stack === undefined ? {} : { stack: redactText(value.stack, secrets) }),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactText(k, secrets)] = redactValue(v, secrets, depth + 1);
  return out;
}

/**
 * A logger that scrubs the credentials from every message and field before
 * `inner` sees them. `secrets` is read on every call, so credentials loaded
 * after the logger was made are covered too.
 */
export function redactingLogger(inner: Logger, secrets: () => readonly string[]): Logger {
  return {
    log: (level, message, fields) => {
      const s = secrets();
      const safeFields = fields === undefined ? undefined : (redactValue(fields, s) as LogFields);
      inner.log(level, redactText(message, s), safeFields);
    },
  };
}
