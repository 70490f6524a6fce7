import { z } from 'zod';
import { ReconciliationReportSchema } from '../connectors/live/report-schema';
import { ExecutionCommandSchema, ExecutionDirectiveSchema, idSchema, StrategyDirectiveSchema } from '../domain';
import { BatchOutcomeSchema } from '../engine/batch-outcome';
import { DirectiveOutcomeSchema } from '../engine/outcome';
import { EngineStatusSchema, MarketQuoteSchema } from '../engine/status';
import { PaperSessionRequestSchema } from '../engine/paper-request';
import { TimelineEntrySchema } from '../journal/timeline';
import { CancelCountsSchema } from '../ledger/cancel-summary';
import { LedgerEventSchema } from '../ledger/events';
import { AnomalyViewSchema, GroupViewSchema, PlanViewSchema } from '../ledger/views';
import { FillsPageQuerySchema, FillsPageSchema, OrdersPageQuerySchema, OrdersPageSchema } from '../ledger/pages';
import { LedgerSnapshotSchema, SnapshotOptionsSchema } from '../ledger/snapshot';
import { defineContract } from './define';

/*
 * THE contract: every command, query and event the views use. Both
 * transports (Electron IPC, the web mode's WebSocket) are generated from it,
 * so a new command is one entry here plus its handler in the host.
 */

const empty = z.object({}).strict().optional();
const planRef = z.object({ plan_id: idSchema('TPL', 'plan_id') }).strict();
const groupRef = z.object({ group_id: idSchema('EXG', 'group_id') }).strict();

const ImportResultSchema = z
  .object({
    index: z.number().int().nonnegative(),
    ok: z.boolean(),
    planId: z.string().nullable(),
    summary: z.string(),
  })
  .strict();

/** After an acknowledgement: whether new orders flow now (the stream may still be down), and why not. */
const AcknowledgedSchema = z
  .object({
    report_id: z.string(),
    acceptingOrders: z.boolean(),
    refusalReason: z.string().nullable(),
  })
  .strict();

export const contract = defineContract({
  commands: {
    // ---- reads
    snapshot: { input: SnapshotOptionsSchema.optional(), output: LedgerSnapshotSchema },
    ordersPage: { input: OrdersPageQuerySchema, output: OrdersPageSchema },
    fillsPage: { input: FillsPageQuerySchema, output: FillsPageSchema },
    timeline: {
      input: z.union([z.object({ order_id: idSchema('ORD', 'order_id') }).strict(), groupRef]),
      output: z.array(TimelineEntrySchema),
    },
    status: { input: empty, output: EngineStatusSchema },
    // a symbol's recent bars (what the engine keeps), oldest first: the chart and the market-TWAP benchmark after a reload
    bars: {
      input: z.object({ symbol: z.string().min(1).max(64), since: z.number().int().nonnegative().optional() }).strict(),
      output: z.array(MarketQuoteSchema),
    },
    // ---- trading
    submitDirective: { input: ExecutionDirectiveSchema, output: DirectiveOutcomeSchema },
    // one StrategyDirective -> one ExecutionCommandBatch; answers when the batch has ended (seed 003)
    submitBatch: {
      input: z.object({ strategy_directive: StrategyDirectiveSchema, commands: z.array(ExecutionCommandSchema).min(1) }).strict(),
      output: BatchOutcomeSchema,
    },
    importDirectives: {
      input: z.object({ directives: z.array(z.unknown()).min(1).max(1000) }).strict(),
      output: z.array(ImportResultSchema),
    },
    // ---- cancels: they return once the intents are committed and sent; progress arrives as events
    cancelGroup: { input: groupRef, output: CancelCountsSchema },
    cancelAllInPlan: { input: planRef, output: CancelCountsSchema },
    cancelEverything: { input: empty, output: z.object({ plans: z.number().int().nonnegative() }).strict() },
    rearmPlan: { input: planRef, output: PlanViewSchema },
    resumeGroup: { input: groupRef, output: GroupViewSchema },
    haltGroup: { input: groupRef, output: GroupViewSchema },
    acknowledgeAnomaly: { input: z.object({ anomaly_id: idSchema('ANM', 'anomaly_id') }).strict(), output: AnomalyViewSchema },
    // ---- paper sessions
    startPaperSession: { input: PaperSessionRequestSchema, output: EngineStatusSchema },
    pausePaper: { input: empty, output: EngineStatusSchema },
    resumePaper: { input: empty, output: EngineStatusSchema },
    setSpeed: { input: z.object({ speed: z.number().min(1).max(100) }).strict(), output: EngineStatusSchema },
    stopSession: { input: empty, output: EngineStatusSchema },
    // ---- live: the differences the last reconciliation found hold new orders until acknowledged
    reconciliation: { input: empty, output: ReconciliationReportSchema.nullable() },
    acknowledgeReconciliation: {
      input: z.object({ report_id: z.string().min(1).max(100) }).strict(),
      output: AcknowledgedSchema,
    },
  },
  event: LedgerEventSchema,
  // Not in the ledger (no seq): pushed on every market bar and session change.
  status: EngineStatusSchema,
});

export type Contract = typeof contract;
