import type { z } from 'zod';
import { isCommandName, type ContractSpec, type Handlers } from './define';
import { errorCodeOf, errorMessageOf } from './errors';
import { describeIssues, fail, ok, type ApiResult } from './result';

export interface DispatchOptions {
  /** Told about every INTERNAL failure with the original error (hosts log it; the caller only sees its message). */
  onInternalError?: (command: string, error: unknown) => void;
}

/**
 * Runs one command arriving from a transport. `name` and `payload` are
 * untrusted: the payload is parsed with the command's input schema and the
 * handler is only called with what the schema accepts. The handler's domain
 * value is encoded with the output schema to wire JSON. Never throws.
 */
export async function dispatch<C extends ContractSpec>(
  contract: C,
  handlers: Handlers<C>,
  name: unknown,
  payload: unknown,
  options: DispatchOptions = {},
): Promise<ApiResult<unknown>> {
  if (!isCommandName(contract, name)) {
    return fail('UNKNOWN_COMMAND', `unknown command: ${typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : typeof name}`);
  }
  const spec = contract.commands[name];
  const handler: unknown = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
  if (typeof handler !== 'function') {
    options.onInternalError?.(name, new Error(`no handler for ${name}`));
    return fail('INTERNAL', `no handler for command ${name}`);
  }

  let input: unknown;
  try {
    const parsed = await spec.input.safeParseAsync(payload);
    if (!parsed.success) return fail('BAD_REQUEST', `invalid payload for ${name}: ${describeIssues(parsed.error)}`);
    input = parsed.data;
  } catch (error) {
    // A schema that throws while parsing (a refinement bug) is ours, not the caller's.
    options.onInternalError?.(name, error);
    return fail('INTERNAL', `input schema of ${name} failed: ${errorMessageOf(error)}`);
  }

  let output: unknown;
  try {
    output = await (handler as (input: unknown) => Promise<unknown>)(input);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'INTERNAL') options.onInternalError?.(name, error);
    return fail(code, errorMessageOf(error));
  }

  return encodeWith(spec.output, output, `output of ${name}`, (error) => options.onInternalError?.(name, error));
}

/**
 * Domain value -> wire JSON with a (codec) schema. A value the schema refuses
 * is the host's bug, reported as INTERNAL, and is never sent half-encoded.
 */
export async function encodeWith(
  schema: z.ZodType,
  value: unknown,
  what: string,
  onInternalError?: (error: unknown) => void,
): Promise<ApiResult<unknown>> {
  try {
    const encoded = await schema.safeEncodeAsync(value);
    if (encoded.success) return ok(encoded.data);
    onInternalError?.(encoded.error);
    return fail('INTERNAL', `${what} does not match the contract: ${describeIssues(encoded.error)}`);
  } catch (error) {
    // zod throws (rather than failing) on one-way transforms during encode.
    onInternalError?.(error);
    return fail('INTERNAL', `${what} cannot be encoded: ${errorMessageOf(error)}`);
  }
}
