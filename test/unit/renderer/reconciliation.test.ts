import { describe, expect, it } from 'vitest';
import { createClient, type Transport } from '../../../core/api/client';
import { contract } from '../../../core/api/contract';
import { fail, ok } from '../../../core/api/result';
import { ReconciliationReportSchema } from '../../../core/connectors/live/report-schema';
import type { EngineStatus } from '../../../core/engine/status';
import { differenceRows } from '../../../renderer/src/format/reconciliation';
import { createDeskStore, type Desk, type DeskStore } from '../../../renderer/src/store/desk-store';

// The store's side of a live reconciliation: the report is read when a status
// push names a new one (once), an answer overtaken by the next status is
// dropped, and Acknowledge sends the shown report's id.

const order = (id: string, status: string, filled: string) => ({
  clientOrderId: id,
  exchangeOrderId: '7',
  symbol: 'BTC/USDT',
  side: 'BUY',
  type: 'LIMIT',
  quantity: '0.0100',
  price: '20000.00',
  status,
  filledQuantity: filled,
  updatedAt: 1,
});
const trade = { tradeId: '42', clientOrderId: 'ORD_1', exchangeOrderId: '7', symbol: 'BTC/USDT', side: 'BUY', price: '19999.5', quantity: '0.004', fee: '0.000004', feeAsset: 'BTC', liquidity: 'MAKER', time: 2 };

/** A report on the wire with one difference of each kind. */
function reportWire(id: string) {
  return {
    id,
    trigger: 'RECONNECT',
    at: 1_764_599_400_000,
    differences: [
      { kind: 'MISSING_ON_EXCHANGE', clientOrderId: 'ORD_0', symbol: 'BTC/USDT', message: 'm0', ledgerStatus: 'OPEN' },
      { kind: 'STATUS_DRIFT', clientOrderId: 'ORD_1', symbol: 'BTC/USDT', message: 'm1', ledgerStatus: 'OPEN', ledgerFilled: '0', exchangeOrder: order('ORD_1', 'PARTIALLY_FILLED', '0.004') },
      { kind: 'MISSING_FILL', clientOrderId: 'ORD_1', symbol: 'BTC/USDT', message: 'm2', trade },
      { kind: 'UNKNOWN_TO_LEDGER', clientOrderId: 'manual-1', symbol: 'BTC/USDT', message: 'm3', exchangeOrder: order('manual-1', 'NEW', '0'), trades: [] },
      { kind: 'UNKNOWN_TO_LEDGER', clientOrderId: 'manual-2', symbol: 'BTC/USDT', message: 'm4', trades: [{ ...trade, clientOrderId: 'manual-2', tradeId: '43' }, { ...trade, clientOrderId: 'manual-2', tradeId: '44' }] },
    ],
  };
}

function statusWire(reportId: string | null): EngineStatus {
  return {
    mode: 'live',
    connectorId: 'live:binance',
    connectionState: 'CONNECTED',
    now: 1,
    paused: false,
    speed: 1,
    sessionId: null,
    fidelityProfile: null,
    market: [],
    balances: [],
    recovery: null,
    acceptingOrders: reportId === null,
    refusalReason: reportId === null ? null : `reconciliation report ${reportId} lists 5 difference(s) the trader has not acknowledged`,
    pendingReconciliation: reportId !== null,
    reconciliationReportId: reportId,
  };
}

function setup() {
  const calls: { command: string; payload: unknown }[] = [];
  let pending: string | null = null;
  let hold: { released: Promise<void>; arrived: () => void } | null = null;
  let ackAnswer: unknown = null;
  let pushStatus: (raw: unknown) => void = () => undefined;
  const transport: Transport = {
    async request(command, payload) {
      calls.push({ command, payload });
      if (command === 'reconciliation') {
        const answer = ok(pending === null ? null : reportWire(pending)); // as of the request
        if (hold) {
          hold.arrived();
          await hold.released;
        }
        return answer;
      }
      if (command === 'acknowledgeReconciliation') return ackAnswer;
      return fail('UNAVAILABLE', 'not in this test');
    },
    subscribe: () => () => undefined,
    onStatus: (push) => {
      pushStatus = push;
      return () => undefined;
    },
  };
  const page = { onReconnect: () => () => undefined, connection: () => 'closed' as const, onConnection: () => () => undefined, onMenuCommand: () => () => undefined };
  const store = createDeskStore(createClient(contract, transport), page, { schedule: (flush) => flush() });
  store.getState().start();
  return {
    store,
    calls: (command: string) => calls.filter((c) => c.command === command),
    /** The host's state changes: a report becomes pending (or none), and the status says so. */
    host: (reportId: string | null) => {
      pending = reportId;
      pushStatus(statusWire(reportId));
    },
    /** The next reads wait for release(); `arrived` resolves when one is waiting. */
    holdReads: () => {
      let release = () => undefined as void;
      let arrived = () => undefined as void;
      const waiting = new Promise<void>((r) => (arrived = r));
      hold = { released: new Promise<void>((r) => (release = r)), arrived };
      return {
        waiting,
        release: () => {
          hold = null;
          release();
        },
      };
    },
    answerAck: (answer: unknown) => (ackAnswer = answer),
  };
}

function until(store: DeskStore, holds: (s: Desk) => boolean): Promise<Desk> {
  return new Promise((resolve) => {
    if (holds(store.getState())) return resolve(store.getState());
    const off = store.subscribe((s) => {
      if (!holds(s)) return;
      off();
      resolve(s);
    });
  });
}

describe('reconciliation in the desk store', () => {
  it('reads the report once per id the status names, and forgets it when the status names none', async () => {
    const t = setup();
    t.host('REC-1');
    t.host('REC-1');
    const s = await until(t.store, (d) => d.reconciliation !== null);
    expect(s.reconciliation?.id).toBe('REC-1');
    t.host('REC-1');
    expect(t.calls('reconciliation')).toHaveLength(1);

    t.host('REC-2');
    await until(t.store, (d) => d.reconciliation?.id === 'REC-2');
    expect(t.calls('reconciliation')).toHaveLength(2);

    t.host(null);
    expect(t.store.getState().reconciliation).toBeNull();
  });

  it('drops an answer that the next status overtook (acknowledged elsewhere meanwhile)', async () => {
    const t = setup();
    const shown: (string | null)[] = [];
    t.store.subscribe((s) => shown.push(s.reconciliation?.id ?? null));
    const held = t.holdReads();
    t.host('REC-1');
    await held.waiting;
    t.host(null);
    held.release();
    // Reads are answered in order: once REC-3 is shown, the answer for REC-1 has been handled.
    t.host('REC-3');
    await until(t.store, (d) => d.reconciliation?.id === 'REC-3');
    expect(t.calls('reconciliation')).toHaveLength(2);
    expect(shown).not.toContain('REC-1');
  });

  it('Acknowledge sends the shown report id; success clears it, a refusal keeps it and says why', async () => {
    const t = setup();
    t.host('REC-1');
    await until(t.store, (d) => d.reconciliation !== null);

    t.answerAck(fail('CONFLICT', 'STALE_REPORT: report REC-1 is not the pending one (REC-2); review the newer report'));
    await t.store.getState().acknowledgeReconciliation();
    expect(t.calls('acknowledgeReconciliation').map((c) => c.payload)).toEqual([{ report_id: 'REC-1' }]);
    expect(t.store.getState().reconciliation?.id).toBe('REC-1');
    expect(t.store.getState().notices.at(-1)).toMatchObject({ tone: 'error', text: expect.stringContaining('STALE_REPORT') });

    t.answerAck(ok({ report_id: 'REC-1', acceptingOrders: true, refusalReason: null }));
    await t.store.getState().acknowledgeReconciliation();
    expect(t.store.getState().reconciliation).toBeNull();
    expect(t.store.getState().notices.at(-1)).toMatchObject({ tone: 'info', text: 'Reconciliation REC-1 acknowledged: new orders are accepted' });
  });
});

describe('reconciliation rows', () => {
  it('say for each kind what the ledger and the exchange hold, with every digit the exchange gave', () => {
    const rows = differenceRows(ReconciliationReportSchema.parse(reportWire('REC-1')));
    expect(rows.map((r) => [r.title, r.clientOrderId, r.exchangeOrderId, r.tradeIds.join(','), r.ledger, r.exchange])).toEqual([
      ['Missing on the exchange', 'ORD_0', null, '', 'OPEN', 'no order with this id'],
      ['Status differs', 'ORD_1', '7', '', 'OPEN · filled 0', 'PARTIALLY_FILLED BUY 0.01 @ 20,000 · filled 0.004'],
      ['Fill missing from the ledger', 'ORD_1', '7', '42', 'no fill for this trade', 'BUY 0.004 @ 19,999.5 · fee 0.000004 BTC'],
      ['Unknown to the ledger', 'manual-1', '7', '', 'not in the ledger', 'NEW BUY 0.01 @ 20,000 · filled 0'],
      ['Unknown to the ledger', 'manual-2', '7', '43,44', 'not in the ledger', '2 trade(s), 0.008 traded'],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
});
