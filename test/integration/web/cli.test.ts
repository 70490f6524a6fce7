import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWebCliArgs } from '../../../web/cli-args';
import { appContract, createHost } from '../../../web/host';
import { runWebCli } from '../../../web/run-web';
import { exampleContract, exampleHandlers } from '../../unit/api/example-contract';
import { connect, FakeOutbox, makeStaticDir } from './helpers';

const dirs = makeStaticDir();
afterAll(() => dirs.cleanup());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) };
}

describe('web CLI arguments', () => {
  it('accepts --port and --data-dir in both spellings, resolving the directory', () => {
    expect(parseWebCliArgs(['--port', '8080', '--data-dir', 'data'], '/home/u')).toEqual({
      kind: 'run',
      options: { port: 8080, dataDir: '/home/u/data' },
    });
    expect(parseWebCliArgs(['--data-dir=/srv/ld'], '/x')).toEqual({ kind: 'run', options: { port: 0, dataDir: '/srv/ld' } });
  });

  it('refuses bad ports, a missing data dir, unknown options and positionals', () => {
    for (const argv of [
      ['--port', 'abc', '--data-dir', 'd'],
      ['--port', '65536', '--data-dir', 'd'],
      ['--port', '-1', '--data-dir', 'd'],
      ['--port', '80.5', '--data-dir', 'd'],
      ['--port', '8080'],
      ['--data-dir', ''],
      ['--data-dir', 'd', '--open'],
      ['--data-dir', 'd', 'extra'],
      ['--port'],
    ]) {
      expect(parseWebCliArgs(argv, '/').kind, argv.join(' ')).toBe('error');
    }
  });
});

describe('runWebCli', () => {
  it('starts the server over the host and prints the URL with its token on a line of its own', async () => {
    const io = capture();
    const outbox = new FakeOutbox<never>();
    let closedHost = false;
    const outcome = await runWebCli(['--port', '0', '--data-dir', join(dirs.root, 'data')], {
      contract: exampleContract,
      createHost: async () => ({ handlers: exampleHandlers(), subscribe: outbox.subscribe, close: async () => void (closedHost = true) }),
      staticDir: dirs.staticDir,
      cwd: dirs.root,
      ...io,
    });
    expect(outcome.exitCode).toBeNull();
    if (outcome.exitCode !== null) return;
    expect(io.out).toEqual([outcome.server.url]);
    expect(io.out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect(existsSync(join(dirs.root, 'data'))).toBe(true);

    const c = await connect(outcome.server);
    c.send({ id: 1, command: 'ping' });
    expect(await c.next()).toEqual({ id: 1, result: { ok: true, value: 'pong' } });
    c.ws.close();
    await outcome.stop();
    expect(closedHost).toBe(true);
  });

  it('serves the real engine over the contract: status and a refused directive', async () => {
    const io = capture();
    const outcome = await runWebCli(['--data-dir', join(dirs.root, 'data2')], {
      contract: appContract,
      createHost,
      staticDir: dirs.staticDir,
      cwd: dirs.root,
      ...io,
    });
    expect(outcome.exitCode).toBeNull();
    if (outcome.exitCode !== null) return;
    expect(existsSync(join(dirs.root, 'data2', 'ledger.sqlite'))).toBe(true);
    const c = await connect(outcome.server);
    c.send({ id: 1, command: 'status', payload: {} });
    expect(await c.next()).toMatchObject({ id: 1, result: { ok: true, value: { mode: 'none' } } });
    c.send({ id: 2, command: 'submitDirective', payload: { directive_id: 'bad' } });
    expect(await c.next()).toMatchObject({ id: 2, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    c.ws.close();
    await outcome.stop();
  });

  it('exits 2 when --data-dir is a file, and 1 when the renderer is not built', async () => {
    const file = join(dirs.root, 'a-file');
    writeFileSync(file, '');
    const deps = { contract: exampleContract, createHost: () => Promise.reject(new Error('not reached')), cwd: dirs.root };
    expect((await runWebCli(['--data-dir', file], { ...deps, staticDir: dirs.staticDir, ...capture() })).exitCode).toBe(2);
    const io = capture();
    expect((await runWebCli(['--data-dir', 'd'], { ...deps, staticDir: join(dirs.root, 'nope'), ...io })).exitCode).toBe(1);
    expect(io.err.join('\n')).toContain('npm run build:renderer');
  });

  it('exits the real process with code 2 and a usage message on bad arguments', async () => {
    const repo = fileURLToPath(new URL('../../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'web/cli.ts'), '--port', '99999', '--data-dir', 'x'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be an integer from 0 to 65535');
    expect(stderr).toContain('usage:');
  });
});
