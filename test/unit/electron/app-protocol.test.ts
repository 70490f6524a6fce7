import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../electron/app-protocol';
import { APP_ORIGIN, CSP } from '../../../electron/security';
import { realStaticRoot } from '../../../web/static-files';
import { makeStaticDir, SECRET } from '../../integration/web/helpers';

const dirs = makeStaticDir();
let handler: (request: Request) => Promise<Response>;
beforeAll(async () => {
  handler = createAppProtocolHandler(await realStaticRoot(dirs.staticDir));
});
afterAll(() => dirs.cleanup());

describe('the ledgerdesk:// protocol handler', () => {
  it('serves the renderer with the CSP and content types', async () => {
    const index = await handler(new Request(`${APP_ORIGIN}/index.html`));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(await index.text()).toContain('<title>Ledgerdesk</title>');
    const js = await handler(new Request(`${APP_ORIGIN}/assets/app.js`));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handler(new Request(`${APP_ORIGIN}/plans/TPL_1`))).status).toBe(200);
  });

  it('never serves outside the renderer directory, nor for another host', async () => {
    for (const path of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await handler(new Request(`${APP_ORIGIN}${path}`));
      expect([403, 404], path).toContain(res.status);
      expect(await res.text()).not.toContain(SECRET);
    }
    expect((await handler(new Request('ledgerdesk://evil/index.html'))).status).toBe(404);
    expect((await handler(new Request(`${APP_ORIGIN}/index.html`, { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
