import { z } from 'zod';
import type { DomainErrorCode } from '../domain/errors';

/**
 * Every failure that crosses the API boundary carries one of these codes.
 * UNAVAILABLE and BAD_RESPONSE are produced on the client side only (the
 * transport is down, or the host answered something the contract does not
 * allow); the others come from the host.
 */
export const apiErrorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNKNOWN_COMMAND',
  'NOT_FOUND',
  'CONFLICT',
  'REFUSED',
  'INTERNAL',
  'UNAUTHORIZED',
  'UNAVAILABLE',
  'BAD_RESPONSE',
]);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

export const apiErrorBodySchema = z.object({ code: apiErrorCodeSchema, message: z.string() });
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** Thrown by handlers to answer with a specific code instead of INTERNAL. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return apiErrorCodeSchema.safeParse(value).success;
}

/**
 * The domain's refusals, as the API reports them. Typed against the domain's
 * code union, so a new domain code cannot be forgotten here.
 */
const DOMAIN_CODES: Readonly<Record<DomainErrorCode, ApiErrorCode>> = {
  VALIDATION: 'BAD_REQUEST',
  ILLEGAL_TRANSITION: 'CONFLICT',
  IMMUTABLE_FIELD: 'REFUSED',
};

/**
 * The code a thrown value maps to: an Error whose `code` is an ApiErrorCode
 * (ApiError, or any error carrying one — checked by value because instanceof
 * fails across bundle copies) or a domain error code; everything else,
 * including Node's system errors ('ENOENT'...), is INTERNAL.
 */
export function errorCodeOf(thrown: unknown): ApiErrorCode {
  if (thrown instanceof Error) {
    const code: unknown = (thrown as Error & { code?: unknown }).code;
    if (isApiErrorCode(code)) return code;
    if (typeof code === 'string' && Object.prototype.hasOwnProperty.call(DOMAIN_CODES, code)) {
      return DOMAIN_CODES[code as DomainErrorCode];
    }
  }
  return 'INTERNAL';
}

/** A message safe to send: the error's own message, never its stack. */
export function errorMessageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown;
  return 'unknown error';
}
