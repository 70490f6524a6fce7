import { z } from 'zod';
import { apiErrorBodySchema, type ApiErrorBody, type ApiErrorCode } from './errors';

/** The one envelope every response travels in (after Signal Desktop's IPC results). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export function apiResultSchema<S extends z.ZodType>(value: S) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: apiErrorBodySchema }),
  ]);
}

/** The envelope as it arrives off the wire, before the value is decoded. */
export const wireResultSchema = apiResultSchema(z.unknown());

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, message: string): { ok: false; error: ApiErrorBody } {
  return { ok: false, error: { code, message } };
}

/** "a.b[2]: message; ..." — names the offending field paths, never echoes values. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.length ? issue.path.map((p) => String(p)).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > max) parts.push(`and ${error.issues.length - max} more`);
  return parts.join('; ');
}
