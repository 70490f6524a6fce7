// An in-memory stand-in for Electron's ipcMain/ipcRenderer pair: values are
// structured-cloned as real IPC would, and every invoke carries a sender frame
// URL the test chooses.
import type { IpcMainLike, InvokeEventLike, SenderLike } from '../../../electron/ipc';
import type { IpcRendererLike } from '../../../electron/preload-bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

export class FakeSender implements SenderLike {
  readonly id: number;
  private destroyed = false;
  private readonly destroyListeners: (() => void)[] = [];
  readonly sent: { channel: string; args: unknown[] }[] = [];
  /** Where sent messages go (the renderer side's listeners). */
  deliver: (channel: string, args: unknown[]) => void = () => {};

  constructor(id: number) {
    this.id = id;
  }
  send(channel: string, ...args: unknown[]): void {
    const cloned = structuredClone(args);
    this.sent.push({ channel, args: cloned });
    this.deliver(channel, cloned);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void): void {
    this.destroyListeners.push(listener);
  }
  destroy(): void {
    this.destroyed = true;
    for (const l of this.destroyListeners.splice(0)) l();
  }
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, frameUrl: string | null, sender: SenderLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event: InvokeEventLike = { senderFrame: frameUrl === null ? null : { url: frameUrl }, sender };
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

/** The renderer half, bound to one window (sender) showing `frameUrl`. */
export function fakeIpcRenderer(main: FakeIpcMain, sender: FakeSender, frameUrl: () => string): IpcRendererLike {
  const listeners = new Map<string, Set<Listener>>();
  sender.deliver = (channel, args) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipc-renderer-event' }, ...args);
  };
  return {
    invoke: (channel, ...args) => main.invoke(channel, frameUrl(), sender, ...args),
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
}
