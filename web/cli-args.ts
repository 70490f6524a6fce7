import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LiveVenueConfigSchema, type LiveVenueConfig } from '../core/connectors/live/options';

export interface WebCliOptions {
  /** 0 = any free port. */
  readonly port: number;
  /** Absolute. */
  readonly dataDir: string;
  /** Trade on an exchange account instead of paper sessions; keys come from the environment. */
  readonly live?: LiveVenueConfig;
}

export type WebCliArgs =
  | { readonly kind: 'run'; readonly options: WebCliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** The environment variables web mode reads an exchange's keys from: LEDGERDESK_BINANCE_API_KEY / _API_SECRET. */
export function liveEnvPrefix(exchangeId: string): string {
  return `LEDGERDESK_${exchangeId.toUpperCase()}`;
}

export const USAGE = `usage: npm run web -- --data-dir DIR [--port N]
       npm run web -- --data-dir DIR [--port N] --live EXCHANGE --symbols S1,S2 [--rest-url URL --ws-api-url URL]

  --data-dir DIR      where the ledger lives (created if missing)
  --port N            port on 127.0.0.1, 0-65535 (default 0: any free port)
  --live EXCHANGE     trade on an exchange account (ccxt id; binance spot is the one supported)
                      with the keys in ${liveEnvPrefix('EXCHANGE')}_API_KEY and ${liveEnvPrefix('EXCHANGE')}_API_SECRET
                      (e.g. LEDGERDESK_BINANCE_API_KEY); they are never written to disk or printed
  --symbols S1,S2     with --live: the symbols the desk trades, e.g. BTC/USDT,ETH/USDT
  --rest-url URL      with --live binance: REST origin instead of Binance's (endpoints under /api/v3)
  --ws-api-url URL    with --rest-url: WebSocket API endpoint for the user data stream

Without --live the desk trades paper sessions started from the page. With
--live it reconciles with the exchange at start: differences are listed on
the page and new orders wait until the trader acknowledges them.

Prints the URL to open, with this run's access token, on a line of its own.`;

type Values = {
  port?: string;
  'data-dir'?: string;
  live?: string;
  symbols?: string;
  'rest-url'?: string;
  'ws-api-url'?: string;
  help?: boolean;
};

/** Parses the web CLI's arguments; never throws, never touches the disk or the environment. */
export function parseWebCliArgs(argv: readonly string[], cwd: string): WebCliArgs {
  let values: Values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        live: { type: 'string' },
        symbols: { type: 'string' },
        'rest-url': { type: 'string' },
        'ws-api-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
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
  const live = parseLive(values);
  if (live !== undefined && 'error' in live) return { kind: 'error', message: live.error };
  return { kind: 'run', options: { port: Number(portText), dataDir: resolve(cwd, dataDir), ...(live === undefined ? {} : { live: live.venue }) } };
}

function parseLive(values: Values): { venue: LiveVenueConfig } | { error: string } | undefined {
  const { live, symbols } = values;
  const restUrl = values['rest-url'];
  const wsApiUrl = values['ws-api-url'];
  if (live === undefined) {
    const stray = [symbols === undefined ? null : '--symbols', restUrl === undefined ? null : '--rest-url', wsApiUrl === undefined ? null : '--ws-api-url'].filter((x) => x !== null);
    return stray.length === 0 ? undefined : { error: `${stray.join(', ')} only go with --live EXCHANGE` };
  }
  if (symbols === undefined || symbols.trim() === '') return { error: '--live needs --symbols, e.g. --symbols BTC/USDT,ETH/USDT' };
  if ((restUrl === undefined) !== (wsApiUrl === undefined)) return { error: '--rest-url and --ws-api-url go together' };
  if (restUrl !== undefined && live !== 'binance') return { error: '--rest-url and --ws-api-url are only supported with --live binance' };
  if (restUrl !== undefined && !/^https?:\/\//.test(restUrl)) return { error: `--rest-url must be an http(s) URL, got '${restUrl}'` };
  if (wsApiUrl !== undefined && !/^wss?:\/\//.test(wsApiUrl)) return { error: `--ws-api-url must be a ws(s) URL, got '${wsApiUrl}'` };

  const list = symbols.split(',').map((s) => s.trim());
  const twice = list.find((s, i) => list.indexOf(s) !== i);
  if (twice !== undefined) return { error: `--symbols lists ${twice} twice` };
  const parsed = LiveVenueConfigSchema.safeParse({
    exchangeId: live,
    symbols: list,
    ...(restUrl === undefined ? {} : { restUrl: restUrl.replace(/\/+$/, '') }),
    ...(wsApiUrl === undefined ? {} : { wsApiUrl }),
  });
  if (!parsed.success) {
    const flag: Readonly<Record<string, string>> = { exchangeId: '--live', symbols: '--symbols', restUrl: '--rest-url', wsApiUrl: '--ws-api-url' };
    return { error: parsed.error.issues.map((i) => `${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; ') };
  }
  return { venue: parsed.data };
}
