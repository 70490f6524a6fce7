import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { dispatch } from '../../../core/api/dispatch';
import { ApiError } from '../../../core/api/errors';
import { IllegalTransitionError, ImmutableFieldError, ValidationError } from '../../../core/domain/errors';
import { exampleContract, exampleHandlers, PRICE, type ExampleContract } from './example-contract';
import type { Handlers } from '../../../core/api/define';

describe('dispatch', () => {
  it('refuses names that are not commands of the contract, without calling anything', async () => {
    const calls: unknown[] = [];
    const handlers = exampleHandlers(calls);
    for (const name of ['cancelAll', 'toString', '__proto__', 'constructor', '', 42, null, undefined, { name: 'ping' }]) {
      const result = await dispatch(exampleContract, handlers, name, { groupId: 'EXG_1' });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    }
    expect(calls).toEqual([]);
  });

  it('answers BAD_REQUEST naming the field path, and never calls the handler', async () => {
    const calls: unknown[] = [];
    const result = await dispatch(exampleContract, exampleHandlers(calls), 'cancelGroup', { groupId: 7 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_REQUEST');
    expect(result.error.message).toContain('groupId');
    const nested = await dispatch(exampleContract, exampleHandlers(calls), 'quote', { symbol: 'BTC/USD', quantity: 'lots' });
    expect(nested).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('quantity') } });
    expect(calls).toEqual([]);
  });

  it('never throws and never answers INTERNAL for arbitrary JSON payloads; calls the handler only with what the schema accepts', async () => {
    const names = Object.keys(exampleContract.commands) as (keyof ExampleContract['commands'])[];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.oneof(
          fc.jsonValue(),
          fc.record({ groupId: fc.oneof(fc.string(), fc.constant('EXG_OK1'), fc.jsonValue()) }),
          fc.record({ symbol: fc.string(), quantity: fc.oneof(fc.string(), fc.double().map(String), fc.jsonValue()) }),
        ),
        async (name, payload) => {
          const calls: unknown[] = [];
          const result = await dispatch(exampleContract, exampleHandlers(calls), name, payload);
          const accepted = exampleContract.commands[name].input.safeParse(payload).success;
          if (accepted) expect(result.ok).toBe(true);
          else {
            expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
            expect(calls).toEqual([]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the code of a thrown ApiError (or of an Error carrying an API code)', async () => {
    const missing = await dispatch(exampleContract, exampleHandlers(), 'cancelGroup', { groupId: 'EXG_MISSING' });
    expect(missing).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no group EXG_MISSING' } });

    const handlers: Handlers<ExampleContract> = {
      ...exampleHandlers(),
      ping: async () => {
        throw Object.assign(new Error('plan is halted'), { code: 'REFUSED' });
      },
    };
    expect(await dispatch(exampleContract, handlers, 'ping', undefined)).toEqual({
      ok: false,
      error: { code: 'REFUSED', message: 'plan is halted' },
    });
    expect(new ApiError('CONFLICT', 'x').code).toBe('CONFLICT');
  });

  it("maps the domain's refusals to API codes", async () => {
    const throwing = (error: Error): Handlers<ExampleContract> => ({
      ...exampleHandlers(),
      ping: async () => {
        throw error;
      },
    });
    const cases: [Error, string][] = [
      [new IllegalTransitionError('ExecutionGroup', 'COMPLETED', 'CANCELLED'), 'CONFLICT'],
      [new ImmutableFieldError('ExecutionGroup', 'parent_plan_id'), 'REFUSED'],
      [new ValidationError('Order', [{ path: 'quantity', message: 'must be positive' }]), 'BAD_REQUEST'],
    ];
    for (const [error, code] of cases) {
      expect(await dispatch(exampleContract, throwing(error), 'ping', undefined)).toEqual({
        ok: false,
        error: { code, message: error.message },
      });
    }
  });

  it('maps anything else to INTERNAL with the message but no stack, and reports the original error', async () => {
    const reported: unknown[] = [];
    const result = await dispatch(exampleContract, exampleHandlers(), 'cancelGroup', { groupId: 'EXG_BOOM' }, {
      onInternalError: (_command, error) => reported.push(error),
    });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire' } });
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).stack).toContain('disk on fire');

    // An Error with a non-API code (a Node system error, say) is still INTERNAL.
    const handlers: Handlers<ExampleContract> = {
      ...exampleHandlers(),
      ping: async () => {
        throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
      },
    };
    expect(await dispatch(exampleContract, handlers, 'ping', undefined)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('encodes the output with the schema: Decimal leaves as a canonical string, and the result is plain JSON', async () => {
    const result = await dispatch(exampleContract, exampleHandlers(), 'cancelGroup', { groupId: 'EXG_7' });
    expect(result).toEqual({ ok: true, value: { groupId: 'EXG_7', cancelledOrders: 2, filled: '0.12345678' } });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);

    const quote = await dispatch(exampleContract, exampleHandlers(), 'quote', { symbol: 'BTC/USD', quantity: '0.5' });
    expect(quote).toEqual({ ok: true, value: { notional: new Decimal('0.5').times(PRICE).toFixed() } });
    expect(quote).toEqual({ ok: true, value: { notional: '13561.725' } });
  });

  it('answers INTERNAL when a handler returns something the output schema refuses', async () => {
    const handlers = {
      ...exampleHandlers(),
      quote: async () => ({ notional: 12.5 }),
    } as unknown as Handlers<ExampleContract>;
    const result = await dispatch(exampleContract, handlers, 'quote', { symbol: 'BTC/USD', quantity: '1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('notional') } });
  });

  it('answers INTERNAL when a handler is missing for a contract command', async () => {
    const { ping: _ping, ...rest } = exampleHandlers();
    const result = await dispatch(exampleContract, rest as unknown as Handlers<ExampleContract>, 'ping', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
