// Contract tests for the social REST (brief §3.1–3.3, F11, F12).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExoEmulator } from './index';
import { type Client, loggedIn, withEmulator } from './test-helpers';

let emu: ExoEmulator;
let alice: Client;
const S = '/portal/rest/v1/social';

type Json = Record<string, unknown>;

beforeEach(async () => {
  emu = await withEmulator({ now: () => new Date(Date.UTC(2025, 2, 10, 12, 0, 0)) });
  alice = await loggedIn(emu.url, 'alice');
});
afterEach(() => emu.close());

describe('spaces (brief §3.1, F11)', () => {
  it('lists my spaces with the documented fields, absolute hrefs and size', async () => {
    const body = await alice.json<{ spaces: Json[]; offset: number; limit: number; size: number }>(
      `${S}/spaces?filterType=member&offset=0&limit=20&returnSize=true`,
    );
    expect(body.offset).toBe(0);
    expect(body.limit).toBe(20);
    expect(body.size).toBe(4);
    const names = body.spaces.map((s) => s.displayName);
    expect(names).toEqual(
      expect.arrayContaining(['Direction du numérique', 'Projet Lycées connectés', 'Comité RGPD', 'Vie de la Région']),
    );
    expect(names).not.toContain('Ressources humaines');
    const dn = body.spaces.find((s) => s.prettyName === 'direction_du_numerique') as Json;
    expect(dn.href).toBe(`${emu.url}${S}/spaces/${String(dn.id)}`);
    expect(String(dn.identity)).toMatch(new RegExp(`^${emu.url}${S}/identities/\\d+$`));
    expect(dn.groupId).toBe('/spaces/direction_du_numerique');
    expect(dn.isMember).toBe(true);
    expect(dn.isManager).toBe(true);
    expect(dn.isFavorite).toBe('false');
    expect(dn.isMuted).toBe('false');
    expect(dn).not.toHaveProperty('identityId'); // 7.x only
  });

  it('filterType=all lists visible spaces, not hidden ones; a bad filter is a 400', async () => {
    const bob = await loggedIn(emu.url, 'bob');
    const all = await bob.json<{ spaces: Json[] }>(`${S}/spaces?filterType=all&limit=50`);
    const pretty = all.spaces.map((s) => s.prettyName);
    expect(pretty).toContain('projet_lycees_connectes');
    expect(pretty).not.toContain('comite_rgpd');
    const bad = await bob.fetch(`${S}/spaces?filterType=mine`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('Unrecognized space filter type');
  });

  it('sends a strong ETag (body hash) and answers 304 to If-None-Match', async () => {
    const res = await alice.fetch(`${S}/spaces?filterType=member`);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"-?\d+"$/);
    expect(res.headers.get('last-modified')).toBeTruthy();
    const again = await alice.fetch(`${S}/spaces?filterType=member`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    await alice.fetch(`${S}/activities?spaceId=${emu.control.spaceId('comite_rgpd')}`);
    emu.control.state.spaces.get(emu.control.spaceId('comite_rgpd'))!.members.push('bob');
    expect((await alice.fetch(`${S}/spaces?filterType=member`, { headers: { 'If-None-Match': etag } })).status).toBe(
      200,
    );
  });

  it('7.x adds identityId', async () => {
    emu.control.setFeatures({ platformVersion: '7.0.0' });
    const body = await alice.json<{ spaces: Json[] }>(`${S}/spaces?filterType=member`);
    expect(body.spaces[0]).toHaveProperty('identityId');
  });

  it('401 (empty) for a hidden space I am not in, by id or pretty name', async () => {
    const rh = emu.control.spaceId('ressources_humaines');
    for (const path of [`${S}/spaces/${rh}`, `${S}/spaces/byPrettyName/ressources_humaines`, `${S}/spaces/999`]) {
      const res = await alice.fetch(path);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
    }
    expect((await alice.json(`${S}/spaces/byPrettyName/comite_rgpd`)).displayName).toBe('Comité RGPD');
  });

  it('space members by role', async () => {
    const id = emu.control.spaceId('projet_lycees_connectes');
    const managers = await alice.json<{ users: Json[] }>(`${S}/spaces/${id}/users?role=manager`);
    expect(managers.users.map((u) => u.username)).toEqual(['alice']);
    const members = await alice.json<{ users: Json[] }>(`${S}/spaces/${id}/users?role=member&returnSize=true`);
    expect(members.users.map((u) => u.username)).toEqual(
      expect.arrayContaining(['alice', 'bob', 'srousseau', 'mbernard']),
    );
  });
});

describe('users and identities (brief §3.3)', () => {
  it('an unknown user is 401, not 404', async () => {
    const res = await alice.fetch(`${S}/users/nobody`);
    expect(res.status).toBe(401);
  });

  it('profile fields and identity lookup', async () => {
    const bob = await alice.json(`${S}/users/bob`);
    expect(bob).toMatchObject({
      username: 'bob',
      firstname: 'Bob',
      lastname: 'Lefèvre',
      fullname: 'Bob Lefèvre',
      email: 'bob@example.test',
      enabled: true,
      isExternal: false,
    });
    const identity = await alice.json(`${S}/identities/${String(bob.id)}`);
    expect(identity).toMatchObject({ providerId: 'organization', remoteId: 'bob' });
    const bySpace = await alice.json(`${S}/identities/byParams?providerId=space&remoteId=comite_rgpd`);
    expect(bySpace.providerId).toBe('space');
    const avatar = await alice.fetch(`${S}/users/bob/avatar`);
    expect(avatar.headers.get('content-type')).toBe('image/png');
  });
});

describe('activities (brief §3.2, F12)', () => {
  it('reads a space stream newest first with paging, returnSize and comments href', async () => {
    const id = emu.control.spaceId('direction_du_numerique');
    const page = await alice.json<{ activities: Json[]; size: number; limit: number }>(
      `${S}/activities?spaceId=${id}&limit=2&returnSize=true`,
    );
    expect(page.size).toBe(3);
    expect(page.activities).toHaveLength(2);
    const [first] = page.activities as [Json];
    expect(first.title).toContain('Incident résolu');
    expect(first.comments).toBe(`${emu.url}${S}/activities/${String(first.id)}/comments`);
    expect(first.activityStream).toMatchObject({ type: 'space', id: 'direction_du_numerique' });
    expect(String(first.createDate)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    const next = await alice.json<{ activities: Json[] }>(`${S}/activities?spaceId=${id}&limit=2&offset=2`);
    expect(next.activities).toHaveLength(1);
    expect(next.activities[0]?.title).toContain('schéma directeur');
  });

  it('caps limit at 500', async () => {
    const page = await alice.json<{ limit: number }>(`${S}/activities?limit=9999`);
    expect(page.limit).toBe(500);
  });

  it('401 on a space stream I cannot view; 400 on a bad afterTime', async () => {
    expect((await alice.fetch(`${S}/activities?spaceId=${emu.control.spaceId('ressources_humaines')}`)).status).toBe(
      401,
    );
    expect((await alice.fetch(`${S}/activities?afterTime=1730000000000`)).status).toBe(400);
  });

  it('afterTime (yyyy-MM-dd HH:mm:ss UTC) returns only what moved after it', async () => {
    const id = emu.control.spaceId('projet_lycees_connectes');
    const all = await alice.json<{ activities: Json[] }>(`${S}/activities?spaceId=${id}`);
    expect(all.activities.length).toBe(2);
    const none = await alice.json<{ activities: Json[] }>(
      `${S}/activities?spaceId=${id}&afterTime=${encodeURIComponent('2025-03-10 11:59:59')}`,
    );
    expect(none.activities).toHaveLength(0);
    emu.control.post('srousseau', { space: 'projet_lycees_connectes' }, '<p>Nouvelle étape</p>');
    const after = await alice.json<{ activities: Json[] }>(
      `${S}/activities?spaceId=${id}&afterTime=${encodeURIComponent('2025-03-10 11:59:59')}`,
    );
    expect(after.activities.map((a) => a.title)).toEqual(['<p>Nouvelle étape</p>']);
  });

  it('expand=ids gives activityIds', async () => {
    const body = await alice.json<{ activityIds: { id: string }[] }>(
      `${S}/activities?spaceId=${emu.control.spaceId('direction_du_numerique')}&expand=ids`,
    );
    expect(body.activityIds.length).toBe(3);
    expect(Object.keys(body.activityIds[0] ?? {})).toEqual(['id']);
  });

  it('posts into a space (6.2+ endpoint) with @mention expanded, nonce kept in templateParams, mention notified', async () => {
    const spaceId = emu.control.spaceId('direction_du_numerique');
    const res = await alice.fetch(`${S}/activities?spaceId=${spaceId}`, {
      method: 'POST',
      json: { title: '<p>Brouillon prêt @bob</p>', type: '', templateParams: { 'x-nonce': 'c0ffee' }, files: [] },
    });
    expect(res.status).toBe(200);
    const a = (await res.json()) as Json;
    expect(a.title).toBe('<p>Brouillon prêt <a href="/portal/dw/profile/bob" rel="nofollow">Bob Lefèvre</a></p>');
    expect(a.templateParams).toEqual({ 'x-nonce': 'c0ffee' });
    expect(a.owner).toMatchObject({ href: `${emu.url}${S}/users/alice`, isMember: true });
    expect((a.mentions as Json[])[0]).toMatchObject({ href: `${emu.url}${S}/users/bob` });
    expect(a).toMatchObject({ commentsCount: 0, likesCount: 0, hasLiked: false, canEdit: true, canDelete: true });
    const bobNotifs = emu.control
      .notifications('bob')
      .filter((n) => n.plugin === 'ActivityMentionPlugin' && n.parameters.activityId === a.id);
    expect(bobNotifs).toHaveLength(1);
    // No idempotency key: a replay posts twice (brief §0 pitfall 4).
    await alice.fetch(`${S}/activities?spaceId=${spaceId}`, {
      method: 'POST',
      json: { title: '<p>Brouillon prêt @bob</p>', templateParams: { 'x-nonce': 'c0ffee' } },
    });
    expect(
      emu.control.activities('direction_du_numerique').filter((x) => x.templateParams['x-nonce'] === 'c0ffee'),
    ).toHaveLength(2);
  });

  it('cannot post where not a member (401); the deprecated per-stream POST still works', async () => {
    const rh = emu.control.spaceId('ressources_humaines');
    expect((await alice.fetch(`${S}/activities?spaceId=${rh}`, { method: 'POST', json: { title: 'x' } })).status).toBe(
      401,
    );
    const lyc = emu.control.spaceId('projet_lycees_connectes');
    expect(
      (await alice.fetch(`${S}/spaces/${lyc}/activities`, { method: 'POST', json: { title: 'Ancienne API' } })).status,
    ).toBe(200);
    expect(
      (await alice.fetch(`${S}/users/alice/activities`, { method: 'POST', json: { title: 'Sur mon flux' } })).status,
    ).toBe(200);
    expect(
      (await alice.fetch(`${S}/users/bob/activities`, { method: 'POST', json: { title: 'Sur le flux de Bob' } }))
        .status,
    ).toBe(401);
  });

  it('comments: post, list, reply (subComments), id in body is 400; the poster is notified', async () => {
    const [act] = emu.control.activities('projet_lycees_connectes');
    const bob = await loggedIn(emu.url, 'bob');
    const bad = await bob.fetch(`${S}/activities/${act!.id}/comments`, {
      method: 'POST',
      json: { id: '1', title: 'x' },
    });
    expect(bad.status).toBe(400);
    const c = await bob.json(`${S}/activities/${act!.id}/comments`, {
      method: 'POST',
      json: { title: 'Je peux aider @srousseau' },
    });
    expect(c).toMatchObject({
      activityId: act!.id,
      poster: 'bob',
      parentCommentId: null,
      activity: `${emu.url}${S}/activities/${act!.id}`,
    });
    const reply = await alice.json(`${S}/activities/${act!.id}/comments`, {
      method: 'POST',
      json: { title: 'Merci !', parentCommentId: c.id },
    });
    expect(reply.parentCommentId).toBe(c.id);
    const top = await alice.json<{ comments: Json[] }>(`${S}/activities/${act!.id}/comments`);
    expect(top.comments.map((x) => x.id)).toEqual([c.id]);
    const withSub = await alice.json<{ comments: Json[]; size: number }>(
      `${S}/activities/${act!.id}/comments?expand=subComments&returnSize=true`,
    );
    expect(withSub.size).toBe(2);
    expect(
      emu.control
        .notifications('alice')
        .some((n) => n.plugin === 'ActivityCommentPlugin' && n.parameters.commentId === c.id),
    ).toBe(true);
    expect(emu.control.notifications('srousseau').some((n) => n.plugin === 'ActivityMentionPlugin')).toBe(true);
    expect(emu.control.notifications('bob').some((n) => n.plugin === 'ActivityReplyToCommentPlugin')).toBe(true);
  });

  it('likes: POST returns the likes list, DELETE …/likes unlikes (6.2+)', async () => {
    const [act] = emu.control.activities('projet_lycees_connectes');
    const liked = await alice.json<{ likes: Json[] }>(`${S}/activities/${act!.id}/likes`, { method: 'POST' });
    expect(liked.likes.map((l) => l.username)).toContain('alice');
    expect((await alice.json(`${S}/activities/${act!.id}`)).hasLiked).toBe(true);
    const after = await alice.json<{ likes: Json[] }>(`${S}/activities/${act!.id}/likes`, { method: 'DELETE' });
    expect(after.likes.map((l) => l.username)).not.toContain('alice');
  });

  it('GET by id sends a weak ETag and honours If-None-Match; edits change it', async () => {
    const [act] = emu.control.activities('projet_lycees_connectes');
    const res = await alice.fetch(`${S}/activities/${act!.id}`);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"-?\d+"$/);
    expect(res.headers.get('last-modified')).toBeTruthy();
    expect((await alice.fetch(`${S}/activities/${act!.id}`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const edited = await alice.json(`${S}/activities/${act!.id}`, {
      method: 'PUT',
      json: { title: '<p>Réunion de lancement le 4</p>' },
    });
    expect(edited.title).toBe('<p>Réunion de lancement le 4</p>');
    expect((await alice.fetch(`${S}/activities/${act!.id}`, { headers: { 'If-None-Match': etag } })).status).toBe(200);
  });

  it('only the poster edits; a missing activity is 404; delete removes it from the stream', async () => {
    const bob = await loggedIn(emu.url, 'bob');
    const [act] = emu.control.activities('projet_lycees_connectes');
    expect((await bob.fetch(`${S}/activities/${act!.id}`, { method: 'PUT', json: { title: 'x' } })).status).toBe(401);
    expect((await alice.fetch(`${S}/activities/99999`)).status).toBe(404);
    expect((await alice.fetch(`${S}/activities/${act!.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await alice.fetch(`${S}/activities/${act!.id}`)).status).toBe(404);
  });

  it('streamType filters the feed; unknown streamType is 400', async () => {
    const user = await alice.json<{ activities: Json[] }>(`${S}/activities?streamType=USER_STREAM`);
    expect(user.activities.every((a) => (a.owner as Json).href === `${emu.url}${S}/users/alice`)).toBe(true);
    const all = await alice.json<{ activities: Json[] }>(`${S}/activities?limit=100`);
    expect(all.activities.length).toBeGreaterThan(user.activities.length);
    expect(all.activities.some((a) => String(a.title).includes('entretiens'))).toBe(false);
    expect((await alice.fetch(`${S}/activities?streamType=NOPE`)).status).toBe(400);
  });

  it('attachments: files[].uploadId from /portal/upload are stored in the space drive', async () => {
    const form = new FormData();
    form.set('file', new Blob(['ordre du jour']), 'ODJ.txt');
    await alice.fetch('/portal/upload?uploadId=777&action=upload', { method: 'POST', body: form });
    const id = emu.control.spaceId('projet_lycees_connectes');
    const a = await alice.json(`${S}/activities?spaceId=${id}`, {
      method: 'POST',
      json: { title: '<p>Ordre du jour</p>', files: [{ uploadId: '777', name: 'ODJ.txt', mimeType: 'text/plain' }] },
    });
    expect(a.type).toBe('files:spaces');
    expect(a.files).toEqual([
      expect.objectContaining({
        name: 'ODJ.txt',
        path: '/Groups/spaces/projet_lycees_connectes/Documents/Activity Stream Documents/ODJ.txt',
      }),
    ]);
    expect(
      (
        await emu.control.readDocument(
          '/Groups/spaces/projet_lycees_connectes/Documents/Activity Stream Documents/ODJ.txt',
        )
      )?.toString(),
    ).toBe('ordre du jour');
    expect(
      (
        await alice.fetch(`${S}/activities?spaceId=${id}`, {
          method: 'POST',
          json: { title: 'x', files: [{ uploadId: 'nope' }] },
        })
      ).status,
    ).toBe(400);
  });
});
