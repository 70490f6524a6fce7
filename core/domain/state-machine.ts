import { IllegalTransitionError } from './errors';

/**
 * A state machine as an explicit table of legal transitions. Anything not in
 * the table is refused with IllegalTransitionError; callers journal refusals.
 */
export interface StateMachine<S extends string> {
  readonly entity: string;
  readonly states: readonly S[];
  readonly terminal: ReadonlySet<S>;
  canTransition(from: S, to: S): boolean;
  /** Returns `to` or throws IllegalTransitionError. */
  transition(from: S, to: S): S;
  next(from: S): readonly S[];
}

export function defineStateMachine<S extends string>(
  entity: string,
  table: { readonly [K in S]: readonly S[] },
): StateMachine<S> {
  const states = Object.keys(table) as S[];
  const terminal = new Set(states.filter((s) => table[s].length === 0));
  const canTransition = (from: S, to: S) => table[from]?.includes(to) ?? false;
  return {
    entity,
    states,
    terminal,
    canTransition,
    transition(from, to) {
      if (!canTransition(from, to)) throw new IllegalTransitionError(entity, from, to);
      return to;
    },
    next: (from) => table[from] ?? [],
  };
}
