import { describe, expect, it } from 'vitest';
import type { BridgeCore, MenuCommand } from '../../../core/api/bridge';
import { createClient } from '../../../core/api/client';
import { dispatch } from '../../../core/api/dispatch';
import { Decimal } from '../../../core/domain/decimal';
import { createElectronTransport } from '../../../renderer/src/api/electron-transport';
import { choosePageTransport, NoAccessTokenError, takeToken, type PageEnv } from '../../../renderer/src/api/page-transport';
import type { SocketFactory } from '../../../renderer/src/api/ws-transport';
import { exampleContract, exampleHandlers } from './example-contract';

const TOKEN = 'ab'.repeat(32);

/** A bridge shaped like the preload's: one method per command (dispatching in-process) plus the stream and menu hooks. */
function fakeBridge(menu: ((c: MenuCommand) => void)[] = []) {
  const handlers = exampleHandlers();
  const core: BridgeCore = {
    subscribe: (_from, onMessage, onError) => {
      onMessage({ seq: 1, event: { type: 'fill', orderId: 'O', price: '1.5' } });
      onError?.({ code: 'UNAUTHORIZED', message: 'untrusted sender' });
      onError?.('garbage');
      return () => {};
    },
    onMenuCommand: (listener) => {
      menu.push(listener);
      return () => {};
    },
    onStatus: (listener) => {
      listener({ connected: true, last: '3.5' });
      listener({ connected: 'maybe' });
      return () => {};
    },
  };
  const methods = Object.fromEntries(
    Object.keys(exampleContract.commands).map((name) => [name, (payload: unknown) => dispatch(exampleContract, handlers, name, payload)]),
  );
  return { ...core, ...methods };
}

function env(search: string, bridge?: unknown) {
  const store = new Map<string, string>();
  const replaced: string[] = [];
  const e: PageEnv = {
    bridge,
    location: { protocol: 'http:', host: '127.0.0.1:4780', search, pathname: '/', hash: '#/plans' },
    sessionStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    history: { replaceState: (_d, _t, url) => void replaced.push(String(url)) },
  };
  return { env: e, store, replaced };
}

describe('choosing the page transport', () => {
  it('uses the preload bridge when present, and routes menu commands from it', async () => {
    const menu: ((c: MenuCommand) => void)[] = [];
    const page = choosePageTransport(env('', fakeBridge(menu)).env);
    expect(page.kind).toBe('electron');
    expect(page.connection()).toBe('open');
    const seen: MenuCommand[] = [];
    page.onMenuCommand((c) => seen.push(c));
    menu.forEach((listener) => listener('cancelAllInPlan'));
    expect(seen).toEqual(['cancelAllInPlan']);

    const client = createClient(exampleContract, page.transport);
    const result = await client.cancelGroup({ groupId: 'EXG_1' });
    expect(result.ok && result.value.filled.equals(new Decimal('0.12345678'))).toBe(true);
  });

  it('otherwise opens a WebSocket to the page host with the token from the URL, then hides the token', () => {
    const opened: { url: string; protocols: string[] }[] = [];
    const factory: SocketFactory = (url, protocols) => {
      opened.push({ url, protocols });
      return { send: () => {}, close: () => {} };
    };
    const { env: e, store, replaced } = env(`?token=${TOKEN}&plan=TPL_1`);
    const page = choosePageTransport(e, factory);
    expect(page.kind).toBe('web');
    expect(page.connection()).toBe('connecting');
    expect(opened).toEqual([{ url: 'ws://127.0.0.1:4780/ws', protocols: ['ledgerdesk.v1', `token.${TOKEN}`] }]);
    expect(replaced).toEqual(['/?plan=TPL_1#/plans']);
    expect([...store.values()]).toEqual([TOKEN]);
  });

  it('takes the token from sessionStorage on reload, and refuses to guess one', () => {
    const { env: e } = env(`?token=${TOKEN}`);
    takeToken(e);
    expect(takeToken({ ...e, location: { ...e.location, search: '' } })).toBe(TOKEN);
    expect(() => takeToken(env('').env)).toThrow(NoAccessTokenError);
    expect(() => takeToken(env('?token=short').env)).toThrow(NoAccessTokenError);
  });
});

describe('Electron transport', () => {
  it('answers UNKNOWN_COMMAND for a command the bridge does not expose, and normalises stream errors', async () => {
    const bridge = fakeBridge();
    const transport = createElectronTransport(bridge);
    expect(await transport.request('toString', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const messages: unknown[] = [];
    const errors: unknown[] = [];
    transport.subscribe(0, (m) => messages.push(m), (e) => errors.push(e));
    expect(messages).toHaveLength(1);
    expect(errors).toEqual([
      { code: 'UNAUTHORIZED', message: 'untrusted sender' },
      { code: 'INTERNAL', message: 'garbage' },
    ]);
  });

  it('decodes status pushes from the bridge and reports the ones that do not match', () => {
    const client = createClient(exampleContract, createElectronTransport(fakeBridge()));
    const seen: { connected: boolean; last: Decimal }[] = [];
    const errors: string[] = [];
    client.onStatus((s) => seen.push(s), (e) => errors.push(e.code));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.last.equals(new Decimal('3.5'))).toBe(true);
    expect(errors).toEqual(['BAD_RESPONSE']);
  });

  it('gives no status over a bridge without the status channel', () => {
    const { onStatus: _absent, ...older } = fakeBridge();
    const transport = createElectronTransport(older as unknown as ReturnType<typeof fakeBridge>);
    const seen: unknown[] = [];
    const off = transport.onStatus?.((s) => seen.push(s));
    off?.();
    expect(seen).toEqual([]);
  });
});

describe('the desktop transport unpacks the main process\'s frames', () => {
  it('hands each message of a JSON frame to the client in order; a frame that is not JSON or whose events are not a list is refused, not dropped', () => {
    const frames = [
      JSON.stringify({ events: [{ seq: 1, event: { type: 'fill', orderId: 'O1', price: '1.5' } }, { seq: 2, superseded: true }, { seq: 3, event: { type: 'fill', orderId: 'O2', price: '2' } }] }),
      '{"events":[',
      JSON.stringify({ events: { seq: 4 } }),
      JSON.stringify({ events: [{ seq: 5, event: { type: 'fill', orderId: 'O3', price: '3' } }] }),
    ];
    const bridge = {
      ...fakeBridge(),
      subscribe: (_from: number, onMessage: (m: unknown) => void) => {
        for (const f of frames) onMessage(f);
        return () => {};
      },
    };
    const seen: string[] = [];
    const errors: string[] = [];
    createClient(exampleContract, createElectronTransport(bridge)).subscribe(
      0,
      (m) => seen.push('superseded' in m ? `${m.seq}:superseded` : `${m.seq}:${(m.event as { orderId: string }).orderId}`),
      (e) => errors.push(e.code),
    );
    expect(seen).toEqual(['1:O1', '2:superseded', '3:O2', '5:O3']);
    expect(errors).toEqual(['BAD_RESPONSE', 'BAD_RESPONSE']);
  });
});
