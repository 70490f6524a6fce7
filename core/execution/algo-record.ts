import { z } from 'zod';
import { parseAlgoState, type AlgoState } from './algorithms';
import { parseAlgoSpec, encodeAlgoSpec, type AlgoSpec } from './spec';

/**
 * What the worker stores in the ledger's algo_state row for a group: the
 * spec the translator chose (immutable) and the algorithm's own state. One
 * JSON document, so both are written in the transaction that creates the
 * orders the step asked for.
 */
export interface AlgoRecord {
  readonly spec: AlgoSpec;
  readonly state: AlgoState;
  /** Idempotency keys of the orders placed so far, key -> order id. */
  readonly keys: Readonly<Record<string, string>>;
}

const RawRecordSchema = z.object({ spec: z.unknown(), state: z.unknown(), keys: z.record(z.string(), z.string()) }).strict();

export type AlgoRecordResult = { readonly ok: true; readonly record: AlgoRecord } | { readonly ok: false; readonly message: string };

/** Stored JSON -> record; never throws (a corrupt row halts the group, it does not crash the worker). */
export function decodeAlgoRecord(raw: unknown): AlgoRecordResult {
  const r = RawRecordSchema.safeParse(raw);
  if (!r.success) return { ok: false, message: 'algo state row is not a {spec, state, keys} document' };
  const spec = parseAlgoSpec(r.data.spec);
  if (!spec.ok) return { ok: false, message: spec.error.message };
  const state = parseAlgoState(spec.value.strategy, r.data.state);
  if (!state.ok) return { ok: false, message: state.error.message };
  return { ok: true, record: { spec: spec.value, state: state.state, keys: r.data.keys } };
}

export function encodeAlgoRecord(record: AlgoRecord): z.core.util.JSONType {
  return { spec: encodeAlgoSpec(record.spec), state: record.state, keys: { ...record.keys } } as unknown as z.core.util.JSONType;
}
