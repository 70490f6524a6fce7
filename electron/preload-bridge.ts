import {
  commandChannel,
  EVENT_CHANNEL,
  isMenuCommand,
  MENU_CHANNEL,
  STATUS_CHANNEL,
  STATUS_UNWATCH_CHANNEL,
  STATUS_WATCH_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  type BridgeCore,
} from '../core/api/bridge';

/** The parts of Electron's ipcRenderer the bridge uses (so tests can fake them). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function failureOf(result: unknown): unknown {
  if (typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === false) {
    return (result as { error?: unknown }).error;
  }
  return undefined;
}

/**
 * What the preload exposes as `window.ledgerdesk`: one named method per
 * command and the stream/menu hooks — plain functions closed over
 * ipcRenderer, never ipcRenderer itself, and no channel can be chosen by the
 * page. Listeners receive message payloads only, never the IPC event.
 */
export function createBridge(ipc: IpcRendererLike, names: readonly string[]): BridgeCore & Record<string, unknown> {
  const commands = Object.fromEntries(
    names.map((name) => [name, (payload: unknown): Promise<unknown> => ipc.invoke(commandChannel(name), payload)]),
  );
  let current: ((event: unknown, ...args: unknown[]) => void) | undefined;
  let currentStatus: ((event: unknown, ...args: unknown[]) => void) | undefined;

  const core: BridgeCore = {
    subscribe(fromSeq, onMessage, onError) {
      if (current) ipc.removeListener(EVENT_CHANNEL, current);
      const listener = (_event: unknown, message: unknown) => onMessage(message);
      current = listener;
      ipc.on(EVENT_CHANNEL, listener);
      ipc.invoke(SUBSCRIBE_CHANNEL, fromSeq).then(
        (result) => {
          const error = failureOf(result);
          if (error !== undefined) onError?.(error);
        },
        (error: unknown) => onError?.(error instanceof Error ? error.message : error),
      );
      return () => {
        if (current !== listener) return;
        current = undefined;
        ipc.removeListener(EVENT_CHANNEL, listener);
        void ipc.invoke(UNSUBSCRIBE_CHANNEL);
      };
    },
    onMenuCommand(listener) {
      const wrapped = (_event: unknown, command: unknown) => {
        if (isMenuCommand(command)) listener(command);
      };
      ipc.on(MENU_CHANNEL, wrapped);
      return () => void ipc.removeListener(MENU_CHANNEL, wrapped);
    },
    // One watcher per page, like the stream: a new one replaces the old.
    onStatus(listener) {
      if (currentStatus) ipc.removeListener(STATUS_CHANNEL, currentStatus);
      const wrapped = (_event: unknown, status: unknown) => listener(status);
      currentStatus = wrapped;
      ipc.on(STATUS_CHANNEL, wrapped);
      void ipc.invoke(STATUS_WATCH_CHANNEL).catch(() => undefined);
      return () => {
        if (currentStatus !== wrapped) return;
        currentStatus = undefined;
        ipc.removeListener(STATUS_CHANNEL, wrapped);
        void ipc.invoke(STATUS_UNWATCH_CHANNEL).catch(() => undefined);
      };
    },
  };
  return { ...commands, ...core };
}
