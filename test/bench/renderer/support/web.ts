import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, type Engine } from '../../../../core/engine';
import { appContract, createHost, hostOf, ledgerPathOf, type AppHost } from '../../../../web/host';
import { startWebServer, type WebServer } from '../../../../web/server';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Where `npx vite build` puts the app's renderer. */
export const APP_RENDERER_DIR = join(REPO_ROOT, 'dist/renderer');

export interface WebDesk {
  readonly server: WebServer;
  /** Only when started with `keepEngine` (to write into the running ledger). */
  readonly engine: Engine | undefined;
  stop(): Promise<void>;
}

/** The app's renderer is built (its index.html exists). */
export const appRendererBuilt = () => existsSync(join(APP_RENDERER_DIR, 'index.html'));

/**
 * Web mode as `npm run web` runs it: web/host.ts createHost over `dataDir`
 * and web/server.ts startWebServer serving `staticDir`. With `keepEngine`
 * the bench opens the engine itself and binds it with the same hostOf, so it
 * can write fills into the ledger the page is watching.
 */
export async function startWebDesk(dataDir: string, staticDir: string, options: { keepEngine?: boolean } = {}): Promise<WebDesk> {
  let host: AppHost;
  let engine: Engine | undefined;
  if (options.keepEngine) {
    mkdirSync(dataDir, { recursive: true });
    const e = await createEngine({ ledgerPath: ledgerPathOf(dataDir) });
    engine = e;
    host = hostOf(e);
  } else host = await createHost(dataDir);
  const server = await startWebServer({ contract: appContract, ...host, port: 0, staticDir, onError: () => undefined });
  return {
    server,
    engine,
    stop: async () => {
      await server.close();
      await host.close();
    },
  };
}

/**
 * The renderer built unminified into `outDir` (so a page profile names the
 * functions), never over dist/renderer, which the e2e tests and the real bench
 * serve; with --no-build on the command line, dist/renderer as it is.
 */
export function profileRendererDir(outDir: string): string {
  if (process.argv.includes('--no-build')) {
    if (!appRendererBuilt()) throw new Error('dist/renderer is missing');
    return APP_RENDERER_DIR;
  }
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--minify', 'false', '--outDir', outDir, '--emptyOutDir'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
  return outDir;
}
