import type { ExecutionStrategyType } from '../../domain/enums';
import { iceberg, type IcebergState } from './iceberg';
import { layered, type LayeredState } from './layered';
import { pov, type PovState } from './pov';
import type { ScheduleState } from './schedule';
import { single, type SingleState } from './single';
import { twap } from './twap';
import { vwap } from './vwap';
import type { Algorithm } from './types';

export type { AlgoView, AlgoStep, AlgoFinish, Algorithm, FillEvent, FinishStatus, LiveOrderView, OrderDoneEvent, PlannedOrder } from './types';
export type { SingleState, ScheduleState, IcebergState, LayeredState, PovState };
export { single, twap, vwap, iceberg, layered, pov };

/** Any algorithm's state: plain JSON (decimal strings, epoch ms). */
export type AlgoState = SingleState | ScheduleState | IcebergState | LayeredState | PovState;

export type AlgoStateErrorCode = 'INVALID_ALGO_STATE';

/** A stored state that does not fit its algorithm's schema (corrupt row, wrong strategy). */
export class AlgoStateError extends Error {
  readonly code: AlgoStateErrorCode = 'INVALID_ALGO_STATE';
  constructor(message: string) {
    super(message);
    this.name = 'AlgoStateError';
  }
}

type StateCheck = { readonly ok: true; readonly state: AlgoState } | { readonly ok: false; readonly error: { readonly code: AlgoStateErrorCode; readonly message: string } };

function check<S extends AlgoState>(algo: Algorithm<S>, raw: unknown): StateCheck {
  const r = algo.stateSchema.safeParse(raw);
  if (r.success) return { ok: true, state: r.data };
  const detail = r.error.issues.map((i) => `${i.path.join('.') || '(state)'}: ${i.message}`).join('; ');
  return { ok: false, error: { code: 'INVALID_ALGO_STATE', message: `${algo.strategy} state: ${detail}` } };
}

/** Wrap an algorithm so it takes any stored state and re-checks it against its own schema. */
function erase<S extends AlgoState>(algo: Algorithm<S>): Algorithm<AlgoState> {
  const own = (state: AlgoState): S => {
    const r = algo.stateSchema.safeParse(state);
    if (!r.success) throw new AlgoStateError(`${algo.strategy} state does not fit its schema`);
    return r.data;
  };
  return {
    strategy: algo.strategy,
    stateSchema: algo.stateSchema,
    start: (view) => algo.start(view),
    onTick: (state, view) => algo.onTick(own(state), view),
    onBar: (state, bar, view) => algo.onBar(own(state), bar, view),
    onFill: (state, fill, view) => algo.onFill(own(state), fill, view),
    onOrderDone: (state, done, view) => algo.onOrderDone(own(state), done, view),
  };
}

const REGISTRY: { readonly [K in ExecutionStrategyType]: Algorithm<AlgoState> } = {
  SINGLE: erase(single),
  TWAP: erase(twap),
  VWAP: erase(vwap),
  ICEBERG: erase(iceberg),
  LAYERED: erase(layered),
  POV: erase(pov),
};

/** The algorithm for a spec's strategy. Its handlers re-check the state they are given (AlgoStateError if it does not fit). */
export function algorithmFor(strategy: ExecutionStrategyType): Algorithm<AlgoState> {
  return REGISTRY[strategy];
}

/** Stored JSON (as unknown, e.g. JSON.parse of the ledger row) -> this strategy's state; never throws. */
export function parseAlgoState(strategy: ExecutionStrategyType, raw: unknown): StateCheck {
  return check(REGISTRY[strategy], raw);
}
