// Briefcase and raw content (§3.4, §3.8, §5):
// - the upload servlet `POST /service/upload?fmt=raw,extended[&lbfums]`: cookie auth only, and the status lives in
//   the BODY (`200,'null',[{"aid":…}]`, `401,'null'`, `413,'null'`…) while HTTP stays 200;
// - REST downloads `/home/<user>/<path>` and `/service/home/~/?id=<id>[&part=][&ver=]` (cookie, Basic, or
//   `zauthtoken=`/`authToken=`; `auth=co|ba|qp` restricts), 401 HTML page on bad credentials;
// - SaveDocumentRequest (new doc, new version with `ver` → `mail.MODIFY_CONFLICT`, `mail.ALREADY_EXISTS`,
//   `mail.LOCKED`), ListDocumentRevisionsRequest.
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { faults } from './faults';
import { validateName } from './mail';
import { findPart, rawMessage } from './mime';
import { documentJson, folderPath } from './render';
import { newDocument } from './seed';
import { NS, checkChange, parseCookies, register, requireAuth } from './soap';
import { FOLDER, type Account, type Document, type Mailbox } from './state';
import { bool, child, int, text, type JsonObject } from './values';
import type { AuthTokenRecord, World } from './world';

// ---- upload servlet ---------------------------------------------------------------------------------------

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

function filenameFromDisposition(cd: string | undefined): string | undefined {
  if (!cd) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(cd);
  if (star) return decodeURIComponent(star[1]!.trim());
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(cd);
  const v = plain?.[1] ?? plain?.[2]?.trim();
  return v || undefined;
}

function uploadBody(
  fmt: string | null,
  status: number,
  requestId: string,
  files: { aid: string; ct: string; filename: string; s: number }[],
): string {
  const reqId = `'${requestId}'`;
  if (fmt === 'raw,extended' || fmt === 'extended,raw') {
    if (status !== 200) return `${status},${reqId}`;
    return `${status},${reqId},${JSON.stringify(files.map((f) => ({ aid: f.aid, ct: f.ct, filename: f.filename, s: f.s })))}`;
  }
  const aids = files.length > 0 ? `,'${files.map((f) => f.aid).join(',')}'` : '';
  if (fmt === 'raw') return `${status},${reqId}${aids}`;
  // No fmt: the page the web client loads in a hidden iframe (§3.8).
  return (
    "<html><head><script language='javascript'>\n" +
    `function doit() { window.parent._uploadManager.loaded(${status},${reqId}${aids}); }\n` +
    "</script></head><body onload='doit()'></body></html>\n"
  );
}

function uploadAuth(world: World, req: IncomingMessage): AuthTokenRecord | undefined {
  // The SOAP header token is never read here: cookie only (§2.2).
  const token = parseCookies(req.headers.cookie).ZM_AUTH_TOKEN;
  if (!token) return undefined;
  const record = world.tokens.get(token);
  if (world.tokenState(record) !== 'valid' || record!.kind !== 'full') return undefined;
  if (record!.csrfToken && world.config.csrfCheckEnabled && req.headers['x-zimbra-csrf-token'] !== record!.csrfToken) {
    return undefined;
  }
  return record;
}

export async function handleUpload(world: World, req: IncomingMessage, url: URL, body: Buffer): Promise<PlainResponse> {
  const fmt = url.searchParams.get('fmt');
  const respond = (
    status: number,
    requestId = 'null',
    files: { aid: string; ct: string; filename: string; s: number }[] = [],
  ) => ({
    // The servlet never sets the HTTP status: it is always 200 and the real code is the body's first field.
    status: 200,
    headers: { 'Content-Type': 'text/html;charset=utf-8' },
    body: uploadBody(fmt, status, requestId, files),
  });
  const record = uploadAuth(world, req);
  if (!record) return respond(401);
  const limit = url.searchParams.has('lbfums') ? world.config.fileUploadMaxBytes : world.config.uploadMaxBytes;
  const ctype = req.headers['content-type'] ?? 'application/octet-stream';
  const incoming: { filename: string; ct: string; content: Buffer }[] = [];
  let requestId = 'null';
  if (/^multipart\/form-data/i.test(ctype)) {
    let form: FormData;
    try {
      form = await new Request('http://upload.local/', {
        method: 'POST',
        headers: { 'content-type': ctype },
        body,
      }).formData();
    } catch {
      return respond(400);
    }
    const rid = form.get('requestId');
    if (typeof rid === 'string' && /^[A-Za-z0-9_.-]+$/.test(rid)) requestId = rid;
    for (const [, value] of form) {
      if (typeof value === 'string') continue;
      incoming.push({
        filename: value.name,
        ct: value.type || 'application/octet-stream',
        content: Buffer.from(await value.arrayBuffer()),
      });
    }
  } else {
    const filename = filenameFromDisposition(req.headers['content-disposition']);
    if (!filename) return respond(204); // a raw upload needs a file name
    incoming.push({ filename, ct: ctype.split(';')[0]!.trim(), content: body });
  }
  if (incoming.length === 0) return respond(204, requestId);
  if (incoming.some((f) => f.content.length > limit)) return respond(413, requestId);
  world.purgeUploads();
  const files = incoming.map((f) => {
    const aid = `${randomUUID()}:${randomUUID()}`;
    world.uploads.set(aid, {
      aid,
      accountId: record.accountId,
      filename: f.filename,
      ct: f.ct,
      content: f.content,
      at: world.now(),
    });
    return { aid, ct: f.ct, filename: f.filename, s: f.content.length };
  });
  return respond(200, requestId, files);
}

// ---- REST -------------------------------------------------------------------------------------------------

function errorPage(status: number, message: string): PlainResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/html;charset=iso-8859-1' },
    body:
      `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error ${status} ${message}</title>\n</head>\n` +
      `<body><h2>HTTP ERROR ${status}</h2>\n<p>Problem accessing /service/home/. Reason:\n<pre>    ${message}</pre></p>\n</body>\n</html>\n`,
  };
}

function restAuth(world: World, req: IncomingMessage, url: URL): Account | undefined {
  const mode = url.searchParams.get('auth');
  const modes = mode ? mode.split(',') : ['co', 'jwt', 'nsc', 'qp', 'ba'];
  const tokenAccount = (token: string | undefined | null) => {
    if (!token) return undefined;
    const record = world.tokens.get(token);
    if (world.tokenState(record) !== 'valid' || record!.kind !== 'full') return undefined;
    return world.accounts.get(record!.accountId);
  };
  if (modes.includes('co')) {
    const a = tokenAccount(parseCookies(req.headers.cookie).ZM_AUTH_TOKEN);
    if (a) return a;
  }
  if (modes.includes('qp')) {
    const a = tokenAccount(url.searchParams.get('zauthtoken') ?? url.searchParams.get('authToken'));
    if (a) return a;
  }
  if (modes.includes('ba')) {
    const h = req.headers.authorization;
    if (h?.startsWith('Basic ')) {
      const [user, ...rest] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
      const a = world.findAccount(user ?? '');
      if (a && a.password === rest.join(':') && a.status === 'active') return a;
    }
  }
  return undefined;
}

function contentDisposition(disp: string | null, filename: string): string {
  const kind = disp === 'a' || disp === 'attachment' ? 'attachment' : 'inline';
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function documentResponse(doc: Document, verParam: string | null, disp: string | null): PlainResponse {
  const version = verParam ? doc.versions.find((v) => v.ver === Number(verParam)) : doc.versions.at(-1);
  if (!version) return errorPage(404, 'no such item');
  return {
    status: 200,
    headers: {
      'Content-Type': version.ct,
      'Content-Disposition': contentDisposition(disp, doc.name),
      ETag: `"${doc.id}-${version.ver}"`,
      'Last-Modified': new Date(version.date).toUTCString(),
    },
    body: version.content,
  };
}

export function handleRest(world: World, req: IncomingMessage, url: URL): PlainResponse {
  const account = restAuth(world, req, url);
  if (!account) return errorPage(401, 'must authenticate');
  // `/home/*` is rewritten to `/service/home/*` (§1.1).
  const path = decodeURIComponent(url.pathname.replace(/^\/service\/home\//, '/home/').replace(/^\/home\//, ''));
  const [userPart, ...rest] = path.split('/');
  const owner = userPart === '~' || userPart === '' ? account : world.findAccount(userPart ?? '');
  if (!owner) return errorPage(404, 'no such account');
  if (owner.id !== account.id) return errorPage(403, 'permission denied');
  const mbox = world.mailboxes.get(owner.id)!;
  const id = url.searchParams.get('id');
  const disp = url.searchParams.get('disp');
  if (id) {
    const item = mbox.items.get(Number(id));
    if (!item) return errorPage(404, 'no such item');
    if (item.kind === 'document') return documentResponse(item, url.searchParams.get('ver'), disp);
    if (item.kind === 'message') {
      const part = url.searchParams.get('part');
      if (!part) return { status: 200, headers: { 'Content-Type': 'message/rfc822' }, body: rawMessage(item) };
      const p = findPart(item, part);
      if (!p || !p.data) return errorPage(404, 'no such part');
      return {
        status: 200,
        headers: {
          'Content-Type': p.textual ? `${p.ct}; charset=utf-8` : p.ct,
          'Content-Disposition': contentDisposition(disp, p.filename ?? `part${part}`),
        },
        body: p.data,
      };
    }
    return errorPage(404, 'no such item');
  }
  const itemPath = `/${rest.join('/')}`.replace(/\/+$/, '');
  const doc = findByPath(mbox, itemPath);
  if (!doc) return errorPage(404, 'no such item');
  return documentResponse(doc, url.searchParams.get('ver'), disp);
}

function findByPath(mbox: Mailbox, path: string): Document | undefined {
  const lower = path.toLowerCase();
  return mbox.list('document').find((d) => {
    const f = mbox.folder(d.folderId);
    return f && `${folderPath(mbox, f)}/${d.name}`.toLowerCase() === lower;
  });
}

// ---- SOAP -------------------------------------------------------------------------------------------------

register('SaveDocumentRequest', NS.mail, (ctx, request) => {
  const { mbox, account } = requireAuth(ctx);
  const { world } = ctx;
  const doc = child(request.doc);
  if (!doc) throw faults.invalidRequest('missing doc');
  world.purgeUploads();
  let content: Buffer | undefined;
  let uploadName: string | undefined;
  let uploadCt: string | undefined;
  const aid = text(child(doc.upload)?.id);
  if (aid) {
    const u = world.uploads.get(aid);
    if (!u || u.accountId !== account.id) throw faults.noSuchUpload(aid);
    content = u.content;
    uploadName = u.filename;
    uploadCt = u.ct;
  }
  const fromMsg = child(doc.m);
  if (!content && fromMsg) {
    const m = mbox.get(Number(text(fromMsg.id)), 'message');
    if (!m) throw faults.noSuchMsg(text(fromMsg.id) ?? '');
    const p = findPart(m, text(fromMsg.part) ?? '');
    if (!p?.data) throw faults.invalidRequest('no such part');
    content = p.data;
    uploadName = p.filename;
    uploadCt = p.ct;
  }
  const restore = child(doc.doc);
  if (!content && restore) {
    const src = mbox.get(Number(text(restore.id)), 'document');
    const v = src?.versions.find((x) => x.ver === int(restore.ver));
    if (!src || !v) throw faults.noSuchDoc(text(restore.id) ?? '');
    content = v.content;
    uploadCt = v.ct;
  }
  const inline = text(doc.content);
  if (!content && inline !== undefined) content = Buffer.from(inline);
  if (!content) throw faults.invalidRequest('missing document content');
  const desc = text(doc.desc);
  const ct = text(doc.ct) ?? uploadCt ?? 'application/octet-stream';
  const editor = { id: account.id, email: account.name, name: account.displayName };
  const idText = text(doc.id);
  let saved: Document;
  if (idText) {
    const existing = mbox.get(Number(idText), 'document');
    if (!existing) throw faults.noSuchDoc(idText);
    if (existing.lock && existing.lock.ownerId !== account.id) throw faults.locked(existing.id, existing.lock.email);
    const current = existing.versions.at(-1)!.ver;
    const ver = int(doc.ver);
    // Optimistic concurrency on `ver` (§5): someone saved in between → MODIFY_CONFLICT with name, id, current ver.
    if (ver !== undefined && ver !== current) {
      throw faults.modifyConflict([
        { n: 'name', t: 'STR', _content: existing.name },
        { n: 'id', t: 'IID', _content: String(existing.id) },
        { n: 'ver', t: 'NUM', _content: String(current) },
      ]);
    }
    checkChange(ctx, existing);
    const name = text(doc.name);
    saved = mbox.mutate((tx) => {
      existing.versions.push({ ver: current + 1, content: content!, ct, date: tx.now, editor, desc });
      if (name) existing.name = validateName(name);
      if (!existing.flags.includes('/')) existing.flags += '/';
      tx.touch(existing, name ? ['name', 'f'] : ['f'], true);
      return existing;
    });
  } else {
    const folderId = Number(text(doc.l) ?? FOLDER.BRIEFCASE);
    const folder = mbox.folder(folderId);
    if (!folder) throw faults.noSuchFolder(String(folderId));
    const name = validateName(text(doc.name) ?? uploadName);
    const clash = mbox
      .list('document')
      .find((d) => d.folderId === folderId && d.name.toLowerCase() === name.toLowerCase());
    if (clash) throw faults.alreadyExists(name, clash.id, clash.versions.at(-1)!.ver);
    saved = mbox.mutate((tx) => {
      const created = newDocument(mbox, tx, folderId, name, [{ content: content!, ct, date: tx.now, editor, desc }]);
      if (doc.descEnabled !== undefined) created.descEnabled = bool(doc.descEnabled);
      return created;
    });
  }
  if (aid) world.uploads.delete(aid); // upload ids are single-use
  return { doc: [{ id: String(saved.id), ver: saved.versions.at(-1)!.ver, name: saved.name }] };
});

register('ListDocumentRevisionsRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const d = child(request.doc) ?? {};
  const id = text(d.id) ?? '';
  const doc = mbox.get(Number(id), 'document');
  if (!doc) throw faults.noSuchDoc(id);
  const from = int(d.ver) ?? doc.versions.at(-1)!.ver;
  const count = int(d.count) ?? 1; // {num} defaults to 1 (soap-document.txt, inferred)
  const versions = doc.versions
    .filter((v) => v.ver <= from)
    .sort((a, b) => b.ver - a.ver)
    .slice(0, Math.max(count, 1));
  const users = new Map<string, JsonObject>();
  for (const v of versions) users.set(v.editor.id, { id: v.editor.id, em: v.editor.email, fn: v.editor.name });
  return { doc: versions.map((v) => documentJson(mbox, doc, v.ver)), user: [...users.values()] };
});
