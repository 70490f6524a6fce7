import { timingSafeEqual } from 'node:crypto';
import { TOKEN_PATTERN, TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL } from '../core/api/ws-protocol';

export interface UpgradeRequest {
  readonly url?: string;
  readonly headers: {
    readonly host?: string;
    readonly origin?: string;
    readonly 'sec-websocket-protocol'?: string;
  };
}

export interface Refusal {
  readonly status: 401 | 403 | 404;
  readonly reason: string;
}

/**
 * Decides, before any upgrade, whether a WebSocket handshake may proceed.
 * Any web page the user visits can open a socket to 127.0.0.1, so the
 * handshake must come from our own page (Origin) and carry this run's token
 * (which only the printed URL holds); the Host check defeats DNS rebinding.
 */
export function checkUpgrade(req: UpgradeRequest, expected: { origin: string; host: string; token: string }): Refusal | undefined {
  const path = (req.url ?? '').split('?')[0];
  if (path !== WS_PATH) return { status: 404, reason: 'no such endpoint' };
  if (req.headers.host !== expected.host) return { status: 403, reason: 'wrong host' };
  if (req.headers.origin !== expected.origin) return { status: 403, reason: 'wrong origin' };
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(WS_PROTOCOL)) return { status: 401, reason: 'missing protocol' };
  const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
  if (token === undefined || !tokensEqual(token, expected.token)) return { status: 401, reason: 'missing or wrong token' };
  return undefined;
}

export function tokensEqual(given: string, expected: string): boolean {
  if (!TOKEN_PATTERN.test(given)) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
