// The MIME tree of a `MessageBody.structure` (brief §4.4), read by hand: which leaf is the text, which is the
// HTML, which are attachments (including the "detached" ones that only carry a file-hosting link, §8).
import type { Part } from './schemas';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A tolerant reading of one `Part` (every field may be missing or null). */
export function readPart(raw: unknown): Part {
  const p = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const headers = Array.isArray(p.headers)
    ? p.headers.flatMap((h: unknown) => {
        const header = h as { name?: unknown; values?: unknown };
        return typeof header?.name === 'string'
          ? [{ name: header.name, values: Array.isArray(header.values) ? header.values.map(String) : [] }]
          : [];
      })
    : [];
  const disposition = str(p.dispositionType);
  return {
    mime: (str(p.mime) ?? 'application/octet-stream').toLowerCase(),
    address: str(p.address),
    encoding: str(p.encoding),
    charset: str(p.charset),
    fileName: str(p.fileName),
    headers,
    contentId: str(p.contentId),
    size: typeof p.size === 'number' ? p.size : 0,
    dispositionType: disposition === 'INLINE' || disposition === 'ATTACHMENT' ? disposition : null,
    children: Array.isArray(p.children) ? p.children.map(readPart) : [],
  };
}

export function leaves(part: Part): Part[] {
  return part.children.length === 0 ? [part] : part.children.flatMap(leaves);
}

const headerOf = (part: Part, name: string): string | null =>
  part.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.values[0] ?? null;

/** A part the user sees as an attachment (a file, or a link to a hosted file). */
export function isAttachment(part: Part): boolean {
  if (part.children.length > 0) return false;
  if (part.dispositionType === 'ATTACHMENT') return true;
  if (headerOf(part, 'X-BM-Disposition')) return true;
  return part.fileName !== null && part.dispositionType !== 'INLINE';
}

export interface BodyParts {
  text: Part | null;
  html: Part | null;
  attachments: Part[];
}

/** The first text and HTML leaves that are not attachments, and the attachments. */
export function bodyParts(root: Part): BodyParts {
  const all = leaves(root);
  const inline = all.filter((part) => !isAttachment(part));
  return {
    text: inline.find((part) => part.mime === 'text/plain') ?? null,
    html: inline.find((part) => part.mime === 'text/html') ?? null,
    attachments: all.filter(isAttachment),
  };
}

/** `X-BM-Disposition: filehosting;url=<u>;name=<n>;size=<s>;mime=<m>` (brief §8). */
export function hostedFileOf(part: Part): { url: string; name: string | null; size: number | null } | null {
  const header = headerOf(part, 'X-BM-Disposition');
  if (!header || !/^filehosting\b/i.test(header)) return null;
  const fields = new Map(
    header
      .split(';')
      .slice(1)
      .map((field) => {
        const at = field.indexOf('=');
        return [field.slice(0, at).trim().toLowerCase(), field.slice(at + 1).trim()] as const;
      }),
  );
  const url = fields.get('url');
  if (!url) return null;
  const size = Number(fields.get('size'));
  return { url, name: fields.get('name') ?? null, size: Number.isFinite(size) ? size : null };
}
