/**
 * A minimal hand-written Binance client for protocol tests: it builds
 * requests exactly as the documentation's curl examples do, so the fake is
 * checked against the documents, not against ccxt.
 */
import { hmacSha256Hex } from '../../fixtures/fake-binance/signature';

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

export interface RawRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query?: string;
  readonly body?: string;
  readonly apiKey?: string;
}

export async function raw(restUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = restUrl + req.path + (req.query === undefined || req.query === '' ? '' : `?${req.query}`);
  const headers: Record<string, string> = {};
  if (req.apiKey !== undefined) headers['X-MBX-APIKEY'] = req.apiKey;
  if (req.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url, { method: req.method, headers, ...(req.body === undefined ? {} : { body: req.body }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** `k=v&...&timestamp=..&signature=..` for a SIGNED request, percent-encoded as the docs show. */
export function signedQuery(secret: string, params: Readonly<Record<string, string>>, timestamp: number): string {
  const payload = new URLSearchParams({ ...params, timestamp: String(timestamp) }).toString();
  return `${payload}&signature=${hmacSha256Hex(secret, payload)}`;
}

export interface SignedClient {
  get(path: string, params?: Readonly<Record<string, string>>): Promise<RawResponse>;
  del(path: string, params?: Readonly<Record<string, string>>): Promise<RawResponse>;
  /** POST with the signed parameters in the form body. */
  post(path: string, params?: Readonly<Record<string, string>>): Promise<RawResponse>;
}

export function signedClient(fake: { restUrl: string; apiKey: string; secret: string; serverTime(): number }): SignedClient {
  const q = (params: Readonly<Record<string, string>>) => signedQuery(fake.secret, params, fake.serverTime());
  return {
    get: (path, params = {}) => raw(fake.restUrl, { method: 'GET', path, query: q(params), apiKey: fake.apiKey }),
    del: (path, params = {}) => raw(fake.restUrl, { method: 'DELETE', path, query: q(params), apiKey: fake.apiKey }),
    post: (path, params = {}) => raw(fake.restUrl, { method: 'POST', path, body: q(params), apiKey: fake.apiKey }),
  };
}
