// `npm run web -- --data-dir DIR [--port N] [--live EXCHANGE --symbols ...]`:
// the engine and the renderer in a browser, over 127.0.0.1. The engine comes
// from ./host (the plug point); see USAGE in ./cli-args for the options.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appContract, createHost } from './host';
import { runWebCli } from './run-web';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const outcome = await runWebCli(process.argv.slice(2), {
  contract: appContract,
  createHost,
  staticDir: resolve(repoRoot, 'dist/renderer'),
  cwd: process.cwd(),
  env: process.env,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});

if (outcome.exitCode !== null) process.exit(outcome.exitCode);
else {
  const { stop } = outcome;
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('ledgerdesk web: error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
