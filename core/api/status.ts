import type { ContractSpec, ContractStatus } from './define';
import { errorMessageOf } from './errors';
import { describeIssues } from './result';

/*
 * The status channel, both halves. Unlike events a status has no seq: each
 * value replaces the last, so a lost one is simply superseded by the next.
 */

/**
 * The host-side half, shared by the WebSocket and IPC transports: encodes
 * each status with the contract's status schema and hands the wire value to
 * `send`. A value the schema refuses is reported and not sent.
 */
export function createStatusForwarder<C extends ContractSpec>(
  contract: C,
  send: (wire: unknown) => void,
  onError: (message: string) => void,
): (status: ContractStatus<C>) => void {
  return (status) => {
    const schema = contract.status;
    if (!schema) return;
    try {
      const encoded = schema.safeEncode(status);
      if (encoded.success) send(encoded.data);
      else onError(`status does not match the contract: ${describeIssues(encoded.error)}`);
    } catch (error) {
      onError(`status cannot be encoded: ${errorMessageOf(error)}`);
    }
  };
}

export type DecodedStatus<S> = { readonly ok: true; readonly status: S } | { readonly ok: false; readonly message: string };

/** The client-side half: wire value (untrusted) -> the contract's status. */
export function decodeStatus<C extends ContractSpec>(contract: C, raw: unknown): DecodedStatus<ContractStatus<C>> {
  const schema = contract.status;
  if (!schema) return { ok: false, message: 'this contract has no status' };
  try {
    const decoded = schema.safeParse(raw);
    if (decoded.success) return { ok: true, status: decoded.data as ContractStatus<C> };
    return { ok: false, message: `status does not match the contract: ${describeIssues(decoded.error)}` };
  } catch (error) {
    return { ok: false, message: `status cannot be decoded: ${errorMessageOf(error)}` };
  }
}
