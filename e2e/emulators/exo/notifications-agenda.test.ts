// Contract tests for web notifications (brief §3.4, F13) and the Agenda REST (brief §5, F17).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExoEmulator } from './index';
import { type Client, loggedIn, withEmulator } from './test-helpers';

let emu: ExoEmulator;
let alice: Client;
type Json = Record<string, unknown>;
const N = '/portal/rest/notifications/webNotifications';

beforeEach(async () => {
  emu = await withEmulator({ now: () => new Date(Date.UTC(2025, 2, 10, 12, 0, 0)) });
  alice = await loggedIn(emu.url, 'alice');
});
afterEach(() => emu.close());

describe('web notifications 6.5+ (brief §3.4, F13)', () => {
  it('lists newest first with the structured fields and the badge', async () => {
    const body = await alice.json<{
      notifications: Json[];
      badge: number;
      badgesByPlugin: unknown;
      offset: number;
      limit: number;
    }>(`${N}?offset=0&limit=10`);
    expect(body).toMatchObject({ badge: 3, badgesByPlugin: null, offset: 0, limit: 10 });
    expect(body.notifications).toHaveLength(4);
    const [first] = body.notifications as [Json];
    expect(first).toMatchObject({ plugin: 'LikePlugin', read: false, canMute: true, spaceMuted: false, title: null });
    expect((first.from as Json).username).toBe('jdupont');
    expect((first.space as Json).prettyName).toBe('direction_du_numerique');
    expect(String(first.html)).toMatch(/^<li /);
    expect(typeof first.created).toBe('number');
    const created = body.notifications.map((n) => Number(n.created));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  it('onlyUnread, plugin filter, badgeByPlugin', async () => {
    const unread = await alice.json<{ notifications: Json[] }>(`${N}?onlyUnread=true`);
    expect(unread.notifications).toHaveLength(3);
    const byPlugin = await alice.json<{ notifications: Json[]; badgesByPlugin: Record<string, number> }>(
      `${N}?plugin=ActivityCommentPlugin&badgeByPlugin=true`,
    );
    expect(byPlugin.notifications.every((n) => n.plugin === 'ActivityCommentPlugin')).toBe(true);
    expect(byPlugin.badgesByPlugin).toEqual({ LikePlugin: 1, ActivityCommentPlugin: 2 });
  });

  it("resetBadge, markAsRead, markAllAsRead, hide; someone else's is 401", async () => {
    const list = await alice.json<{ notifications: Json[] }>(N);
    const id = String(list.notifications[0]?.id);
    expect((await alice.fetch(`${N}?operation=resetBadge`, { method: 'PATCH' })).status).toBe(204);
    expect((await alice.json<{ badge: number }>(N)).badge).toBe(0);
    expect((await alice.fetch(`${N}/${id}?operation=markAsRead`, { method: 'PATCH' })).status).toBe(204);
    expect((await alice.json<{ notifications: Json[] }>(`${N}?onlyUnread=true`)).notifications).toHaveLength(2);
    const bob = await loggedIn(emu.url, 'bob');
    expect((await bob.fetch(`${N}/${id}?operation=markAsRead`, { method: 'PATCH' })).status).toBe(401);
    expect((await alice.fetch(`${N}/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await alice.json<{ notifications: Json[] }>(N)).notifications.map((n) => n.id)).not.toContain(id);
    expect((await alice.fetch(`${N}?operation=markAllAsRead`, { method: 'PATCH' })).status).toBe(204);
    expect((await alice.json<{ notifications: Json[] }>(`${N}?onlyUnread=true`)).notifications).toHaveLength(0);
  });

  it('control.notify injects a notification and moves the badge', async () => {
    emu.control.notify({
      to: 'alice',
      plugin: 'SpaceInvitationPlugin',
      from: 'carol',
      text: 'vous invite à rejoindre l’espace Comité RGPD.',
    });
    expect((await alice.json<{ badge: number }>(N)).badge).toBe(4);
  });
});

describe('web notifications 6.0–6.4 (HTML only)', () => {
  it('returns notification HTML strings and takes the operation as a text/plain body', async () => {
    emu.control.setFeatures({ notificationsApi: 'html' });
    const body = await alice.json<{ notifications: { notification: string }[]; badge: number }>(N);
    expect(Object.keys(body.notifications[0] ?? {})).toEqual(['notification']);
    expect(body.notifications[0]?.notification).toMatch(/^<li /);
    expect(body.badge).toBe(3);
    const id = /data-id="(\d+)"/.exec(body.notifications[0]?.notification ?? '')?.[1];
    expect(
      (
        await alice.fetch(`${N}/${id}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'text/plain' },
          body: 'resetNew',
        })
      ).status,
    ).toBe(204);
    expect((await alice.json<{ badge: number }>(N)).badge).toBe(0);
  });
});

describe('agenda (brief §5, F17)', () => {
  const A = '/portal/rest/v1/agenda/events';

  it('lists events of a window in the requested time zone', async () => {
    const q = new URLSearchParams({
      start: '2025-03-10T00:00:00Z',
      end: '2025-03-17T00:00:00Z',
      timeZoneId: 'Europe/Paris',
    });
    const body = await alice.json<{ events: Json[]; size: number; start: string; end: string }>(`${A}?${q}`);
    expect(body.start).toBe('2025-03-10T00:00:00Z');
    expect(body.events.map((e) => e.summary)).toEqual([
      'Point hebdo avec Jeanne',
      'Comité de pilotage numérique',
      'Réunion de lancement avec les proviseurs',
      'Comité RGPD trimestriel',
      'Formation accessibilité numérique',
    ]);
    expect(body.size).toBe(5);
    const copil = body.events[1] as Json;
    expect(copil).toMatchObject({
      start: '2025-03-11T09:30:00+01:00',
      end: '2025-03-11T11:00:00+01:00',
      timeZoneId: 'Europe/Paris',
      allDay: false,
      status: 'CONFIRMED',
    });
    expect((copil.calendar as Json).title).toBe('Direction du numérique');
    expect((copil.attendees as Json[]).length).toBe(4);
    const utc = await alice.json<{ events: Json[] }>(
      `${A}?${new URLSearchParams({ start: '2025-03-11T00:00:00Z', end: '2025-03-12T00:00:00Z', timeZoneId: 'UTC' })}`,
    );
    expect(utc.events[0]?.start).toBe('2025-03-11T08:30:00+00:00');
  });

  it("ownerIds narrows to one calendar owner; someone else's is 401", async () => {
    const me = String((await alice.json('/portal/rest/v1/social/users/alice')).id);
    const q = new URLSearchParams({
      start: '2025-03-10T00:00:00Z',
      end: '2025-03-17T00:00:00Z',
      timeZoneId: 'Europe/Paris',
      ownerIds: me,
    });
    const mine = await alice.json<{ events: Json[] }>(`${A}?${q}`);
    expect(mine.events.map((e) => e.summary)).toEqual(['Point hebdo avec Jeanne', 'Formation accessibilité numérique']);
    const bob = String((await alice.json('/portal/rest/v1/social/users/bob')).id);
    q.set('ownerIds', bob);
    expect((await alice.fetch(`${A}?${q}`)).status).toBe(401);
  });

  it('400 text/plain for a missing time zone or start, or start after end', async () => {
    const noTz = await alice.fetch(`${A}?start=2025-03-10T00:00:00Z&end=2025-03-11T00:00:00Z`);
    expect(noTz.status).toBe(400);
    expect(noTz.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await noTz.text()).toBe('Time zone is mandatory');
    expect(await (await alice.fetch(`${A}?timeZoneId=UTC`)).text()).toBe('Start datetime is mandatory');
    expect(
      await (await alice.fetch(`${A}?start=2025-03-12T00:00:00Z&end=2025-03-11T00:00:00Z&timeZoneId=UTC`)).text(),
    ).toBe('Start date must be before end date');
  });

  it('calendars and settings answer (feature probes)', async () => {
    expect((await alice.fetch('/portal/rest/v1/agenda/settings')).status).toBe(200);
    const cals = await alice.json<{ calendars: Json[] }>('/portal/rest/v1/agenda/calendars');
    expect(cals.calendars.map((c) => c.title)).toContain('Projet Lycées connectés');
    expect(cals.calendars.map((c) => c.title)).not.toContain('Ressources humaines');
  });
});
