import { describe, expect, it } from 'vitest';
import {
  CausalityChainSchema,
  ExecutionCommandBatchSchema,
  ExecutionCommandSchema,
  ExecutionDirectiveSchema,
  ExecutionPlanSchema,
  ExecutionPolicySchema,
  StrategyDirectiveSchema,
  createBatch,
  decodeWire,
  idPattern,
} from '../../../core/domain';
import * as valid from './support/valid';

/** Assigns through a cast, as careless or hostile code would; ESM test files run in strict mode. */
function assign(target: unknown, key: string, value: unknown): void {
  (target as Record<string, unknown>)[key] = value;
}

const plan = decodeWire(ExecutionPlanSchema, valid.executionPlan(), 'ExecutionPlan');
const directive = decodeWire(
  ExecutionDirectiveSchema,
  { ...valid.executionDirective(), target_order_ids: ['ORD_20251201_143025_a0001'], causality: { ...valid.causality(), signal_ids: ['SIG_1'] } },
  'ExecutionDirective',
);
const strategy = decodeWire(
  StrategyDirectiveSchema,
  { ...valid.strategyDirective(), entry_directive: { symbol: 'BTC_USDT', direction: 'BUY', preferred_price_zone: ['94000', '95000'] } },
  'StrategyDirective',
);
const batch = decodeWire(ExecutionCommandBatchSchema, valid.batch(), 'ExecutionCommandBatch');

describe('frozen DTOs', () => {
  it.each([
    ['ExecutionPlan', plan],
    ['ExecutionDirective', directive],
    ['its nested plans', directive.entry_plan],
    ['its size plan', directive.size_plan],
    ['its exit plan', directive.exit_plan],
    ['its execution plan', directive.execution_plan],
    ['its causality', directive.causality],
    ['its target_order_ids', directive.target_order_ids],
    ['causality id lists', directive.causality.signal_ids],
    ['StrategyDirective', strategy],
    ['its target_plan_ids', strategy.target_plan_ids],
    ['its execution_policy', strategy.execution_policy],
    ['its entry_directive', strategy.entry_directive],
    ['its preferred_price_zone', strategy.entry_directive?.preferred_price_zone],
    ['ExecutionCommandBatch', batch],
    ['its commands list', batch.commands],
    ['each command', batch.commands[0]],
    ['a standalone ExecutionCommand', decodeWire(ExecutionCommandSchema, valid.executionCommand(), 'ExecutionCommand')],
    ['a standalone ExecutionPolicy', decodeWire(ExecutionPolicySchema, {}, 'ExecutionPolicy')],
    ['a standalone CausalityChain', decodeWire(CausalityChainSchema, valid.causality(), 'CausalityChain')],
  ])('%s is frozen', (_name, value) => {
    expect(value).toBeDefined();
    expect(Object.isFrozen(value)).toBe(true);
  });

  it('assignment throws in strict mode and changes nothing', () => {
    expect(() => assign(plan, 'action', 'CANCEL_GROUP')).toThrow(TypeError);
    expect(plan.action).toBe('EXECUTE_TRADE');
    expect(() => assign(directive, 'execution_plan', null)).toThrow(TypeError);
    expect(() => assign(directive.exit_plan, 'stop_loss_price', null)).toThrow(TypeError);
    expect(() => assign(strategy, 'scope', 'CLOSE_EXISTING')).toThrow(TypeError);
    expect(() => assign(batch, 'mode', 'INDEPENDENT')).toThrow(TypeError);
    expect(batch.mode).toBe('COORDINATED');
  });

  it('lists cannot grow: no unvalidated command slips into a validated batch', () => {
    const extra = batch.commands[0];
    expect(() => (batch.commands as unknown as unknown[]).push(extra)).toThrow(TypeError);
    expect(() => (strategy.target_plan_ids as unknown as string[]).push('TPL_20251201_143000_zzzzz')).toThrow(TypeError);
    expect(batch.commands).toHaveLength(2);
  });
});

describe('createBatch (seed 003: one StrategyDirective -> one batch, policy copied)', () => {
  const commands = batch.commands;
  const NOW = Date.UTC(2025, 11, 1, 14, 35, 0);

  it('copies mode and timeout from the directive\'s policy', () => {
    const b = createBatch(strategy, commands, NOW);
    expect([b.mode, b.timeout_seconds]).toEqual(['INDEPENDENT', 30]);
    expect(b.commands.map((c) => c.command_id)).toEqual(commands.map((c) => c.command_id));
    expect(idPattern('BAT').test(b.batch_id)).toBe(true);
    expect(b.created_at.getTime()).toBe(NOW);
    expect(Object.isFrozen(b) && Object.isFrozen(b.commands)).toBe(true);
  });

  it('defaults to INDEPENDENT with no timeout when the directive has no policy', () => {
    const bare = decodeWire(StrategyDirectiveSchema, { ...valid.strategyDirective(), execution_policy: null }, 'StrategyDirective');
    const b = createBatch(bare, commands, NOW);
    expect([b.mode, b.timeout_seconds]).toEqual(['INDEPENDENT', null]);
  });

  it('keeps COORDINATED / SEQUENTIAL as the policy says', () => {
    for (const mode of ['COORDINATED', 'SEQUENTIAL'] as const) {
      const d = decodeWire(StrategyDirectiveSchema, { ...valid.strategyDirective(), execution_policy: { mode } }, 'StrategyDirective');
      expect(createBatch(d, commands, NOW).mode).toBe(mode);
    }
  });

  it('refuses an empty command list like the schema does', () => {
    expect(() => createBatch(strategy, [], NOW)).toThrow(/commands list cannot be empty/);
  });
});
