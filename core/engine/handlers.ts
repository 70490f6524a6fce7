import { ApiError, type ApiErrorCode } from '../api/errors';
import type { Contract } from '../api/contract';
import type { Handlers } from '../api/define';
import { CancelCountsSchema } from '../ledger/cancel-summary';
import { LedgerSnapshotSchema } from '../ledger/snapshot';
import { FillsPageSchema, OrdersPageSchema } from '../ledger/pages';
import { TimelineEntrySchema } from '../journal/timeline';
import { LedgerError } from '../ledger/errors';
import { ExecutionError } from '../execution/errors';
import { DomainError } from '../domain';
import type { Engine } from './engine';
import { EngineError } from './errors';

const LEDGER_CODES: Readonly<Record<string, ApiErrorCode>> = {
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION: 'BAD_REQUEST',
  ILLEGAL_TRANSITION: 'CONFLICT',
  CONFLICT: 'CONFLICT',
  HALTED: 'REFUSED',
  SCHEMA_TOO_NEW: 'INTERNAL',
  STORAGE: 'INTERNAL',
};

const EXECUTION_CODES: Readonly<Record<string, ApiErrorCode>> = {
  TRANSLATION_FAILED: 'REFUSED',
  NOT_FOUND: 'NOT_FOUND',
  NOT_RUNNING: 'CONFLICT',
  PLAN_HALTED: 'REFUSED',
  INVALID_COMMAND: 'BAD_REQUEST',
  NO_POSITION: 'CONFLICT',
  NO_MARKET_DATA: 'REFUSED',
};

/** Every layer's typed refusal, as the API's code: a clear error, never INTERNAL for bad input. */
export function toApiError(e: unknown): unknown {
  if (e instanceof EngineError) return new ApiError(e.code, e.message);
  if (e instanceof LedgerError) return new ApiError(LEDGER_CODES[e.code] ?? 'INTERNAL', e.message);
  if (e instanceof ExecutionError) return new ApiError(EXECUTION_CODES[e.code] ?? 'INTERNAL', e.message);
  if (e instanceof DomainError) return e; // the API maps domain codes itself
  return e;
}

async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toApiError(e);
  }
}

/** The contract bound to one engine: one handler per command. */
export function createHandlers(engine: Engine): Handlers<Contract> {
  const { ledger } = engine;
  const summary = (ref: { planId: string } | { groupId: string }) => CancelCountsSchema.parse(ledger.cancelCounts(ref));
  const background = (p: Promise<unknown>) => void p.catch(() => undefined); // outcomes are in the ledger and its events
  return {
    snapshot: (input) => guard(() => LedgerSnapshotSchema.parse(engine.snapshot(input ?? {}))),
    ordersPage: (input) => guard(() => OrdersPageSchema.parse(ledger.ordersPage(input))),
    fillsPage: (input) => guard(() => FillsPageSchema.parse(ledger.fillsPage(input))),
    timeline: (input) =>
      guard(() =>
        ('order_id' in input ? ledger.journal.timelineForOrder(input.order_id) : ledger.journal.timelineForGroup(input.group_id)).map((e) =>
          TimelineEntrySchema.parse(e),
        ),
      ),
    status: () => guard(() => engine.status()),
    bars: (input) => guard(() => engine.bars(input.symbol, input.since)),
    submitDirective: (d) => guard(async () => {
      const out = await engine.run(d);
      return { ...out, groupIds: [...out.groupIds] };
    }),
    submitBatch: (input) => guard(() => engine.submitBatch(input.strategy_directive, input.commands)),
    importDirectives: (input) =>
      guard(async () => {
        const results = [];
        for (const [index, raw] of input.directives.entries()) {
          try {
            const out = await engine.submitDirective(raw);
            results.push({ index, ok: true, planId: out.planId, summary: out.summary });
          } catch (e) {
            results.push({ index, ok: false, planId: null, summary: e instanceof Error ? e.message : String(e) });
          }
        }
        return results;
      }),
    cancelGroup: (input) =>
      guard(() => {
        engine.cancelWorker({ groupId: input.group_id }); // a refusal is the answer
        background(engine.cancelGroup(input.group_id));
        return summary({ groupId: input.group_id });
      }),
    cancelAllInPlan: (input) =>
      guard(() => {
        engine.cancelWorker({ planId: input.plan_id }); // a refusal is the answer
        background(engine.cancelAllInPlan(input.plan_id));
        return summary({ planId: input.plan_id });
      }),
    cancelEverything: () =>
      guard(() => {
        engine.cancelWorker(undefined); // a refusal is the answer
        const plans = ledger.activePlans().length;
        background(engine.cancelEverything());
        return { plans };
      }),
    rearmPlan: (input) =>
      guard(() => {
        engine.rearmPlan(input.plan_id);
        return required(ledger.getPlan(input.plan_id), input.plan_id);
      }),
    resumeGroup: (input) =>
      guard(() => {
        engine.resumeGroup(input.group_id);
        return required(ledger.getGroup(input.group_id), input.group_id);
      }),
    haltGroup: (input) =>
      guard(async () => {
        await engine.haltGroup(input.group_id);
        return required(ledger.getGroup(input.group_id), input.group_id);
      }),
    acknowledgeAnomaly: (input) =>
      guard(() => {
        engine.acknowledgeAnomaly(input.anomaly_id);
        return required(
          ledger.anomalies({}).find((a) => a.anomaly_id === input.anomaly_id),
          input.anomaly_id,
        );
      }),
    startPaperSession: (input) => guard(() => engine.startPaper(input)),
    pausePaper: () => guard(() => engine.pausePaper()),
    resumePaper: () => guard(() => engine.resumePaper()),
    setSpeed: (input) => guard(() => engine.setSpeed(input.speed)),
    stopSession: () => guard(() => engine.stopSession()),
    reconciliation: () => guard(() => engine.pendingReconciliation() ?? null),
    acknowledgeReconciliation: (input) =>
      guard(() => {
        const answer = engine.acknowledgeReconciliation(input.report_id);
        // Both refusals mean "read the report that is pending now": the connector's code leads the message.
        if (!answer.ok) throw new ApiError('CONFLICT', `${answer.error.code}: ${answer.error.message}`);
        const { acceptingOrders, refusalReason } = engine.status();
        return { report_id: input.report_id, acceptingOrders, refusalReason };
      }),
  };
}

function required<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new ApiError('NOT_FOUND', `${id} not found`);
  return value;
}
