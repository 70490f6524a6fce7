export { createEngine, Engine, type EngineOptions } from './engine';
export { EngineError, type EngineErrorCode } from './errors';
export { PaperSessionRequestSchema, type PaperSessionRequest, type PaperSessionRequestWire } from './paper-request';
export { EngineStatusSchema, type EngineStatus } from './status';
export type { DirectiveOutcome } from './directives';
export type { RecoveryPolicy, RecoveryReport } from './recovery';
