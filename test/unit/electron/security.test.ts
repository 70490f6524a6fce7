import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CSP,
  isTrustedSender,
  navigationDecision,
  permissionDecision,
  WEB_PREFERENCES,
  windowOpenDecision,
} from '../../../electron/security';

const FILE_APP = 'file:///opt/Ledgerdesk/resources/app.asar/dist/renderer/';

describe('isTrustedSender', () => {
  it("trusts the app's own pages on the custom origin", () => {
    expect(isTrustedSender(APP_ENTRY_URL, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender(`${APP_ORIGIN}/`, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender(`${APP_ORIGIN}/index.html?x=1#/plans/TPL_1`, APP_ORIGIN)).toBe(true);
  });

  it('refuses every other sender', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:4780/',
      'data:text/html,<script>1</script>',
      'about:blank',
      'about:srcdoc',
      `blob:${APP_ORIGIN}/0b1c`,
      'javascript:alert(1)',
      'ledgerdesk://evil/index.html',
      'ledgerdesk://app@evil/index.html',
      'ledgerdesk://app:1@evil/',
      'ledgerdesk://app.evil/',
      'ledgerdesk://app:8080/',
      'file:///etc/passwd',
      '',
      'not a url',
      null,
      undefined,
    ]) {
      expect(isTrustedSender(url, APP_ORIGIN), String(url)).toBe(false);
    }
  });

  it('with a file:// app origin, trusts only files under the renderer directory on this machine', () => {
    expect(isTrustedSender(FILE_APP + 'index.html', FILE_APP)).toBe(true);
    expect(isTrustedSender(FILE_APP + 'index.html', FILE_APP.slice(0, -1))).toBe(true);
    for (const url of [
      'https://evil.example/',
      'data:text/html,hi',
      'about:blank',
      'file:///etc/passwd',
      'file:///opt/Ledgerdesk/resources/app.asar/dist/renderer-evil/index.html',
      FILE_APP + '../../../../../../home/u/Downloads/evil.html',
      FILE_APP + '%2e%2e/evil.html',
      'file://fileserver/opt/Ledgerdesk/resources/app.asar/dist/renderer/index.html',
    ]) {
      expect(isTrustedSender(url, FILE_APP), url).toBe(false);
    }
  });
});

describe('navigationDecision', () => {
  it("allows only the app's own page", () => {
    expect(navigationDecision(APP_ENTRY_URL, APP_ORIGIN)).toBe('allow');
    expect(navigationDecision(`${APP_ORIGIN}/#/groups`, APP_ORIGIN)).toBe('allow');
    expect(navigationDecision(FILE_APP + 'index.html', FILE_APP)).toBe('allow');
  });

  it('denies everything else, including other paths of the app origin', () => {
    for (const url of [
      'https://evil.example/',
      'https://github.com/login',
      'http://127.0.0.1:4780/',
      'about:blank',
      'data:text/html,hi',
      'file:///etc/passwd',
      `${APP_ORIGIN}/assets/app.js`,
      'ledgerdesk://evil/index.html',
      'mailto:x@example.com',
    ]) {
      expect(navigationDecision(url, APP_ORIGIN), url).toBe('deny');
    }
    expect(navigationDecision(FILE_APP + 'assets/x.html', FILE_APP)).toBe('deny');
  });
});

describe('windows, permissions, webPreferences, CSP', () => {
  it('denies new windows and permission requests', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    expect(permissionDecision()).toBe(false);
  });

  it('keeps isolation, the sandbox and web security on and every Node door shut', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(WEB_PREFERENCES).not.toHaveProperty('preload');
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
  });

  it('has a CSP with no inline or eval script and only same-origin connections', () => {
    const directives = new Map(CSP.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(CSP).not.toMatch(/unsafe-(eval|inline)|\*/);
  });
});
