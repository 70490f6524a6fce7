import { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ValidationError };

/** zod issues as domain issues (dotted paths). */
export function issuesOf(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Parse wire JSON (as unknown) into domain values; never throws. */
export function parseWire<S extends z.ZodType>(schema: S, input: unknown, entity: string): Parsed<z.output<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: new ValidationError(entity, issuesOf(r.error)) };
}

/** Parse wire JSON or throw ValidationError. */
export function decodeWire<S extends z.ZodType>(schema: S, input: unknown, entity: string): z.output<S> {
  const r = parseWire(schema, input, entity);
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * Domain value -> wire JSON (Decimal -> string, Date -> ISO UTC). Encoding
 * runs the schema's rules too: a value that breaks them throws
 * ValidationError (typed, like decodeWire), never a bare ZodError.
 */
export function toWire<S extends z.ZodType>(schema: S, value: z.output<S>): z.input<S> {
  const r = z.safeEncode(schema, value);
  if (!r.success) throw new ValidationError('wire encoding', issuesOf(r.error));
  return r.data;
}
