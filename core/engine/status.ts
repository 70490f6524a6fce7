import type { ExecutionWorker } from '../execution/worker';
import type { DeskSession } from './session';
import type { RecoveryReport } from './recovery';

/** What the session bar shows; ephemeral (not in the ledger), pushed on change. */
export interface EngineStatus {
  readonly mode: 'none' | 'paper' | 'live';
  readonly connectorId: string | null;
  readonly connectionState: string;
  readonly now: number;
  readonly paused: boolean;
  readonly speed: number;
  readonly sessionId: string | null;
  readonly fidelityProfile: string | null;
  /** Latest quote per symbol: decimal strings and the bar time it came from. */
  readonly market: readonly { symbol: string; bid: string; ask: string; last: string; at: number }[];
  readonly recovery: RecoveryReport | null;
}

export function buildStatus(session: DeskSession | undefined, worker: ExecutionWorker | undefined, now: number, recovery: RecoveryReport | undefined): EngineStatus {
  const market = worker
    ? worker.market.symbols().flatMap((symbol) => {
        const b = worker.market.lastBar(symbol);
        return b ? [{ symbol, bid: b.bid.toFixed(), ask: b.ask.toFixed(), last: b.close.toFixed(), at: b.openTime + b.intervalMs }] : [];
      })
    : [];
  return {
    mode: session?.kind ?? 'none',
    connectorId: session?.connector.id ?? null,
    connectionState: session?.connector.connectionState() ?? 'DISCONNECTED',
    now,
    paused: session?.kind === 'paper' ? session.clock.paused : false,
    speed: session?.kind === 'paper' ? session.clock.speed : 1,
    sessionId: session?.kind === 'paper' ? session.paper.info().id : null,
    fidelityProfile: session?.kind === 'paper' ? session.paper.fidelityProfile.name : null,
    market,
    recovery: recovery ?? null,
  };
}
