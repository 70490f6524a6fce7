import { existsSync, mkdirSync, statSync } from 'node:fs';
import type { ContractSpec, Host } from '../core/api/define';
import { errorMessageOf } from '../core/api/errors';
import { parseWebCliArgs, USAGE } from './cli-args';
import { startWebServer, type WebServer } from './server';

export interface WebCliDeps<C extends ContractSpec> {
  readonly contract: C;
  readonly createHost: (dataDir: string) => Promise<Host<C>>;
  readonly staticDir: string;
  readonly cwd: string;
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
  const { port, dataDir } = args.options;
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
    host = await deps.createHost(dataDir);
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
