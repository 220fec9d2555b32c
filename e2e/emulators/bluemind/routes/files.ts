// IFileHosting and IAttachment ("send as link") (brief §8).

import { Fault, json, ok, type Ctx } from '../http.js';
import { newUuid } from '../ids.js';
import { type RouteSpec } from '../router.js';
import { DOMAIN, type EmulatorState, type PublicShare } from '../state.js';

const FH = '/api/filehosting/{domainUid}';
const ATT = '/api/attachment/{domainUid}';
const FILEHOSTING_BODY_LIMIT = 200 * 1024 * 1024;
const FH_ROLES = ['canUseFilehosting', 'canRemoteAttach'];
const DAY = 86_400_000;

function checkDomain(ctx: Ctx): void {
  if (ctx.params.domainUid !== DOMAIN) throw new Fault('NOT_FOUND', `domain ${ctx.params.domainUid} not found`);
}

function requireEnabled(ctx: Ctx): void {
  checkDomain(ctx);
  if (!ctx.state.filehosting.enabled) throw new Fault('UNKNOWN', 'No filehosting implementation available');
}

const normalise = (p: string): string => `/${p.replace(/^\/+/, '')}`;
const fileKey = (ctx: Ctx, path: string): string => `${ctx.user().uid}:${normalise(path)}`;

function mimeOf(name: string): string {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    pdf: 'application/pdf',
    odt: 'application/vnd.oasis.opendocument.text',
    ods: 'application/vnd.oasis.opendocument.spreadsheet',
    png: 'image/png',
    jpg: 'image/jpeg',
    txt: 'text/plain',
    zip: 'application/zip',
  };
  return known[ext] ?? 'application/octet-stream';
}

function checkSize(ctx: Ctx, size: number): void {
  const max = ctx.state.filehosting.maxFilesize;
  if (max > 0 && size > max)
    throw new Fault('ENTITY_TOO_LARGE', `File size ${size} exceeds the maximum file size of ${max} bytes`);
}

export function createShare(
  state: EmulatorState,
  name: string,
  content: Buffer,
  path: string | null,
  expiration: number | null,
  downloadLimit: number,
): PublicShare {
  const share: PublicShare = {
    token: newUuid(),
    name,
    content,
    mime: mimeOf(name),
    expirationDate: expiration,
    downloadLimit,
    downloads: 0,
    path,
  };
  state.shares.set(share.token, share);
  return share;
}

/** Public link of a share [I: the `/fh/bm-fh/<token>` form is not from the brief]. */
export const shareUrl = (state: EmulatorState, share: PublicShare): string =>
  `${state.baseUrl}/fh/bm-fh/${share.token}`;

function items(ctx: Ctx, filter: (path: string) => boolean) {
  const prefix = `${ctx.user().uid}:`;
  return [...ctx.state.files.entries()]
    .filter(([k]) => k.startsWith(prefix))
    .map(([, f]) => f)
    .filter((f) => filter(f.path));
}

function fileItem(path: string, size: number, type: 'FILE' | 'DIRECTORY') {
  const name = path.split('/').pop() ?? path;
  return {
    path,
    name,
    type,
    size,
    metadata: type === 'FILE' ? [{ key: 'Content-Type', value: mimeOf(name) }] : [],
  };
}

function list(ctx: Ctx) {
  requireEnabled(ctx);
  const dir = normalise(ctx.query.get('path') ?? '/').replace(/\/+$/, '');
  const prefix = `${dir}/`;
  const out = new Map<string, ReturnType<typeof fileItem>>();
  for (const f of items(ctx, (p) => p.startsWith(prefix))) {
    const rest = f.path.slice(prefix.length);
    const [head, ...tail] = rest.split('/');
    if (!head) continue;
    if (tail.length) out.set(`${prefix}${head}`, fileItem(`${prefix}${head}`, 0, 'DIRECTORY'));
    else out.set(f.path, fileItem(f.path, f.content.length, 'FILE'));
  }
  return json([...out.values()]);
}

export const fileRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${FH}/_info`,
    roles: FH_ROLES,
    handler: (ctx) => {
      checkDomain(ctx);
      const on = ctx.state.filehosting.enabled;
      return json({
        present: on,
        type: on ? 'INTERNAL' : null,
        info: on ? 'BlueMind internal filehosting' : null,
        browsable: on,
      });
    },
  },
  {
    method: 'GET',
    path: `${FH}/_config`,
    roles: FH_ROLES,
    handler: (ctx) => {
      checkDomain(ctx);
      return json({
        maxFilesize: ctx.state.filehosting.maxFilesize,
        retentionTime: ctx.state.filehosting.retentionTime,
      });
    },
  },
  { method: 'GET', path: `${FH}/_list`, roles: FH_ROLES, handler: list },
  {
    method: 'GET',
    path: `${FH}/_find`,
    roles: FH_ROLES,
    handler: (ctx) => {
      requireEnabled(ctx);
      const q = (ctx.query.get('query') ?? '').toLowerCase();
      return json(
        items(ctx, (p) => (p.split('/').pop() ?? '').toLowerCase().includes(q)).map((f) =>
          fileItem(f.path, f.content.length, 'FILE'),
        ),
      );
    },
  },
  {
    method: 'GET',
    path: `${FH}/{path}/_exists`,
    roles: FH_ROLES,
    handler: (ctx) => {
      requireEnabled(ctx);
      return json(ctx.state.files.has(fileKey(ctx, ctx.params.path ?? '')));
    },
  },
  {
    method: 'GET',
    path: `${FH}/{path}/_content`,
    roles: FH_ROLES,
    handler: (ctx) => {
      requireEnabled(ctx);
      const f = ctx.state.files.get(fileKey(ctx, ctx.params.path ?? ''));
      if (!f) throw new Fault('NOT_FOUND', `file ${ctx.params.path} not found`);
      return { kind: 'bytes', data: f.content, contentType: 'application/octet-stream' };
    },
  },
  {
    method: 'PUT',
    path: `${FH}/{path}`,
    roles: FH_ROLES,
    stream: true,
    maxBody: FILEHOSTING_BODY_LIMIT,
    handler: (ctx) => {
      requireEnabled(ctx);
      checkSize(ctx, ctx.req.body.length);
      const path = normalise(ctx.params.path ?? '');
      ctx.state.files.set(fileKey(ctx, path), {
        path,
        content: Buffer.from(ctx.req.body),
        created: ctx.state.now(),
        ownerUid: ctx.user().uid,
      });
      return ok();
    },
  },
  {
    method: 'DELETE',
    path: `${FH}/{path}`,
    roles: FH_ROLES,
    handler: (ctx) => {
      requireEnabled(ctx);
      ctx.state.files.delete(fileKey(ctx, ctx.params.path ?? ''));
      return ok();
    },
  },
  {
    method: 'GET',
    path: `${FH}/_share`,
    roles: FH_ROLES,
    handler: (ctx) => {
      requireEnabled(ctx);
      const path = normalise(ctx.query.get('path') ?? '');
      const f = ctx.state.files.get(fileKey(ctx, path));
      if (!f) throw new Fault('NOT_FOUND', `file ${path} not found`);
      const exp = ctx.query.get('expirationDate');
      const expiration = exp ? Number(exp) : ctx.state.now() + ctx.state.filehosting.retentionTime * DAY;
      const limit = Number(ctx.query.get('downloadLimit') ?? '0') || 0;
      const share = createShare(ctx.state, path.split('/').pop() ?? 'fichier', f.content, path, expiration, limit);
      return json({ url: shareUrl(ctx.state, share), expirationDate: expiration });
    },
  },
  {
    method: 'DELETE',
    path: `${FH}/{url}/unshare`,
    roles: FH_ROLES,
    handler: (ctx) => {
      requireEnabled(ctx);
      const token = (ctx.params.url ?? '').split('/').pop() ?? '';
      ctx.state.shares.delete(token);
      return ok();
    },
  },
  {
    method: 'GET',
    path: `${ATT}/_config`,
    roles: ['canRemoteAttach'],
    handler: (ctx) => {
      checkDomain(ctx);
      const fh = ctx.state.filehosting;
      return json({
        autoDetachmentLimit: fh.autoDetachmentLimit,
        maxFilesize: fh.maxFilesize,
        retentionTime: fh.retentionTime,
      });
    },
  },
  {
    method: 'PUT',
    path: `${ATT}/{name}/share`,
    roles: ['canRemoteAttach'],
    stream: true,
    maxBody: FILEHOSTING_BODY_LIMIT,
    handler: (ctx) => {
      requireEnabled(ctx);
      checkSize(ctx, ctx.req.body.length);
      const name = ctx.params.name ?? 'fichier';
      const expiration = ctx.state.now() + ctx.state.filehosting.retentionTime * DAY;
      const share = createShare(ctx.state, name, Buffer.from(ctx.req.body), null, expiration, 0);
      return json({ publicUrl: shareUrl(ctx.state, share), expirationDate: expiration, name, cid: null });
    },
  },
  {
    method: 'PUT',
    path: `${ATT}/{extension}/share_dedup`,
    roles: ['canRemoteAttach'],
    stream: true,
    maxBody: FILEHOSTING_BODY_LIMIT,
    handler: (ctx) => {
      requireEnabled(ctx);
      checkSize(ctx, ctx.req.body.length);
      const name = `${newUuid()}.${ctx.params.extension ?? 'bin'}`;
      const expiration = ctx.state.now() + ctx.state.filehosting.retentionTime * DAY;
      const share = createShare(ctx.state, name, Buffer.from(ctx.req.body), null, expiration, 0);
      return json({ publicUrl: shareUrl(ctx.state, share), expirationDate: expiration, name, cid: null });
    },
  },
  {
    method: 'DELETE',
    path: `${ATT}/{url}/unshare`,
    roles: ['canRemoteAttach'],
    handler: (ctx) => {
      requireEnabled(ctx);
      ctx.state.shares.delete((ctx.params.url ?? '').split('/').pop() ?? '');
      return ok();
    },
  },
];
