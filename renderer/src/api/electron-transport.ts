import type { BridgeCore } from '../../../core/api/bridge';
import type { Transport } from '../../../core/api/client';
import { apiErrorBodySchema, errorMessageOf } from '../../../core/api/errors';
import { framedMessages } from '../../../core/api/event-frame';
import { fail } from '../../../core/api/result';

/**
 * The desktop transport: the named methods the preload exposed on
 * `window.ledgerdesk`. The bridge is looked up per call and treated as
 * untrusted shape; the client validates everything it returns.
 */
export function createElectronTransport(bridge: BridgeCore & { readonly [command: string]: unknown }): Transport {
  return {
    async request(command, payload) {
      const method = Object.prototype.hasOwnProperty.call(bridge, command) ? bridge[command] : undefined;
      if (typeof method !== 'function') return fail('UNKNOWN_COMMAND', `the desktop bridge has no command ${command}`);
      return (method as (payload: unknown) => Promise<unknown>)(payload);
    },
    subscribe(fromSeq, onMessage, onError) {
      // The main process sends a turn's events as one frame of JSON text (core/api/event-frame.ts).
      const unpack = (message: unknown) => {
        if (typeof message !== 'string') return onMessage(message);
        let frame: unknown;
        try {
          frame = JSON.parse(message);
        } catch {
          return onMessage(message); // the client refuses it as malformed
        }
        for (const m of framedMessages(frame)) onMessage(m);
      };
      return bridge.subscribe(fromSeq, unpack, (error) => {
        const body = apiErrorBodySchema.safeParse(error);
        onError?.(body.success ? body.data : { code: 'INTERNAL', message: errorMessageOf(error) });
      });
    },
    // A preload without the status channel: no pushes, and no status shown.
    onStatus(listener) {
      return typeof bridge.onStatus === 'function' ? bridge.onStatus(listener) : () => {};
    },
  };
}
