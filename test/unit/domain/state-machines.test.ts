import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GroupStateMachine,
  GroupStatus,
  IllegalTransitionError,
  LIVE_ORDER_STATUSES,
  OrderStateMachine,
  OrderStatus,
  PlanStateMachine,
  PlanStatus,
  type StateMachine,
} from '../../../core/domain';

/**
 * The tables as the README documents them. Writing them out here makes any
 * change to a table a visible, reviewed change to this spec.
 */
const GROUP_EDGES = [
  'PENDING->ACTIVE',
  'PENDING->CANCELLED', // decided: cancelled before its first order
  'PENDING->FAILED', // decided: the first order could not be placed
  'ACTIVE->COMPLETED',
  'ACTIVE->CANCELLED',
  'ACTIVE->FAILED',
  'ACTIVE->PARTIAL',
];

const ORDER_EDGES = [
  ...['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'UNKNOWN', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'].map((s) => `PENDING_SUBMIT->${s}`),
  ...['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'PENDING_SUBMIT', 'PENDING_CANCEL'].map((s) => `UNKNOWN->${s}`),
  ...['PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'].map((s) => `OPEN->${s}`),
  ...['PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'].map((s) => `PARTIALLY_FILLED->${s}`),
  ...['PENDING_CANCEL', 'CANCELED', 'FILLED', 'OPEN', 'PARTIALLY_FILLED', 'EXPIRED', 'UNKNOWN'].map((s) => `PENDING_CANCEL->${s}`),
];

const PLAN_EDGES = ['ACTIVE->CLOSED'];

interface Spec<S extends string> {
  readonly machine: StateMachine<S>;
  readonly states: readonly S[];
  readonly initial: S;
  readonly edges: readonly string[];
  readonly terminal: readonly S[];
}

const SPECS = {
  ExecutionGroup: {
    machine: GroupStateMachine,
    states: GroupStatus.options,
    initial: 'PENDING',
    edges: GROUP_EDGES,
    terminal: ['COMPLETED', 'CANCELLED', 'FAILED', 'PARTIAL'],
  } satisfies Spec<GroupStatus>,
  Order: {
    machine: OrderStateMachine,
    states: OrderStatus.options,
    initial: 'PENDING_SUBMIT',
    edges: ORDER_EDGES,
    terminal: ['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'],
  } satisfies Spec<OrderStatus>,
  TradePlan: {
    machine: PlanStateMachine,
    states: PlanStatus.options,
    initial: 'ACTIVE',
    edges: PLAN_EDGES,
    terminal: ['CLOSED'],
  } satisfies Spec<PlanStatus>,
};

const pairs = <S extends string>(states: readonly S[]) => states.flatMap((a) => states.map((b) => [a, b] as const));

function checkSpec<S extends string>(entity: string, spec: Spec<S>): void {
  describe(`${entity} state machine`, () => {
    const { machine, states, initial, edges, terminal } = spec;

    it('covers exactly the enum, and says which entity it guards', () => {
      expect([...machine.states].sort()).toEqual([...states].sort());
      expect(machine.entity).toBe(entity);
    });

    it('allows exactly the documented edges', () => {
      const legal = pairs(states)
        .filter(([a, b]) => machine.canTransition(a, b))
        .map(([a, b]) => `${a}->${b}`);
      expect(legal.sort()).toEqual([...edges].sort());
    });

    it('has the documented terminal states, and next() agrees with canTransition()', () => {
      expect([...machine.terminal].sort()).toEqual([...terminal].sort());
      for (const s of states) expect([...machine.next(s)].sort()).toEqual(states.filter((t) => machine.canTransition(s, t)).sort());
    });

    it('reaches every state from the initial one (no dead enum values)', () => {
      const seen = new Set<S>([initial]);
      const queue: S[] = [initial];
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        for (const t of machine.next(s)) {
          if (!seen.has(t)) {
            seen.add(t);
            queue.push(t);
          }
        }
      }
      expect([...seen].sort()).toEqual([...states].sort());
    });

    it('refuses every step not in the table with IllegalTransitionError naming from and to', () => {
      for (const [a, b] of pairs(states).filter(([x, y]) => !machine.canTransition(x, y))) {
        let caught: unknown;
        try {
          machine.transition(a, b);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(IllegalTransitionError);
        const err = caught as IllegalTransitionError;
        expect([err.code, err.entity, err.from, err.to]).toEqual(['ILLEGAL_TRANSITION', entity, a, b]);
        expect(err.message).toBe(`${entity}: illegal transition ${a} -> ${b}`);
      }
    });

    it('random sequences of requested transitions never leave the table', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...states), { maxLength: 40 }), (requests) => {
          let state: S = initial;
          const path: S[] = [state];
          for (const to of requests) {
            const legal = edges.includes(`${state}->${to}`);
            if (legal) {
              state = machine.transition(state, to);
              path.push(state);
            } else {
              expect(() => machine.transition(state, to)).toThrow(IllegalTransitionError);
            }
            expect(states).toContain(state);
          }
          // Every step actually taken is an edge of the documented table; a terminal state is never left.
          for (let i = 1; i < path.length; i++) expect(edges).toContain(`${path[i - 1]}->${path[i]}`);
          const firstTerminal = path.findIndex((s) => terminal.includes(s));
          if (firstTerminal >= 0) expect(path.length - 1).toBe(firstTerminal);
        }),
        { numRuns: 300 },
      );
    });
  });
}

checkSpec('ExecutionGroup', SPECS.ExecutionGroup);
checkSpec('Order', SPECS.Order);
checkSpec('TradePlan', SPECS.TradePlan);

describe('order statuses', () => {
  it('keep the seeds\' four (OPEN / FILLED / CANCELED / REJECTED) and add what an exchange needs', () => {
    expect(OrderStatus.options).toEqual(expect.arrayContaining(['OPEN', 'FILLED', 'CANCELED', 'REJECTED']));
    expect(OrderStatus.options).toEqual(
      expect.arrayContaining(['PENDING_SUBMIT', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'EXPIRED', 'UNKNOWN']),
    );
  });

  it('live statuses (a cancel must reach them) are exactly the non-terminal ones', () => {
    expect([...LIVE_ORDER_STATUSES].sort()).toEqual(OrderStatus.options.filter((s) => !OrderStateMachine.terminal.has(s)).sort());
  });

  it('an UNKNOWN outcome is resolved by lookup; only "no such order" sends it back to PENDING_SUBMIT', () => {
    expect(OrderStateMachine.canTransition('UNKNOWN', 'PENDING_SUBMIT')).toBe(true);
    expect(OrderStateMachine.canTransition('OPEN', 'PENDING_SUBMIT')).toBe(false);
    expect(OrderStateMachine.canTransition('PENDING_CANCEL', 'PENDING_SUBMIT')).toBe(false);
  });

  it('a fill may race a cancel (PENDING_CANCEL -> FILLED) but never revives a CANCELED order', () => {
    expect(OrderStateMachine.canTransition('PENDING_CANCEL', 'FILLED')).toBe(true);
    expect(OrderStateMachine.canTransition('CANCELED', 'FILLED')).toBe(false);
    expect(OrderStateMachine.canTransition('CANCELED', 'PARTIALLY_FILLED')).toBe(false);
  });
});
