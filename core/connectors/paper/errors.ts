/** Typed refusals of the paper module (configuration, sessions, stored state). */
export type PaperErrorCode =
  | 'INVALID_CONFIG'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_EXISTS'
  | 'SESSION_STOPPED'
  | 'SESSION_CLOSED'
  | 'CORRUPT_STATE';

export class PaperError extends Error {
  constructor(
    readonly code: PaperErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
