import type fc from 'fast-check';
import type { z } from 'zod';
import {
  CausalityChainSchema,
  EntryPlanSchema,
  ExecutionCommandBatchSchema,
  ExecutionCommandSchema,
  ExecutionDirectiveSchema,
  ExecutionGroupSchema,
  ExecutionPlanSchema,
  ExecutionPolicySchema,
  ExitPlanSchema,
  FillSchema,
  OrderSchema,
  SizePlanSchema,
  StrategyDirectiveSchema,
  TradePlanSchema,
} from '../../../../core/domain';
import * as arb from './arbitraries';

// Composite DTOs cost more to generate: fewer runs keep each file at a few seconds.
const FEW = 100;

/** Every wire DTO with its schema, a valid-wire arbitrary and how many runs a property gets. */
export const DTO_CASES: [string, z.ZodType, fc.Arbitrary<Record<string, unknown>>, number][] = [
  ['TradePlan', TradePlanSchema, arb.tradePlanWire, 120],
  ['ExecutionGroup', ExecutionGroupSchema, arb.groupWire, 120],
  ['Order', OrderSchema, arb.orderWire, 120],
  ['Fill', FillSchema, arb.fillWire, 120],
  ['ExecutionPlan', ExecutionPlanSchema, arb.executionPlanWire, 120],
  ['EntryPlan', EntryPlanSchema, arb.entryPlanWire, 120],
  ['SizePlan', SizePlanSchema, arb.sizePlanWire, 120],
  ['ExitPlan', ExitPlanSchema, arb.exitPlanWire, 120],
  ['CausalityChain', CausalityChainSchema, arb.causalityWire, 120],
  ['ExecutionDirective', ExecutionDirectiveSchema, arb.executionDirectiveWire, FEW],
  ['ExecutionCommand', ExecutionCommandSchema, arb.executionCommandWire, FEW],
  ['ExecutionPolicy', ExecutionPolicySchema, arb.executionPolicyWire, 120],
  ['StrategyDirective', StrategyDirectiveSchema, arb.strategyDirectiveWire, FEW],
  ['ExecutionCommandBatch', ExecutionCommandBatchSchema, arb.batchWire, FEW / 2],
];
