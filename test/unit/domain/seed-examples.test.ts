import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CausalityChainSchema,
  EntryPlanSchema,
  ExecutionCommandBatchSchema,
  ExecutionCommandSchema,
  ExecutionDirectiveSchema,
  ExecutionGroupSchema,
  ExecutionPlanSchema,
  ExitPlanSchema,
  FillSchema,
  OrderSchema,
  SizePlanSchema,
  StrategyDirectiveSchema,
  toWire,
  decodeWire,
  type ValidationIssue,
} from '../../../core/domain';
import { domainDiff, issuesFor, loadSeedExamples } from './support/helpers';

/**
 * Every JSON example of the seeds (test/fixtures/seeds/seed-*.json) and of
 * the seeds' platform (platform-*.json: its json_schema_extra examples, and
 * the shape its newest models serialise) either parses, or is listed below
 * with the reason it cannot and the issues that say so.
 */
const SCHEMAS: Record<string, z.ZodType> = {
  ExecutionGroup: ExecutionGroupSchema,
  ExecutionPlan: ExecutionPlanSchema,
  ExecutionCommand: ExecutionCommandSchema,
  ExecutionCommandBatch: ExecutionCommandBatchSchema,
  ExecutionDirective: ExecutionDirectiveSchema,
  StrategyDirective: StrategyDirectiveSchema,
  EntryPlan: EntryPlanSchema,
  SizePlan: SizePlanSchema,
  ExitPlan: ExitPlanSchema,
  CausalityChain: CausalityChainSchema,
  Order: OrderSchema,
  Fill: FillSchema,
};

interface Refusal {
  readonly why: string;
  /** Issues the refusal must include (it may report more of the same kind). */
  readonly issues: readonly ValidationIssue[];
}

const SHORT_ORD = 'order_ids must contain ORD_ ids';
const missingPlanId = { path: 'parent_plan_id', message: 'Invalid input: expected string, received undefined' };
const ord = (i: number) => ({ path: `order_ids.${i}`, message: SHORT_ORD });
const noPlan = (i: number) => ({
  path: `commands.${i}`,
  message: 'ExecutionCommand must contain at least one plan (entry_plan, size_plan, exit_plan, or execution_plan)',
});
const batchLegacy = [
  { path: 'mode', message: 'Invalid option: expected one of "INDEPENDENT"|"COORDINATED"|"SEQUENTIAL"' },
  { path: '', message: 'Unrecognized keys: "execution_mode", "rollback_on_failure", "metadata"' },
];
const legacy001 = { path: '', message: 'Unrecognized keys: "parent_directive_id", "metadata"' };

const NOT_PARSING: Record<string, Refusal> = {
  // Seed 000 v1.1 (the newest group document): only its order ids are at fault.
  'seed-000-execution-group.json: TWAP Group - Active': {
    why: 'order ids ORD_20251201_143025_001.. have a 3-char suffix; ids need [0-9a-z]{5,8} (issue id rule; seed 000 itself only says "ORD_ prefix")',
    issues: [ord(0), ord(1), ord(2)],
  },
  'seed-000-execution-group.json: Single Order Group - Completed': {
    why: 'order id ORD_20251201_150018_001 has a 3-char suffix',
    issues: [ord(0)],
  },
  // Seed 001 (2025-10-28), superseded by 000 v1.1.
  'seed-001-execution-group.json: Example 1: TWAP Order Group (Active)': {
    why: 'parent_directive_id (EXE_) instead of parent_plan_id (TPL_); metadata removed; connector ids (binance_123) in order_ids',
    issues: [missingPlanId, legacy001, ord(0)],
  },
  'seed-001-execution-group.json: Example 2: Iceberg Order Group (Active)': {
    why: 'parent_directive_id; metadata (visible_ratio now belongs to ExecutionPlan); connector id in order_ids',
    issues: [missingPlanId, legacy001, ord(0)],
  },
  'seed-001-execution-group.json: Example 3: Emergency Cancelled Group': {
    why: 'parent_directive_id; metadata (cancel reasons belong in the journal); connector ids in order_ids',
    issues: [missingPlanId, legacy001, ord(0), ord(1)],
  },
  'seed-001-execution-group.json: Example 4: Completed DCA Group': {
    why: 'DCA is no execution strategy (seed 000 v1.1); parent_directive_id; metadata; connector ids in order_ids',
    issues: [
      missingPlanId,
      legacy001,
      { path: 'execution_strategy', message: 'Invalid option: expected one of "SINGLE"|"TWAP"|"VWAP"|"ICEBERG"|"LAYERED"|"POV"' },
    ],
  },
  'seed-001-execution-group.json: Example 5: Single Order (No Grouping)': {
    why: 'parent_directive_id; metadata key (null); connector id in order_ids',
    issues: [missingPlanId, legacy001, ord(0)],
  },
  // The platform's ExecutionCommandBatch still has the shape seed 003 retires.
  'platform-execution-command-batch.json: #1 batch_id BAT_20251028_143022_a8f3c': {
    why: 'execution_mode ATOMIC, rollback_on_failure and metadata removed by seed 003 (mode: BatchExecutionMode); its commands carry no plan, which the platform\'s own ExecutionCommand refuses too',
    issues: [...batchLegacy, noPlan(0), noPlan(1), noPlan(2)],
  },
  'platform-execution-command-batch.json: #2 batch_id BAT_20251028_150000_e3f4g': {
    why: 'execution_mode PARALLEL, rollback_on_failure, metadata (seed 003); command without a plan',
    issues: [...batchLegacy, noPlan(0)],
  },
  'platform-execution-command-batch.json: #3 batch_id BAT_20251028_160000_h9i0j': {
    why: 'execution_mode (renamed mode by seed 003), rollback_on_failure, metadata; commands without a plan',
    issues: [...batchLegacy, noPlan(0), noPlan(1)],
  },
  // The platform's group: parent_command_id where seed 000 v1.1 has parent_plan_id.
  'platform-execution-group.json: #1 group_id EXG_20251028_143022_a8f3c': {
    why: 'parent_command_id (EXC_) instead of parent_plan_id (TPL_, seed 000 v1.1); order ids "order_20251028_143025_1" are not ORD_ ids',
    issues: [missingPlanId, { path: '', message: 'Unrecognized key: "parent_command_id"' }, ord(0)],
  },
  'platform-execution-group.json: #2 group_id EXG_20251028_150015_b9d2e': {
    why: 'parent_command_id instead of parent_plan_id; order ids not ORD_ ids',
    issues: [missingPlanId, { path: '', message: 'Unrecognized key: "parent_command_id"' }, ord(0)],
  },
  'platform-execution-group.json: #3 group_id EXG_20251028_160000_d4e5f': {
    why: 'parent_command_id instead of parent_plan_id; order id not an ORD_ id',
    issues: [missingPlanId, { path: '', message: 'Unrecognized key: "parent_command_id"' }, ord(0)],
  },
  // Fill: seed 004 and the issue name FILL_ / price / quantity / fee; the platform FIL_ / fill_price / filled_quantity / commission.
  'platform-fill.json: #1 Market order fill with commission': {
    why: 'FIL_ prefix (FILL_ per seed 004 and the issue); fields filled_quantity / fill_price / commission(_asset) / connector_fill_id where seed 004 has quantity / price / fee and Ledgerdesk de-duplicates by trade_id',
    issues: [
      { path: 'fill_id', message: 'fill_id must match pattern FILL_YYYYMMDD_HHMMSS_xxxxx' },
      { path: 'trade_id', message: 'Invalid input: expected string, received undefined' },
      { path: 'price', message: 'Invalid input: expected a decimal string, received undefined' },
    ],
  },
  'platform-fill.json: #2 Partial fill (first of many)': {
    why: 'same as #1: FIL_ prefix and the platform\'s field names',
    issues: [{ path: 'fill_id', message: 'fill_id must match pattern FILL_YYYYMMDD_HHMMSS_xxxxx' }],
  },
  // Order: the ledger's order carries its fill progress; the seeds name only OPEN/FILLED/CANCELED/REJECTED.
  'platform-order.json: #1 New limit buy order': {
    why: 'status PENDING is not a seed status (Ledgerdesk names it PENDING_SUBMIT); no filled_quantity',
    issues: [
      {
        path: 'status',
        message:
          'Invalid option: expected one of "PENDING_SUBMIT"|"OPEN"|"PARTIALLY_FILLED"|"FILLED"|"PENDING_CANCEL"|"CANCELED"|"REJECTED"|"EXPIRED"|"UNKNOWN"',
      },
      { path: 'filled_quantity', message: 'Invalid input: expected a decimal string, received undefined' },
    ],
  },
  'platform-order.json: #2 Filled market sell order': {
    why: 'a FILLED order without filled_quantity / average_fill_price: the ledger needs the fill progress it reports',
    issues: [{ path: 'filled_quantity', message: 'Invalid input: expected a decimal string, received undefined' }],
  },
  // Sub-directive keys the platform's own models do not define (pydantic drops them silently).
  'platform-strategy-directive.json: #1 New trade directive (full planning pipeline)': {
    why: 'entry_directive.order_preference and routing_directive.max_slippage_pct are no fields of the platform\'s models (it drops them; its size_directive also lacks the max_risk_amount it requires); unknown keys are refused here',
    issues: [
      { path: 'entry_directive', message: 'Unrecognized key: "order_preference"' },
      { path: 'routing_directive', message: 'Unrecognized key: "max_slippage_pct"' },
    ],
  },
  'platform-strategy-directive.json: #2 Modify existing trade directive (risk response)': {
    why: 'exit_directive.stop_loss_price is no ExitDirective field: the platform silently drops the stop-loss price; refused here rather than lost',
    issues: [{ path: 'exit_directive', message: 'Unrecognized key: "stop_loss_price"' }],
  },
};

const examples = loadSeedExamples();
const key = (e: { file: string; name: string }) => `${e.file}: ${e.name}`;
const parsing = examples.filter((e) => !(key(e) in NOT_PARSING));
const refused = examples.filter((e) => key(e) in NOT_PARSING);

describe('seed and platform examples', () => {
  it('the fixtures hold every example named in the refusal list, and each fixture entity has a schema', () => {
    const names = new Set(examples.map(key));
    expect(Object.keys(NOT_PARSING).filter((k) => !names.has(k))).toEqual([]);
    expect(examples.filter((e) => !SCHEMAS[e.entity]).map(key)).toEqual([]);
    // The newest seeds' examples (000 v1.1 groups, 002 plans) are all accounted for.
    expect(examples.filter((e) => e.file.startsWith('seed-000')).length).toBe(2);
    expect(examples.filter((e) => e.file.startsWith('seed-002')).length).toBe(3);
  });

  it.each(parsing.map((e) => [key(e), e] as const))('parses: %s', (_k, e) => {
    const schema = SCHEMAS[e.entity] as z.ZodType;
    expect(issuesFor(schema, e.json)).toEqual([]);
    // ...and survives our own round trip unchanged in value.
    const decoded: unknown = decodeWire(schema, e.json, e.entity);
    expect(domainDiff(decodeWire(schema, toWire(schema, decoded), e.entity), decoded)).toBeUndefined();
  });

  it.each(refused.map((e) => [key(e), e] as const))('refused: %s', (k, e) => {
    const refusal = NOT_PARSING[k] as Refusal;
    expect(refusal.why.length).toBeGreaterThan(0);
    expect(issuesFor(SCHEMAS[e.entity] as z.ZodType, e.json)).toEqual(expect.arrayContaining([...refusal.issues]));
  });

  it('seed 000 v1.1 groups parse once their order ids carry a 5-char suffix (the only fault)', () => {
    for (const e of examples.filter((x) => x.file.startsWith('seed-000'))) {
      const text = JSON.stringify(e.json).replace(/(ORD_\d{8}_\d{6}_)(\d{3})"/g, (_m, head: string, n: string) => `${head}00${n}"`);
      const fixed = JSON.parse(text) as unknown;
      expect(issuesFor(ExecutionGroupSchema, fixed)).toEqual([]);
    }
  });

  it('decimals from the platform come out as Decimal values equal to the text', () => {
    const cmd = examples.find((e) => e.name.includes('tiny size in exponent form'));
    const decoded = decodeWire(ExecutionCommandSchema, cmd?.json, 'ExecutionCommand');
    expect(decoded.size_plan?.position_size.toFixed()).toBe('0.0000005');
    expect(toWire(ExecutionCommandSchema, decoded).size_plan?.position_size).toBe('0.0000005');
  });
});
