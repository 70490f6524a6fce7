import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MenuCommand } from '../../../core/api/bridge';
import type { Client } from '../../../core/api/client';
import type { Contract } from '../../../core/api/contract';
import type { ReconciliationReportValue } from '../../../core/connectors/live/report-schema';
import { fail, type ApiResult } from '../../../core/api/result';
import type { EngineStatus } from '../../../core/engine/status';
import type { ConnectionStatus } from '../api/ws-transport';
import { applyEvents, applySnapshot, mergeHistory, type LedgerMessage, type LedgerState } from './ledger-state';
import { pacedSchedule, type Schedule } from './flush-pacing';
import { addQuotes, mergeBars, type BarHistory } from './quotes';

/*
 * The zustand store: the ledger copy kept in sync with the engine, the
 * pushed status, the trader's selection, and the commands the panels send.
 *
 * Sync: on start, on every reconnect, on a gap or an undecodable event, and
 * when the selected plan changes: stop the stream, load a snapshot, then
 * subscribe from its seq. Events are applied in batches (one new state per
 * batch however many events a burst carries), paced by flush-pacing.ts:
 * promptly while one of the trader's commands is in flight and for
 * `promptMs` after it answered (what a cancel did is what the trader waits
 * for), at the stream's pace otherwise.
 * Nothing is ever polled: a live reconciliation report is read when a
 * status push names a new one.
 */

export interface Notice {
  readonly id: number;
  readonly tone: 'error' | 'info';
  readonly text: string;
}

export type SyncState = 'loading' | 'live' | 'resyncing' | 'error';

export interface DeskState {
  readonly ledger: LedgerState | null;
  readonly status: EngineStatus | null;
  /** The page's clock (performance.now) when that status arrived: the desk clock runs on from there (desk-clock.ts). */
  readonly statusAt: number | null;
  /** Price bars per symbol, folded from the status pushes. */
  readonly bars: BarHistory;
  readonly connection: ConnectionStatus;
  readonly sync: SyncState;
  readonly syncError: string | null;
  /** How many times the view reloaded its snapshot (shown, and watched by tests). */
  readonly resyncs: number;
  readonly selectedPlanId: string | null;
  readonly selectedGroupId: string | null;
  readonly selectedOrderId: string | null;
  /** Ids (group, plan, anomaly, 'desk') with a command in flight: their buttons do not send twice. */
  readonly busy: ReadonlySet<string>;
  readonly notices: readonly Notice[];
  /** The live reconciliation report holding new orders until the trader acknowledges it. */
  readonly reconciliation: ReconciliationReportValue | null;
}

export interface DeskActions {
  /** Connects: status pushes, reconnect and menu hooks, first snapshot. Returns stop. */
  start(): () => void;
  resync(): void;
  selectPlan(planId: string | null): void;
  selectGroup(groupId: string | null): void;
  selectOrder(orderId: string | null): void;
  cancelGroup(groupId: string): Promise<void>;
  /** The selected plan unless one is named. */
  cancelAllInPlan(planId?: string): Promise<void>;
  cancelEverything(): Promise<void>;
  resumeGroup(groupId: string): Promise<void>;
  haltGroup(groupId: string): Promise<void>;
  rearmPlan(planId: string): Promise<void>;
  acknowledgeAnomaly(anomalyId: string): Promise<void>;
  /** Acknowledge the reconciliation report shown (its id: a newer one is never acknowledged unseen). */
  acknowledgeReconciliation(): Promise<void>;
  notify(tone: Notice['tone'], text: string): void;
  dismissNotice(id: number): void;
}

export type Desk = DeskState & DeskActions;
export type DeskStore = StoreApi<Desk>;

/** What the store needs from the page: a typed client and the transport's hooks. */
export interface DeskPage {
  onReconnect(listener: () => void): () => void;
  connection(): ConnectionStatus;
  onConnection(listener: (status: ConnectionStatus) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

export interface DeskOptions {
  /**
   * When a batch of events is applied (default: pacedSchedule(), a frame after the first event, batches at least
   * 100 ms apart). `prompt`: the batch follows the trader's own command (see promptMs).
   */
  readonly schedule?: Schedule;
  /** How long after a command of the trader's answered its events' batches are still prompt (default 1,000 ms). */
  readonly promptMs?: number;
  /** The clock promptMs is measured on (default performance.now). */
  readonly now?: () => number;
  /** Delay before retrying a snapshot that failed while connected. */
  readonly retryMs?: number;
  readonly snapshotLimits?: { readonly orders: number; readonly fills: number };
  /** Older orders and fills of the selected plan are paged in after the snapshot, up to this many each. */
  readonly historyLimit?: number;
  readonly pageSize?: number;
}

const MAX_NOTICES = 5;

export function createDeskStore(client: Client<Contract>, page: DeskPage, options: DeskOptions = {}): DeskStore {
  const schedule = options.schedule ?? pacedSchedule();
  const retryMs = options.retryMs ?? 1_000;
  const limits = options.snapshotLimits ?? { orders: 2_000, fills: 2_000 };
  const historyLimit = options.historyLimit ?? 100_000;
  const pageSize = options.pageSize ?? 1_000;
  const promptMs = options.promptMs ?? 1_000;
  const now = options.now ?? (() => performance.now());

  /** Bumped by every resync: answers and events of an older generation are dropped. */
  let generation = 0;
  let unsubscribe: (() => void) | undefined;
  let pending: LedgerMessage[] = [];
  let flushScheduled = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let noticeId = 0;
  /** The report id being read, so one status burst reads it once and an older answer is dropped. */
  let reportLoading: string | null = null;
  /** The trader's commands in flight, and until when (on `now`) the last one's events still count as its answer. */
  let commandsInFlight = 0;
  let promptUntil = Number.NEGATIVE_INFINITY;
  const prompt = () => commandsInFlight > 0 || now() < promptUntil;

  return createStore<Desk>()((set, get) => {
    const setBusy = (id: string, on: boolean) => {
      const busy = new Set(get().busy);
      if (on) busy.add(id);
      else busy.delete(id);
      set({ busy });
    };

    // Errors stay until dismissed (the newest MAX_NOTICES); of the confirmations only the latest is kept.
    const notify = (tone: Notice['tone'], text: string) => {
      const notice = { id: ++noticeId, tone, text };
      const kept = get().notices.filter((n) => n.tone === 'error');
      set({ notices: [...kept, notice].slice(-MAX_NOTICES) });
    };

    // `pending` only ever holds the current generation's events (a resync empties it).
    const flush = () => {
      flushScheduled = false;
      const batch = pending;
      pending = [];
      const ledger = get().ledger;
      if (!ledger || batch.length === 0) return;
      const result = applyEvents(ledger, batch);
      if ('resync' in result) return resync();
      if (result.state !== ledger) set({ ledger: result.state });
      // Nothing selected yet and a plan appeared (a ticket, an import, another window): show it.
      const first = get().selectedPlanId === null ? newestActivePlan(result.state) : null;
      if (first) selectPlan(first);
    };

    /** Pages of one kind, newest first, merged as they arrive; stops when a resync starts another generation. */
    const pageIn = async (gen: number, read: (offset: number) => Promise<{ total: number; count: number; merge: (l: LedgerState) => LedgerState } | null>) => {
      let offset = 0;
      while (offset < historyLimit) {
        const page = await read(offset);
        const ledger = get().ledger;
        if (gen !== generation || !page || !ledger) return;
        const next = page.merge(ledger);
        if (next !== ledger) set({ ledger: next });
        offset += page.count;
        if (page.count === 0 || offset >= page.total) return;
      }
    };

    /** The plan's symbol's recent bars, so the chart and the benchmarks cover more than the time since the page opened. */
    const loadBars = async (gen: number, symbol: string) => {
      const r = await client.bars({ symbol });
      if (gen !== generation || !r.ok) return; // no session or no data for it: the pushes still come
      const bars = mergeBars(get().bars, symbol, r.value);
      if (bars !== get().bars) set({ bars });
    };

    const loadHistory = async (gen: number, planId: string) => {
      await pageIn(gen, async (offset) => {
        const r = await client.ordersPage({ plan_id: planId, offset, limit: pageSize });
        return r.ok ? { total: r.value.total, count: r.value.items.length, merge: (l) => mergeHistory(l, { orders: r.value.items }) } : null;
      });
      await pageIn(gen, async (offset) => {
        const r = await client.fillsPage({ plan_id: planId, offset, limit: pageSize });
        return r.ok ? { total: r.value.total, count: r.value.items.length, merge: (l) => mergeHistory(l, { fills: r.value.items }) } : null;
      });
    };

    /** `counted`: false for the loads the store makes on its own (the first, the auto-selected plan's). */
    const resync = (counted = true) => {
      const gen = ++generation;
      unsubscribe?.();
      unsubscribe = undefined;
      pending = [];
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      const first = get().ledger === null;
      set({ sync: first ? 'loading' : 'resyncing', resyncs: get().resyncs + (first || !counted ? 0 : 1) });
      const planId = get().selectedPlanId;
      void client
        .snapshot({ ...(planId ? { planId } : {}), ordersLimit: limits.orders, fillsLimit: limits.fills })
        .then((result) => {
          if (gen !== generation) return;
          if (!result.ok) {
            set({ sync: 'error', syncError: `${result.error.code}: ${result.error.message}` });
            // Disconnected: the reconnect resyncs. Connected: the host refused; try again shortly.
            if (page.connection() === 'open') retryTimer = setTimeout(resync, retryMs);
            return;
          }
          const ledger = applySnapshot(result.value);
          const selected = get().selectedPlanId;
          set({
            ledger,
            sync: 'live',
            syncError: null,
            // A plan selected before any existed: pick the newest active one.
            selectedPlanId: selected ?? newestActivePlan(ledger),
          });
          unsubscribe = client.subscribe(
            ledger.seq,
            (message) => {
              if (gen !== generation) return;
              pending.push(message);
              if (!flushScheduled) {
                flushScheduled = true;
                schedule(flush, prompt());
              }
            },
            () => {
              // An event that did not decode was skipped: the next one would be a gap.
              if (gen === generation) resync();
            },
          );
          const symbol = planId ? ledger.plans.get(planId)?.asset_symbol : undefined;
          if (symbol) void loadBars(gen, symbol);
          if (planId) void loadHistory(gen, planId);
          else if (get().selectedPlanId) resync(false); // the plan picked above needs its own snapshot
        });
    };

    const run = async <T>(busyId: string, what: string, call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> => {
      if (get().busy.has(busyId)) return fail('CONFLICT', `${what} is already in progress`);
      setBusy(busyId, true);
      commandsInFlight += 1;
      try {
        const result = await call();
        if (!result.ok) notify('error', `${what} failed: ${result.error.message} (${result.error.code})`);
        return result;
      } finally {
        commandsInFlight -= 1;
        promptUntil = now() + promptMs;
        setBusy(busyId, false);
      }
    };

    /** Status names the pending report (or none): read it when it is not the one shown. */
    const syncReconciliation = (status: EngineStatus) => {
      const id = status.reconciliationReportId;
      if (id === null) {
        reportLoading = null;
        if (get().reconciliation !== null) set({ reconciliation: null });
        return;
      }
      if (get().reconciliation?.id === id || reportLoading === id) return;
      reportLoading = id;
      void client.reconciliation().then((r) => {
        if (reportLoading !== id) return;
        reportLoading = null;
        if (!r.ok) {
          notify('error', `Reconciliation report: ${r.error.message} (${r.error.code})`);
          return;
        }
        // Only what the latest status still names: an answer overtaken by an acknowledgement or a newer report is dropped.
        const current = get().status?.reconciliationReportId ?? null;
        set({ reconciliation: r.value !== null && r.value.id === current ? r.value : null });
      });
    };

    const acknowledgeReconciliation = async () => {
      const report = get().reconciliation;
      if (!report) return;
      const r = await run('reconciliation', 'Acknowledge reconciliation', () => client.acknowledgeReconciliation({ report_id: report.id }));
      if (!r.ok) return; // a newer report (STALE_REPORT) arrives with the next status push
      if (get().reconciliation?.id === report.id) set({ reconciliation: null });
      notify(
        'info',
        r.value.acceptingOrders
          ? `Reconciliation ${report.id} acknowledged: new orders are accepted`
          : `Reconciliation ${report.id} acknowledged; new orders are still held: ${r.value.refusalReason ?? 'see the session bar'}`,
      );
    };

    const selectPlan = (planId: string | null) => {
      if (planId === get().selectedPlanId) return;
      set({ selectedPlanId: planId, selectedGroupId: null, selectedOrderId: null });
      resync(false);
    };

    const cancelAllInPlan = async (planId?: string) => {
      const id = planId ?? get().selectedPlanId;
      if (!id) {
        notify('info', 'Cancel all in plan: select a plan first');
        return;
      }
      await run(`plan:${id}`, 'Cancel all in plan', () => client.cancelAllInPlan({ plan_id: id }));
    };
    const cancelEverything = async () => {
      const r = await run('desk', 'Cancel everything', () => client.cancelEverything());
      if (r.ok) notify('info', `Cancel everything: cancels sent for ${r.value.plans} active plan(s)`);
    };

    return {
      ledger: null,
      status: null,
      statusAt: null,
      bars: {},
      connection: page.connection(),
      sync: 'loading',
      syncError: null,
      resyncs: 0,
      selectedPlanId: null,
      selectedGroupId: null,
      selectedOrderId: null,
      busy: new Set(),
      notices: [],
      reconciliation: null,

      start() {
        const offs = [
          client.onStatus(
            (status) => {
              set({ status, statusAt: now(), bars: addQuotes(get().bars, status.market) });
              syncReconciliation(status);
            },
            (error) => notify('error', `status: ${error.message}`),
          ),
          page.onConnection((connection) => {
            set({ connection });
            // A snapshot that failed before the very first connection opened gets no reconnect event: retry here.
            if (connection === 'open' && get().sync === 'error') resync();
          }),
          page.onReconnect(() => resync()),
          page.onMenuCommand((command) => void (command === 'cancelAllInPlan' ? cancelAllInPlan() : cancelEverything())),
        ];
        resync(false);
        return () => {
          generation++;
          for (const off of offs) off();
          unsubscribe?.();
          unsubscribe = undefined;
          if (retryTimer !== undefined) clearTimeout(retryTimer);
        };
      },
      resync: () => resync(),
      selectPlan,
      selectGroup: (groupId) => set({ selectedGroupId: groupId, selectedOrderId: null }),
      selectOrder: (orderId) => set({ selectedOrderId: orderId }),
      async cancelGroup(groupId) {
        await run(`group:${groupId}`, 'Cancel group', () => client.cancelGroup({ group_id: groupId }));
      },
      cancelAllInPlan,
      cancelEverything,
      async resumeGroup(groupId) {
        await run(`group:${groupId}`, 'Resume', () => client.resumeGroup({ group_id: groupId }));
      },
      async haltGroup(groupId) {
        await run(`group:${groupId}`, 'Halt', () => client.haltGroup({ group_id: groupId }));
      },
      async rearmPlan(planId) {
        await run(`plan:${planId}`, 'Re-arm plan', () => client.rearmPlan({ plan_id: planId }));
      },
      async acknowledgeAnomaly(anomalyId) {
        await run(anomalyId, 'Acknowledge', () => client.acknowledgeAnomaly({ anomaly_id: anomalyId }));
      },
      acknowledgeReconciliation,
      notify,
      dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
    };
  });
}

function newestActivePlan(ledger: LedgerState): string | null {
  let best: { id: string; at: number } | null = null;
  for (const p of ledger.plans.values()) {
    if (p.status !== 'ACTIVE') continue;
    const at = p.created_at.getTime();
    if (!best || at > best.at) best = { id: p.plan_id, at };
  }
  return best?.id ?? null;
}
