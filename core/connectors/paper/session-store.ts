import { z } from 'zod';
import type { SymbolRules } from '../types';
import type { MarketSourceDescriptor } from '../../market/types';
import type { FidelityProfile } from './fidelity';
import type { PaperCheckpoint, PaperExchangeState } from './state';

export const PaperSessionStatus = z.enum(['RUNNING', 'PAUSED', 'STOPPED']);
export type PaperSessionStatus = z.infer<typeof PaperSessionStatus>;

/** What a session is, apart from the exchange state it carries. */
export interface PaperSessionInfo {
  readonly id: string;
  /** The fidelity profile (its name is what fills carry). */
  readonly fidelity: FidelityProfile;
  /** The seed the session started with (the generator's current state is in the exchange state). */
  readonly seed: number;
  readonly symbols: readonly SymbolRules[];
  /** How to recreate the market source, including how far it has been read. */
  readonly source: MarketSourceDescriptor;
  /** Simulated ms per real ms, as last set. */
  readonly clockSpeed: number;
  readonly status: PaperSessionStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface PaperSessionSnapshot {
  readonly info: PaperSessionInfo;
  readonly state: PaperExchangeState;
}

/**
 * Where paper sessions live between runs. Each method is atomic: a
 * checkpoint is written whole or not at all, so a crash leaves the state of
 * the previous checkpoint.
 */
export interface PaperSessionStore {
  /** Record a new session with its initial exchange state; PaperError SESSION_EXISTS if the id is taken. */
  create(info: PaperSessionInfo, state: PaperExchangeState): void;
  /** Apply what changed (orders upserted, holds upserted or released, trades appended, balances, counters, bars, source position). */
  checkpoint(sessionId: string, checkpoint: PaperCheckpoint, source: MarketSourceDescriptor): void;
  setStatus(sessionId: string, status: PaperSessionStatus, clockSpeed: number, time: number): void;
  /** The session and its exchange state (every order, resting or done, and every trade); undefined if unknown. */
  load(sessionId: string): PaperSessionSnapshot | undefined;
  list(): PaperSessionInfo[];
}
