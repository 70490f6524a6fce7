import { readFile } from 'node:fs/promises';
import { resolveStatic, securityHeaders } from '../web/static-files';
import { APP_ORIGIN } from './security';

/**
 * Serves the built renderer on ledgerdesk://app/ with the same resolution
 * (no escaping the directory, SPA fallback) and the same headers, CSP
 * included, as the web mode. `staticRoot` must be a real path
 * (web/static-files realStaticRoot).
 */
export function createAppProtocolHandler(staticRoot: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const text = (status: number, body: string) =>
      new Response(body, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return text(400, 'bad url');
    }
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return text(404, 'not-found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    const found = await resolveStatic(staticRoot, url.pathname);
    if (found.kind !== 'file') return text(found.kind === 'forbidden' ? 403 : 404, found.kind);
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(found.path));
    return new Response(body, { status: 200, headers: { ...securityHeaders(), 'Content-Type': found.contentType } });
  };
}
