import type { Language } from '../../preload/contract';

/** English uses British conventions: day-month order and a 24-hour clock, as agents expect. */
export function localeOf(language: string): string {
  return (language as Language) === 'en' ? 'en-GB' : 'fr-FR';
}

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeOf(language), options);
    cache.set(key, format);
  }
  return format;
}

export function isSameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function formatTime(iso: string, language: string): string {
  return dateFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** Compact date for list rows: the time today, the weekday within a week, the day this year, else the full date. */
export function formatShortDate(iso: string, language: string, now = new Date()): string {
  const date = new Date(iso);
  if (isSameDay(date, now)) return formatTime(iso, language);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (days > 0 && days < 6) return dateFormat(language, { weekday: 'short', day: 'numeric' }).format(date);
  if (date.getFullYear() === now.getFullYear()) {
    return dateFormat(language, { day: 'numeric', month: 'short' }).format(date);
  }
  return dateFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

export function formatDateTime(iso: string, language: string): string {
  return dateFormat(language, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

export function formatMediumDateTime(iso: string, language: string): string {
  return dateFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDay(date: Date, language: string): string {
  return dateFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

export function formatDayShort(date: Date, language: string): string {
  return dateFormat(language, { weekday: 'short', day: 'numeric' }).format(date);
}

export function formatDateRange(start: Date, end: Date, language: string): string {
  return dateFormat(language, { day: 'numeric', month: 'long', year: 'numeric' }).formatRange(start, end);
}

const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Decimal units (1 ko = 1000 octets), as the French administration and file managers display them. */
export function formatSize(bytes: number, language: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(localeOf(language), {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1,
  }).format(value);
}

export function initials(name: string): string {
  const parts = name
    .trim()
    .split(/[\s.@_-]+/)
    .filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
