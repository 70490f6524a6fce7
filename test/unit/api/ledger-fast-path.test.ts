import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient, type Transport } from '../../../core/api/client';
import { contract } from '../../../core/api/contract';
import type { StreamMessage } from '../../../core/api/define';
import type { ApiErrorBody } from '../../../core/api/errors';
import { decodeFillsPageFast, decodeLedgerEventFast, decodeOrdersPageFast, FAST_VIEW_FIELDS } from '../../../core/api/ledger-fast-path';
import { FillsPageSchema, OrdersPageSchema } from '../../../core/ledger/pages';
import { LedgerEventSchema, type LedgerEvent } from '../../../core/ledger/events';
import { JournalEntryViewSchema } from '../../../core/journal/entry';
import { AlgoStateViewSchema, AnomalyViewSchema, CancelIntentViewSchema, FillViewSchema, GroupViewSchema, OrderViewSchema, PlanViewSchema, PositionViewSchema } from '../../../core/ledger/views';
import { checkInvariantsAfterEach, GROUP, orderInput, testLedger } from '../ledger/fixtures';
import { ledgerWith, PLAN } from '../renderer/ledger-events';

checkInvariantsAfterEach();

const FAST_TYPES = new Set(['fill', 'order', 'group', 'plan', 'position', 'cancel_intent', 'anomaly', 'algo_state', 'journal']);

/** Wire events as they cross the socket (JSON), from a real ledger driven through orders, fills, cancels, late fills, algorithm state. */
function realEvents(ops: readonly number[]): Record<string, unknown>[] {
  const ledger = ledgerWith(ops);
  const events = ledger.eventsAfter(0, 100_000).map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
  ledger.close();
  return events;
}

/** The rule: whatever the fast path returns, the schema accepts and decodes to the same value (0 and -0, Decimal digits and Date instants included). */
function expectHeldToSchema(wire: unknown): LedgerEvent | undefined {
  const fast = decodeLedgerEventFast(wire);
  const schema = LedgerEventSchema.safeParse(wire);
  if (fast !== undefined) {
    expect(schema.success, JSON.stringify(wire)).toBe(true);
    expect(fast).toEqual(schema.data);
  }
  return fast;
}

/** Near misses of every wire form a view field has. */
const NEAR_MISSES: readonly unknown[] = [
  '', ' ', '1', '-1', '0', '-0', '1.', '.5', '1.50', '0001', '1e5', '1E-7', ' 1.5', '1.5 ', '+1', 'NaN', 'Infinity', '1_000',
  '2025-02-30T00:00:00Z', '2025-01-01T24:00:00Z', '0050-01-01T00:00:00Z', '0999-12-31T23:59:59Z', '2025-01-01T00:00:00.1234Z',
  '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00', '2025-1-01T00:00:00Z', '2025-12-31T23:59:60Z', '2025-06-15T12:00:00.5Z',
  'BUY', 'buy', 'MAKER', 'FILLED', 'OPEN', 'LAYERED', 'GROUP', 'CONFIRMED', '__proto__',
  'CXL_20260101_000000_abcde',
  'FILL_20260101_000000_abcde', 'ORD_20260101_000000_abcde', 'EXG_20260101_000000_ABCDE', 'TPL_20260101_000000_abc',
  0, -0, 1, -1, 1.5, 2 ** 53, 2 ** 53 - 1, Number.NaN, Number.POSITIVE_INFINITY, null, true, false, [], {}, undefined,
  ['a', ''], ['ORD_20260101_000000_abcde'], { OPEN: 1 }, { OPEN: -1 }, { OPEN: 1.5 }, { BOGUS: 1 }, { OPEN: '1' },
  // JSON fields (journal and anomaly data, algorithm state): what JSON.parse never makes, and what it does.
  'PLAN_CREATED', 'late_fill', 'ANM_20260101_000000_abcde', { a: Number.NaN }, { a: undefined }, [1, undefined], Array(3) as unknown, [[[Number.POSITIVE_INFINITY]]],
  new Date(0), Object.create(null) as unknown, JSON.parse('{"__proto__":{"x":1}}') as unknown, { spec: { startTime: 1, arrivalPrice: '1.5' }, n: [1, { m: null }] },
  `${'['.repeat(70)}1${']'.repeat(70)}`, JSON.parse(`${'['.repeat(70)}1${']'.repeat(70)}`) as unknown,
];

/** Values a field may be corrupted to: the near misses, and random junk. */
const tricky = fc.oneof(
  fc.constantFrom(...NEAR_MISSES),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('OPEN', 'FILLED', 'BOGUS', '__proto__'), fc.oneof(fc.nat(), fc.constant(-1), fc.constant('1'))),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);

describe('decodeLedgerEventFast', () => {
  it('covers the common views key for key, in the schema\'s order', () => {
    const schemas = {
      plan: PlanViewSchema,
      group: GroupViewSchema,
      order: OrderViewSchema,
      fill: FillViewSchema,
      cancel_intent: CancelIntentViewSchema,
      position: PositionViewSchema,
      anomaly: AnomalyViewSchema,
      algo_state: AlgoStateViewSchema,
      journal: JournalEntryViewSchema,
    };
    for (const [type, schema] of Object.entries(schemas)) expect(Object.keys(FAST_VIEW_FIELDS[type as keyof typeof schemas]), type).toEqual(Object.keys(schema.shape));
  });

  it('property: on real engine events it decodes every common type exactly as the schema does, and leaves the rest to it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }), (ops) => {
        for (const wire of realEvents(ops)) {
          const fast = expectHeldToSchema(wire);
          // The engine's own events of these types must take the fast path, or it saves nothing.
          expect(fast === undefined, `${String(wire.type)} ${JSON.stringify(wire)}`).toBe(!FAST_TYPES.has(String(wire.type)));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('every field of every common type set to every near miss: never accepted unless the schema accepts it the same', () => {
    const pool = realEvents([0, 1, 1, 2, 3, 4, 5, 1, 0, 3]);
    for (const type of FAST_TYPES) {
      const sample = pool.find((e) => e.type === type);
      if (!sample) throw new Error(`no ${type} event`);
      for (const where of ['data', 'envelope'] as const) {
        for (const key of Object.keys(where === 'data' ? (sample.data as object) : sample)) {
          for (const value of NEAR_MISSES) {
            const event = structuredClone(sample);
            (where === 'data' ? (event.data as Record<string, unknown>) : event)[key] = value;
            expectHeldToSchema(event);
          }
        }
      }
    }
  });

  it('property: a corrupted event (a field changed, dropped or added, in the data or the envelope) is never accepted unless the schema accepts it the same', () => {
    const pool = realEvents([0, 1, 1, 2, 3, 4, 5, 1, 0, 3]).filter((e) => FAST_TYPES.has(String(e.type)));
    expect(new Set(pool.map((e) => e.type))).toEqual(FAST_TYPES);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.constantFrom('data', 'envelope'),
        fc.constantFrom('change', 'drop', 'add'),
        tricky,
        (pick, fieldPick, where, how, value) => {
          const event = structuredClone(pool[pick % pool.length]!);
          const target = where === 'data' ? (event.data as Record<string, unknown>) : event;
          const keys = Object.keys(target);
          const key = keys[fieldPick % keys.length]!;
          if (how === 'change') target[key] = value;
          else if (how === 'drop') delete target[key];
          else target[`extra_${fieldPick % 3}`] = value;
          expectHeldToSchema(event);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('property: timestamps and decimals in plain form decode to the same Date and Decimal as the schema, or are left to it', () => {
    const [fill] = realEvents([0, 1]).filter((e) => e.type === 'fill');
    if (!fill) throw new Error('no fill event');
    const stamp = fc
      .tuple(fc.integer({ min: 0, max: 10_999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.option(fc.integer({ min: 0, max: 9999 })))
      .map(([y, mo, d, h, mi, s, ms]) => {
        const p = (n: number, w = 2) => String(n).padStart(w, '0');
        return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}${ms === null ? '' : `.${String(ms)}`}Z`;
      });
    const decimal = fc.tuple(fc.boolean(), fc.stringMatching(/^\d{1,25}$/), fc.option(fc.stringMatching(/^\d{0,12}$/))).map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}`);
    fc.assert(
      fc.property(stamp, decimal, (at, price) => {
        const event = structuredClone(fill);
        (event.data as Record<string, unknown>).executed_at = at;
        (event.data as Record<string, unknown>).price = price;
        expectHeldToSchema(event);
        // Again: the second time the stamp is one the decoder has seen (and kept, if it passed).
        expectHeldToSchema(structuredClone(event));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeLedgerEventFast on the bulk paths (events printed by SQLite)', () => {
  it('a cancel-all\'s intents, orders, groups decode as the schema does, and take the fast path', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({ group: { execution_strategy: 'TWAP', target_quantity: '100' } }));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order } }).order.order_id);
    for (const id of ids) ledger.updateOrder({ order_id: id, status: 'OPEN' });
    const from = ledger.lastSeq();
    ledger.requestCancels(ids, { reason: 'panic', scope: 'PLAN' });
    ledger.settleOrders(ids.map((order_id) => ({ order_id, status: 'CANCELED' as const })));
    ledger.stopGroups([GROUP], { reason: 'panic' });
    const events = ledger.eventsAfter(from, 1000).map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
    expect(events.filter((e) => e.type === 'cancel_intent').length).toBe(10);
    for (const wire of events) {
      const fast = expectHeldToSchema(wire);
      expect(fast === undefined, `${String(wire.type)} ${JSON.stringify(wire)}`).toBe(!FAST_TYPES.has(String(wire.type)));
    }
  });
});

describe('createClient with decodeEvent', () => {
  it('delivers fast-decoded events equal to the schema\'s, and still refuses a malformed one', () => {
    const events = realEvents([0, 1, 1, 3]);
    const bad = structuredClone(events.find((e) => e.type === 'fill')!);
    (bad.data as Record<string, unknown>).price = 'one hundred';
    const last = events.length;
    const messages = [...events.map((event) => ({ seq: event.seq, event })), { seq: last + 1, event: { ...bad, seq: last + 1 } }];
    const transport: Transport = {
      request: () => Promise.reject(new Error('no commands here')),
      subscribe: (_from, onMessage) => {
        for (const m of messages) onMessage(m);
        return () => {};
      },
    };
    const received: StreamMessage<LedgerEvent>[] = [];
    const errors: ApiErrorBody[] = [];
    createClient(contract, transport, { decodeEvent: decodeLedgerEventFast }).subscribe(0, (m) => received.push(m), (e) => errors.push(e));
    expect(received.map((m) => ('event' in m ? m.event : m))).toEqual(events.map((e) => LedgerEventSchema.parse(e)));
    expect(errors).toEqual([{ code: 'BAD_RESPONSE', message: expect.stringContaining(`event ${last + 1} does not match the contract`) }]);
  });
});

describe('decodeOrdersPageFast / decodeFillsPageFast', () => {
  const pages = (ops: readonly number[]) => {
    const ledger = ledgerWith(ops);
    const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    const out = { orders: json(ledger.ordersPage({ plan_id: PLAN, offset: 0, limit: 1000 })), fills: json(ledger.fillsPage({ plan_id: PLAN, offset: 0, limit: 1000 })) };
    ledger.close();
    return out;
  };
  const held = (wire: unknown) => {
    for (const [fast, schema] of [
      [decodeOrdersPageFast(wire), OrdersPageSchema.safeParse(wire)],
      [decodeFillsPageFast(wire), FillsPageSchema.safeParse(wire)],
    ] as const) {
      if (fast === undefined) continue;
      expect(schema.success, JSON.stringify(wire)).toBe(true);
      expect(fast).toEqual(schema.data);
    }
  };

  it('decodes real pages exactly as the schemas do', () => {
    const { orders, fills } = pages([0, 1, 1, 3, 0, 1, 2, 4, 5]);
    expect((orders.items as unknown[]).length).toBeGreaterThan(0);
    expect((fills.items as unknown[]).length).toBeGreaterThan(0);
    expect(decodeOrdersPageFast(orders)).toEqual(OrdersPageSchema.parse(orders));
    expect(decodeFillsPageFast(fills)).toEqual(FillsPageSchema.parse(fills));
    expect(decodeFillsPageFast(orders)).toBeUndefined();
  });

  it('property: a corrupted page (its figures, its list, one item\'s field) is never accepted unless the schema accepts it the same', () => {
    const { orders, fills } = pages([0, 1, 1, 3, 0, 1]);
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.nat(), fc.constantFrom('total', 'offset', 'items', 'item', 'extra'), tricky, (ofOrders, itemPick, fieldPick, where, value) => {
        const page = structuredClone(ofOrders ? orders : fills);
        const items = page.items as Record<string, unknown>[];
        if (where === 'item') {
          const item = items[itemPick % items.length]!;
          const keys = Object.keys(item);
          item[keys[fieldPick % keys.length]!] = value;
        } else if (where === 'extra') page.extra = value;
        else page[where] = value;
        held(page);
      }),
      { numRuns: 1500 },
    );
  });

  it('createClient answers with the fast decoder\'s value and still refuses a malformed page', async () => {
    const { fills } = pages([0, 1, 1]);
    const bad = structuredClone(fills);
    ((bad.items as Record<string, unknown>[])[0] as Record<string, unknown>).quantity = 'a lot';
    let answer: unknown = fills;
    const transport: Transport = { request: async () => ({ ok: true, value: answer }), subscribe: () => () => {} };
    const client = createClient(contract, transport, { decodeOutput: { fillsPage: decodeFillsPageFast } });
    expect(await client.fillsPage({ plan_id: PLAN, offset: 0, limit: 1000 })).toEqual({ ok: true, value: FillsPageSchema.parse(fills) });
    answer = bad;
    expect(await client.fillsPage({ plan_id: PLAN, offset: 0, limit: 1000 })).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
  });
});
