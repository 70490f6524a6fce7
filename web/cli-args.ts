import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface WebCliOptions {
  /** 0 = any free port. */
  readonly port: number;
  /** Absolute. */
  readonly dataDir: string;
}

export type WebCliArgs =
  | { readonly kind: 'run'; readonly options: WebCliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const USAGE = `usage: npm run web -- --data-dir DIR [--port N]

  --data-dir DIR   where the ledger lives (created if missing)
  --port N         port on 127.0.0.1, 0-65535 (default 0: any free port)

Prints the URL to open, with this run's access token, on a line of its own.`;

/** Parses the web CLI's arguments; never throws, never touches the disk. */
export function parseWebCliArgs(argv: readonly string[], cwd: string): WebCliArgs {
  let values: { port?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };

  const portText = values.port ?? '0';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    return { kind: 'error', message: `--port must be an integer from 0 to 65535, got '${portText}'` };
  }
  const dataDir = values['data-dir'];
  if (dataDir === undefined || dataDir.trim() === '') return { kind: 'error', message: '--data-dir DIR is required' };
  return { kind: 'run', options: { port: Number(portText), dataDir: resolve(cwd, dataDir) } };
}
