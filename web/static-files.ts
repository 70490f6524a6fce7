import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../core/api/csp';

/**
 * Serving the built renderer from a directory, shared by the web server and
 * Electron's app:// protocol: resolution (no escaping the directory, SPA
 * fallback), content types and the security headers every response carries.
 */
export type StaticResolution =
  | { readonly kind: 'file'; readonly path: string; readonly contentType: string; readonly size: number }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'forbidden' };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers for every response of the renderer's origin; `connectSrc` adds the web mode's ws:// endpoint. */
export function securityHeaders(connectSrc: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The page URL carries the session token: never send it on as a referrer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function fileAt(root: string, candidate: string): Promise<StaticResolution | undefined> {
  try {
    const info = await stat(candidate);
    if (info.isDirectory()) return fileAt(root, join(candidate, 'index.html'));
    if (!info.isFile()) return undefined;
    // A symlink inside the directory must not lead out of it.
    const real = await realpath(candidate);
    if (!isInside(root, real)) return { kind: 'forbidden' };
    return { kind: 'file', path: real, contentType: contentTypeFor(real), size: info.size };
  } catch {
    return undefined;
  }
}

/**
 * Maps a URL pathname (still percent-encoded) to a file under `root`, which
 * must already be a real path (see `realStaticRoot`). Anything that decodes
 * to a path outside the root — '..%2f', backslashes, NUL — is forbidden. A
 * missing path without an extension is a client-side route and gets
 * index.html; a missing asset is not found.
 */
export async function resolveStatic(root: string, pathname: string): Promise<StaticResolution> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'forbidden' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  const target = resolve(root, '.' + decoded);
  if (!isInside(root, target)) return { kind: 'forbidden' };

  const found = await fileAt(root, target);
  if (found) return found;
  if (extname(decoded) === '') return (await fileAt(root, join(root, 'index.html'))) ?? { kind: 'not-found' };
  return { kind: 'not-found' };
}

export async function realStaticRoot(dir: string): Promise<string> {
  const real = await realpath(dir);
  if (!(await stat(real)).isDirectory()) throw new Error(`${dir} is not a directory`);
  return real;
}
