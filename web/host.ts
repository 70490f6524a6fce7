import { z } from 'zod';
import { defineContract, type Host } from '../core/api/define';

/*
 * ───────────────────────────── THE PLUG POINT ─────────────────────────────
 * Both hosts — the web mode (web/cli.ts) and the desktop app
 * (electron/main.ts) — get the contract and the engine from this file and
 * nowhere else. Two placeholders live here until the real pieces exist:
 *
 *  1. `appContract`: replace with the lead's contract,
 *       export { contract as appContract } from '../core/api/contract';
 *  2. `createHost`: replace the body with the engine, roughly
 *       const engine = await createEngine({ dataDir, clock: realClock() });
 *       return { handlers: engine.handlers, subscribe: engine.subscribe, close: () => engine.close() };
 * ───────────────────────────────────────────────────────────────────────────
 */

/** PLACEHOLDER: a contract with no commands and no events. */
export const appContract = defineContract({ commands: {}, event: z.never() });
export type AppContract = typeof appContract;
export type AppHost = Host<AppContract>;

export class EngineNotWiredError extends Error {
  override readonly name = 'EngineNotWiredError';
  readonly code = 'ENGINE_NOT_WIRED';
}

/** PLACEHOLDER: opens the engine over `dataDir`; the engine does not exist yet. */
export async function createHost(dataDir: string): Promise<AppHost> {
  throw new EngineNotWiredError(`engine not wired yet: createHost(${JSON.stringify(dataDir)}) in web/host.ts is a placeholder`);
}
