// A small Lucene/Elasticsearch `query_string` evaluator for `VCardQuery.query` (brief §6, E16).
// Supports: field:term, field:(t1 t2), "phrases", _exists_:field, AND / OR / NOT / -, parentheses,
// backslash escapes, trailing `*`. Terms match as prefixes of words (the server's analyzers, brief §6 [I]).

export type Query =
  | { kind: 'and' | 'or'; items: Query[] }
  | { kind: 'not'; item: Query }
  | { kind: 'term'; field: string | null; text: string; phrase: boolean }
  | { kind: 'exists'; field: string }
  | { kind: 'all' };

type Token =
  { t: 'lp' } | { t: 'rp' } | { t: 'and' } | { t: 'or' } | { t: 'not' } | { t: 'word'; v: string; quoted: boolean };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(') {
      out.push({ t: 'lp' });
      i += 1;
    } else if (c === ')') {
      out.push({ t: 'rp' });
      i += 1;
    } else if (c === '"') {
      let v = '';
      i += 1;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) i += 1;
        v += s[i] ?? '';
        i += 1;
      }
      i += 1;
      out.push({ t: 'word', v, quoted: true });
    } else if (c === '-' && out.length === 0) {
      out.push({ t: 'not' });
      i += 1;
    } else {
      let v = '';
      while (i < s.length && !/[\s()]/.test(s[i] ?? '')) {
        if (s[i] === '\\' && i + 1 < s.length) {
          v += `\\${s[i + 1] ?? ''}`;
          i += 2;
          continue;
        }
        v += s[i] ?? '';
        i += 1;
      }
      if (v === 'AND' || v === '&&') out.push({ t: 'and' });
      else if (v === 'OR' || v === '||') out.push({ t: 'or' });
      else if (v === 'NOT') out.push({ t: 'not' });
      else if (v.startsWith('-') && v.length > 1) {
        out.push({ t: 'not' });
        out.push({ t: 'word', v: v.slice(1), quoted: false });
      } else out.push({ t: 'word', v, quoted: false });
    }
  }
  return out;
}

/** Splits `field:rest` at the first unescaped colon. */
function splitField(raw: string): { field: string | null; rest: string } {
  for (let i = 0; i < raw.length; i += 1) {
    if (raw[i] === '\\') {
      i += 1;
      continue;
    }
    if (raw[i] === ':') return { field: raw.slice(0, i), rest: raw.slice(i + 1) };
  }
  return { field: null, rest: raw };
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

export function parseQuery(input: string): Query {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];

  function parseOr(field: string | null): Query {
    const items = [parseAnd(field)];
    while (peek()?.t === 'or') {
      pos += 1;
      items.push(parseAnd(field));
    }
    return items.length === 1 ? (items[0] as Query) : { kind: 'or', items };
  }

  // Explicit AND binds tighter than OR; juxtaposition is OR (the query_string default operator).
  function parseAnd(field: string | null): Query {
    let left = parseUnary(field);
    const ors: Query[] = [];
    for (;;) {
      const t = peek();
      if (t?.t === 'and') {
        pos += 1;
        const right = parseUnary(field);
        left =
          left.kind === 'and' ? { kind: 'and', items: [...left.items, right] } : { kind: 'and', items: [left, right] };
      } else if (t && (t.t === 'word' || t.t === 'lp' || t.t === 'not')) {
        ors.push(left);
        left = parseUnary(field);
      } else break;
    }
    return ors.length ? { kind: 'or', items: [...ors, left] } : left;
  }

  function parseUnary(field: string | null): Query {
    if (peek()?.t === 'not') {
      pos += 1;
      return { kind: 'not', item: parseUnary(field) };
    }
    return parsePrimary(field);
  }

  function parsePrimary(field: string | null): Query {
    const t = peek();
    if (!t) return { kind: 'all' };
    if (t.t === 'lp') {
      pos += 1;
      const q = parseOr(field);
      if (peek()?.t === 'rp') pos += 1;
      return q;
    }
    if (t.t !== 'word') {
      pos += 1;
      return { kind: 'all' };
    }
    pos += 1;
    if (t.quoted) return { kind: 'term', field, text: t.v, phrase: true };
    const { field: f, rest } = splitField(t.v);
    if (f !== null) {
      const fieldName = unescape(f);
      if (fieldName === '_exists_') return { kind: 'exists', field: unescape(rest) };
      if (rest === '' && peek()?.t === 'lp') {
        pos += 1;
        const q = parseOr(fieldName);
        if (peek()?.t === 'rp') pos += 1;
        return q;
      }
      if (rest === '' && peek()?.t === 'word') {
        const next = peek() as { v: string; quoted: boolean };
        pos += 1;
        return { kind: 'term', field: fieldName, text: next.quoted ? next.v : unescape(next.v), phrase: next.quoted };
      }
      return { kind: 'term', field: fieldName, text: unescape(rest), phrase: false };
    }
    return { kind: 'term', field, text: unescape(t.v), phrase: false };
  }

  if (!tokens.length) return { kind: 'all' };
  return parseOr(null);
}

export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Prefix-of-a-word match (`ann` matches "Ann Smith", "anne@…", "Marie-Anne"). */
export function termMatches(value: string, term: string): boolean {
  const t = fold(term).replace(/\*+$/, '');
  if (!t) return true;
  return new RegExp(`(^|[^a-z0-9])${escapeRegExp(t)}`).test(fold(value));
}

/** `fields(name)` returns the values of a field, or undefined when it does not exist; `null` = all text. */
export function evaluate(q: Query, fields: (name: string | null) => string[] | undefined): boolean {
  switch (q.kind) {
    case 'all':
      return true;
    case 'and':
      return q.items.every((i) => evaluate(i, fields));
    case 'or':
      return q.items.some((i) => evaluate(i, fields));
    case 'not':
      return !evaluate(q.item, fields);
    case 'exists': {
      const v = fields(q.field);
      return v !== undefined && v.length > 0;
    }
    case 'term': {
      const values = fields(q.field) ?? [];
      if (q.text === '*') return values.length > 0;
      return values.some((v) => termMatches(v, q.text));
    }
  }
}
