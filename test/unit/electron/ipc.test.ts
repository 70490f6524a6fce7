import { setImmediate as afterTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  EVENT_CHANNEL,
  MENU_CHANNEL,
  STATUS_CHANNEL,
  STATUS_UNWATCH_CHANNEL,
  STATUS_WATCH_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  type MenuCommand,
} from '../../../core/api/bridge';
import { createClient } from '../../../core/api/client';
import type { StreamEvent, StreamMessage } from '../../../core/api/define';
import { Decimal } from '../../../core/domain/decimal';
import { bindContract } from '../../../electron/ipc';
import { createBridge } from '../../../electron/preload-bridge';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../electron/security';
import { createElectronTransport } from '../../../renderer/src/api/electron-transport';
import { FakeOutbox } from '../../integration/web/helpers';
import { exampleContract, exampleHandlers, FakeStatus, PRICE } from '../api/example-contract';
import { FakeIpcMain, FakeSender, fakeIpcRenderer } from './fake-ipc';

/** What the window was sent on the event channel: one JSON frame per turn. */
const framesSent = (sender: FakeSender) => sender.sent.filter((s) => s.channel === EVENT_CHANNEL).map((s) => JSON.parse(String(s.args[0])) as unknown);

type ExampleEvent = { type: 'fill'; orderId: string; price: Decimal } | { type: 'groupCancelled'; groupId: string; filled: Decimal };

function setup() {
  const ipcMain = new FakeIpcMain();
  const outbox = new FakeOutbox<ExampleEvent>();
  const status = new FakeStatus();
  const calls: unknown[] = [];
  const errors: string[] = [];
  const unbind = bindContract(ipcMain, exampleContract, exampleHandlers(calls), APP_ORIGIN, {
    subscribe: outbox.subscribe,
    status: status.source,
    onError: (context) => errors.push(context),
  });
  return { ipcMain, outbox, status, calls, errors, unbind };
}

describe('bindContract', () => {
  it('registers one handler per command, generated from the contract, plus the stream channels', () => {
    const { ipcMain, unbind } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      [
        'ledgerdesk:cancelGroup',
        'ledgerdesk:ping',
        'ledgerdesk:quote',
        SUBSCRIBE_CHANNEL,
        UNSUBSCRIBE_CHANNEL,
        STATUS_WATCH_CHANNEL,
        STATUS_UNWATCH_CHANNEL,
      ].sort(),
    );
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('refuses calls from any frame but the app page with UNAUTHORIZED, without running anything', async () => {
    const { ipcMain, calls, outbox, status } = setup();
    const sender = new FakeSender(1);
    for (const url of ['https://evil.example/', 'about:blank', 'data:text/html,x', 'file:///tmp/x.html', null]) {
      expect(await ipcMain.invoke(STATUS_WATCH_CHANNEL, url, sender)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(await ipcMain.invoke('ledgerdesk:cancelGroup', url, sender, { groupId: 'EXG_1' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect(await ipcMain.invoke(SUBSCRIBE_CHANNEL, url, sender, 0)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(calls).toEqual([]);
    expect(outbox.subscriberCount).toBe(0);
    expect(status.watcherCount).toBe(0);
    expect(sender.sent).toEqual([]);
  });

  it('validates payloads through dispatch', async () => {
    const { ipcMain, calls } = setup();
    const sender = new FakeSender(1);
    expect(await ipcMain.invoke('ledgerdesk:cancelGroup', APP_ENTRY_URL, sender, { groupId: ['EXG_1'] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('groupId') },
    });
    expect(await ipcMain.invoke(SUBSCRIBE_CHANNEL, APP_ENTRY_URL, sender, -1)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ipcMain.invoke('ledgerdesk:cancelGroup', APP_ENTRY_URL, sender, { groupId: 'EXG_1' })).toMatchObject({
      ok: true,
      value: { filled: '0.12345678' },
    });
    expect(calls).toEqual(['EXG_1']);
  });

  it('streams to the subscribing window, one stream per window, and stops when the window goes', async () => {
    const { ipcMain, outbox } = setup();
    const sender = new FakeSender(7);
    outbox.emit({ type: 'fill', orderId: 'ORD_1', price: new Decimal('5') });
    expect(await ipcMain.invoke(SUBSCRIBE_CHANNEL, APP_ENTRY_URL, sender, 0)).toEqual({ ok: true, value: null });
    outbox.emit({ type: 'fill', orderId: 'ORD_2', price: new Decimal('6.5') });
    expect(sender.sent).toEqual([]); // the turn's events leave together when it ends
    await afterTurn();
    outbox.emit({ type: 'fill', orderId: 'ORD_3', price: new Decimal('7') });
    await ipcMain.invoke(SUBSCRIBE_CHANNEL, APP_ENTRY_URL, sender, 3); // a resubscription sends what the old stream had batched first
    expect(framesSent(sender)).toEqual([
      { events: [{ seq: 1, event: { type: 'fill', orderId: 'ORD_1', price: '5' } }, { seq: 2, event: { type: 'fill', orderId: 'ORD_2', price: '6.5' } }] },
      { events: [{ seq: 3, event: { type: 'fill', orderId: 'ORD_3', price: '7' } }] },
    ]);
    expect(outbox.subscriberCount).toBe(1);
    sender.destroy();
    expect(outbox.subscriberCount).toBe(0);
  });
});

describe('bindContract with the host’s wire-form events (subscribeEncoded)', () => {
  it('sends each event as the host holds it (its text), never the same seq twice, an event superseded in the frame as its stand-in, never the key', async () => {
    const ipcMain = new FakeIpcMain();
    const pushes: ((m: StreamEvent<unknown>) => void)[] = [];
    const decoded = new FakeOutbox<ExampleEvent>();
    bindContract(ipcMain, exampleContract, exampleHandlers([]), APP_ORIGIN, {
      subscribe: decoded.subscribe,
      subscribeEncoded: (_from, push) => {
        pushes.push(push as (m: StreamEvent<unknown>) => void);
        return () => undefined;
      },
    });
    const sender = new FakeSender(3);
    await ipcMain.invoke(SUBSCRIBE_CHANNEL, APP_ENTRY_URL, sender, 0);
    const event = { type: 'fill', orderId: 'ORD_1', price: '5' };
    pushes[0]?.({ seq: 1, event, text: '{"seq":1,"event":{"held":true}}', key: 'order:ORD_1' });
    pushes[0]?.({ seq: 1, event }); // a replay overlapping the live tail
    pushes[0]?.({ seq: 2, event: { ...event, orderId: 'ORD_2' }, key: 'order:ORD_2' });
    pushes[0]?.({ seq: 3, event: { ...event, price: '6' }, key: 'order:ORD_1' });
    await afterTurn();
    expect(framesSent(sender)).toEqual([{ events: [{ seq: 1, superseded: true }, { seq: 2, event: { ...event, orderId: 'ORD_2' } }, { seq: 3, event: { ...event, price: '6' } }] }]);
    expect(sender.sent.every((s) => s.channel === EVENT_CHANNEL && typeof s.args[0] === 'string')).toBe(true);
    expect(decoded.subscriberCount).toBe(0);
  });
});

describe('status pushes over IPC', () => {
  it('sends the current status to the watching window, then each change, one watcher per window, until it goes', async () => {
    const { ipcMain, status } = setup();
    const sender = new FakeSender(4);
    status.set(true, '42.5');
    expect(await ipcMain.invoke(STATUS_WATCH_CHANNEL, APP_ENTRY_URL, sender)).toEqual({ ok: true, value: null });
    status.set(false, '43');
    expect(await ipcMain.invoke(STATUS_WATCH_CHANNEL, APP_ENTRY_URL, sender)).toEqual({ ok: true, value: null });
    expect(status.watcherCount).toBe(1);
    expect(sender.sent).toEqual([
      { channel: STATUS_CHANNEL, args: [{ connected: true, last: '42.5' }] },
      { channel: STATUS_CHANNEL, args: [{ connected: false, last: '43' }] },
      { channel: STATUS_CHANNEL, args: [{ connected: false, last: '43' }] },
    ]);
    await ipcMain.invoke(STATUS_UNWATCH_CHANNEL, APP_ENTRY_URL, sender);
    expect(status.watcherCount).toBe(0);
    await ipcMain.invoke(STATUS_WATCH_CHANNEL, APP_ENTRY_URL, sender);
    sender.destroy();
    expect(status.watcherCount).toBe(0);
  });

  it('reaches the client decoded through the bridge', async () => {
    const { ipcMain, status } = setup();
    const sender = new FakeSender(5);
    const bridge = createBridge(fakeIpcRenderer(ipcMain, sender, () => APP_ENTRY_URL), Object.keys(exampleContract.commands));
    const client = createClient(exampleContract, createElectronTransport(bridge));
    const seen: string[] = [];
    const off = client.onStatus((s) => seen.push(s.last.toFixed()));
    await client.ping();
    status.set(true, '9.75');
    expect(seen).toEqual(['0', '9.75']);
    off();
    await client.ping();
    expect(status.watcherCount).toBe(0);
  });
});

describe('the whole desktop path without Electron: client -> transport -> bridge -> ipc -> dispatch', () => {
  it('carries commands and events with their domain types', async () => {
    const { ipcMain, outbox } = setup();
    const sender = new FakeSender(3);
    let frameUrl = APP_ENTRY_URL;
    const bridge = createBridge(fakeIpcRenderer(ipcMain, sender, () => frameUrl), Object.keys(exampleContract.commands));
    const client = createClient(exampleContract, createElectronTransport(bridge));

    const quote = await client.quote({ symbol: 'BTC/USD', quantity: new Decimal('2') });
    expect(quote.ok && quote.value.notional.equals(PRICE.times(2))).toBe(true);

    const events: StreamMessage<unknown>[] = [];
    const stop = client.subscribe(0, (m) => events.push(m));
    // The subscription is registered once the invoke has been handled.
    await client.ping();
    outbox.emit({ type: 'groupCancelled', groupId: 'EXG_2', filled: new Decimal('1.25') });
    await afterTurn();
    expect(events).toHaveLength(1);
    expect((events.flatMap((m) => ('event' in m ? [m.event] : []))[0] as { filled: Decimal }).filled.equals(new Decimal('1.25'))).toBe(true);
    stop();
    await client.ping();
    expect(outbox.subscriberCount).toBe(0);

    // If the page is navigated away (it should not be able to), the new page gets nothing.
    frameUrl = 'https://evil.example/';
    expect(await client.ping()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('exposes only named functions: no ipcRenderer, no way to pick a channel', () => {
    const { ipcMain } = setup();
    const bridge = createBridge(fakeIpcRenderer(ipcMain, new FakeSender(1), () => APP_ENTRY_URL), ['cancelGroup', 'quote']);
    expect(Object.keys(bridge).sort()).toEqual(['cancelGroup', 'onMenuCommand', 'onStatus', 'quote', 'subscribe']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('passes menu commands to the renderer, ignoring anything that is not one', () => {
    const { ipcMain } = setup();
    const sender = new FakeSender(1);
    const bridge = createBridge(fakeIpcRenderer(ipcMain, sender, () => APP_ENTRY_URL), []);
    const seen: MenuCommand[] = [];
    const off = bridge.onMenuCommand((c) => seen.push(c));
    sender.send(MENU_CHANNEL, 'cancelAllInPlan');
    sender.send(MENU_CHANNEL, 'rm -rf');
    sender.send(MENU_CHANNEL, 'cancelEverything');
    off();
    sender.send(MENU_CHANNEL, 'cancelAllInPlan');
    expect(seen).toEqual(['cancelAllInPlan', 'cancelEverything']);
  });
});
