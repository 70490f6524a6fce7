import {
  AuthenticationError,
  BadRequest,
  BadSymbol,
  BaseError,
  DDoSProtection,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  OperationFailed,
  OrderNotFound,
} from 'ccxt';
import type { RejectReason } from '../types';

/**
 * A 429 or 418 answer, with what the exchange said about waiting: thrown by
 * the client's error hook in place of ccxt's bare DDoSProtection, which
 * loses the Retry-After header.
 */
export class RateLimitedResponse extends DDoSProtection {
  constructor(
    readonly status: 429 | 418,
    /** From Retry-After; undefined when the header is missing or unreadable. */
    readonly retryAfterMs: number | undefined,
    /** A 418's "IP banned until <ms>", in the exchange's time. */
    readonly bannedUntilServerMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'RateLimitedResponse';
  }
}

/** Raised by the scheduler: the request never reached the exchange. */
export class RequestRefused extends Error {
  override readonly name = 'RequestRefused';
  constructor(
    readonly code: 'RATE_LIMITED' | 'CLOSED',
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a failed request means for us. Classes follow ccxt 4.5 as observed
 * against the fake (see test/fixtures/fake-binance/README.md): everything
 * under OperationFailed except rate limits and clock skew leaves the outcome
 * unknown; ExchangeError subclasses are definite refusals.
 */
export type Failure =
  | { readonly kind: 'RATE_LIMITED'; readonly message: string }
  | { readonly kind: 'CLOCK_SKEW'; readonly message: string }
  | { readonly kind: 'UNKNOWN_OUTCOME'; readonly message: string }
  | { readonly kind: 'NOT_FOUND'; readonly message: string }
  | { readonly kind: 'DUPLICATE'; readonly message: string }
  | { readonly kind: 'CLOSED'; readonly message: string }
  | { readonly kind: 'REFUSED'; readonly reason: RejectReason; readonly message: string };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function refusalReason(e: BaseError): RejectReason {
  const m = e.message;
  if (e instanceof InsufficientFunds) return 'INSUFFICIENT_BALANCE';
  if (e instanceof BadSymbol) return 'UNKNOWN_SYMBOL';
  if (m.includes('NOTIONAL')) return 'BELOW_MIN_SIZE';
  if (m.includes('PRICE_FILTER')) return 'PRICE_OFF_TICK';
  if (e instanceof InvalidOrder || e instanceof BadRequest) return 'INVALID_ORDER';
  return 'EXCHANGE_ERROR';
}

export function classifyFailure(e: unknown): Failure {
  const message = messageOf(e);
  if (e instanceof RequestRefused) return e.code === 'CLOSED' ? { kind: 'CLOSED', message } : { kind: 'RATE_LIMITED', message };
  // Both are NetworkErrors in ccxt, but the exchange refused the request before acting on it.
  if (e instanceof DDoSProtection) return { kind: 'RATE_LIMITED', message };
  if (e instanceof InvalidNonce) return { kind: 'CLOCK_SKEW', message };
  if (e instanceof OperationFailed) return { kind: 'UNKNOWN_OUTCOME', message };
  if (e instanceof OrderNotFound) return { kind: 'NOT_FOUND', message };
  if (e instanceof InvalidOrder && message.includes('Duplicate order sent')) return { kind: 'DUPLICATE', message };
  if (e instanceof AuthenticationError) return { kind: 'REFUSED', reason: 'EXCHANGE_ERROR', message };
  if (e instanceof BaseError) return { kind: 'REFUSED', reason: refusalReason(e), message };
  // Anything else (a bug, a parse failure) might have happened after the bytes left: unknown, never "refused".
  return { kind: 'UNKNOWN_OUTCOME', message };
}

/** Retry-After is seconds or an HTTP date (RFC 9110); Binance sends seconds. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const t = value.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Binance's 418 message: "... IP banned until 1659146400000. ..." */
export function parseBannedUntil(body: string): number | undefined {
  const m = /banned until (\d{10,16})/.exec(body);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
