import type {
  CommandInput,
  CommandName,
  CommandOutput,
  ContractEvent,
  ContractSpec,
  ContractStatus,
  StreamEvent,
  StreamMessage,
} from './define';
import { errorMessageOf, type ApiErrorBody } from './errors';
import { describeIssues, fail, ok, wireResultSchema, type ApiResult } from './result';
import { decodeStatus } from './status';
import { createSeqGate, streamEventWireSchema, streamSupersededWireSchema } from './stream';

/**
 * What a client needs from a transport (WebSocket, Electron bridge, or a
 * direct in-process call in tests). Both directions carry wire JSON only.
 */
export interface Transport {
  /** Sends one command; resolves with the raw response envelope, rejects only when the transport itself fails. */
  request(command: string, payload: unknown): Promise<unknown>;
  /** Starts the event stream after `fromSeq`; `onMessage` receives raw `{ seq, event }` messages. Returns unsubscribe. */
  subscribe(fromSeq: number, onMessage: (message: unknown) => void, onError?: (error: ApiErrorBody) => void): () => void;
  /** Starts the host's status pushes (current value first, then changes); raw wire values. Absent: no status channel. */
  onStatus?(onStatus: (raw: unknown) => void): () => void;
}

export type CommandMethod<C extends ContractSpec, K extends CommandName<C>> =
  undefined extends CommandInput<C, K>
    ? (input?: CommandInput<C, K>) => Promise<ApiResult<CommandOutput<C, K>>>
    : (input: CommandInput<C, K>) => Promise<ApiResult<CommandOutput<C, K>>>;

export interface ClientStream<C extends ContractSpec> {
  /**
   * Delivers decoded events with seq > fromSeq, each at most once and in
   * increasing order; from a batched frame, a superseded event's stand-in
   * (StreamSuperseded) in its place. A message that does not decode is reported to `onError`
   * (as BAD_RESPONSE) and skipped: treat it like a gap and reload.
   */
  subscribe(
    fromSeq: number,
    onEvent: (message: StreamMessage<ContractEvent<C>>) => void,
    onError?: (error: ApiErrorBody) => void,
  ): () => void;
  /**
   * Receives the host's status, decoded: the current value first, then every
   * change. A value that does not decode is reported to `onError` and
   * skipped (the next one replaces it anyway). A no-op over a transport or
   * contract without a status channel.
   */
  onStatus(onStatus: (status: ContractStatus<C>) => void, onError?: (error: ApiErrorBody) => void): () => void;
}

export interface ClientOptions<C extends ContractSpec> {
  /**
   * A faster decoder for stream events, tried before the contract's event
   * schema: it must return exactly what the schema would decode, or
   * undefined when it is not sure (the schema then decides, and words any
   * refusal). See ledger-fast-path.ts.
   */
  readonly decodeEvent?: (wire: unknown) => ContractEvent<C> | undefined;
  /** The same for command answers, per command: tried before the output schema. */
  readonly decodeOutput?: { readonly [K in CommandName<C>]?: (wire: unknown) => CommandOutput<C, K> | undefined };
}

/**
 * A stream message in its plain form ({ seq, event }, seq a safe
 * non-negative integer) read without zod, which costs microseconds a
 * message and a cancel-all sends thousands; undefined for anything else
 * (streamEventWireSchema then decides, and words a refusal).
 */
export function plainStreamMessage(raw: unknown): StreamEvent<unknown> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('event' in raw) || !('seq' in raw)) return undefined;
  const { seq, event } = raw as { seq: unknown; event: unknown };
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? { seq, event } : undefined;
}

/** `subscribe` and `onStatus` are reserved command names, so the two parts never overlap. */
export type Client<C extends ContractSpec> = {
  readonly [K in CommandName<C>]: CommandMethod<C, K>;
} & ClientStream<C>;

/**
 * One typed method per command, built from the contract's keys at runtime.
 * Inputs are encoded with the input schema before they leave (so a Decimal
 * travels as a string); outputs are decoded with the output schema when they
 * arrive. Methods never throw: every failure is an `{ ok: false }` result.
 */
export function createClient<C extends ContractSpec>(contract: C, transport: Transport, options: ClientOptions<C> = {}): Client<C> {
  const fastEvent = options.decodeEvent;
  const call = async (name: string, input: unknown): Promise<ApiResult<unknown>> => {
    const spec = contract.commands[name];
    if (!spec) return fail('UNKNOWN_COMMAND', `unknown command: ${name}`);

    let payload: unknown;
    try {
      const encoded = await spec.input.safeEncodeAsync(input);
      if (!encoded.success) return fail('BAD_REQUEST', `invalid input for ${name}: ${describeIssues(encoded.error)}`);
      payload = encoded.data;
    } catch (error) {
      return fail('BAD_REQUEST', `input for ${name} cannot be encoded: ${errorMessageOf(error)}`);
    }

    let raw: unknown;
    try {
      raw = await transport.request(name, payload);
    } catch (error) {
      // The command may or may not have run: never retried here (a cancel or
      // a submit must not be sent twice); the caller decides.
      return fail('UNAVAILABLE', `${name}: ${errorMessageOf(error)}`);
    }

    const envelope = wireResultSchema.safeParse(raw);
    if (!envelope.success) return fail('BAD_RESPONSE', `${name}: malformed response: ${describeIssues(envelope.error)}`);
    if (!envelope.data.ok) return envelope.data;
    try {
      const fast = (options.decodeOutput as Readonly<Record<string, ((wire: unknown) => unknown) | undefined>> | undefined)?.[name]?.(envelope.data.value);
      if (fast !== undefined) return ok(fast);
      const decoded = await spec.output.safeParseAsync(envelope.data.value);
      if (decoded.success) return ok(decoded.data);
      return fail('BAD_RESPONSE', `${name}: response does not match the contract: ${describeIssues(decoded.error)}`);
    } catch (error) {
      return fail('BAD_RESPONSE', `${name}: response cannot be decoded: ${errorMessageOf(error)}`);
    }
  };

  const subscribe: ClientStream<C>['subscribe'] = (fromSeq, onEvent, onError) => {
    const gate = createSeqGate(fromSeq);
    return transport.subscribe(
      fromSeq,
      (raw) => {
        if (typeof raw === 'object' && raw !== null && 'superseded' in raw) {
          const stand = streamSupersededWireSchema.safeParse(raw);
          if (!stand.success) onError?.({ code: 'BAD_RESPONSE', message: `malformed stream message: ${describeIssues(stand.error)}` });
          else if (gate(stand.data.seq)) onEvent(stand.data);
          return;
        }
        let message = plainStreamMessage(raw);
        if (message === undefined) {
          const parsed = streamEventWireSchema.safeParse(raw);
          if (!parsed.success) {
            onError?.({ code: 'BAD_RESPONSE', message: `malformed stream message: ${describeIssues(parsed.error)}` });
            return;
          }
          message = parsed.data;
        }
        const { seq } = message;
        let event: ContractEvent<C>;
        try {
          const fast = fastEvent?.(message.event);
          if (fast !== undefined) event = fast;
          else {
            const decoded = contract.event.safeParse(message.event);
            if (!decoded.success) {
              onError?.({ code: 'BAD_RESPONSE', message: `event ${seq} does not match the contract: ${describeIssues(decoded.error)}` });
              return;
            }
            event = decoded.data as ContractEvent<C>;
          }
        } catch (error) {
          onError?.({ code: 'BAD_RESPONSE', message: `event ${seq} cannot be decoded: ${errorMessageOf(error)}` });
          return;
        }
        if (gate(seq)) onEvent({ seq, event });
      },
      onError,
    );
  };

  const onStatus: ClientStream<C>['onStatus'] = (listener, onError) => {
    if (!transport.onStatus || !contract.status) return () => {};
    return transport.onStatus((raw) => {
      const decoded = decodeStatus(contract, raw);
      if (decoded.ok) listener(decoded.status);
      else onError?.({ code: 'BAD_RESPONSE', message: decoded.message });
    });
  };

  const methods = Object.fromEntries(
    Object.keys(contract.commands).map((name) => [name, (input?: unknown) => call(name, input)]),
  );
  return Object.freeze({ ...methods, subscribe, onStatus }) as unknown as Client<C>;
}
