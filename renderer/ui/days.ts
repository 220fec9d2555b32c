import type { TFunction } from 'i18next';
import { formatDay, isSameDay } from './format';

export interface DayGroup<T> {
  key: string;
  date: Date;
  items: T[];
}

/** `YYYY-MM-DD` in local time: usable in element ids. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Splits items (already in time order) into consecutive local days. */
export function groupByDay<T>(items: readonly T[], dateOf: (item: T) => string): DayGroup<T>[] {
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const date = new Date(dateOf(item));
    const last = groups[groups.length - 1];
    if (last && isSameDay(last.date, date)) last.items.push(item);
    else groups.push({ key: dayKey(date), date, items: [item] });
  }
  return groups;
}

export function dayLabel(date: Date, t: TFunction, language: string, now = new Date()): string {
  if (isSameDay(date, now)) return t('days.today');
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (isSameDay(date, yesterday)) return t('days.yesterday');
  return formatDay(date, language);
}
