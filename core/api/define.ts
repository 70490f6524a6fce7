import type { z } from 'zod';

/**
 * The API contract machinery (after Actual Budget's single handler map): a
 * contract is a map of commands, each an input and an output zod schema, plus
 * the schema of the change events the engine streams. Everything else — the
 * dispatcher, the client, the WebSocket and IPC transports — is generated from
 * it, so adding a command is one entry.
 *
 * Schemas describe the WIRE on their input side and the DOMAIN on their output
 * side (zod 4 codecs: `z.input` is JSON, `z.output` may hold a Decimal). They
 * must be bidirectional — plain schemas or `z.codec` — because values are
 * decoded on one side of a transport and encoded on the other; a one-way
 * `.transform()` cannot be encoded and fails at runtime.
 */
export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export interface ContractSpec {
  readonly commands: Readonly<Record<string, CommandSpec>>;
  readonly event: z.ZodType;
  /**
   * The host's ephemeral status (connection, clock, quotes): not in the
   * ledger, so it has no seq; the latest value replaces the previous one.
   */
  readonly status?: z.ZodType;
}

export type CommandName<C extends ContractSpec> = keyof C['commands'] & string;
/** What a handler receives and a client method takes: the decoded (domain) input. */
export type CommandInput<C extends ContractSpec, K extends CommandName<C>> = z.output<C['commands'][K]['input']>;
/** What a handler returns and a client method resolves to: the decoded (domain) output. */
export type CommandOutput<C extends ContractSpec, K extends CommandName<C>> = z.output<C['commands'][K]['output']>;
/** The JSON forms that actually cross a transport. */
export type CommandInputWire<C extends ContractSpec, K extends CommandName<C>> = z.input<C['commands'][K]['input']>;
export type CommandOutputWire<C extends ContractSpec, K extends CommandName<C>> = z.input<C['commands'][K]['output']>;
export type ContractEvent<C extends ContractSpec> = z.output<C['event']>;
/** An event's JSON form, as it crosses a transport. */
export type ContractEventWire<C extends ContractSpec> = z.input<C['event']>;
/** The decoded status; `never` for a contract without one. */
export type ContractStatus<C extends ContractSpec> = C['status'] extends z.ZodType ? z.output<C['status']> : never;

/** One async handler per command; the transport validates before and encodes after. */
export type Handlers<C extends ContractSpec> = {
  readonly [K in CommandName<C>]: (input: CommandInput<C, K>) => Promise<CommandOutput<C, K>>;
};

/** A change event with its position in the engine's outbox. */
export interface StreamEvent<E> {
  readonly seq: number;
  readonly event: E;
  /**
   * This very message as JSON text, when the host holds it already (the
   * outbox stored each event's JSON): a transport sends it instead of
   * encoding the message again. Never sent as a field of its own.
   */
  readonly text?: string;
  /**
   * The entity this event replaces whole (its type and id), when the host
   * knows it: a later event with the same key supersedes this one, so a
   * transport that batches may send the later one only. Never sent.
   */
  readonly key?: string;
}

/**
 * In a batched frame, the stand-in for an event that a later event of the
 * same frame replaces (the same entity, upserted again): its seq is covered,
 * there is nothing to apply. A view that applies the frame whole ends in the
 * very state the full events give.
 */
export interface StreamSuperseded {
  readonly seq: number;
  readonly superseded: true;
}

/** What a client's stream delivers: an event, or a superseded event's stand-in. */
export type StreamMessage<E> = StreamEvent<E> | StreamSuperseded;

/**
 * The engine's event stream as a host offers it: `push` receives every event
 * with seq > fromSeq (fromSeq is the seq the view's snapshot is at; 0 = all),
 * replayed first, then live, in increasing seq order. Returns unsubscribe.
 */
export type EventSource<E> = (fromSeq: number, push: (message: StreamEvent<E>) => void) => () => void;

/**
 * The host's status as it changes: `push` receives the current value at once,
 * then every change, until the returned function is called.
 */
export type StatusSource<S> = (push: (status: S) => void) => () => void;

/** What a host (web server or Electron main) needs from the engine. */
export interface Host<C extends ContractSpec> {
  readonly handlers: Handlers<C>;
  readonly subscribe: EventSource<ContractEvent<C>>;
  /**
   * The same events in their wire form, when the host holds them encoded
   * already (the engine's outbox does): a transport forwards them as they
   * are instead of decoding and re-encoding each one. The receiving client
   * still parses every event with the contract's schema.
   */
  readonly subscribeEncoded?: EventSource<ContractEventWire<C>>;
  readonly status?: StatusSource<ContractStatus<C>>;
  close(): Promise<void>;
}

/**
 * Names a command may not take: they are the client's and the bridge's own
 * members, or would make the client object a thenable / shadow Object members.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'subscribe',
  'unsubscribe',
  'onMenuCommand',
  'onStatus',
  'then',
  'catch',
  'finally',
  'constructor',
  'prototype',
  '__proto__',
  'toString',
  'toJSON',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
]);

/** camelCase identifiers: safe as a property, an IPC channel suffix and a CLI argument. */
export const COMMAND_NAME_PATTERN = /^[a-z][A-Za-z0-9]{0,63}$/;

export class ContractDefinitionError extends Error {
  override readonly name = 'ContractDefinitionError';
}

/** Checks the command names and freezes the contract; the type keeps every schema exact. */
export function defineContract<const S extends ContractSpec>(spec: S): Readonly<S> {
  for (const name of Object.keys(spec.commands)) {
    if (!COMMAND_NAME_PATTERN.test(name)) {
      throw new ContractDefinitionError(`command name '${name}' must be camelCase (${COMMAND_NAME_PATTERN})`);
    }
    if (RESERVED_NAMES.has(name)) throw new ContractDefinitionError(`command name '${name}' is reserved`);
  }
  return Object.freeze({ ...spec, commands: Object.freeze({ ...spec.commands }) });
}

export function commandNames<C extends ContractSpec>(contract: C): CommandName<C>[] {
  return Object.keys(contract.commands) as CommandName<C>[];
}

export function isCommandName<C extends ContractSpec>(contract: C, name: unknown): name is CommandName<C> {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.commands, name);
}
