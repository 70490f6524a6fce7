import type { z } from 'zod';

/** One message per field (the first issue wins); `form` holds what belongs to no field. */
export type FieldErrors<F extends string> = Partial<Record<F | 'form', string>>;

export interface FieldHit<F extends string> {
  readonly field: F;
  /** [name the schema's message uses, label the trader sees] */
  readonly rename?: readonly [string, string];
}

/**
 * Routes a schema's issues to form fields. The domain's messages name wire
 * fields ("position_size must be positive"); shown at the field, they read
 * better with its label ("Quantity must be positive").
 */
export function fieldErrors<F extends string>(error: z.ZodError, route: (path: readonly PropertyKey[]) => FieldHit<F> | null): FieldErrors<F> {
  const out: FieldErrors<F> = {};
  for (const issue of error.issues) {
    const hit = route(issue.path);
    const key: F | 'form' = hit?.field ?? 'form';
    if (out[key] !== undefined) continue;
    let message = issue.message;
    if (hit?.rename) {
      const [wire, label] = hit.rename;
      message = message.startsWith(wire) ? label + message.slice(wire.length) : message;
    }
    if (!hit) message = issue.path.length > 0 ? `${issue.path.join('.')}: ${message}` : message;
    out[key] = message;
  }
  return out;
}
