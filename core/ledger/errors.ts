import type { z } from 'zod';
import { IllegalTransitionError, type StateMachine, type ValidationIssue } from '../domain';

/**
 * Why the ledger refused a write or a read. Illegal state changes are thrown
 * as the domain's IllegalTransitionError (code ILLEGAL_TRANSITION); everything
 * else is a LedgerError. Both carry `code` and a readable `message`.
 */
export type LedgerErrorCode =
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'ILLEGAL_TRANSITION'
  | 'CONFLICT'
  | 'HALTED'
  | 'SCHEMA_TOO_NEW'
  | 'STORAGE';

export class LedgerError extends Error {
  readonly issues: readonly ValidationIssue[];

  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    options: { issues?: readonly ValidationIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LedgerError';
    this.issues = options.issues ?? [];
  }
}

export function notFound(entity: string, id: string): LedgerError {
  return new LedgerError('NOT_FOUND', `${entity} ${id} does not exist`);
}

export function conflict(message: string): LedgerError {
  return new LedgerError('CONFLICT', message);
}

export function invalid(entity: string, issues: readonly ValidationIssue[]): LedgerError {
  const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new LedgerError('VALIDATION', `${entity}: ${text}`, { issues });
}

/** Parse outside input with zod, refusing it as a VALIDATION LedgerError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, entity: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw invalid(
    entity,
    r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

/** The `{ code, message }` of any refusal the ledger throws; undefined for bugs. */
export function refusalOf(e: unknown): { code: LedgerErrorCode; message: string } | undefined {
  if (e instanceof LedgerError) return { code: e.code, message: e.message };
  if (e instanceof IllegalTransitionError) return { code: 'ILLEGAL_TRANSITION', message: e.message };
  return undefined;
}

/** The ledger entities a refused transition concerns, for the journal record. */
export interface EntityRefs {
  readonly planId?: string;
  readonly groupId?: string;
  readonly orderId?: string;
  readonly fillId?: string;
}

/** An IllegalTransitionError that also names the entities, so the refusal can be journaled. */
export class RefusedTransitionError extends IllegalTransitionError {
  constructor(
    entity: string,
    from: string,
    to: string,
    readonly refs: EntityRefs,
  ) {
    super(entity, from, to);
  }
}

/** Move `from` -> `to` through a domain state machine, or throw RefusedTransitionError. */
export function transition<S extends string>(machine: StateMachine<S>, from: S, to: S, refs: EntityRefs): S {
  if (!machine.canTransition(from, to)) throw new RefusedTransitionError(machine.entity, from, to, refs);
  return to;
}
