import { z } from 'zod';
import { BatchExecutionMode } from './enums';
import { ValidationError } from './errors';
import { ExecutionCommandSchema, type ExecutionCommand } from './execution-directive';
import { generateId, idSchema } from './ids';
import { decodeWire, issuesOf } from './parse';
import { timeoutSeconds, type StrategyDirective } from './strategy-directive';
import { utcTimestamp } from './time';

/** ExecutionCommandBatch (seed 003, 3.2): mode + timeout from the policy; no metadata, no rollback flag. */
export const ExecutionCommandBatchSchema = z
  .object({
    batch_id: idSchema('BAT', 'batch_id'),
    commands: z
      .array(ExecutionCommandSchema)
      .min(1, { message: 'commands list cannot be empty (minimum 1 command required)' })
      .refine((cs) => new Set(cs.map((c) => c.command_id)).size === cs.length, {
        message: 'All command_ids must be unique within batch (duplicates found)',
      })
      // A frozen batch whose list could still grow would not be frozen.
      .readonly(),
    created_at: utcTimestamp,
    mode: BatchExecutionMode,
    timeout_seconds: timeoutSeconds,
  })
  .strict()
  .readonly();

export type ExecutionCommandBatch = z.output<typeof ExecutionCommandBatchSchema>;

/**
 * Seed 003, 2.4: the dumb pipe. One StrategyDirective -> exactly one batch;
 * mode and timeout copied from the policy, INDEPENDENT when there is none.
 */
export function createBatch(
  directive: StrategyDirective,
  commands: readonly ExecutionCommand[],
  nowMs: number,
): ExecutionCommandBatch {
  const policy = directive.execution_policy;
  // safeEncode + decodeWire, not encode + parse: a refusal (no commands,
  // duplicate command ids) is a typed ValidationError, never a ZodError.
  const wire = z.safeEncode(ExecutionCommandBatchSchema, {
    batch_id: generateId('BAT', nowMs),
    commands: [...commands],
    created_at: new Date(nowMs),
    mode: policy?.mode ?? 'INDEPENDENT',
    timeout_seconds: policy?.timeout_seconds ?? null,
  });
  if (!wire.success) throw new ValidationError('ExecutionCommandBatch', issuesOf(wire.error));
  return decodeWire(ExecutionCommandBatchSchema, wire.data, 'ExecutionCommandBatch');
}
