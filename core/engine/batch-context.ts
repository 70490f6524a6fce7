import type { Clock } from '../clock/clock';
import type { ExecutionCommandBatch } from '../domain';
import type { Ledger } from '../ledger';
import type { GroupWatcher } from './batch-watch';
import type { Directive, DirectiveOutcome } from './directives';

/** What a batch needs from the engine (the engine passes itself; tests may pass less). */
export interface BatchHost {
  readonly ledger: Ledger;
  /** The session's clock: timeout_seconds is measured on it. */
  readonly clock: Clock;
  run(d: Directive): Promise<DirectiveOutcome>;
  cancelGroup(groupId: string): Promise<void>;
}

/** One running batch, as its parts see it. */
export interface BatchContext {
  readonly host: BatchHost;
  readonly batch: ExecutionCommandBatch;
  /** The StrategyDirective's id: every batch journal entry carries it. */
  readonly directiveId: string;
  readonly watcher: GroupWatcher;
}

/** A refusal as one line: its typed code (ExecutionError, LedgerError, EngineError, DomainError...) and message. */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code: unknown = (e as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}
