// The renderer's Content-Security-Policy, shared by the app:// protocol handler and the test host.

export interface CspOptions {
  /** Extra `connect-src` sources (the test host adds its loopback WebSocket). */
  connectSrc?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const extra = options.connectSrc ?? [];
  for (const source of extra) {
    // A source with a separator would smuggle in a directive of its own.
    if (!/^[^\s;,'"]+$/.test(source)) throw new Error('invalid CSP source');
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // Remote images only ever come from mail bodies, after the user allowed them for that message or sender: the
    // sanitiser removes them otherwise, and each message frame carries a stricter policy of its own that only
    // names http(s) once allowed (policies combine, so this one must not forbid what the frame allows).
    "img-src 'self' data: blob: https: http:",
    "font-src 'self'",
    ["connect-src 'self'", ...extra].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
