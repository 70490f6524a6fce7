import { PaperSessionRequestSchema, type PaperSessionRequest, type PaperSessionRequestWire } from '../../../core/engine/paper-request';
import { MAX_MESSAGE_BYTES } from '../../../core/api/ws-protocol';
import { fieldErrors, type FieldErrors } from './field-errors';

/** Room left in one WebSocket message for the CSV's text (the rest of the request is small). */
export const MAX_CSV_BYTES = MAX_MESSAGE_BYTES - 64 * 1024;

/**
 * The "new paper session" form: comma-separated lists as the trader types
 * them, turned into the engine's PaperSessionRequest. The request schema the
 * engine itself parses with decides what is valid.
 */
export interface SessionFields {
  /** "BTC/USDT, ETH/USDT" */
  readonly symbols: string;
  /** Synthetic market: one start price per symbol, same order ("30000, 2000"). */
  readonly startPrices: string;
  /** "USDT=100000, BTC=0" */
  readonly balances: string;
  readonly source: 'synthetic' | 'csv';
  readonly seed: string;
  /** CSV replay: the chosen file's name and its text (read in the page, sent with the request). */
  readonly csvName: string;
  readonly csvText: string | null;
  readonly speed: string;
  readonly fidelity: 'realistic' | 'optimistic';
}

export type SessionField = 'symbols' | 'startPrices' | 'balances' | 'source' | 'seed' | 'csv' | 'speed' | 'fidelity';

export const DEFAULT_SESSION: SessionFields = {
  symbols: 'BTC/USDT',
  startPrices: '30000',
  balances: 'USDT=1000000, BTC=0',
  source: 'synthetic',
  seed: '1',
  csvName: '',
  csvText: null,
  speed: '10',
  fidelity: 'realistic',
};

export type SessionResult =
  /** `request` decoded (what the client takes), `wire` as it travels. */
  | { readonly ok: true; readonly request: PaperSessionRequest; readonly wire: PaperSessionRequestWire }
  | { readonly ok: false; readonly errors: FieldErrors<SessionField> };

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

const number = (s: string): number | string => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : s.trim());

export function buildSessionRequest(f: SessionFields): SessionResult {
  const pre: FieldErrors<SessionField> = {};
  const names = list(f.symbols);
  const prices = list(f.startPrices);
  if (f.source === 'synthetic' && prices.length !== names.length) {
    pre.startPrices = `give one start price per symbol (${names.length} symbol${names.length === 1 ? '' : 's'}, ${prices.length} price${prices.length === 1 ? '' : 's'})`;
  }
  const balances: Record<string, string> = {};
  for (const pair of list(f.balances)) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(pair);
    if (!m) {
      pre.balances = `write balances as ASSET=amount, separated by commas ('${pair}' is not)`;
      break;
    }
    balances[m[1] ?? ''] = m[2] ?? '';
  }
  if (f.source === 'csv' && (f.csvText === null || f.csvName === '')) pre.csv = 'choose a CSV file of candles';
  else if (f.source === 'csv' && f.csvText !== null && new TextEncoder().encode(f.csvText).length > MAX_CSV_BYTES) {
    pre.csv = `the file is larger than ${Math.floor(MAX_CSV_BYTES / (1024 * 1024))} MB; replay a shorter range`;
  }

  const request = {
    symbols: names.map((symbol, i) => ({ symbol, ...(f.source === 'synthetic' && prices[i] !== undefined ? { start_price: prices[i] } : {}) })),
    balances,
    source:
      f.source === 'synthetic'
        ? { kind: 'synthetic', seed: number(f.seed) }
        : { kind: 'csv', path: f.csvName || 'candles.csv', ...(f.csvText !== null ? { text: f.csvText } : {}) },
    speed: number(f.speed),
    fidelity: f.fidelity,
  };
  const parsed = PaperSessionRequestSchema.safeParse(request);
  const errors: FieldErrors<SessionField> = {
    ...(parsed.success
      ? {}
      : fieldErrors<SessionField>(parsed.error, (path) => {
          const [head, , leaf] = path;
          if (head === 'symbols') return { field: leaf === 'start_price' ? 'startPrices' : 'symbols' };
          if (head === 'balances') return { field: 'balances' };
          if (head === 'source') return { field: f.source === 'csv' ? 'csv' : 'seed' };
          if (head === 'speed') return { field: 'speed' };
          if (head === 'fidelity') return { field: 'fidelity' };
          return null;
        })),
    ...pre,
  };
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: parsed.data, wire: request as PaperSessionRequestWire };
}
