import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../core/api/bridge';
import { createClient, type Transport } from '../../../core/api/client';
import { contract } from '../../../core/api/contract';
import { fail, ok } from '../../../core/api/result';
import type { Ledger } from '../../../core/ledger';
import type { ConnectionStatus } from '../../../renderer/src/api/ws-transport';
import { createDeskStore, type Desk, type DeskStore } from '../../../renderer/src/store/desk-store';
import { applySnapshot } from '../../../renderer/src/store/ledger-state';
import { checkInvariantsAfterEach, GROUP, orderInput, PLAN, testLedger } from '../ledger/fixtures';
import { decodeSnapshot, ledgerWith, writeOps } from './ledger-events';

checkInvariantsAfterEach();

/**
 * A transport over a real ledger (wire JSON both ways, as the host sends it)
 * that a test can hold up or make drop an event.
 */
function ledgerTransport(ledger: Ledger) {
  const calls: { command: string; payload: unknown }[] = [];
  const held: { command: string; release: () => void }[] = [];
  const heldWaiters: { n: number; resolve: () => void }[] = [];
  /** Resolves once `n` requests are being held. */
  const heldCount = (n: number) =>
    held.length >= n ? Promise.resolve() : new Promise<void>((resolve) => heldWaiters.push({ n, resolve }));
  const control = { hold: new Set<string>(), dropSeq: new Set<number>(), failSnapshots: 0, bars: [] as { symbol: string; openTime: number }[] };
  let streams = 0;
  const answerOf = (command: string, p: Record<string, unknown>) => {
    switch (command) {
      case 'snapshot':
        if (control.failSnapshots > 0) {
          control.failSnapshots--;
          return fail('INTERNAL', 'disk hiccup');
        }
        return ok(ledger.snapshot(p));
      case 'ordersPage':
        return ok(ledger.ordersPage(p));
      case 'fillsPage':
        return ok(ledger.fillsPage(p));
      case 'cancelGroup':
        return ok(ledger.cancelCounts({ groupId: String(p.group_id) }));
      case 'cancelAllInPlan':
        return ok(ledger.cancelCounts({ planId: String(p.plan_id) }));
      case 'cancelEverything':
        return ok({ plans: 1 });
      case 'bars':
        return ok(control.bars.filter((q) => q.symbol === p.symbol).map((q) => ({ ...q, bid: '1', ask: '1', last: '1', at: q.openTime + 60_000, open: '1', high: '1', low: '1' })));
      default:
        return fail('NOT_FOUND', `no ${command} here`);
    }
  };
  const transport: Transport = {
    async request(command, payload) {
      calls.push({ command, payload });
      // The answer is computed when asked: a held answer is as old as the request.
      const answer = answerOf(command, (payload ?? {}) as Record<string, unknown>);
      if (control.hold.has(command)) {
        await new Promise<void>((release) => {
          held.push({ command, release });
          for (const w of heldWaiters.filter((w) => held.length >= w.n)) w.resolve();
        });
      }
      return answer;
    },
    subscribe(fromSeq, onMessage) {
      streams++;
      const stop = ledger.subscribe(fromSeq, (event) => {
        if (!control.dropSeq.has(event.seq)) onMessage({ seq: event.seq, event });
      });
      return () => {
        streams--;
        stop();
      };
    },
  };
  return { transport, calls, held, heldCount, control, streams: () => streams };
}

function fakePage(initial: ConnectionStatus = 'open') {
  const reconnect = new Set<() => void>();
  const menu = new Set<(c: MenuCommand) => void>();
  const connection = new Set<(c: ConnectionStatus) => void>();
  let current = initial;
  return {
    page: {
      onReconnect: (l: () => void) => (reconnect.add(l), () => void reconnect.delete(l)),
      connection: (): ConnectionStatus => current,
      onConnection: (l: (c: ConnectionStatus) => void) => (connection.add(l), () => void connection.delete(l)),
      onMenuCommand: (l: (c: MenuCommand) => void) => (menu.add(l), () => void menu.delete(l)),
    },
    reconnect: () => reconnect.forEach((l) => l()),
    connect: (c: ConnectionStatus) => {
      current = c;
      connection.forEach((l) => l(c));
    },
    menu: (c: MenuCommand) => menu.forEach((l) => l(c)),
  };
}

function until(store: DeskStore, predicate: (s: Desk) => boolean): Promise<Desk> {
  return new Promise((resolve) => {
    if (predicate(store.getState())) return resolve(store.getState());
    const off = store.subscribe((s) => {
      if (predicate(s)) {
        off();
        resolve(s);
      }
    });
  });
}

function setup(ops: number[] = [0, 1], options: Parameters<typeof createDeskStore>[2] = {}) {
  const ledger = ledgerWith(ops);
  const t = ledgerTransport(ledger);
  const p = fakePage();
  // The promises the store awaits: awaiting one here resumes after the store's own handler ran.
  const snapshots: Promise<unknown>[] = [];
  const base = createClient(contract, t.transport);
  const client = { ...base, snapshot: (input?: Parameters<typeof base.snapshot>[0]) => {
    const answer = base.snapshot(input);
    snapshots.push(answer);
    return answer;
  } };
  const store = createDeskStore(client, p.page, { schedule: (flush) => flush(), retryMs: 1, ...options });
  const stop = store.getState().start();
  return { ledger, ...t, ...p, store, stop, snapshots };
}

/** Live, on the plan's own snapshot (not the first, plan-less one), at seq n. */
const seqIs = (n: number) => (s: Desk) => s.sync === 'live' && s.ledger?.planId === PLAN && s.ledger.seq === n;

describe('desk store: sync', () => {
  it('loads a snapshot, selects the newest active plan (its own snapshot), then applies pushed events', async () => {
    const { ledger, store, calls, streams, stop } = setup();
    await until(store, seqIs(ledger.lastSeq()));
    expect(store.getState().selectedPlanId).toBe(PLAN);
    const snapshots = calls.filter((c) => c.command === 'snapshot').map((c) => c.payload);
    expect(snapshots).toEqual([{ ordersLimit: 2000, fillsLimit: 2000 }, { planId: PLAN, ordersLimit: 2000, fillsLimit: 2000 }]);
    expect(streams()).toBe(1);

    writeOps(ledger, [1, 2, 0, 1]);
    const s = await until(store, seqIs(ledger.lastSeq()));
    expect(s.resyncs).toBe(0);
    const truth = applySnapshot(decodeSnapshot(ledger));
    expect([...s.ledger!.orders.values()]).toEqual(expect.arrayContaining([...truth.orders.values()]));
    expect(s.ledger!.groups.get(GROUP)).toEqual(truth.groups.get(GROUP));
    stop();
    expect(streams()).toBe(0);
  });

  it('reads the selected plan\'s symbol\'s recent bars with its snapshot, so the chart covers more than the time since the page opened', async () => {
    const { ledger, store, calls, control, stop } = setup();
    control.bars = [0, 60_000, 120_000].map((openTime) => ({ symbol: 'BTC/USDT', openTime }));
    await until(store, seqIs(ledger.lastSeq()));
    const s = await until(store, (d) => (d.bars['BTC/USDT'] ?? []).length === 3);
    expect(s.bars['BTC/USDT']?.map((b) => b.time.getTime())).toEqual([0, 60_000, 120_000]);
    expect(calls.filter((c) => c.command === 'bars').map((c) => c.payload)).toEqual([{ symbol: 'BTC/USDT' }]);
    stop();
  });

  it('selects the first plan that appears when none was selected', async () => {
    const { ledger } = testLedger();
    const t = ledgerTransport(ledger);
    const store = createDeskStore(createClient(contract, t.transport), fakePage().page, { schedule: (f) => f() });
    const stop = store.getState().start();
    await until(store, (s) => s.sync === 'live');
    expect(store.getState().selectedPlanId).toBeNull();
    ledger.registerOrder(orderInput());
    const s = await until(store, seqIs(ledger.lastSeq()));
    expect(s.selectedPlanId).toBe(PLAN);
    expect(s.resyncs).toBe(0);
    stop();
  });

  it('a missed event (a gap) makes it reload the snapshot instead of showing a wrong state', async () => {
    const { ledger, store, control, stop } = setup();
    await until(store, seqIs(ledger.lastSeq()));
    control.dropSeq.add(ledger.lastSeq() + 1);
    writeOps(ledger, [1, 1, 0]);
    const s = await until(store, seqIs(ledger.lastSeq()));
    expect(s.resyncs).toBe(1);
    expect(s.ledger!.groups.get(GROUP)).toEqual(applySnapshot(decodeSnapshot(ledger)).groups.get(GROUP));
    stop();
  });

  it('reloads after a reconnect, and drops the answer of a snapshot a newer resync overtook', async () => {
    const { ledger, store, control, held, heldCount, reconnect, stop, snapshots } = setup();
    const before = await until(store, seqIs(ledger.lastSeq()));
    control.hold.add('snapshot');
    reconnect(); // generation 1: its snapshot is taken now and held
    writeOps(ledger, [1, 0]);
    reconnect(); // generation 2: a newer snapshot, also held
    await heldCount(2);
    held[0]!.release(); // the stale answer arrives first
    await snapshots.at(-2);
    expect(store.getState()).toMatchObject({ sync: 'resyncing', ledger: before.ledger });
    held[1]!.release();
    const s = await until(store, seqIs(ledger.lastSeq()));
    expect(s.resyncs).toBe(2);
    stop();
  });

  it('retries a snapshot the host failed while connected', async () => {
    const ledger = ledgerWith([0]);
    const t = ledgerTransport(ledger);
    t.control.failSnapshots = 1;
    const store = createDeskStore(createClient(contract, t.transport), fakePage().page, { schedule: (f) => f(), retryMs: 1 });
    const stop = store.getState().start();
    await until(store, (s) => s.sync === 'error');
    expect(store.getState().syncError).toContain('disk hiccup');
    await until(store, seqIs(ledger.lastSeq()));
    stop();
  });

  it('a snapshot that failed before the first connection opened is retried when it opens', async () => {
    const ledger = ledgerWith([0]);
    const t = ledgerTransport(ledger);
    t.control.failSnapshots = 1;
    const p = fakePage('connecting');
    const store = createDeskStore(createClient(contract, t.transport), p.page, { schedule: (f) => f(), retryMs: 1 });
    const stop = store.getState().start();
    await until(store, (s) => s.sync === 'error');
    expect(t.calls.filter((c) => c.command === 'snapshot')).toHaveLength(1); // no retry timer while not connected
    p.connect('open');
    await until(store, seqIs(ledger.lastSeq()));
    expect(store.getState().connection).toBe('open');
    stop();
  });

  it('pages in the selected plan\'s older orders and fills beyond the snapshot\'s limits', async () => {
    const { ledger, store, stop } = setup([0, 1, 0, 1, 0, 1, 3, 0, 1], { snapshotLimits: { orders: 1, fills: 1 }, pageSize: 2 });
    const truth = applySnapshot(decodeSnapshot(ledger));
    expect(truth.orders.size).toBeGreaterThan(3);
    const s = await until(store, (d) => d.ledger?.orders.size === truth.orders.size && d.ledger.fills.size === truth.fills.size);
    expect([...s.ledger!.fills.keys()].sort()).toEqual([...truth.fills.keys()].sort());
    stop();
  });
});

describe('desk store: commands', () => {
  it('never sends a second cancel for a group while the first is in flight', async () => {
    const { ledger, store, calls, control, held, heldCount, stop } = setup();
    await until(store, seqIs(ledger.lastSeq()));
    control.hold.add('cancelGroup');
    const first = store.getState().cancelGroup(GROUP);
    void store.getState().cancelGroup(GROUP);
    expect(store.getState().busy.has(`group:${GROUP}`)).toBe(true);
    await heldCount(1);
    held[0]!.release();
    await first;
    expect(calls.filter((c) => c.command === 'cancelGroup')).toHaveLength(1);
    expect(store.getState().busy.size).toBe(0);
    stop();
  });

  it('batches of events are prompt while the trader\'s command is in flight and for promptMs after it answered, paced otherwise', async () => {
    let clock = 0;
    const prompts: boolean[] = [];
    const { ledger, store, control, held, heldCount, stop } = setup([0, 1], {
      schedule: (flush, prompt = false) => {
        prompts.push(prompt);
        flush();
      },
      promptMs: 500,
      now: () => clock,
    });
    await until(store, seqIs(ledger.lastSeq()));
    const write = async () => {
      prompts.length = 0;
      writeOps(ledger, [1]);
      await until(store, seqIs(ledger.lastSeq()));
      return [...new Set(prompts)]; // one batch per event here (the schedule flushes at once)
    };
    // A fill stream with nothing asked: paced.
    expect(await write()).toEqual([false]);
    control.hold.add('cancelAllInPlan');
    const cancel = store.getState().cancelAllInPlan(PLAN);
    await heldCount(1);
    clock = 10_000; // however long the command takes
    expect(await write()).toEqual([true]);
    held[0]!.release();
    await cancel;
    clock += 499;
    expect(await write()).toEqual([true]);
    clock += 1;
    expect(await write()).toEqual([false]);
    stop();
  });

  it('the menu\'s Cancel all in plan cancels the selected plan; a refusal becomes a notice', async () => {
    const { ledger, store, calls, menu, stop } = setup();
    await until(store, seqIs(ledger.lastSeq()));
    menu('cancelAllInPlan');
    await until(store, (s) => s.busy.size === 0 && calls.some((c) => c.command === 'cancelAllInPlan'));
    expect(calls.find((c) => c.command === 'cancelAllInPlan')?.payload).toEqual({ plan_id: PLAN });
    await store.getState().haltGroup(GROUP);
    expect(store.getState().notices.at(-1)).toMatchObject({ tone: 'error', text: expect.stringContaining('NOT_FOUND') });
    stop();
  });
});
