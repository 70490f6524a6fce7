import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../../core/ledger';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const KILLS_PER_LANE = 25;
const LANES = 2; // two ledger files killed side by side: 50 kills in about half the time

interface Run {
  readonly committed: { orderId: string; tradeId: string }[];
}

/** Start the writer, let it write for a random moment after it is ready, SIGKILL it, collect what it reported committed. */
async function crashOnce(path: string, tag: string, killAfterMs: number): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', CHILD, path, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.startsWith('READY\n')) resolve();
    });
  });
  child.stderr.on('data', (chunk: string) => (err += chunk));
  const closed = new Promise<string | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  await Promise.race([ready, closed]);
  await delay(killAfterMs);
  child.kill('SIGKILL');
  const signal = await closed;
  if (signal !== 'SIGKILL') throw new Error(`writer ${tag} ended by itself (${String(signal)}): ${err}`);
  const lines = out.split('\n');
  lines.pop(); // an unfinished last line was never fully reported
  return {
    committed: lines
      .filter((l) => l.startsWith('C '))
      .map((l) => {
        const [, orderId = '', tradeId = ''] = l.split(' ');
        return { orderId, tradeId };
      }),
  };
}

function verify(path: string, run: Run): { fills: number } {
  const ledger = openLedger(path);
  try {
    expect(ledger.database.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(ledger.database.pragma('foreign_key_check')).toEqual([]);
    const report = ledger.checkInvariants();
    expect(report.violations).toEqual([]);
    const present = ledger.database.prepare('SELECT 1 FROM fills WHERE parent_order_id = ? AND trade_id = ?').pluck();
    const missing = run.committed.filter((c) => present.get(c.orderId, c.tradeId) === undefined);
    expect(missing).toEqual([]);
    return { fills: report.counted.fills };
  } finally {
    ledger.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash safety', () => {
  it(
    `survives ${KILLS_PER_LANE * LANES} SIGKILLs at random moments: integrity, invariants, no committed fill lost`,
    async () => {
      const lane = async (n: number) => {
        const path = join(dir, `lane${n}.db`);
        let reported = 0;
        let fills = 0;
        for (let i = 0; i < KILLS_PER_LANE; i++) {
          const run = await crashOnce(path, `L${n}K${i}`, Math.floor(Math.random() * 120));
          reported += run.committed.length;
          fills = verify(path, run).fills;
        }
        return { reported, fills };
      };
      const lanes = await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n)));
      for (const l of lanes) {
        expect(l.reported).toBeGreaterThan(0); // the kills did land while fills were being written
        expect(l.fills).toBeGreaterThanOrEqual(l.reported);
      }
    },
    180_000,
  );
});
