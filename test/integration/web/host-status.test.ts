import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import type { EngineStatus } from '../../../core/engine/status';
import { dispatch } from '../../../core/api/dispatch';
import { appContract, createHost, type AppHost } from '../../../web/host';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
let host: AppHost | undefined;
let dir: string | undefined;

afterEach(async () => {
  await host?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  host = undefined;
  dir = undefined;
});

describe('web/host.ts status source (the engine behind the status channel)', () => {
  it('pushes the current status at once, then on session start, on every bar (with balances) and on pause', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerdesk-host-status-'));
    const clock = new VirtualClock(T0);
    host = await createHost(dir, { clock, onError: () => {} });
    const seen: EngineStatus[] = [];
    const stop = host.status?.((s) => seen.push(s));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ mode: 'none', market: [], balances: [] });

    // As a transport would: wire JSON through the contract.
    const started = await dispatch(appContract, host.handlers, 'startPaperSession', {
      symbols: [{ symbol: 'BTC/USDT', start_price: '30000' }],
      balances: { USDT: '100000' },
      source: { kind: 'synthetic', seed: 3 },
    });
    expect(started).toMatchObject({ ok: true, value: { mode: 'paper' } });
    expect(seen.at(-1)?.mode).toBe('paper');

    const before = seen.length;
    await clock.advanceAsync(3 * 60_000);
    const bars = seen.slice(before);
    expect(bars.length).toBeGreaterThanOrEqual(3);
    const last = bars.at(-1);
    expect(last?.market.map((m) => m.symbol)).toEqual(['BTC/USDT']);
    // The bar itself, for the chart: low <= open, close <= high, and `at` is its close time.
    const bar = last?.market[0];
    expect(bar && Number(bar.low) <= Math.min(Number(bar.open), Number(bar.last))).toBe(true);
    expect(bar && Number(bar.high) >= Math.max(Number(bar.open), Number(bar.last))).toBe(true);
    expect(bar && bar.at - bar.openTime).toBe(60_000);
    expect(last?.balances).toEqual([{ asset: 'USDT', free: '100000', locked: '0' }]);

    await host.handlers.pausePaper(undefined);
    expect(seen.at(-1)?.paused).toBe(true);
    stop?.();
    await host.handlers.resumePaper(undefined);
    expect(seen.at(-1)?.paused).toBe(true);
  });
});
