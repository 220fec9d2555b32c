// Tolerant readers for SOAP-as-JSON request values (brief §1.2): the server reads most element text through
// attribute lookup, so `"x"`, `{"_content": "x"}` and `[{"_content": "x"}]` are all the same value, and
// numbers, "1"/"0", "true"/"false" and booleans are all accepted for flags.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a value shaped as a string, a number, `{_content}` or `[{_content}]`. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? text(value[0]) : undefined;
  if (isObject(value)) return text(value._content);
  return undefined;
}

export function bool(value: unknown, fallback = false): boolean {
  const t = text(value);
  if (t === undefined) return fallback;
  const v = t.trim().toLowerCase();
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false' || v === '') return false;
  return fallback;
}

export function int(value: unknown): number | undefined {
  const t = text(value);
  if (t === undefined || t.trim() === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** The first object of a value that may be an object or an array of objects. */
export function child(value: unknown): JsonObject | undefined {
  if (Array.isArray(value)) return value.find(isObject);
  return isObject(value) ? value : undefined;
}

/** All objects of a value that may be an object or an array of objects. */
export function children(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** A comma-separated id list ("1,2,3") as strings; tolerant of spaces and empty entries. */
export function idList(value: unknown): string[] {
  const t = text(value);
  if (!t) return [];
  return t
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{Diacritic}/gu, '');
}
