/** Typed refusals of the execution layer; the engine maps them to API errors. */
export type ExecutionErrorCode =
  | 'TRANSLATION_FAILED'
  | 'NOT_FOUND'
  | 'NOT_RUNNING'
  | 'PLAN_HALTED'
  | 'INVALID_COMMAND'
  | 'NO_POSITION'
  | 'NO_MARKET_DATA';

export class ExecutionError extends Error {
  constructor(
    readonly code: ExecutionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExecutionError';
  }
}
