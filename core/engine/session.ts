import { readFileSync } from 'node:fs';
import { AcceleratedClock } from '../clock';
import type { Clock } from '../clock/clock';
import { PaperSession, SqlitePaperSessionStore } from '../connectors/paper';
import type { IExecutionConnector, SymbolRules } from '../connectors/types';
import { Decimal } from '../domain/decimal';
import type { Ledger } from '../ledger';
import { CsvMarketSource, parseCandleCsv, SyntheticMarketSource } from '../market';
import type { MarketSource } from '../market/types';
import type { PaperSessionRequest } from './paper-request';

/** The market the desk is connected to: a paper session, or a live connector the host supplied. */
export type DeskSession =
  | { readonly kind: 'paper'; readonly paper: PaperSession; readonly clock: AcceleratedClock; readonly connector: IExecutionConnector }
  | { readonly kind: 'live'; readonly connector: IExecutionConnector; readonly clock: Clock };

function rulesOf(r: PaperSessionRequest['symbols'][number]): SymbolRules {
  const [base = r.symbol, quote = ''] = r.symbol.split('/');
  return {
    symbol: r.symbol,
    baseAsset: base,
    quoteAsset: quote,
    tickSize: r.tick_size,
    stepSize: r.step_size,
    minQuantity: r.min_quantity,
    minNotional: r.min_notional,
  };
}

function sourceOf(req: PaperSessionRequest, startMs: number): { source: MarketSource; startMs: number } {
  if (req.source.kind === 'synthetic') {
    return {
      startMs,
      source: new SyntheticMarketSource({
        seed: req.source.seed,
        symbols: req.symbols.map((s) => s.symbol),
        startPrices: Object.fromEntries(req.symbols.map((s) => [s.symbol, s.start_price ?? new Decimal(1)])),
        startTime: startMs,
        intervalMs: req.interval_ms,
        perSymbol: Object.fromEntries(req.symbols.map((s) => [s.symbol, { tickSize: s.tick_size, stepSize: s.step_size }])),
      }),
    };
  }
  const sym = req.symbols[0];
  if (!sym) throw new Error('a CSV replay drives exactly one symbol');
  const text = req.source.text ?? readFileSync(req.source.path, 'utf8');
  const source = new CsvMarketSource({ symbol: sym.symbol, path: req.source.path, text });
  // Replays run on the file's own time line: the clock starts at its first candle.
  const first = parseCandleCsv(text, { symbol: sym.symbol }).bars[0]?.openTime;
  return { source, startMs: first ?? startMs };
}

/** Start a new paper session persisted next to the ledger. */
export function startPaperSession(ledger: Ledger, base: Clock, req: PaperSessionRequest): DeskSession {
  const store = new SqlitePaperSessionStore(ledger.database);
  const { source, startMs } = sourceOf(req, base.now());
  const clock = new AcceleratedClock({ speed: req.speed, base, startMs });
  const paper = PaperSession.start({
    store,
    clock,
    source,
    symbols: req.symbols.map(rulesOf),
    balances: Object.fromEntries(Object.entries(req.balances)),
    fidelity: req.fidelity,
    speed: req.speed,
    ...(req.source.kind === 'synthetic' ? { seed: req.source.seed } : {}),
  });
  return { kind: 'paper', paper, clock, connector: paper.exchange };
}

/** Bring back the most recent unfinished paper session after a restart, with its resting orders. */
export function restorePaperSession(ledger: Ledger, base: Clock): DeskSession | undefined {
  const store = new SqlitePaperSessionStore(ledger.database);
  const last = store
    .list()
    .filter((s) => s.status !== 'STOPPED')
    .sort((a, b) => b.updatedAt - a.updatedAt)[0];
  if (!last) return undefined;
  const clock = new AcceleratedClock({ speed: last.clockSpeed, base, startMs: last.updatedAt });
  if (last.status === 'PAUSED') clock.pause();
  const paper = PaperSession.restore(store, last.id, { clock });
  return { kind: 'paper', paper, clock, connector: paper.exchange };
}
