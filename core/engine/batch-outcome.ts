import { z } from 'zod';
import { BatchExecutionMode, decimalField, idSchema } from '../domain';

/*
 * What submitting one StrategyDirective's batch did. Part of the API
 * contract, so this file imports only zod and the domain.
 */

/** One command's end: SUCCEEDED / FAILED on its own; SKIPPED, CANCELLED, TIMED_OUT by the batch. */
export const BatchCommandStatus = z.enum(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED', 'TIMED_OUT']);
export type BatchCommandStatus = z.infer<typeof BatchCommandStatus>;

/** COMPLETED: every command succeeded; FAILED: none did; PARTIAL: some did; TIMED_OUT: the timeout cut it short. */
export const BatchStatus = z.enum(['COMPLETED', 'FAILED', 'TIMED_OUT', 'PARTIAL']);
export type BatchStatus = z.infer<typeof BatchStatus>;

export const BatchCommandOutcomeSchema = z
  .object({
    command_id: idSchema('EXC', 'command_id'),
    status: BatchCommandStatus,
    planId: z.string().nullable(),
    groupIds: z.array(z.string()),
    message: z.string(),
  })
  .strict();

export type BatchCommandOutcome = z.output<typeof BatchCommandOutcomeSchema>;

/** A COORDINATED batch flattening one command's plan after a failure or timeout. */
export const BatchUnwindSchema = z
  .object({
    /** The batch command whose plan was flattened. */
    command_id: idSchema('EXC', 'command_id'),
    plan_id: idSchema('TPL', 'plan_id'),
    /** The CLOSE_EXISTING command the batch ran (null when it could not be built or run). */
    unwind_command_id: idSchema('EXC', 'unwind_command_id').nullable(),
    group_ids: z.array(z.string()),
    /** The position the close was sized from. */
    quantity: decimalField({ precision: false }),
    /** FLAT: the plan's position is zero afterwards. */
    status: z.enum(['FLAT', 'NOT_FLAT']),
    message: z.string(),
  })
  .strict();

export type BatchUnwind = z.output<typeof BatchUnwindSchema>;

export const BatchOutcomeSchema = z
  .object({
    batch_id: idSchema('BAT', 'batch_id'),
    directive_id: idSchema('STR', 'directive_id'),
    mode: BatchExecutionMode,
    timeout_seconds: z.number().int().positive().nullable(),
    status: BatchStatus,
    commands: z.array(BatchCommandOutcomeSchema),
    unwinds: z.array(BatchUnwindSchema),
  })
  .strict();

export type BatchOutcome = z.output<typeof BatchOutcomeSchema>;
