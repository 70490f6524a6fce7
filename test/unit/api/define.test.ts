import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { decodeCommandNamesArg, encodeCommandNamesArg } from '../../../core/api/bridge';
import { ContractDefinitionError, commandNames, defineContract } from '../../../core/api/define';
import { createEventForwarder, type StreamEventWire } from '../../../core/api/stream';
import { exampleContract } from './example-contract';

const spec = { input: z.undefined(), output: z.null() };

describe('defineContract', () => {
  it('refuses names that would shadow client members, make it a thenable, or break a channel name', () => {
    for (const name of ['subscribe', 'then', 'constructor', '__proto__', 'toString', 'Cancel', 'cancel-group', 'cancel.group', 'a:b', '']) {
      expect(() => defineContract({ commands: { [name]: spec }, event: z.never() })).toThrow(ContractDefinitionError);
    }
    expect(commandNames(defineContract({ commands: { cancelGroup: spec, snapshot: spec }, event: z.never() }))).toEqual([
      'cancelGroup',
      'snapshot',
    ]);
  });
});

describe('command names for the preload', () => {
  it('round-trip through the argument and drop anything that is not a valid command name', () => {
    const arg = encodeCommandNamesArg(commandNames(exampleContract));
    expect(decodeCommandNamesArg(['electron', arg])).toEqual(['cancelGroup', 'quote', 'ping']);
    expect(decodeCommandNamesArg(['--ledgerdesk-commands=ok,then,__proto__,a b,x:y,fine'])).toEqual(['ok', 'fine']);
    expect(decodeCommandNamesArg(['--other'])).toEqual([]);
  });
});

describe('createEventForwarder', () => {
  it('sends each event once, in order, encoded; reports and skips one the schema refuses', () => {
    const sent: StreamEventWire[] = [];
    const errors: number[] = [];
    const push = createEventForwarder(exampleContract, 10, (m) => sent.push(m), (seq) => errors.push(seq));
    const fill = (orderId: string) => ({ type: 'fill' as const, orderId, price: new Decimal('3.10') });
    push({ seq: 9, event: fill('old') });
    push({ seq: 11, event: fill('a') });
    push({ seq: 11, event: fill('a') });
    push({ seq: 12, event: { type: 'fill', orderId: 'b', price: 3.1 } as unknown as ReturnType<typeof fill> });
    push({ seq: 13, event: fill('c') });
    expect(sent).toEqual([
      { seq: 11, event: { type: 'fill', orderId: 'a', price: '3.1' } },
      { seq: 13, event: { type: 'fill', orderId: 'c', price: '3.1' } },
    ]);
    expect(errors).toEqual([12]);
  });
});
