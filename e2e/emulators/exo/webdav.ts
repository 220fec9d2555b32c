// WebDAV on /{rest prefix}/jcr/repository/collaboration/… (brief §4.5, F16): eXo JCR WebDAV semantics — unquoted
// ETag `<uuid><lastModified>`, no D:getetag in PROPFIND, no If-Match, a new version on each PUT of an existing file,
// lock tokens required for writes on locked nodes, per-mime Cache-Control, ECMS's host-only CORS header.
import { randomUUID } from 'node:crypto';
import type { Emu } from './context';
import { type Ctx, send, sendText } from './http';
import type { DocLock, DocNode } from './state';
import {
  canRead,
  canWrite,
  childrenOf,
  deleteNode,
  ensureFolder,
  etagOf,
  moveNode,
  readContent,
  saveFile,
} from './documents';
import { baseName, escapeXml, normPath, parentPath, rfc1123 } from './util';

const JCR_PREFIX = '/jcr/repository/collaboration';
const DEFAULT_LOCK_TIMEOUT = 86400;

function hrefOf(ctx: Ctx, restPrefix: string, path: string): string {
  const enc = path === '/' ? '' : path.split('/').map(encodeURIComponent).join('/');
  return `${ctx.origin}${restPrefix}${JCR_PREFIX}${enc}`;
}

function cacheControlFor(mime: string): string {
  if (mime.startsWith('text/')) return 'max-age=3600';
  if (mime.startsWith('image/')) return 'max-age=1800';
  if (mime.startsWith('application/')) return 'max-age=1800';
  return 'no-cache';
}

function requestTokens(ctx: Ctx): string[] {
  const raw = `${ctx.req.headers['lock-token'] ?? ''} ${ctx.req.headers.if ?? ''}`;
  return [...raw.matchAll(/opaquelocktoken:[^>\s)]+/g)].map((m) => m[0]);
}

function liveLock(emu: Emu, path: string): DocLock | undefined {
  const l = emu.state.locks.get(path);
  if (l && l.expiresAt <= emu.nowMs()) {
    emu.state.locks.delete(path);
    return undefined;
  }
  return l;
}

/** The lock covering a path: its own, or an ancestor's depth-infinity lock. */
function lockCovering(emu: Emu, path: string): DocLock | undefined {
  const own = liveLock(emu, path);
  if (own) return own;
  for (let p = parentPath(path); ; p = parentPath(p)) {
    const l = liveLock(emu, p);
    if (l && l.depth === 'infinity') return l;
    if (p === '/') return undefined;
  }
}

function locked(emu: Emu, ctx: Ctx, path: string): boolean {
  const l = lockCovering(emu, path);
  return !!l && !requestTokens(ctx).includes(l.token);
}

function lockDiscoveryXml(l: DocLock | undefined): string {
  if (!l) return '<D:lockdiscovery/>';
  return (
    '<D:lockdiscovery><D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:exclusive/></D:lockscope>' +
    `<D:depth>${l.depth === 'infinity' ? 'Infinity' : '0'}</D:depth><D:owner>${l.ownerInfo}</D:owner>` +
    `<D:timeout>Second-${l.timeoutSec}</D:timeout><D:locktoken><D:href>${l.token}</D:href></D:locktoken>` +
    '</D:activelock></D:lockdiscovery>'
  );
}

function propsOf(emu: Emu, viewer: string, node: DocNode): Map<string, string> {
  const p = new Map<string, string>();
  const name = node.path === '/' ? 'collaboration' : baseName(node.path);
  p.set('displayname', `<D:displayname>${escapeXml(name)}</D:displayname>`);
  p.set(
    'creationdate',
    `<D:creationdate b:dt="dateTime.tz">${new Date(node.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</D:creationdate>`,
  );
  p.set(
    'getlastmodified',
    `<D:getlastmodified b:dt="dateTime.rfc1123">${rfc1123(node.modifiedAt)}</D:getlastmodified>`,
  );
  if (node.folder) {
    const kids = childrenOf(emu.state, node.path).filter((c) => canRead(emu.state, viewer, c.path));
    p.set('resourcetype', '<D:resourcetype><D:collection/></D:resourcetype>');
    p.set('iscollection', '<D:iscollection>1</D:iscollection>');
    p.set('isfolder', '<D:isfolder>1</D:isfolder>');
    p.set('haschildren', `<D:haschildren>${kids.length ? 1 : 0}</D:haschildren>`);
    p.set('childcount', `<D:childcount>${kids.length}</D:childcount>`);
  } else {
    p.set('getcontentlength', `<D:getcontentlength b:dt="int">${node.size}</D:getcontentlength>`);
    p.set('getcontenttype', `<D:getcontenttype>${escapeXml(node.mimeType)}</D:getcontenttype>`);
    p.set('resourcetype', '<D:resourcetype/>');
    p.set('iscollection', '<D:iscollection>0</D:iscollection>');
    p.set('isfolder', '<D:isfolder>0</D:isfolder>');
    p.set('isversioned', '<D:isversioned>1</D:isversioned>');
    p.set('uuid', `<jcr:uuid>${node.id}</jcr:uuid>`);
  }
  p.set(
    'supportedlock',
    '<D:supportedlock><D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry></D:supportedlock>',
  );
  p.set('lockdiscovery', lockDiscoveryXml(liveLock(emu, node.path)));
  p.set('nodeType', `<jcr:nodeType>${node.folder ? 'nt:folder' : 'nt:file'}</jcr:nodeType>`);
  return p;
}

function requestedProps(body: string): string[] | null {
  if (!body.trim() || /<([\w-]+:)?allprop\b/.test(body) || /<([\w-]+:)?propname\b/.test(body)) return null;
  const m = /<([\w-]+:)?prop\b[^>]*>([\s\S]*?)<\/([\w-]+:)?prop>/.exec(body);
  if (!m) return null;
  return [...(m[2] ?? '').matchAll(/<(?:[\w-]+:)?([\w-]+)[^>]*?\/?>/g)].map((x) => x[1] ?? '').filter(Boolean);
}

function responseXml(
  ctx: Ctx,
  restPrefix: string,
  emu: Emu,
  viewer: string,
  node: DocNode,
  wanted: string[] | null,
): string {
  const props = propsOf(emu, viewer, node);
  const found: string[] = [];
  const missing: string[] = [];
  if (wanted === null) found.push(...props.values());
  else {
    for (const w of wanted) {
      const v = props.get(w);
      if (v) found.push(v);
      else missing.push(`<D:${w}/>`);
    }
  }
  let xml = `<D:response><D:href>${escapeXml(hrefOf(ctx, restPrefix, node.path))}</D:href>`;
  if (found.length)
    xml += `<D:propstat><D:prop>${found.join('')}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>`;
  if (missing.length)
    xml += `<D:propstat><D:prop>${missing.join('')}</D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>`;
  return xml + '</D:response>';
}

function parseDestination(ctx: Ctx): string | null {
  const dest = ctx.req.headers.destination;
  if (typeof dest !== 'string') return null;
  let pathname: string;
  try {
    pathname = new URL(dest, ctx.origin).pathname;
  } catch {
    return null;
  }
  const i = pathname.indexOf(JCR_PREFIX);
  if (i < 0) return null;
  const rest = pathname.slice(i + JCR_PREFIX.length);
  try {
    return normPath(rest.split('/').map(decodeURIComponent).join('/'));
  } catch {
    return null;
  }
}

function parseTimeout(ctx: Ctx): number {
  const t = String(ctx.req.headers.timeout ?? '');
  const m = /Second-(\d+)/i.exec(t);
  if (m) return Math.max(1, Number(m[1]));
  return DEFAULT_LOCK_TIMEOUT;
}

/** `jcrRaw` is the still-encoded path after /jcr. */
export async function handleWebDav(
  emu: Emu,
  ctx: Ctx,
  viewer: string,
  restPrefix: string,
  jcrRaw: string,
): Promise<void> {
  const m = /^\/([^/]+)\/([^/]+)(\/.*)?$/.exec(jcrRaw);
  if (!m || m[1] !== 'repository' || m[2] !== 'collaboration') {
    sendText(ctx.res, 404, `Repository or workspace not found: ${jcrRaw}`);
    return;
  }
  let path: string;
  try {
    path = normPath((m[3] ?? '/').split('/').map(decodeURIComponent).join('/'));
  } catch {
    sendText(ctx.res, 400, 'Bad path encoding');
    return;
  }
  const state = emu.state;
  const node = state.docs.get(path);
  const method = ctx.method;

  if (method === 'OPTIONS') {
    send(ctx.res, 200, null, {
      Allow:
        'OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, LOCK, UNLOCK, ORDERPATCH, SEARCH, REPORT, VERSION-CONTROL, CHECKIN, CHECKOUT, UNCHECKOUT, ACL',
      DAV: '1, 2, ver, access-control',
      DASL: '<DAV:basicsearch><exo:sql xmlns:exo="http://exoplatform.com/jcr"/><exo:xpath xmlns:exo="http://exoplatform.com/jcr"/>',
      'MS-Author-Via': 'DAV',
    });
    return;
  }

  const readable = canRead(state, viewer, path);

  if (method === 'GET' || method === 'HEAD') {
    if (!node) return sendText(ctx.res, 404, `Can't find path: ${path}`);
    if (!readable) return sendText(ctx.res, 403, 'Access denied');
    if (node.folder) {
      const kids = childrenOf(state, path).filter((c) => canRead(state, viewer, c.path));
      const html = `<html><head><title>${escapeXml(path)}</title></head><body><ul>${kids
        .map(
          (k) => `<li><a href="${escapeXml(hrefOf(ctx, restPrefix, k.path))}">${escapeXml(baseName(k.path))}</a></li>`,
        )
        .join('')}</ul></body></html>`;
      return send(ctx.res, 200, method === 'HEAD' ? null : html, { 'Content-Type': 'text/html;charset=UTF-8' });
    }
    const version = ctx.query.get('version');
    const content = await readContent(emu, node, version);
    if (!content) return sendText(ctx.res, 404, `Version not found: ${version ?? ''}`);
    const etag = etagOf(node);
    const lastModified = rfc1123(node.modifiedAt);
    const common: Record<string, string> = {
      'Last-Modified': lastModified,
      ETag: etag, // unquoted (ResourceUtil.generateEntityTag)
      'Accept-Ranges': 'bytes',
      'Cache-Control': cacheControlFor(node.mimeType),
    };
    const inm = ctx.req.headers['if-none-match'];
    if (inm !== undefined) {
      if (inm === etag || inm === '*') return send(ctx.res, 304, null, common);
    } else {
      const ims = ctx.req.headers['if-modified-since'];
      const imsMs = ims ? Date.parse(ims) : NaN;
      if (!Number.isNaN(imsMs) && Math.floor(node.modifiedAt / 1000) * 1000 <= imsMs)
        return send(ctx.res, 304, null, common);
    }
    // ECMS adds a host-only "origin" (brief §4.5, §8.4).
    const hostName = (ctx.req.headers.host ?? '').replace(/:\d+$/, '');
    const cors = {
      'Access-Control-Allow-Origin': hostName,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods':
        'ACL, CANCELUPLOAD, CHECKIN, CHECKOUT, COPY, DELETE, GET, HEAD, LOCK, MKCALENDAR, MKCOL, MOVE, OPTIONS, POST, PROPFIND, PROPPATCH, PUT, REPORT, SEARCH, UNCHECKOUT, UNLOCK, UPDATE, VERSION-CONTROL',
      'Access-Control-Allow-Headers':
        'Overwrite, Destination, Content-Type, Depth, User-Agent, Translate, Range, Content-Range, Timeout, X-File-Size, X-Requested-With, If-Modified-Since, X-File-Name, Cache-Control, Location, Lock-Token, If',
    };
    const range = ctx.req.headers.range;
    if (range) {
      const rm = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      let start = rm?.[1] ? Number(rm[1]) : NaN;
      let end = rm?.[2] ? Number(rm[2]) : content.length - 1;
      if (rm && !rm[1] && rm[2]) {
        start = Math.max(0, content.length - Number(rm[2]));
        end = content.length - 1;
      }
      if (!rm || Number.isNaN(start) || start >= content.length || start > end) {
        return send(ctx.res, 416, null, { ...common, 'Content-Range': `bytes */${content.length}` });
      }
      end = Math.min(end, content.length - 1);
      const part = content.subarray(start, end + 1);
      ctx.res.setHeader('Content-Length', part.length);
      return send(ctx.res, 206, method === 'HEAD' ? null : part, {
        ...common,
        'Content-Type': node.mimeType,
        'Content-Range': `bytes ${start}-${end}/${content.length}`,
      });
    }
    if (method === 'HEAD') ctx.res.setHeader('Content-Length', content.length);
    return send(ctx.res, 200, method === 'HEAD' ? null : content, {
      ...common,
      ...cors,
      'Content-Type': node.mimeType,
    });
  }

  if (method === 'PROPFIND') {
    if (!node) return sendText(ctx.res, 404, `Can't find path: ${path}`);
    if (!readable) return sendText(ctx.res, 403, 'Access denied');
    const depth = String(ctx.req.headers.depth ?? 'infinity').toLowerCase();
    const wanted = requestedProps((await ctx.body()).toString('utf8'));
    const nodes: DocNode[] = [node];
    const walk = (n: DocNode, deep: boolean): void => {
      for (const c of childrenOf(state, n.path).sort((a, b) => a.path.localeCompare(b.path))) {
        if (!canRead(state, viewer, c.path)) continue;
        nodes.push(c);
        if (deep && c.folder) walk(c, true);
      }
    };
    if (node.folder && depth !== '0') walk(node, depth === 'infinity');
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<D:multistatus xmlns:D="DAV:" xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:jcr="http://www.jcp.org/jcr/1.0">' +
      nodes.map((n) => responseXml(ctx, restPrefix, emu, viewer, n, wanted)).join('') +
      '</D:multistatus>';
    return send(ctx.res, 207, xml, { 'Content-Type': 'text/xml;charset=UTF-8' });
  }

  if (method === 'PROPPATCH') {
    if (!node) return sendText(ctx.res, 404, `Can't find path: ${path}`);
    if (!canWrite(state, viewer, path)) return sendText(ctx.res, 403, 'Access denied');
    if (locked(emu, ctx, path)) return sendText(ctx.res, 423, 'Locked');
    const body = (await ctx.body()).toString('utf8');
    const names = [...body.matchAll(/<(?:[\w-]+:)?prop>\s*<(?:[\w-]+:)?([\w-]+)/g)].map((x) => `<D:${x[1]}/>`);
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<D:multistatus xmlns:D="DAV:">' +
      `<D:response><D:href>${escapeXml(hrefOf(ctx, restPrefix, path))}</D:href><D:propstat><D:prop>${names.join('')}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`;
    return send(ctx.res, 207, xml, { 'Content-Type': 'text/xml;charset=UTF-8' });
  }

  if (method === 'PUT') {
    const data = await ctx.body();
    const parent = state.docs.get(parentPath(path));
    if (!parent?.folder) return sendText(ctx.res, 409, `Parent folder not found: ${parentPath(path)}`);
    if (node?.folder) return sendText(ctx.res, 409, 'Cannot PUT to a collection');
    if (!canWrite(state, viewer, path)) return sendText(ctx.res, 403, 'Access denied');
    if (locked(emu, ctx, path)) return sendText(ctx.res, 423, 'Locked');
    const type = ctx.req.headers['content-type']?.split(';')[0]?.trim();
    // No If-Match: there is no optimistic concurrency (brief §4.5).
    await saveFile(emu, {
      path,
      data,
      author: viewer,
      ...(type && type !== 'application/octet-stream' ? { mimeType: type } : {}),
    });
    return send(ctx.res, 201, null);
  }

  if (method === 'MKCOL') {
    if (node) return sendText(ctx.res, 405, 'Item exists');
    const parent = state.docs.get(parentPath(path));
    if (!parent?.folder) return sendText(ctx.res, 409, `Parent folder not found: ${parentPath(path)}`);
    if (!canWrite(state, viewer, path)) return sendText(ctx.res, 403, 'Access denied');
    if (locked(emu, ctx, parentPath(path))) return sendText(ctx.res, 423, 'Locked');
    await ensureFolder(emu, path, viewer);
    return send(ctx.res, 201, null);
  }

  if (method === 'DELETE') {
    if (!node) return sendText(ctx.res, 404, `Can't find path: ${path}`);
    if (!canWrite(state, viewer, path)) return sendText(ctx.res, 403, 'Access denied');
    if (locked(emu, ctx, path)) return sendText(ctx.res, 423, 'Locked');
    await deleteNode(emu, path);
    for (const p of [...state.locks.keys()]) if (p === path || p.startsWith(path + '/')) state.locks.delete(p);
    return send(ctx.res, 204, null);
  }

  if (method === 'COPY' || method === 'MOVE') {
    if (!node) return sendText(ctx.res, 404, `Can't find path: ${path}`);
    const dest = parseDestination(ctx);
    if (!dest) return sendText(ctx.res, 400, 'Bad Destination header');
    if (dest === path) return sendText(ctx.res, 403, 'Source and destination are the same');
    if (!readable || !canWrite(state, viewer, dest) || (method === 'MOVE' && !canWrite(state, viewer, path))) {
      return sendText(ctx.res, 403, 'Access denied');
    }
    const destParent = state.docs.get(parentPath(dest));
    if (!destParent?.folder) return sendText(ctx.res, 409, `Parent folder not found: ${parentPath(dest)}`);
    if ((method === 'MOVE' && locked(emu, ctx, path)) || locked(emu, ctx, dest))
      return sendText(ctx.res, 423, 'Locked');
    const overwrite = String(ctx.req.headers.overwrite ?? 'T').toUpperCase() !== 'F';
    const existed = state.docs.has(dest);
    if (existed && !overwrite) return sendText(ctx.res, 412, 'Destination exists');
    if (existed) await deleteNode(emu, dest);
    await moveNode(emu, path, dest, method === 'COPY');
    if (method === 'MOVE') state.locks.delete(path);
    return send(ctx.res, existed ? 204 : 201, null);
  }

  if (method === 'LOCK') {
    const body = (await ctx.body()).toString('utf8');
    if (!body.trim()) {
      // Refresh with an If header.
      const l = liveLock(emu, path);
      if (!l || !requestTokens(ctx).includes(l.token)) return sendText(ctx.res, 412, 'Lock token not found');
      l.timeoutSec = parseTimeout(ctx);
      l.expiresAt = emu.nowMs() + l.timeoutSec * 1000;
      return send(
        ctx.res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<D:prop xmlns:D="DAV:">${lockDiscoveryXml(l)}</D:prop>`,
        {
          'Content-Type': 'text/xml;charset=UTF-8',
        },
      );
    }
    if (!node && !state.docs.get(parentPath(path))?.folder) return sendText(ctx.res, 409, 'Parent folder not found');
    if (!canWrite(state, viewer, path)) return sendText(ctx.res, 403, 'Access denied');
    if (lockCovering(emu, path)) return sendText(ctx.res, 423, 'Locked');
    const ownerInfo = /<(?:[\w-]+:)?owner>([\s\S]*?)<\/(?:[\w-]+:)?owner>/.exec(body)?.[1] ?? '';
    const timeoutSec = parseTimeout(ctx);
    const depthHeader = String(ctx.req.headers.depth ?? 'infinity').toLowerCase();
    const l: DocLock = {
      token: `opaquelocktoken:${randomUUID()}`,
      owner: viewer,
      ownerInfo,
      timeoutSec,
      expiresAt: emu.nowMs() + timeoutSec * 1000,
      depth: depthHeader === '0' || !node?.folder ? '0' : 'infinity',
    };
    // A LOCK on a missing path is a null-resource lock: the node appears on the PUT that carries the token.
    state.locks.set(path, l);
    return send(
      ctx.res,
      200,
      `<?xml version="1.0" encoding="UTF-8"?>\n<D:prop xmlns:D="DAV:">${lockDiscoveryXml(l)}</D:prop>`,
      {
        'Content-Type': 'text/xml;charset=UTF-8',
        'Lock-Token': `<${l.token}>`,
      },
    );
  }

  if (method === 'UNLOCK') {
    const l = liveLock(emu, path);
    const tokens = requestTokens(ctx);
    if (!l || !tokens.includes(l.token)) return sendText(ctx.res, 409, 'No such lock');
    state.locks.delete(path);
    return send(ctx.res, 204, null);
  }

  sendText(ctx.res, 405, `Method ${method} is not supported by the emulator`);
}
