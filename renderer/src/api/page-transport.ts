import { BRIDGE_KEY, type Bridge, type MenuCommand } from '../../../core/api/bridge';
import { createClient, type Client, type ClientOptions, type Transport } from '../../../core/api/client';
import type { ContractSpec } from '../../../core/api/define';
import { TOKEN_PATTERN, WS_PATH } from '../../../core/api/ws-protocol';
import { createElectronTransport } from './electron-transport';
import { createWsTransport, type ConnectionStatus, type SocketFactory, type WsTransport } from './ws-transport';

/** Whichever transport this page runs over, with the hooks the store uses either way. */
export interface PageTransport {
  readonly kind: 'electron' | 'web';
  readonly transport: Transport;
  /** Web mode: the socket came back (resync). Never fires in Electron. */
  onReconnect(listener: () => void): () => void;
  /** The link to the host: the socket's state in web mode, always 'open' in Electron (IPC does not drop). */
  connection(): ConnectionStatus;
  onConnection(listener: (status: ConnectionStatus) => void): () => void;
  /** Desktop menu entries (Cancel all in plan, Cancel everything). Never fires in web mode. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** The parts of `window` the choice depends on (injectable for tests). */
export interface PageEnv {
  readonly bridge: unknown;
  readonly location: { readonly protocol: string; readonly host: string; readonly search: string; readonly pathname: string; readonly hash: string };
  readonly sessionStorage?: Pick<Storage, 'getItem' | 'setItem'>;
  readonly history?: Pick<History, 'replaceState'>;
}

export class NoAccessTokenError extends Error {
  override readonly name = 'NoAccessTokenError';
}

const TOKEN_KEY = 'ledgerdesk.token';
const noop = () => () => {};

function isBridge(value: unknown): value is Bridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { subscribe?: unknown }).subscribe === 'function' &&
    typeof (value as { onMenuCommand?: unknown }).onMenuCommand === 'function'
  );
}

/**
 * The page's access token: from `?token=` on first load (then moved out of
 * the address bar into sessionStorage, so it is not left on screen or in
 * history), from sessionStorage on reload.
 */
export function takeToken(env: PageEnv): string {
  const fromUrl = new URLSearchParams(env.location.search).get('token');
  if (fromUrl !== null && TOKEN_PATTERN.test(fromUrl)) {
    env.sessionStorage?.setItem(TOKEN_KEY, fromUrl);
    const params = new URLSearchParams(env.location.search);
    params.delete('token');
    const rest = params.toString();
    env.history?.replaceState(null, '', env.location.pathname + (rest ? `?${rest}` : '') + env.location.hash);
    return fromUrl;
  }
  const stored = env.sessionStorage?.getItem(TOKEN_KEY) ?? null;
  if (stored !== null && TOKEN_PATTERN.test(stored)) return stored;
  throw new NoAccessTokenError('no access token: open the exact URL the web server printed (it ends in ?token=...)');
}

/** Bridge present: Electron. Otherwise: WebSocket to this page's own host, with the token from the URL. */
export function choosePageTransport(env: PageEnv, socketFactory?: SocketFactory): PageTransport {
  if (isBridge(env.bridge)) {
    const bridge = env.bridge;
    return {
      kind: 'electron',
      transport: createElectronTransport(bridge),
      onReconnect: noop,
      connection: () => 'open',
      onConnection: noop,
      onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    };
  }
  const token = takeToken(env);
  const scheme = env.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws: WsTransport = createWsTransport(`${scheme}//${env.location.host}${WS_PATH}`, token, { socketFactory });
  return {
    kind: 'web',
    transport: ws,
    onReconnect: ws.onReconnect,
    connection: () => ws.status,
    onConnection: ws.onConnection,
    onMenuCommand: noop,
  };
}

/** For the app's entry point: this window's transport and a typed client of `contract` over it. */
export function connectApi<C extends ContractSpec>(contract: C, options: ClientOptions<C> = {}): PageTransport & { readonly client: Client<C> } {
  const page = choosePageTransport({
    bridge: (window as unknown as Record<string, unknown>)[BRIDGE_KEY],
    location: window.location,
    sessionStorage: window.sessionStorage,
    history: window.history,
  });
  return { ...page, client: createClient(contract, page.transport, options) };
}
