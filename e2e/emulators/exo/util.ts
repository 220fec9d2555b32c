// Small pure helpers shared by the eXo emulator modules.
import { createHash } from 'node:crypto';

export function sha1Hex(input: string): string {
  return createHash('sha1').update(input, 'utf8').digest('hex');
}

/** Java's String.hashCode (UTF-16 code units, int32 overflow). */
export function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** A deterministic UUID-looking id derived from a seed string. */
export function uuidFrom(seed: string): string {
  const h = sha1Hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** RFC 1123 date, second precision (WebDAV Last-Modified, PROPFIND getlastmodified). */
export function rfc1123(ms: number): string {
  return new Date(ms).toUTCString();
}

function zoneParts(
  ms: number,
  timeZone: string,
): { y: string; mo: string; d: string; h: string; mi: string; s: string; offsetMin: number } {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const y = parts.year ?? '1970';
  const mo = parts.month ?? '01';
  const d = parts.day ?? '01';
  const h = parts.hour ?? '00';
  const mi = parts.minute ?? '00';
  const s = parts.second ?? '00';
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offsetMin = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  return { y, mo, d, h, mi, s, offsetMin };
}

function offsetString(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** ISO-8601 with the zone's offset, e.g. 2024-10-27T10:00:00.000+01:00 (social dates; brief §3.2/F12). */
export function isoInZone(ms: number, timeZone: string, withMillis = true): string {
  const p = zoneParts(ms, timeZone);
  const millis = withMillis ? `.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}` : '';
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}${millis}${offsetString(p.offsetMin)}`;
}

/** Wall-clock date (yyyy-mm-dd) of an instant in a zone. */
export function dayInZone(ms: number, timeZone: string): string {
  const p = zoneParts(ms, timeZone);
  return `${p.y}-${p.mo}-${p.d}`;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `yyyy-MM-dd HH:mm:ss` in UTC (social afterTime/beforeTime, brief §3.2). */
export function parseSocialTime(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export function formatSocialTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export const escapeHtml = escapeXml;

export class JavaUrlDecodeError extends Error {}

/**
 * java.net.URLDecoder.decode(s, "UTF-8"): '+' becomes a space, %XX runs are UTF-8 bytes, and a bad escape throws
 * IllegalArgumentException (which the chat server does not catch: a 500).
 */
export function javaUrlDecode(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '+') {
      out += ' ';
      i++;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i < s.length && s[i] === '%') {
        if (i + 2 >= s.length) {
          throw new JavaUrlDecodeError('URLDecoder: Incomplete trailing escape (%) pattern');
        }
        const hex = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
          throw new JavaUrlDecodeError(
            'URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "' + hex + '"',
          );
        }
        bytes.push(parseInt(hex, 16));
        i += 3;
      }
      out += Buffer.from(bytes).toString('utf8');
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const MIME_BY_EXT: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  zip: 'application/zip',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function mimeFromName(name: string): string {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return MIME_BY_EXT[ext] ?? 'application/octet-stream';
}

/** Normalises a JCR path: leading slash, no trailing slash, no empty or dot segments. */
export function normPath(p: string): string {
  const segs = p.split('/').filter((s) => s !== '' && s !== '.');
  return '/' + segs.join('/');
}

export function parentPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function clampInt(value: string | null, def: number, min: number, max: number): number {
  if (value === null || value === '') return def;
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n)) return def;
  return Math.min(max, Math.max(min, n));
}

/** The instant of a wall-clock time in a zone (two passes of offset correction are enough outside DST gaps). */
export function utcFromZoned(day: string, hour: number, minute: number, timeZone: string): number {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, hour, minute, 0);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const off = zoneParts(guess, timeZone).offsetMin;
    guess = wall - off * 60000;
  }
  return guess;
}

export function addDays(day: string, n: number): string {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}
