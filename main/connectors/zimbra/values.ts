// The one tolerant reading layer for Zimbra's SOAP-as-JSON (brief §1.2): "non-unique" elements come as arrays
// even when there is one, "unique" ones as objects, some text as plain strings, attribute values typed or not.
// Every connector module reads server answers through these helpers and nothing else.

export type SoapObject = Record<string, unknown>;

export function isObject(value: unknown): value is SoapObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text field given as a string, a number, a boolean, `{_content}` or `[{_content}]`. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? text(value[0]) : undefined;
  if (isObject(value)) return text(value._content);
  return undefined;
}

/** A number given typed (`42`) or as text (`"42"`, `{_content: "42"}`). */
export function num(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = Number(raw);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A flag given as `true`, `1`, `"1"`, `"true"` or `"TRUE"` (LDAP attributes) — anything else is false. */
export function bool(value: unknown): boolean {
  const raw = text(value)?.trim().toLowerCase();
  return raw === 'true' || raw === '1';
}

/** Every object of an element that may be one object or an array of them. */
export function list(value: unknown): SoapObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first object of an element that may be one object or an array of them. */
export function one(value: unknown): SoapObject | undefined {
  return list(value)[0];
}

/** A comma-separated id list (`"1,2,3"`), or the concatenated `ids` of `[{ids}]` entries. */
export function ids(value: unknown): string[] {
  const raw = isObject(value) || Array.isArray(value) ? list(value).map((entry) => text(entry.ids)) : [text(value)];
  return raw
    .flatMap((entry) => (entry ?? '').split(','))
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/**
 * A key/value map: `_attrs: {k: v}` (GetInfo attrs, prefs, GAL contacts) or its XML-ish twin `a: [{n, _content}]`.
 * Multi-valued attributes keep their first value.
 */
export function attrs(element: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(element)) return out;
  if (isObject(element._attrs)) {
    for (const [name, value] of Object.entries(element._attrs)) {
      const first = text(value);
      if (first !== undefined) out[name] = first;
    }
  }
  for (const entry of list(element.a)) {
    const name = text(entry.n);
    const value = text(entry._content);
    if (name && value !== undefined && !(name in out)) out[name] = value;
  }
  return out;
}
