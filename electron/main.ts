// The desktop shell: one window over the engine. Everything with a decision
// in it lives in pure modules (security, menu, ipc, app-protocol) that are
// tested without Electron; this file only wires them to Electron's objects.
// Bundled to dist/electron/main.cjs by scripts/build-electron.mjs.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { MENU_CHANNEL, encodeCommandNamesArg } from '../core/api/bridge';
import { commandNames } from '../core/api/define';
import { desktopContract } from '../core/api/desktop-contract';
import { errorMessageOf } from '../core/api/errors';
import { realStaticRoot } from '../web/static-files';
import { appContract, createHost, type AppHost, type HostOptions } from '../web/host';
import { lineLogger } from '../web/live-host';
import { createAppProtocolHandler } from './app-protocol';
import { bindCommands, bindContract } from './ipc';
import { liveCredentials, liveSettingsHandlers, readLiveSettings } from './live-settings';
import { buildMenuTemplate } from './menu';
import { createSecretStore } from './secrets';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  CSP,
  navigationDecision,
  permissionDecision,
  WEB_PREFERENCES,
  windowOpenDecision,
} from './security';

// Must happen before 'ready': a standard, secure scheme gets a real origin and
// may use fetch; nothing else about it is privileged.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let mainWindow: BrowserWindow | undefined;
let host: AppHost | undefined;
let unbind: (() => void) | undefined;

function fatal(error: unknown): void {
  console.error('Ledgerdesk cannot start:', errorMessageOf(error));
  dialog.showErrorBox('Ledgerdesk cannot start', errorMessageOf(error));
  app.exit(1);
}

/** Applied to every webContents the app ever creates, the main window's included. */
function harden(contents: WebContents): void {
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (navigationDecision(event.url, APP_ORIGIN) === 'deny') event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => windowOpenDecision());
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    title: 'Ledgerdesk',
    webPreferences: {
      ...WEB_PREFERENCES,
      devTools: !app.isPackaged,
      preload: join(__dirname, 'preload.cjs'),
      additionalArguments: [encodeCommandNamesArg([...commandNames(appContract), ...commandNames(desktopContract)])],
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => (mainWindow = undefined));
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

const secretsOf = (userData: string) => createSecretStore({ safeStorage, dir: join(userData, 'secrets') });

/** Paper sessions, or the live venue in live.json with its keys from the OS keychain. */
function hostOptions(userData: string): HostOptions {
  const venue = readLiveSettings(userData);
  if (!venue) return {};
  return { live: { venue, credentials: liveCredentials(venue, secretsOf(userData)), logger: lineLogger((line) => console.error(line)) } };
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const staticRoot = await realStaticRoot(join(app.getAppPath(), 'dist', 'renderer'));
  protocol.handle(APP_SCHEME, createAppProtocolHandler(staticRoot));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(permissionDecision()));
  ses.setPermissionCheckHandler(() => permissionDecision());
  // The protocol handler already sends the CSP; this covers anything else the session loads.
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }),
  );

  // THE PLUG POINT is web/host.ts, shared with web mode. A live venue comes from
  // userData/live.json and its keys from safeStorage; web mode takes the same
  // option from its flags and environment (web/run-web.ts).
  host = await createHost(userData, hostOptions(userData));
  const unbindTrading = bindContract(ipcMain, appContract, host.handlers, APP_ORIGIN, {
    subscribe: host.subscribe,
    ...(host.subscribeEncoded ? { subscribeEncoded: host.subscribeEncoded } : {}),
    ...(host.status ? { status: host.status } : {}),
  });
  // The live venue and its keys, saved from the page for the next start.
  const unbindSettings = bindCommands(ipcMain, desktopContract, liveSettingsHandlers(userData, secretsOf(userData)), APP_ORIGIN);
  unbind = () => {
    unbindTrading();
    unbindSettings();
  };

  mainWindow = createWindow();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        isDev: !app.isPackaged,
        send: (command) => mainWindow?.webContents.send(MENU_CHANNEL, command),
      }),
    ),
  );
}

if (!app.requestSingleInstanceLock()) {
  // Two instances over one ledger would fight over the database: hand over to the first.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => app.quit());

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !host) return;
    // Close the engine (final commits, connectors) before the process goes.
    event.preventDefault();
    unbind?.();
    const closing = host;
    host = undefined;
    closing
      .close()
      .catch((error: unknown) => console.error('error while closing the engine:', errorMessageOf(error)))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app.whenReady().then(start).catch(fatal);
}
