// Agenda REST, minimal (brief §5, F17): list events of a window, calendars, settings.
import type { Emu } from './context';
import { type Ctx, send, sendJson, sendText } from './http';
import { type AgendaEvent, spaceByIdentity, userByIdentity, fullName } from './state';
import { clampInt, isValidTimeZone, isoInZone } from './util';

function identityRef(emu: Emu, identityId: string): Record<string, unknown> {
  const u = userByIdentity(emu.state, identityId);
  if (u) {
    return {
      id: u.identityId,
      providerId: 'organization',
      remoteId: u.username,
      profile: { fullname: fullName(u), avatar: `/portal/rest/v1/social/users/${u.username}/avatar` },
    };
  }
  const s = spaceByIdentity(emu.state, identityId);
  if (s)
    return {
      id: s.identityId,
      providerId: 'space',
      remoteId: s.prettyName,
      profile: { fullname: s.displayName, avatar: `/portal/rest/v1/social/spaces/${s.prettyName}/avatar` },
    };
  return { id: identityId };
}

/** Calendars (owner identity ids) a user may read: their own and their spaces'. */
function readableOwners(emu: Emu, username: string): Set<string> {
  const u = emu.state.users.get(username);
  const out = new Set<string>(u ? [u.identityId] : []);
  for (const s of emu.state.spaces.values()) if (s.members.includes(username)) out.add(s.identityId);
  return out;
}

function calendarJson(emu: Emu, id: number): Record<string, unknown> | null {
  const c = emu.state.calendars.find((x) => x.id === id);
  if (!c) return null;
  return {
    id: c.id,
    title: c.title,
    color: c.color,
    owner: identityRef(emu, c.ownerIdentityId),
    system: false,
    deleted: false,
  };
}

function eventJson(emu: Emu, e: AgendaEvent, tz: string, viewer: string): Record<string, unknown> {
  const creator = emu.state.users.get(e.creator);
  const fmt = (ms: number): string => isoInZone(ms, tz, false);
  return {
    id: e.id,
    parent: null,
    remoteId: null,
    remoteProviderId: 0,
    remoteProviderName: null,
    calendar: calendarJson(emu, e.calendarId),
    creator: creator ? identityRef(emu, creator.identityId) : null,
    created: new Date(e.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    updated: new Date(e.updated).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    summary: e.summary,
    description: e.description,
    location: e.location,
    color: null,
    timeZoneId: e.timeZoneId,
    start: fmt(e.start),
    end: fmt(e.end),
    allDay: e.allDay,
    availability: 'BUSY',
    status: 'CONFIRMED',
    recurrence: null,
    occurrence: null,
    acl: { canEdit: e.creator === viewer, attendee: e.attendees.includes(viewer) },
    dateOptions: [],
    attendees: e.attendees.map((a) => {
      const u = emu.state.users.get(a);
      return {
        identity: u ? identityRef(emu, u.identityId) : { remoteId: a },
        response: a === e.creator ? 'ACCEPTED' : 'NEEDS_ACTION',
      };
    }),
    conferences: e.conferenceUrl ? [{ type: 'webconf', url: e.conferenceUrl }] : [],
    reminders: [],
    allowAttendeeToUpdate: false,
    allowAttendeeToInvite: true,
  };
}

export function handleAgendaRest(emu: Emu, ctx: Ctx, username: string, sub: string): void {
  const q = ctx.query;
  if (sub === '/settings' && ctx.method === 'GET') {
    sendJson(ctx.res, 200, {
      agendaDefaultView: 'week',
      agendaWeekStartOn: 'MO',
      showWorkingTime: false,
      workingTimeStart: '08:00',
      workingTimeEnd: '18:00',
      reminders: [],
    });
    return;
  }
  if (sub === '/calendars' && ctx.method === 'GET') {
    const owners = readableOwners(emu, username);
    const list = emu.state.calendars.filter((c) => owners.has(c.ownerIdentityId)).map((c) => calendarJson(emu, c.id));
    const out: Record<string, unknown> = { calendars: list, offset: 0, limit: list.length };
    if (q.get('returnSize') === 'true') out.size = list.length;
    sendJson(ctx.res, 200, out);
    return;
  }
  if (sub === '/events' && ctx.method === 'GET') {
    const startRaw = q.get('start');
    const endRaw = q.get('end');
    const tz = q.get('timeZoneId');
    if (!startRaw) return sendText(ctx.res, 400, 'Start datetime is mandatory');
    if (!tz || !isValidTimeZone(tz)) return sendText(ctx.res, 400, 'Time zone is mandatory');
    const start = Date.parse(startRaw);
    const end = endRaw ? Date.parse(endRaw) : Number.POSITIVE_INFINITY;
    if (Number.isNaN(start) || Number.isNaN(end)) return sendText(ctx.res, 400, 'Wrong date format, RFC-3339 expected');
    if (end < start) return sendText(ctx.res, 400, 'Start date must be before end date');
    const readable = readableOwners(emu, username);
    const ownerIds = q
      .getAll('ownerIds')
      .flatMap((v) => v.split(','))
      .filter(Boolean);
    for (const o of ownerIds) if (!readable.has(o)) return send(ctx.res, 401, null);
    const owners = ownerIds.length ? new Set(ownerIds) : readable;
    const calendarIds = new Set(emu.state.calendars.filter((c) => owners.has(c.ownerIdentityId)).map((c) => c.id));
    let events = emu.state.events
      .filter((e) => calendarIds.has(e.calendarId) || (!ownerIds.length && e.attendees.includes(username)))
      .filter((e) => e.start < end && e.end > start)
      .sort((a, b) => a.start - b.start || a.id - b.id);
    const limit = endRaw ? 0 : clampInt(q.get('limit'), 10, 0, 1e6);
    if (!endRaw) events = events.slice(0, limit);
    sendJson(ctx.res, 200, {
      events: events.map((e) => eventJson(emu, e, tz, username)),
      start: startRaw,
      end: endRaw,
      limit,
      size: events.length,
    });
    return;
  }
  sendText(ctx.res, 404, 'Not Found');
}
