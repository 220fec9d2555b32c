// Web notifications and badge (brief §3.4, F13): 6.5+/7.x JSON, or the 6.0–6.4 HTML-only variant; realtime on
// /eXo/Application/web/NotificationMessage.
import type { Emu } from './context';
import { type Ctx, send, sendJson, sendText } from './http';
import { type WebNotification, findUser, fullName } from './state';
import { clampInt, escapeHtml } from './util';
import { spaceEntity, userEntity } from './social-entities';

export const NOTIFICATION_CHANNEL = '/eXo/Application/web/NotificationMessage';

export interface NewNotification {
  to: string;
  plugin: string;
  from?: string | null;
  spaceId?: string | null;
  title?: string | null;
  /** Text of the notification (French); wrapped into the popover <li> HTML. */
  text: string;
  parameters?: Record<string, string>;
  link?: string;
  at?: number;
}

export function addNotification(emu: Emu, n: NewNotification): WebNotification {
  emu.state.counters.notification++;
  const id = String(4700 + emu.state.counters.notification);
  const from = n.from ? findUser(emu.state, n.from) : undefined;
  const html =
    `<li class="unread clearfix" data-id="${id}" data-link="${escapeHtml(n.link ?? '/portal/dw')}">` +
    `<div class="media"><div class="media-body"><div class="contentSmall">` +
    `<div class="content">${from ? `<strong class="text-bold">${escapeHtml(fullName(from))}</strong> ` : ''}${escapeHtml(n.text)}</div>` +
    `</div></div></div></li>`;
  const notif: WebNotification = {
    id,
    to: n.to,
    plugin: n.plugin,
    from: from?.username ?? null,
    spaceId: n.spaceId ?? null,
    title: n.title ?? null,
    html,
    parameters: n.parameters ?? {},
    read: false,
    isNew: true,
    hidden: false,
    created: n.at ?? emu.nowMs(),
  };
  emu.state.notifications.push(notif);
  const badge = badgeOf(emu, n.to);
  // MessageInfo (brief §3.4); delivered as a JSON string (inferred, like the chat channel).
  emu.realtime.deliverToUser(
    n.to,
    NOTIFICATION_CHANNEL,
    JSON.stringify({
      id,
      from: notif.from,
      to: n.to,
      subject: n.title ?? '',
      body: html,
      footer: '',
      pluginId: n.plugin,
      createdTime: notif.created,
      numberOnBadge: badge,
    }),
  );
  return notif;
}

export function badgeOf(emu: Emu, username: string, plugin?: string): number {
  return emu.state.notifications.filter(
    (n) => n.to === username && n.isNew && !n.hidden && (!plugin || n.plugin === plugin),
  ).length;
}

function mine(emu: Emu, username: string): WebNotification[] {
  return emu.state.notifications
    .filter((n) => n.to === username)
    .sort((a, b) => b.created - a.created || Number(b.id) - Number(a.id));
}

export async function handleNotificationsRest(
  emu: Emu,
  ctx: Ctx,
  username: string,
  sub: string,
  base: string,
): Promise<void> {
  const q = ctx.query;
  const idMatch = /^\/([^/]+)$/.exec(sub);
  const target = idMatch ? emu.state.notifications.find((n) => n.id === idMatch[1]) : undefined;
  if (emu.features.notificationsApi === 'html') {
    if (sub === '' && ctx.method === 'GET') {
      const list = mine(emu, username).filter((n) => !n.hidden);
      sendJson(ctx.res, 200, {
        notifications: list.slice(0, 8).map((n) => ({ notification: n.html })),
        badge: badgeOf(emu, username),
      });
      return;
    }
    if (idMatch && ctx.method === 'PATCH') {
      // 6.0–6.4: the operation is the text/plain body.
      const op = (await ctx.body()).toString('utf8').trim();
      if (op === 'resetNew') for (const n of mine(emu, username)) n.isNew = false;
      else if (op === 'markAllAsRead') for (const n of mine(emu, username)) n.read = true;
      else if (target && target.to === username && op === 'markAsRead') target.read = true;
      else if (target && target.to === username && op === 'hide') target.hidden = true;
      send(ctx.res, 204, null);
      return;
    }
    sendText(ctx.res, 404, 'Not Found');
    return;
  }
  if (sub === '' && ctx.method === 'GET') {
    const offset = clampInt(q.get('offset'), 0, 0, 1e9);
    const limit = clampInt(q.get('limit'), 10, 0, 1e9);
    const plugins = q.getAll('plugin');
    let list = mine(emu, username);
    if (q.get('includeHidden') !== 'true') list = list.filter((n) => !n.hidden);
    if (q.get('onlyUnread') === 'true') list = list.filter((n) => !n.read);
    if (plugins.length) list = list.filter((n) => plugins.includes(n.plugin));
    let badgesByPlugin: Record<string, number> | null = null;
    if (q.get('badgeByPlugin') === 'true') {
      badgesByPlugin = {};
      for (const n of mine(emu, username))
        if (n.isNew && !n.hidden) badgesByPlugin[n.plugin] = (badgesByPlugin[n.plugin] ?? 0) + 1;
    }
    sendJson(ctx.res, 200, {
      notifications: list.slice(offset, offset + limit).map((n) => {
        const from = n.from ? findUser(emu.state, n.from) : undefined;
        const space = n.spaceId ? emu.state.spaces.get(n.spaceId) : undefined;
        return {
          id: n.id,
          title: n.title,
          plugin: n.plugin,
          from: from ? userEntity(emu, base, from) : null,
          space: space ? spaceEntity(emu, base, space, username) : null,
          html: n.html,
          parameters: n.parameters,
          read: n.read,
          canMute: !!space,
          spaceMuted: false,
          created: n.created,
        };
      }),
      badge: badgeOf(emu, username, plugins.length === 1 ? plugins[0] : undefined),
      badgesByPlugin,
      offset,
      limit,
    });
    return;
  }
  if (sub === '' && ctx.method === 'PATCH') {
    const op = q.get('operation');
    const plugins = q.getAll('plugin');
    const scope = mine(emu, username).filter((n) => !plugins.length || plugins.includes(n.plugin));
    if (op === 'resetBadge') for (const n of scope) n.isNew = false;
    else if (op === 'markAllAsRead') for (const n of scope) n.read = true;
    else {
      sendText(ctx.res, 400, 'Wrong operation');
      return;
    }
    send(ctx.res, 204, null);
    return;
  }
  if (idMatch && (ctx.method === 'PATCH' || ctx.method === 'DELETE')) {
    if (!target) {
      send(ctx.res, 404, null);
      return;
    }
    if (target.to !== username) {
      send(ctx.res, 401, null);
      return;
    }
    if (ctx.method === 'DELETE') target.hidden = true;
    else if (q.get('operation') === 'markAsRead') target.read = true;
    else if (q.get('operation') === 'hide') target.hidden = true;
    else {
      sendText(ctx.res, 400, 'Wrong operation');
      return;
    }
    send(ctx.res, 204, null);
    return;
  }
  sendText(ctx.res, 404, 'Not Found');
}
