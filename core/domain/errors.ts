/** Typed domain errors: every refusal carries a stable code and a readable message. */
export type DomainErrorCode = 'VALIDATION' | 'ILLEGAL_TRANSITION' | 'IMMUTABLE_FIELD';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface ValidationIssue {
  /** Dotted path of the offending field ('' for the whole object). */
  readonly path: string;
  readonly message: string;
}

export class ValidationError extends DomainError {
  constructor(
    readonly entity: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super('VALIDATION', `${entity}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
  ) {
    super('ILLEGAL_TRANSITION', `${entity}: illegal transition ${from} -> ${to}`);
  }
}

export class ImmutableFieldError extends DomainError {
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super('IMMUTABLE_FIELD', `${entity}: ${field} cannot be changed after creation`);
  }
}
