// `mailto:` links (RFC 6068) as another application hands them to the default mail client: recipients in the
// path, then `?hname=hvalue&…`, every part percent-encoded (and `+` is a plus sign, not a space). Only the fields a
// composer shows are taken; a header that would smuggle a line break (header injection) refuses the whole link.
import type { ComposeFields } from '../model';

export const MAILTO_SCHEME = 'mailto:';

const MAX_MAILTO_LENGTH = 64 * 1024;
const MAX_RECIPIENTS = 500;
/** An addr-spec as the contract's recipients accept it. */
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;
const LINE_BREAK = /[\r\n]/;
/** Fields that are safe to take from a link (RFC 6068 §6: never `from`, `sender`, or other headers). */
const RECIPIENT_FIELDS = new Set(['to', 'cc', 'bcc']);

/** The composer's fields a `mailto:` link asks for, or null when it is not one or not safe. */
export function parseMailto(raw: string): ComposeFields | null {
  if (raw.length > MAX_MAILTO_LENGTH || raw.slice(0, MAILTO_SCHEME.length).toLowerCase() !== MAILTO_SCHEME) return null;
  const rest = raw.slice(MAILTO_SCHEME.length).replace(/#.*$/s, '');
  const question = rest.indexOf('?');
  const path = question === -1 ? rest : rest.slice(0, question);
  const query = question === -1 ? '' : rest.slice(question + 1);

  const fields: ComposeFields = { to: [], cc: [], bcc: [], subject: '', body: '' };
  const pathRecipients = recipients(path);
  if (pathRecipients === null) return null;
  fields.to.push(...pathRecipients);

  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals === -1 ? pair : pair.slice(0, equals))?.toLowerCase();
    const value = decode(equals === -1 ? '' : pair.slice(equals + 1));
    if (name === undefined || value === undefined) return null;
    if (RECIPIENT_FIELDS.has(name)) {
      const list = recipients(pair.slice(equals + 1));
      if (list === null) return null;
      fields[name as 'to' | 'cc' | 'bcc'].push(...list);
    } else if (name === 'subject') {
      if (LINE_BREAK.test(value)) return null;
      fields.subject = value;
    } else if (name === 'body') {
      // RFC 6068 §5: line breaks in the body are written %0D%0A; the composer works with \n.
      fields.body = value.replace(/\r\n?/g, '\n');
    } else if (LINE_BREAK.test(value) || LINE_BREAK.test(name)) {
      return null;
    }
    // Any other header is ignored: a link does not get to set it.
  }
  if (fields.to.length + fields.cc.length + fields.bcc.length > MAX_RECIPIENTS) return null;
  return fields;
}

/** A comma-separated list of addresses (each percent-encoded), or null if one is not an address. */
function recipients(encoded: string): string[] | null {
  const list: string[] = [];
  for (const part of encoded.split(/,|%2C/i)) {
    const decoded = decode(part);
    if (decoded === undefined || LINE_BREAK.test(decoded)) return null;
    const trimmed = decoded.trim();
    if (trimmed === '') continue;
    // "Name <address>" is tolerated (some applications write it); only the address is kept.
    const address = /<([^<>]+)>$/.exec(trimmed)?.[1]?.trim() ?? trimmed;
    if (!ADDRESS.test(address)) return null;
    list.push(address);
  }
  return list;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
