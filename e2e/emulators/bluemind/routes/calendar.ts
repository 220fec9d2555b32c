// ICalendar at /api/calendars/{containerUid} (brief §7), read side.

import { idChangeset, uidChangeset, type ChangesetSource } from '../changelog.js';
import { Fault, json, noContent, type Ctx } from '../http.js';
import { type BmDateTime, type CalEvent, type Calendar, seriesJson } from '../pim.js';
import { fold } from '../querystring.js';
import { type RouteSpec } from '../router.js';

const P = '/api/calendars/{containerUid}';
const DAY = 86_400_000;

function requireCalendar(ctx: Ctx): Calendar {
  const cal = ctx.state.calendars.get(ctx.params.containerUid ?? '');
  if (!cal) throw new Fault('NOT_FOUND', `container ${ctx.params.containerUid} not found`);
  if (cal.owner !== ctx.user().uid) throw new Fault('PERMISSION_DENIED', `no read access to ${cal.uid}`);
  return cal;
}

function itemValue(e: CalEvent) {
  return {
    uid: e.uid,
    internalId: e.internalId,
    version: e.version,
    displayName: e.summary,
    externalId: null,
    createdBy: 'system',
    updatedBy: 'system',
    created: e.created,
    updated: e.updated,
    flags: [],
    value: seriesJson(e),
  };
}

const ms = (d: BmDateTime | null | undefined): number | null => (d?.iso8601 ? Date.parse(d.iso8601) : null);

/** Does the event (or one of its occurrences) intersect [min, max)? */
export function occursIn(e: CalEvent, min: number | null, max: number | null): boolean {
  const start = ms(e.dtstart) ?? 0;
  const duration = (ms(e.dtend) ?? start) - start;
  const overlaps = (s: number): boolean => (max === null || s < max) && (min === null || s + duration > min);
  if (!e.rrule) return overlaps(start);
  const until = ms(e.rrule.until) ?? Number.POSITIVE_INFINITY;
  const end = Math.min(until, max ?? start + 366 * DAY);
  for (let i = 0, s = start; s <= end && i < 2000; i += 1) {
    if (overlaps(s)) return true;
    const d = new Date(start);
    if (e.rrule.frequency === 'DAILY') s = start + (i + 1) * e.rrule.interval * DAY;
    else if (e.rrule.frequency === 'WEEKLY') s = start + (i + 1) * 7 * e.rrule.interval * DAY;
    else s = d.setUTCMonth(d.getUTCMonth() + (i + 1) * e.rrule.interval);
  }
  return false;
}

function source(cal: Calendar): ChangesetSource<CalEvent> {
  const all = (): CalEvent[] => [...cal.events.values()];
  return {
    live: (id) => all().find((e) => e.internalId === id),
    all,
    idOf: (e) => e.internalId,
    versionOf: (e) => e.version,
    timestampOf: (e) => e.updated,
  };
}

interface VEventQuery {
  query?: string | null;
  from?: number;
  size?: number;
  dateMin?: BmDateTime | null;
  dateMax?: BmDateTime | null;
}

export const calendarRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: `${P}/_search`,
    handler: (ctx) => {
      const cal = requireCalendar(ctx);
      const q = ctx.body<VEventQuery>() ?? {};
      const text = fold(q.query ?? '');
      const hits = [...cal.events.values()]
        .filter((e) => occursIn(e, ms(q.dateMin), ms(q.dateMax)))
        .filter((e) => !text || fold(`${e.summary} ${e.location} ${e.description}`).includes(text))
        .sort((a, b) => (ms(a.dtstart) ?? 0) - (ms(b.dtstart) ?? 0));
      const from = q.from ?? 0;
      const size = q.size && q.size > 0 ? q.size : hits.length;
      return json({ total: hits.length, values: hits.slice(from, from + size).map(itemValue) });
    },
  },
  {
    method: 'GET',
    path: `${P}/_changesetById`,
    handler: (ctx) => {
      const cal = requireCalendar(ctx);
      return json(idChangeset(cal.log, Number(ctx.query.get('since') ?? '0') || 0, source(cal)));
    },
  },
  {
    method: 'GET',
    path: `${P}/_changeset`,
    handler: (ctx) => {
      const cal = requireCalendar(ctx);
      return json(uidChangeset(cal.log, Number(ctx.query.get('since') ?? '0') || 0, source(cal), (e) => e.uid));
    },
  },
  {
    method: 'POST',
    path: `${P}/_mgetById`,
    handler: (ctx) => {
      const cal = requireCalendar(ctx);
      const ids = ctx.body<number[]>() ?? [];
      return json(
        ids.flatMap((id) => [...cal.events.values()].filter((e) => e.internalId === Number(id)).map(itemValue)),
      );
    },
  },
  {
    method: 'POST',
    path: `${P}/_mget`,
    handler: (ctx) => {
      const cal = requireCalendar(ctx);
      const uids = ctx.body<string[]>() ?? [];
      return json(uids.flatMap((uid) => (cal.events.has(uid) ? [itemValue(cal.events.get(uid) as CalEvent)] : [])));
    },
  },
  {
    method: 'GET',
    path: `${P}/{uid}/complete`,
    handler: (ctx) => {
      const e = requireCalendar(ctx).events.get(ctx.params.uid ?? '');
      return e ? json(itemValue(e)) : noContent();
    },
  },
];
