// String formats shared by the zod validators and the generated JSON Schema. Each is an unanchored regular
// expression source written for both JavaScript and JSON Schema (ajv compiles patterns with the `u` flag).

const hostLabel = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const authority = '[^\\s/@?#]+'; // host[:port], never user:password@

export const formats = {
  /** https only, no credentials in the URL. */
  'https-url': `https://${authority}(?:[/?#]\\S*)?`,
  /** POSIX absolute path, Windows drive path or UNC path. */
  'absolute-path': '(?:/|[A-Za-z]:[\\\\/]|\\\\\\\\[^\\\\\\s])[^\\r\\n]*',
  /** `mail.example.org`, `10.0.0.5`, or `*.example.org` (any subdomain, not the domain itself). */
  'host-pattern': `(?:\\*\\.)?(?:${hostLabel}\\.)*${hostLabel}`,
  /** 64 hexadecimal digits, with or without colons between bytes. */
  'sha256-fingerprint': '(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64}',
} as const;

export type StringFormat = keyof typeof formats;

export const accountUrlFormats = {
  imap: `imaps?://${authority}/?`,
  smtp: `smtps?://${authority}/?`,
  xmpp: `xmpps?://${authority}/?`,
} as const;

/** A username: literal characters and the `${osUser}` placeholder, nothing else starting with `$`. */
export const usernamePattern = '(?:[^$\\s]|\\$\\{osUser\\})+';

export const anchored = (source: string) => new RegExp(`^(?:${source})$`);
