// Calendar expansion for `SearchRequest types=appointment` with `calExpandInstStart/End` (brief §8): each
// appointment is stored in local time in its own IANA zone; instances come back as `inst[{s: <UTC ms>,
// tzo: <zone offset in ms at that instant>, ridZ}]`, so a 09:00 Europe/Paris meeting moves by one hour in UTC
// across a DST change while `tzo` goes 3600000 → 7200000.
import type { Appointment, LocalDateTime } from './state';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of `tz` from UTC at the instant `utcMs`, in ms (positive east of Greenwich). */
export function tzOffsetMs(tz: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in `tz` (first occurrence when ambiguous). */
export function localToUtc(tz: string, t: LocalDateTime): number {
  const naive = Date.UTC(t.y, t.mo - 1, t.d, t.h, t.mi);
  let guess = naive - tzOffsetMs(tz, naive);
  guess = naive - tzOffsetMs(tz, guess);
  return guess;
}

/** The wall-clock date/time in `tz` of a UTC instant. */
export function utcToLocal(tz: string, utcMs: number): LocalDateTime {
  const local = new Date(utcMs + tzOffsetMs(tz, utcMs));
  return {
    y: local.getUTCFullYear(),
    mo: local.getUTCMonth() + 1,
    d: local.getUTCDate(),
    h: local.getUTCHours(),
    mi: local.getUTCMinutes(),
  };
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a local date. */
export function isoWeekday(t: { y: number; mo: number; d: number }): number {
  const wd = new Date(Date.UTC(t.y, t.mo - 1, t.d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function addDays<T extends { y: number; mo: number; d: number }>(t: T, days: number): T {
  const dt = new Date(Date.UTC(t.y, t.mo - 1, t.d + days));
  return { ...t, y: dt.getUTCFullYear(), mo: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Recurrence id: `YYYYMMDDThhmmssZ` (UTC) for timed events, `YYYYMMDD` for all-day ones. */
export function ridZ(utcMs: number, allDay: boolean, local?: LocalDateTime): string {
  if (allDay && local) return `${local.y}${pad(local.mo)}${pad(local.d)}`;
  const d = new Date(utcMs);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

export interface Instance {
  s: number;
  tzo: number;
  ridZ?: string;
  local: LocalDateTime;
}

/** Local start times of every occurrence (bounded; series without an end are cut after ~2 years). */
function occurrences(appt: Appointment): LocalDateTime[] {
  const r = appt.recur;
  if (!r) return [appt.start];
  const out: LocalDateTime[] = [];
  const interval = r.interval ?? 1;
  const maxDays = 800;
  const startWeekday = isoWeekday(appt.start);
  const days = r.byDay && r.byDay.length > 0 ? r.byDay : r.freq === 'WEEKLY' ? [startWeekday] : undefined;
  for (let i = 0; i < maxDays; i++) {
    const day = addDays(appt.start, i);
    if (r.until) {
      const u = r.until;
      if (day.y * 10000 + day.mo * 100 + day.d > u.y * 10000 + u.mo * 100 + u.d) break;
    }
    if (r.freq === 'DAILY') {
      if (i % interval !== 0) continue;
      if (days && !days.includes(isoWeekday(day))) continue;
    } else {
      const week = Math.floor((i + startWeekday - 1) / 7);
      if (week % interval !== 0) continue;
      if (!days!.includes(isoWeekday(day))) continue;
    }
    out.push(day);
    if (r.count !== undefined && out.length >= r.count) break;
  }
  return out;
}

/** Instances overlapping [rangeStart, rangeEnd) (ms), as SearchResponse `inst[]` needs them. */
export function expandInstances(appt: Appointment, rangeStart: number, rangeEnd: number): Instance[] {
  const out: Instance[] = [];
  for (const local of occurrences(appt)) {
    const startLocal = appt.allDay ? { ...local, h: 0, mi: 0 } : local;
    const s = localToUtc(appt.tz, startLocal);
    const end = appt.allDay
      ? localToUtc(appt.tz, addDays(startLocal, Math.max(1, appt.durationMs / 86400000)))
      : s + appt.durationMs;
    if (end <= rangeStart || s >= rangeEnd) continue;
    out.push({
      s,
      tzo: tzOffsetMs(appt.tz, s),
      ridZ: appt.recur ? ridZ(s, appt.allDay, startLocal) : undefined,
      local: startLocal,
    });
  }
  return out;
}

/** End (UTC ms) of the last occurrence, for `calCutoff` filtering in SyncRequest. */
export function seriesEnd(appt: Appointment): number {
  const all = occurrences(appt);
  const last = all.at(-1) ?? appt.start;
  return localToUtc(appt.tz, last) + appt.durationMs;
}
