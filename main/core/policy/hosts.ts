// AllowedServerHosts: which account servers the user may connect to.

const normalise = (host: string) => host.trim().toLowerCase().replace(/\.$/, '');

/** `*.example.org` matches any subdomain at any depth, never `example.org` itself; other patterns match exactly. */
export function matchesHostPattern(host: string, pattern: string): boolean {
  const candidate = normalise(host);
  const expected = normalise(pattern);
  if (expected.startsWith('*.')) return candidate.endsWith(expected.slice(1)) && candidate.length > expected.length - 1;
  return candidate === expected;
}

/** An empty list allows every host. */
export function isServerHostAllowed(host: string, allowedPatterns: readonly string[]): boolean {
  return allowedPatterns.length === 0 || allowedPatterns.some((pattern) => matchesHostPattern(host, pattern));
}

/** `aa:bb:…` in upper case, whatever the separators the administrator used. */
export function normaliseFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/:/g, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? hex;
}
