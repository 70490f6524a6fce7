import type { WebPreferences } from 'electron';
import { APP_CSP } from '../core/api/csp';

/**
 * The desktop shell's security decisions as pure functions, so they are
 * tested without an Electron binary and main.ts only wires them up.
 *
 * The renderer is served from a privileged custom scheme rather than
 * file://, which gives it a real origin of its own (file:// would make every
 * local file same-origin with the app).
 */
export const APP_SCHEME = 'ledgerdesk';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The same policy the web mode sends; Electron needs no ws: entry. */
export const CSP = APP_CSP;

function parse(url: string | null | undefined): URL | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : path + '/';
}

/**
 * Is `frameUrl` the app's own page? `appOrigin` is either a scheme://host
 * origin (the custom protocol) — matched exactly, no credentials — or the
 * file:// URL of the renderer's directory, in which case only files under
 * that directory on the local machine count. Everything else (https:,
 * data:, about:blank, blob:, other local files) is untrusted.
 */
export function isTrustedSender(frameUrl: string | null | undefined, appOrigin: string): boolean {
  const frame = parse(frameUrl);
  const app = parse(appOrigin);
  if (!frame || !app) return false;
  if (frame.username !== '' || frame.password !== '') return false;
  if (frame.protocol !== app.protocol) return false;
  if (app.protocol === 'file:') {
    return frame.host === '' && app.host === '' && frame.pathname.startsWith(withSlash(app.pathname));
  }
  return app.host !== '' && frame.host === app.host;
}

export type Decision = 'allow' | 'deny';

/** Navigation is denied unless it stays on the app's own page (its index, with any query or hash). */
export function navigationDecision(url: string, appOrigin: string): Decision {
  if (!isTrustedSender(url, appOrigin)) return 'deny';
  const target = parse(url);
  const app = parse(appOrigin);
  if (!target || !app) return 'deny';
  const base = app.protocol === 'file:' ? withSlash(app.pathname) : '/';
  return target.pathname === base || target.pathname === base + 'index.html' ? 'allow' : 'deny';
}

/** No new windows, ever: links that want one are ignored. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** No camera, microphone, notifications, geolocation...: the monitor needs none. */
export function permissionDecision(): false {
  return false;
}

/** The window's webPreferences: isolation, sandbox and web security on, every Node/remote door shut. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences;
