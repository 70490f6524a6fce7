import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../core/api/contract';
import type { Host, StreamEvent } from '../core/api/define';
import { createEngine, type Engine, type EngineOptions } from '../core/engine';
import { createHandlers } from '../core/engine/handlers';
import { LedgerEventSchema, type LedgerEventWire } from '../core/ledger/events';
import { eventEntity, eventText } from '../core/ledger/outbox';
import { createLiveEngine, type LiveHostOptions } from './live-host';

/*
 * The one plug point both hosts share: the web mode (web/cli.ts) and the
 * desktop app (electron/main.ts) get the contract and the engine here.
 */
export const appContract = contract;
export type AppContract = typeof appContract;
export type AppHost = Host<AppContract>;

export type { LiveHostOptions } from './live-host';

export interface HostOptions extends Omit<EngineOptions, 'ledgerPath' | 'connector'> {
  /** Trade on an exchange account: the connector starts, the engine opens over it, then it reconciles. */
  readonly live?: LiveHostOptions;
}

/** The ledger file inside a data directory. */
export function ledgerPathOf(dataDir: string): string {
  return join(dataDir, 'ledger.sqlite');
}

/** Open the engine over `dataDir` (paper sessions, or the live venue) and bind the contract to it. */
export async function createHost(dataDir: string, options: HostOptions = {}): Promise<AppHost> {
  mkdirSync(dataDir, { recursive: true });
  const { live, ...rest } = options;
  const engineOptions: EngineOptions = { ...rest, ledgerPath: ledgerPathOf(dataDir) };
  const engine = live ? await createLiveEngine(live, engineOptions) : await createEngine(engineOptions);
  return hostOf(engine);
}

/**
 * An outbox event as the transports take it: its text built around the data
 * JSON the outbox stored (so no event is printed twice), and the entity it
 * upserts (so a batched frame can send a superseded event as a stand-in).
 */
export function outboxMessage(wire: LedgerEventWire): StreamEvent<LedgerEventWire> {
  const text = eventText(wire);
  const key = eventEntity(wire);
  return {
    seq: wire.seq,
    event: wire,
    ...(text === undefined ? {} : { text: `{"seq":${wire.seq},"event":${text}}` }),
    ...(key === undefined ? {} : { key }),
  };
}

/** The contract bound to a running engine (closing the host closes the engine). */
export function hostOf(engine: Engine): AppHost {
  return {
    handlers: createHandlers(engine),
    subscribe: (fromSeq, push) => engine.subscribe(fromSeq, (wire) => push({ seq: wire.seq, event: LedgerEventSchema.parse(wire) })),
    // The outbox's events are wire JSON already: the web server sends them as they are (the page parses each).
    subscribeEncoded: (fromSeq, push) => engine.subscribe(fromSeq, (wire) => push(outboxMessage(wire))),
    // The current status first (a view that just connected has none), then each change.
    status: (push) => {
      push(engine.status());
      return engine.onStatus(push);
    },
    close: () => engine.close(),
  };
}
