import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../core/api/contract';
import type { Host } from '../core/api/define';
import { createEngine, type EngineOptions } from '../core/engine';
import { createHandlers } from '../core/engine/handlers';
import { LedgerEventSchema } from '../core/ledger/events';

/*
 * The one plug point both hosts share: the web mode (web/cli.ts) and the
 * desktop app (electron/main.ts) get the contract and the engine here.
 */
export const appContract = contract;
export type AppContract = typeof appContract;
export type AppHost = Host<AppContract>;

/** The ledger file inside a data directory. */
export function ledgerPathOf(dataDir: string): string {
  return join(dataDir, 'ledger.sqlite');
}

/** Open the engine over `dataDir` and bind the contract to it. */
export async function createHost(dataDir: string, options: Omit<EngineOptions, 'ledgerPath'> = {}): Promise<AppHost> {
  mkdirSync(dataDir, { recursive: true });
  const engine = await createEngine({ ...options, ledgerPath: ledgerPathOf(dataDir) });
  return {
    handlers: createHandlers(engine),
    subscribe: (fromSeq, push) => engine.subscribe(fromSeq, (wire) => push({ seq: wire.seq, event: LedgerEventSchema.parse(wire) })),
    // The current status first (a view that just connected has none), then each change.
    status: (push) => {
      push(engine.status());
      return engine.onStatus(push);
    },
    close: () => engine.close(),
  };
}
