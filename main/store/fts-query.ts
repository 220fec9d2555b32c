/** An FTS5 query expression built only from quoted terms: safe to bind to `MATCH`. */
export type FtsMatch = string & { readonly __ftsMatch: unique symbol };

const MAX_TERMS = 12;
// What the unicode61 tokenizer keeps in a token (letters, digits, marks, private use); the rest separates.
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/**
 * Turns what the user typed into FTS5 syntax that cannot fail: each term is quoted (so `AND`, `NEAR`, `*`,
 * `"` or `(` are plain words or separators) and the last one is a prefix, for search-as-you-type.
 * Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): FtsMatch | null {
  const terms = input.normalize('NFC').match(TOKEN)?.slice(0, MAX_TERMS) ?? [];
  if (terms.length === 0) return null;
  const quoted = terms.map((term) => `"${term.replaceAll('"', '""')}"`);
  quoted[quoted.length - 1] += '*';
  return quoted.join(' ') as FtsMatch;
}
