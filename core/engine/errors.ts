/** Engine refusals, with the API's codes so hosts pass them through unchanged. */
export type EngineErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'REFUSED';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
