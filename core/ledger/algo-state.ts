import { z } from 'zod';
import { idSchema } from '../domain';
import type { LedgerContext } from './context';
import { conflict, parseInput, transition } from './errors';
import { requireGroup } from './groups';
import { note } from './journal-note';
import { AlgoStateMachine } from './machines';
import { algoStateWire, type AlgoStateRow } from './rows';
import { AlgoStatus } from './views';

/**
 * An algorithm's schedule and progress (TWAP slices, ICEBERG refills, ...)
 * as a row per group, so a worker holds nothing in memory and a restart
 * resumes or halts it. The state is the caller's JSON (validated by the
 * algorithm's own schema); `version` gives optimistic concurrency.
 */
const groupId = idSchema('EXG', 'group_id');
const version = z.number().int().nonnegative();

export const PutAlgoStateInputSchema = z
  .object({ group_id: groupId, state: z.json(), expected_version: version.optional() })
  .strict();

export const SetAlgoStatusInputSchema = z
  .object({ group_id: groupId, status: AlgoStatus, expected_version: version.optional(), reason: z.string().optional() })
  .strict();

const SELECT = 'SELECT * FROM algo_states WHERE group_id = ?';
const INSERT = `INSERT INTO algo_states (group_id, plan_id, algo_status, version, state, created_at, updated_at)
  VALUES (?, ?, 'RUNNING', 1, ?, ?, ?)`;
const UPDATE = 'UPDATE algo_states SET algo_status = ?, version = ?, state = ?, updated_at = ? WHERE group_id = ?';

export function loadAlgoState(ctx: LedgerContext, group: string): AlgoStateRow | undefined {
  return ctx.sql.get(SELECT).get(group) as AlgoStateRow | undefined;
}

function checkVersion(row: AlgoStateRow | undefined, expected: number | undefined, group: string): void {
  if (expected === undefined) return;
  const actual = row?.version ?? 0;
  if (actual !== expected) {
    throw conflict(`algorithm state of ${group} is at version ${actual}, not ${expected}`);
  }
}

function save(ctx: LedgerContext, row: AlgoStateRow, at: string): AlgoStateRow {
  ctx.sql.get(UPDATE).run(row.algo_status, row.version, row.state, row.updated_at, row.group_id);
  ctx.outbox.emit('algo_state', row.group_id, algoStateWire(row), at);
  return row;
}

/** Create (version 1, RUNNING) or replace the state; `expected_version` 0 means "must not exist yet". */
export function putAlgoState(ctx: LedgerContext, input: unknown): AlgoStateRow {
  const p = parseInput(PutAlgoStateInputSchema, input, 'putAlgoState');
  const group = requireGroup(ctx, p.group_id);
  const current = loadAlgoState(ctx, p.group_id);
  checkVersion(current, p.expected_version, p.group_id);
  const at = ctx.nowIso();
  const state = JSON.stringify(p.state);
  if (current === undefined) {
    ctx.sql.get(INSERT).run(group.group_id, group.parent_plan_id, state, at, at);
    const row: AlgoStateRow = {
      group_id: group.group_id,
      plan_id: group.parent_plan_id,
      algo_status: 'RUNNING',
      version: 1,
      state,
      created_at: at,
      updated_at: at,
    };
    ctx.outbox.emit('algo_state', row.group_id, algoStateWire(row), at);
    return row;
  }
  if (current.algo_status === 'DONE') throw conflict(`algorithm of ${p.group_id} is DONE`);
  return save(ctx, { ...current, state, version: current.version + 1, updated_at: at }, at);
}

export function setAlgoStatus(ctx: LedgerContext, input: unknown): AlgoStateRow {
  const p = parseInput(SetAlgoStatusInputSchema, input, 'setAlgoStatus');
  const current = loadAlgoState(ctx, p.group_id);
  if (current === undefined) throw conflict(`group ${p.group_id} has no algorithm state`);
  checkVersion(current, p.expected_version, p.group_id);
  if (current.algo_status === p.status) return current;
  transition(AlgoStateMachine, current.algo_status, p.status, { planId: current.plan_id, groupId: current.group_id });
  const at = ctx.nowIso();
  const next = save(ctx, { ...current, algo_status: p.status, version: current.version + 1, updated_at: at }, at);
  note(
    ctx,
    'ALGO_STATUS',
    { planId: current.plan_id, groupId: current.group_id },
    `Algorithm ${current.algo_status} -> ${p.status}${p.reason ? `: ${p.reason}` : ''}`,
    at,
    { data: { from: current.algo_status, to: p.status } },
  );
  return next;
}
