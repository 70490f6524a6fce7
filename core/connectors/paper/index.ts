export { PaperExchange, type PaperExchangeOptions, type PaperExchangeRestoreOptions, type PaperExchangeRuntime } from './paper-exchange';
export { PaperSession, type PaperSessionStartOptions, type PaperSessionRestoreOptions } from './paper-session';
export {
  PaperSessionStatus,
  type PaperSessionInfo,
  type PaperSessionSnapshot,
  type PaperSessionStore,
} from './session-store';
export { SqlitePaperSessionStore } from './sqlite-session-store';
export {
  FIDELITY_PROFILES,
  FIDELITY_PROFILE_NAMES,
  DEFAULT_FIDELITY_PROFILE,
  FidelityProfileSchema,
  resolveFidelityProfile,
  deriveFidelityProfile,
  isFidelityProfileName,
  type FidelityProfile,
  type FidelityProfileName,
  type BookModel,
} from './fidelity';
export { PaperError, type PaperErrorCode } from './errors';
export { PaperExchangeStateSchema, type PaperExchangeState, type PaperCheckpoint, type SimOrder } from './state';
export { MatchingEngine, type EngineOutcome, type MatchingEngineInit } from './matching-engine';
export { SeededRandom } from './prng';
