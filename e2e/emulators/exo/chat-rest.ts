// Portal chat REST /chat/api/1.0/* (brief §2.2, §2.7): bootstrap, tokens, presence, file attachments.
import type { Emu } from './context';
import { type Ctx, readForm, send, sendJson, sendText } from './http';
import { type User, chatToken, findUser, fullName, personalDrivePath } from './state';
import { normPath } from './util';
import { canWrite, ensureFolder, saveFile } from './documents';
import { progressPseudoJson, storeUpload } from './documents-rest';
import { CHAT_PAGE } from './chat-model';

export async function handleChatRest(
  emu: Emu,
  ctx: Ctx,
  username: string | null,
  sub: string,
  sessionId: string | null,
  denied: () => void,
): Promise<void> {
  const noStore = { 'Cache-Control': 'no-cache, no-store' };
  if (sub === '/user/token') {
    const u = username ?? '__anonim_';
    const t = username ? chatToken(username) : '---';
    if (username) {
      const user = emu.state.users.get(username);
      if (user) user.chatRegistered = true;
    }
    if (ctx.query.get('tokenOnly') === 'true') sendText(ctx.res, 200, t, noStore);
    else sendJson(ctx.res, 200, { username: u, token: t }, noStore);
    return;
  }
  if (!username) return denied();
  const user = emu.state.users.get(username) as User;
  switch (sub) {
    case '/user/settings':
      user.chatRegistered = true; // first call registers the user in the chat DB
      sendJson(
        ctx.res,
        200,
        {
          username,
          token: chatToken(username),
          fullName: fullName(user),
          status: user.chatStatus,
          isOnline: emu.realtime.isOnline(username),
          cometdToken: emu.realtime.cometdToken(username),
          sessionId: sessionId ?? '',
          serverURL: '/chatServer',
          standalone: false,
          chatPage: CHAT_PAGE,
          offlineDelay: 60000,
          wsEndpoint: '/cometd/cometd',
          maxUploadSize: emu.features.chatUploadLimitMb,
          canUploadFiles: true,
        },
        noStore,
      );
      return;
    case '/user/cometdToken':
      sendText(ctx.res, 200, emu.realtime.cometdToken(username), noStore);
      return;
    case '/user/onlineUsers':
      sendText(ctx.res, 200, emu.realtime.onlineUsers().join(','), noStore);
      return;
    case '/user/onlineStatus': {
      const users = ctx.query.get('users');
      if (!users) {
        sendText(ctx.res, 400, 'users parameter is mandatory');
        return;
      }
      const out: Record<string, boolean> = {};
      for (const u of users.split(',').filter(Boolean)) out[u] = emu.realtime.isOnline(u);
      sendJson(ctx.res, 200, out, noStore);
      return;
    }
    case '/user/getUserState': {
      const target = findUser(emu.state, ctx.query.get('user'));
      if (!target) {
        send(ctx.res, 404, null);
        return;
      }
      sendJson(
        ctx.res,
        200,
        { isDeleted: false, isEnabled: target.enabled, isExternal: String(target.external) },
        noStore,
      );
      return;
    }
    case '/user/mentionNotifications':
    case '/user/messageReceivedNotification':
      await ctx.body();
      send(ctx.res, 204, null);
      return;
    case '/file/upload': {
      const id = ctx.query.get('uploadId');
      const action = ctx.query.get('action');
      if (action === 'progress' && id) {
        send(ctx.res, 200, progressPseudoJson(emu, [id]), { 'Content-Type': 'application/json' });
        return;
      }
      if (action === 'upload' && id) {
        await storeUpload(emu, ctx, username, id, emu.features.chatUploadLimitMb, 'userfile');
        send(ctx.res, 200, null);
        return;
      }
      sendText(ctx.res, 400, 'Unknown action');
      return;
    }
    case '/file/persist':
      await persistChatFile(emu, ctx, username);
      return;
    default:
      sendText(ctx.res, 404, 'Not Found');
  }
}

async function persistChatFile(emu: Emu, ctx: Ctx, username: string): Promise<void> {
  const form = await readForm(ctx);
  const get = (n: string): string | null => ctx.query.get(n) ?? form.get(n);
  const upload = emu.state.uploads.get(get('uploadId') ?? '');
  if (!upload) {
    sendText(ctx.res, 404, 'upload not found');
    return;
  }
  if (upload.failedLimitMb !== null || !upload.data) {
    send(ctx.res, 406, null);
    return;
  }
  const target = get('targetRoom') ?? '';
  let folder: string;
  let sharedWith: string[] = [];
  if (target.startsWith('space-')) {
    const room = emu.state.rooms.get(target.slice(6));
    const space =
      (room?.spaceId ? emu.state.spaces.get(room.spaceId) : undefined) ??
      [...emu.state.spaces.values()].find((s) => s.displayName === get('targetFullname'));
    if (!space) {
      sendText(ctx.res, 404, 'space not found');
      return;
    }
    folder = `/Groups/spaces/${space.prettyName}/Documents`;
  } else {
    folder = `${personalDrivePath(username)}/Documents`;
    if (target.startsWith('team-')) {
      const room = emu.state.rooms.get(target.slice(5));
      sharedWith = room ? room.members.filter((m) => m !== username) : [];
    } else if (findUser(emu.state, target)) sharedWith = [target];
  }
  if (!canWrite(emu.state, username, folder)) {
    send(ctx.res, 401, null);
    return;
  }
  await ensureFolder(emu, folder, username);
  const node = await saveFile(emu, {
    path: normPath(`${folder}/${upload.fileName}`),
    data: upload.data,
    author: username,
    mimeType: upload.mimeType,
    existence: 'keepBoth',
  });
  node.sharedWith.push(...sharedWith);
  emu.state.uploads.delete(upload.id);
  const restPath = `/rest/jcr/repository/collaboration${node.path}`;
  const kb = node.size / 1024;
  sendJson(ctx.res, 200, {
    status: 'ok',
    name: upload.fileName,
    title: upload.fileName,
    size: node.size,
    owner: username,
    uuid: node.id,
    path: node.path,
    createdDate: new Date(node.createdAt).toISOString(),
    publicUrl: restPath,
    thumbnailUrl: `/portal/rest/thumbnailImage/large/repository/collaboration${node.path}`,
    restPath,
    downloadLink: `/portal/rest/contents/download/collaboration${node.path}`,
    thumbnailURL: `/portal/rest/thumbnailImage/large/repository/collaboration${node.path}`,
    sizeLabel: kb < 1024 ? `${kb.toFixed(1)} Ko` : `${(kb / 1024).toFixed(1)} Mo`,
  });
}
