import { existsSync, mkdirSync, statSync } from 'node:fs';
import type { ContractSpec, Host } from '../core/api/define';
import { errorMessageOf } from '../core/api/errors';
import { envCredentials } from '../core/connectors/live/credentials';
import { liveEnvPrefix, parseWebCliArgs, USAGE } from './cli-args';
import { lineLogger, type LiveHostOptions } from './live-host';
import { startWebServer, type WebServer } from './server';

/** What the CLI asks the host for beyond the data directory. */
export interface HostRequest {
  readonly live?: LiveHostOptions;
}

export interface WebCliDeps<C extends ContractSpec> {
  readonly contract: C;
  readonly createHost: (dataDir: string, request: HostRequest) => Promise<Host<C>>;
  readonly staticDir: string;
  readonly cwd: string;
  /** Where --live reads the exchange keys (LEDGERDESK_<EXCHANGE>_API_KEY / _API_SECRET); default process.env, tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The URL line goes here, alone, so scripts can read it. */
  readonly stdout: (line: string) => void;
  /** Everything else. */
  readonly stderr: (line: string) => void;
}

export type WebCliOutcome =
  | { readonly exitCode: number }
  | { readonly exitCode: null; readonly server: WebServer; stop(): Promise<void> };

/** Exit codes: 0 help, 1 could not start, 2 bad arguments. On success the server keeps running. */
export async function runWebCli<C extends ContractSpec>(argv: readonly string[], deps: WebCliDeps<C>): Promise<WebCliOutcome> {
  const args = parseWebCliArgs(argv, deps.cwd);
  if (args.kind === 'help') {
    deps.stdout(USAGE);
    return { exitCode: 0 };
  }
  if (args.kind === 'error') {
    deps.stderr(`ledgerdesk web: ${args.message}\n\n${USAGE}`);
    return { exitCode: 2 };
  }
  const { port, dataDir, live } = args.options;
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) {
    deps.stderr(`ledgerdesk web: --data-dir ${dataDir} exists and is not a directory`);
    return { exitCode: 2 };
  }
  if (!existsSync(deps.staticDir)) {
    deps.stderr(`ledgerdesk web: the renderer is not built (${deps.staticDir} is missing); run \`npm run build:renderer\` first`);
    return { exitCode: 1 };
  }

  let host: Host<C>;
  try {
    mkdirSync(dataDir, { recursive: true });
    const request: HostRequest = live
      ? { live: { venue: live, credentials: envCredentials(liveEnvPrefix(live.exchangeId), deps.env ?? process.env), logger: lineLogger(deps.stderr) } }
      : {};
    if (live) deps.stderr(`ledgerdesk web: live ${live.exchangeId} ${live.symbols.join(',')}, keys from ${liveEnvPrefix(live.exchangeId)}_API_KEY / _API_SECRET`);
    host = await deps.createHost(dataDir, request);
  } catch (error) {
    deps.stderr(`ledgerdesk web: cannot start the engine: ${errorMessageOf(error)}`);
    return { exitCode: 1 };
  }

  let server: WebServer;
  try {
    server = await startWebServer({ contract: deps.contract, ...host, port, staticDir: deps.staticDir });
  } catch (error) {
    await host.close();
    deps.stderr(`ledgerdesk web: cannot listen on 127.0.0.1:${port}: ${errorMessageOf(error)}`);
    return { exitCode: 1 };
  }
  deps.stderr(`ledgerdesk web: data in ${dataDir}; open this URL (it holds this run's access token):`);
  deps.stdout(server.url);
  return {
    exitCode: null,
    server,
    stop: async () => {
      await server.close();
      await host.close();
    },
  };
}
