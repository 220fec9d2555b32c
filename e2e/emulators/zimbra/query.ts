// A subset of the Zimbra search language (§3.2, `query.md`): `in:`, `inid:`, `under:`, `underid:`, `from:`, `to:`,
// `cc:`, `tofromcc:`, `subject:`, `content:`, `has:attachment`, `filename:`, `type:`/`attachment:`, `is:…`, `tag:`,
// `date:`/`after:`/`before:` (mm/dd/yyyy, or dd/mm/yyyy for a French locale, or relative `-7d`), `larger:`/`smaller:`,
// `conv:`, `item:{1,2}`, `modseq:>N`, `not`/`-`, `or`, `and`, parentheses, quoted phrases, `word*` wildcards.
// Errors raise `mail.QUERY_PARSE_ERROR` with `colNo`, `curTok`, `parserErr`.
import { addDays, localToUtc, utcToLocal } from './calendar';
import { faults } from './faults';
import { folderPath } from './render';
import { FOLDER, type Address, type Mailbox } from './state';
import { stripAccents } from './values';

type Node =
  | { op: 'and' | 'or'; items: Node[] }
  | { op: 'not'; item: Node }
  | { op: 'term'; field: string; value: string; quoted: boolean; col: number };

const FIELDS = new Set([
  'in',
  'inid',
  'under',
  'underid',
  'from',
  'to',
  'cc',
  'tofromcc',
  'subject',
  'content',
  'has',
  'filename',
  'type',
  'attachment',
  'is',
  'tag',
  'date',
  'after',
  'before',
  'larger',
  'smaller',
  'size',
  'conv',
  'item',
  'modseq',
  'tofrom',
]);

interface Token {
  kind: 'word' | 'lparen' | 'rparen';
  text: string;
  col: number;
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, col: i });
      i++;
      continue;
    }
    const start = i;
    let word = '';
    while (i < q.length && !/\s/.test(q[i]!) && q[i] !== '(' && q[i] !== ')') {
      if (q[i] === '"') {
        const end = q.indexOf('"', i + 1);
        if (end < 0) throw faults.queryParse(i, q.slice(i), 'unterminated quoted string');
        word += q.slice(i, end + 1);
        i = end + 1;
      } else if (q[i] === '{') {
        const end = q.indexOf('}', i + 1);
        if (end < 0) throw faults.queryParse(i, q.slice(i), 'unterminated item list');
        word += q.slice(i, end + 1);
        i = end + 1;
      } else {
        word += q[i];
        i++;
      }
    }
    // `field:(` — the value is the following parenthesised group
    out.push({ kind: 'word', text: word, col: start });
  }
  return out;
}

export function parseQuery(q: string): Node {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toLowerCase() === w;

  const parseOr = (field?: string): Node => {
    const items = [parseAnd(field)];
    while (isWord(peek(), 'or')) {
      pos++;
      items.push(parseAnd(field));
    }
    return items.length === 1 ? items[0]! : { op: 'or', items };
  };
  const parseAnd = (field?: string): Node => {
    const items: Node[] = [];
    for (;;) {
      const t = peek();
      if (!t || t.kind === 'rparen' || isWord(t, 'or')) break;
      if (isWord(t, 'and')) {
        pos++;
        continue;
      }
      items.push(parseUnary(field));
    }
    if (items.length === 0) {
      const t = peek();
      throw faults.queryParse(t?.col ?? q.length, t?.text ?? '', 'expected a search term');
    }
    return items.length === 1 ? items[0]! : { op: 'and', items };
  };
  const parseUnary = (field?: string): Node => {
    const t = peek()!;
    if (isWord(t, 'not')) {
      pos++;
      return { op: 'not', item: parseUnary(field) };
    }
    if (t.kind === 'word' && t.text.startsWith('-') && t.text.length > 1) {
      tokens[pos] = { ...t, text: t.text.slice(1), col: t.col + 1 };
      return { op: 'not', item: parsePrimary(field) };
    }
    return parsePrimary(field);
  };
  const parsePrimary = (field?: string): Node => {
    const t = peek()!;
    if (t.kind === 'lparen') {
      pos++;
      const inner = parseOr(field);
      if (peek()?.kind !== 'rparen') throw faults.queryParse(t.col, '(', 'missing closing parenthesis');
      pos++;
      return inner;
    }
    if (t.kind === 'rparen') throw faults.queryParse(t.col, ')', 'unexpected closing parenthesis');
    pos++;
    const m = /^([A-Za-z]+):(.*)$/s.exec(t.text);
    if (m) {
      const f = m[1]!.toLowerCase();
      if (!FIELDS.has(f)) throw faults.queryParse(t.col, t.text, `unknown search field "${m[1]}"`);
      if (m[2] === '') {
        if (peek()?.kind === 'lparen') return parsePrimary(f);
        throw faults.queryParse(t.col, t.text, `missing value for "${m[1]}:"`);
      }
      return term(f, m[2]!, t.col);
    }
    return term(field ?? 'content', t.text, t.col);
  };
  const term = (field: string, raw: string, col: number): Node => {
    const quoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2;
    return { op: 'term', field, value: quoted ? raw.slice(1, -1) : raw, quoted, col };
  };

  if (tokens.length === 0) return { op: 'and', items: [] };
  const node = parseOr();
  if (pos < tokens.length) {
    const t = tokens[pos]!;
    throw faults.queryParse(t.col, t.text, 'unexpected token');
  }
  return node;
}

/** Whether the query names a location, which lifts the default Trash/Junk exclusion. */
export function mentionsLocation(node: Node): boolean {
  if (node.op === 'term')
    return (
      ['in', 'inid', 'under', 'underid', 'item', 'conv'].includes(node.field) ||
      (node.field === 'is' && node.value === 'anywhere')
    );
  if (node.op === 'not') return mentionsLocation(node.item);
  return node.items.some(mentionsLocation);
}

/** What a searchable item exposes to the query evaluator. */
export interface Searchable {
  id: number;
  folderId: number;
  flags: string;
  tags: string[];
  date: number;
  size: number;
  ms: number;
  convId?: string;
  subject: string;
  body: string;
  from?: Address;
  to: Address[];
  cc: Address[];
  filenames: string[];
  contentTypes: string[];
}

export interface EvalContext {
  mbox: Mailbox;
  now: number;
  tz: string;
  dayFirst: boolean; // French locale: dd/mm/yyyy
}

export function normalize(s: string): string {
  return stripAccents(s).toLowerCase();
}

function words(s: string): string[] {
  return normalize(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

function textMatch(haystack: string, value: string, quoted: boolean): boolean {
  const v = normalize(value);
  if (quoted) return normalize(haystack).replace(/\s+/g, ' ').includes(v.replace(/\s+/g, ' '));
  const needles = words(value.replace(/\*$/, ''));
  if (needles.length === 0) return true;
  const hay = words(haystack);
  if (value.endsWith('*'))
    return needles.every((n, i) => (i === needles.length - 1 ? hay.some((h) => h.startsWith(n)) : hay.includes(n)));
  // Lucene term match: whole words, not substrings.
  return needles.every((n) => hay.includes(n));
}

function addressMatch(addrs: Address[], value: string, quoted: boolean): boolean {
  const v = normalize(value);
  return addrs.some((a) => {
    const addr = a.a.toLowerCase();
    if (addr === v || (v.endsWith('*') && addr.startsWith(v.slice(0, -1)))) return true;
    if (v.startsWith('@') && addr.endsWith(v)) return true;
    return textMatch(`${a.p ?? ''} ${a.a.replace(/[@.]/g, ' ')}`, value, quoted);
  });
}

function resolveFolderByPath(mbox: Mailbox, path: string): number[] {
  const p = normalize(path.replace(/^\//, ''));
  return mbox
    .list('folder')
    .filter(
      (f) =>
        f.id !== FOLDER.MAILBOX_ROOT &&
        (normalize(folderPath(mbox, f).replace(/^\//, '')) === p || normalize(f.name) === p),
    )
    .map((f) => f.id);
}

function descendants(mbox: Mailbox, ids: number[]): Set<number> {
  const out = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of mbox.list('folder')) {
      if (!out.has(f.id) && out.has(f.folderId) && f.id !== f.folderId) {
        out.add(f.id);
        grew = true;
      }
    }
  }
  return out;
}

function parseSize(v: string, col: number): number {
  const m = /^(\d+)(b|kb|k|mb|m)?$/i.exec(v);
  if (!m) throw faults.queryParse(col, v, 'invalid size');
  const n = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase();
  return unit.startsWith('k') ? n * 1024 : unit.startsWith('m') ? n * 1024 * 1024 : n;
}

/** A day range [start, end) in the user's zone, or an instant for relative dates. */
function parseDate(v: string, col: number, ctx: EvalContext): { start: number; end: number } {
  const rel = /^([+-])(\d+)([dwmy])$/i.exec(v);
  if (rel) {
    const n = Number(rel[2]) * (rel[1] === '-' ? -1 : 1);
    const unit = rel[3]!.toLowerCase();
    const days = unit === 'd' ? n : unit === 'w' ? n * 7 : unit === 'm' ? n * 30 : n * 365;
    const local = utcToLocal(ctx.tz, ctx.now);
    const day = addDays({ y: local.y, mo: local.mo, d: local.d }, days);
    const start = localToUtc(ctx.tz, { ...day, h: 0, mi: 0 });
    return { start, end: localToUtc(ctx.tz, { ...addDays(day, 1), h: 0, mi: 0 }) };
  }
  if (/^\d{10,}$/.test(v)) {
    const ms = Number(v);
    return { start: ms, end: ms + 1 };
  }
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(v);
  if (!m) throw faults.queryParse(col, v, 'invalid date');
  const a = Number(m[1]);
  const b = Number(m[2]);
  let y = Number(m[3]);
  if (y < 100) y += 2000;
  const [mo, d] = ctx.dayFirst ? [b, a] : [a, b];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) throw faults.queryParse(col, v, 'invalid date');
  const start = localToUtc(ctx.tz, { y, mo, d, h: 0, mi: 0 });
  const end = localToUtc(ctx.tz, { ...addDays({ y, mo, d }, 1), h: 0, mi: 0 });
  return { start, end };
}

export function evaluate(node: Node, item: Searchable, ctx: EvalContext): boolean {
  switch (node.op) {
    case 'and':
      return node.items.every((n) => evaluate(n, item, ctx));
    case 'or':
      return node.items.some((n) => evaluate(n, item, ctx));
    case 'not':
      return !evaluate(node.item, item, ctx);
    case 'term':
      return evalTerm(node, item, ctx);
  }
}

function evalTerm(t: Extract<Node, { op: 'term' }>, item: Searchable, ctx: EvalContext): boolean {
  const v = t.value;
  const lv = v.toLowerCase();
  const me = ctx.mbox.account.name;
  switch (t.field) {
    case 'content':
      // The default field covers subject, body and attachment names; addresses need from:/to:/tofromcc:.
      return textMatch(`${item.subject}\n${item.body}\n${item.filenames.join(' ')}`, v, t.quoted);
    case 'subject':
      return textMatch(item.subject, v, t.quoted);
    case 'from':
      return item.from ? addressMatch([item.from], v, t.quoted) : false;
    case 'to':
      return addressMatch(item.to, v, t.quoted);
    case 'cc':
      return addressMatch(item.cc, v, t.quoted);
    case 'tofromcc':
    case 'tofrom':
      return addressMatch(
        [...(item.from ? [item.from] : []), ...item.to, ...(t.field === 'tofromcc' ? item.cc : [])],
        v,
        t.quoted,
      );
    case 'in':
    case 'under': {
      const ids = resolveFolderByPath(ctx.mbox, v);
      if (ids.length === 0) throw faults.noSuchFolderPath(v);
      return (t.field === 'under' ? descendants(ctx.mbox, ids) : new Set(ids)).has(item.folderId);
    }
    case 'inid':
      return item.folderId === Number(v);
    case 'underid':
      return descendants(ctx.mbox, [Number(v)]).has(item.folderId);
    case 'has':
      if (lv === 'attachment') return item.flags.includes('a');
      throw faults.queryParse(t.col, `has:${v}`, 'unknown has: value');
    case 'filename':
      return item.filenames.some(
        (f) => textMatch(f, v, t.quoted) || normalize(f).includes(normalize(v.replace(/\*$/, ''))),
      );
    case 'type':
    case 'attachment':
      if (lv === 'any') return item.filenames.length > 0;
      return item.contentTypes.some((ct) => ct.toLowerCase() === lv || ct.toLowerCase().includes(lv));
    case 'is':
      return isTerm(lv, item, me, t.col);
    case 'tag':
      return item.tags.some((x) => x.toLowerCase() === lv);
    case 'conv':
      return item.convId === v;
    case 'item': {
      const ids = v
        .replace(/[{}]/g, '')
        .split(',')
        .map((s) => s.trim());
      return ids.includes(String(item.id)) || lv === 'all';
    }
    case 'modseq': {
      const m = /^([<>]=?)?(\d+)$/.exec(v);
      if (!m) throw faults.queryParse(t.col, v, 'invalid modseq');
      const n = Number(m[2]);
      if (m[1] === '>') return item.ms > n;
      if (m[1] === '>=') return item.ms >= n;
      if (m[1] === '<') return item.ms < n;
      if (m[1] === '<=') return item.ms <= n;
      return item.ms === n;
    }
    case 'larger':
      return item.size > parseSize(v, t.col);
    case 'smaller':
      return item.size < parseSize(v, t.col);
    case 'size':
      return item.size === parseSize(v, t.col);
    case 'date':
    case 'after':
    case 'before': {
      const r = parseDate(v, t.col, ctx);
      if (t.field === 'after') return item.date >= r.end;
      if (t.field === 'before') return item.date < r.start;
      return item.date >= r.start && item.date < r.end;
    }
    default:
      return false;
  }
}

function isTerm(v: string, item: Searchable, me: string, col: number): boolean {
  switch (v) {
    case 'unread':
      return item.flags.includes('u');
    case 'read':
      return !item.flags.includes('u');
    case 'flagged':
      return item.flags.includes('f');
    case 'unflagged':
      return !item.flags.includes('f');
    case 'sent':
    case 'fromme':
      return item.flags.includes('s') || item.from?.a === me;
    case 'replied':
      return item.flags.includes('r');
    case 'unreplied':
      return !item.flags.includes('r');
    case 'forwarded':
      return item.flags.includes('w');
    case 'draft':
      return item.flags.includes('d');
    case 'invite':
      return item.flags.includes('v');
    case 'tome':
      return item.to.some((a) => a.a === me);
    case 'anywhere':
    case 'local':
      return true;
    case 'remote':
      return false;
    default:
      throw faults.queryParse(col, `is:${v}`, 'unknown is: value');
  }
}
