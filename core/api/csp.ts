/**
 * The Content-Security-Policy of the renderer, one definition for both hosts
 * (Electron's custom protocol and the web server). No inline or eval'd
 * script; the page may only talk to its own origin. The web host adds its
 * ws:// endpoint to connect-src, since not every browser counts ws: as 'self'.
 */
export function contentSecurityPolicy(options: { connectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self'",
  ].join('; ');
}

export const APP_CSP = contentSecurityPolicy();
