// Documents app REST (brief §4.2, F14), the generic upload servlet /portal/upload (§4.4) and the ECMS upload
// connector /managedocument (§4.3, F15).
import type { Emu } from './context';
import { type Ctx, readMultipartFiles, send, sendJson, sendText } from './http';
import {
  type DocNode,
  type State,
  findUser,
  fullName,
  personalDrivePath,
  spaceByIdentity,
  spaceByPrettyName,
  userByIdentity,
  userHomePath,
} from './state';
import { baseName, clampInt, escapeXml, mimeFromName, normPath, parentPath, uuidFrom } from './util';
import {
  type ExistenceAction,
  canRead,
  canWrite,
  childrenOf,
  deleteNode,
  descendantsOf,
  ensureFolder,
  moveNode,
  nodeById,
  saveFile,
  spaceOfPath,
  userOfPath,
} from './documents';

interface OwnerDrive {
  ownerIdentityId: string;
  root: string;
}

function driveOfOwner(state: State, ownerId: string): OwnerDrive | undefined {
  const user = userByIdentity(state, ownerId);
  if (user) return { ownerIdentityId: ownerId, root: personalDrivePath(user.username) };
  const space = spaceByIdentity(state, ownerId);
  if (space) return { ownerIdentityId: ownerId, root: `/Groups/spaces/${space.prettyName}/Documents` };
  return undefined;
}

function driveRootOfPath(state: State, path: string): OwnerDrive | undefined {
  const space = spaceOfPath(state, path);
  if (space) return { ownerIdentityId: space.identityId, root: `/Groups/spaces/${space.prettyName}/Documents` };
  const u = userOfPath(path);
  const user = u ? findUser(state, u) : undefined;
  if (user) return { ownerIdentityId: user.identityId, root: personalDrivePath(user.username) };
  return undefined;
}

export function identityEntity(state: State, identityId: string): Record<string, unknown> {
  const user = userByIdentity(state, identityId);
  if (user) {
    return {
      id: user.identityId,
      name: user.username,
      fullname: fullName(user),
      remoteId: user.username,
      providerId: 'organization',
      avatar: `/portal/rest/v1/social/users/${user.username}/avatar`,
    };
  }
  const space = spaceByIdentity(state, identityId);
  if (space) {
    return {
      id: space.identityId,
      name: space.prettyName,
      fullname: space.displayName,
      remoteId: space.prettyName,
      providerId: 'space',
      avatar: `/portal/rest/v1/social/spaces/${space.prettyName}/avatar`,
    };
  }
  return { id: identityId };
}

function userIdentityEntity(state: State, username: string): Record<string, unknown> {
  const u = findUser(state, username);
  return u ? identityEntity(state, u.identityId) : { id: null, name: username, remoteId: username };
}

export function nodeEntity(emu: Emu, node: DocNode, viewer: string): Record<string, unknown> {
  const state = emu.state;
  const drive = driveRootOfPath(state, node.path);
  const parent = state.docs.get(parentPath(node.path));
  const edit = canWrite(state, viewer, node.path);
  const base: Record<string, unknown> = {
    id: node.id,
    name: baseName(node.path),
    path: node.path,
    description: node.description,
    datasource: 'jcr',
    parentFolderId: parent?.id ?? null,
    ownerIdentity: drive ? identityEntity(state, drive.ownerIdentityId) : null,
    creatorIdentity: userIdentityEntity(state, node.creator),
    modifierIdentity: userIdentityEntity(state, node.modifier),
    creatorUserName: node.creator,
    acl: {
      canAccess: canRead(state, viewer, node.path),
      canEdit: edit,
      canDelete: edit,
      allMembersCanEdit: spaceOfPath(state, node.path) !== undefined,
      visibilityChoice: 'SPECIFIC_COLLABORATOR',
      collaborators: [],
    },
    createdDate: node.createdAt,
    modifiedDate: node.modifiedAt,
    folder: node.folder,
    metadatas: {},
    isFavorite: false,
    sourceID: null,
    cloudDriveFolder: false,
  };
  if (node.folder) {
    const crumbs: Record<string, unknown>[] = [];
    if (drive) {
      for (let p = node.path; p.startsWith(drive.root); p = parentPath(p)) {
        const n = state.docs.get(p);
        if (n) crumbs.unshift({ id: n.id, name: baseName(n.path), path: n.path });
        if (p === drive.root) break;
      }
    }
    return { ...base, breadcrumb: crumbs };
  }
  return {
    ...base,
    cloudDriveFile: false,
    size: node.size,
    sizeWithVersions: node.size + node.versions.reduce((a, v) => a + v.content.length, 0),
    views: node.views,
    mimeType: node.mimeType,
    versionnedFileId: node.id,
    linkedFileId: null,
    versions: null,
    versionNumber: String(node.versionCount),
    versionable: true,
  };
}

function versionEntities(emu: Emu, node: DocNode): Record<string, unknown>[] {
  const list = node.versions.map((v) => ({
    id: `${node.id}-v${v.name}`,
    frozenId: uuidFrom(`frozen:${node.id}:${v.name}`),
    originId: node.id,
    versionNumber: Number(v.name),
    title: baseName(node.path),
    summary: v.summary,
    author: v.author,
    authorFullName: (() => {
      const u = findUser(emu.state, v.author);
      return u ? fullName(u) : v.author;
    })(),
    createdDate: v.modifiedAt,
    isCurrent: false,
    size: v.content.length,
  }));
  const cur = findUser(emu.state, node.modifier);
  list.push({
    id: `${node.id}-v${node.versionCount}`,
    frozenId: uuidFrom(`frozen:${node.id}:${node.versionCount}`),
    originId: node.id,
    versionNumber: node.versionCount,
    title: baseName(node.path),
    summary: '',
    author: node.modifier,
    authorFullName: cur ? fullName(cur) : node.modifier,
    createdDate: node.modifiedAt,
    isCurrent: true,
    size: node.size,
  });
  return list.reverse();
}

function foldAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** /v1/documents/* — `sub` is what follows "v1/documents". */
export async function handleDocumentsRest(emu: Emu, ctx: Ctx, username: string, sub: string): Promise<void> {
  const state = emu.state;
  const q = ctx.query;
  if (!emu.features.documentsApp) {
    sendText(ctx.res, 404, 'Not Found');
    return;
  }
  if (sub === '' && ctx.method === 'GET') {
    const ownerId = q.get('ownerId');
    const parentFolderId = q.get('parentFolderId');
    if (!ownerId && !parentFolderId) {
      sendText(ctx.res, 400, 'either_ownerId_or_folderId_is_mandatory');
      return;
    }
    const listingType = q.get('listingType');
    if (!listingType) {
      sendText(ctx.res, 400, 'listingType_is_mandatory');
      return;
    }
    let folder: DocNode | undefined;
    let drive: OwnerDrive | undefined;
    if (parentFolderId) {
      folder = nodeById(state, parentFolderId);
      drive = folder ? driveRootOfPath(state, folder.path) : undefined;
    } else if (ownerId) {
      drive = driveOfOwner(state, ownerId);
      if (drive) {
        const rel = q.get('folderPath');
        folder = state.docs.get(rel ? normPath(drive.root + '/' + rel) : drive.root);
      }
    }
    if (!folder || !drive || !canRead(state, username, folder.path)) {
      send(ctx.res, 401, null);
      return;
    }
    const query = q.get('query');
    let items: DocNode[];
    if (listingType === 'TIMELINE') items = descendantsOf(state, drive.root).filter((n) => !n.folder);
    else if (query) items = descendantsOf(state, folder.path);
    else items = childrenOf(state, folder.path);
    items = items.filter((n) => canRead(state, username, n.path));
    if (query) items = items.filter((n) => foldAccents(baseName(n.path)).includes(foldAccents(query)));
    const sortField = q.get('sortField') ?? (listingType === 'TIMELINE' ? 'modified' : 'name');
    const ascending = (q.get('ascending') ?? (listingType === 'TIMELINE' ? 'false' : 'true')) === 'true';
    const key = (n: DocNode): string | number =>
      sortField === 'modified' ? n.modifiedAt : sortField === 'created' ? n.createdAt : baseName(n.path).toLowerCase();
    items.sort((a, b) => {
      if (listingType === 'FOLDER' && a.folder !== b.folder) return a.folder ? -1 : 1;
      const ka = key(a);
      const kb = key(b);
      const c = ka < kb ? -1 : ka > kb ? 1 : 0;
      return ascending ? c : -c;
    });
    const offset = clampInt(q.get('offset'), 0, 0, 1e9);
    const limit = clampInt(q.get('limit'), 50, 0, 1e9);
    sendJson(
      ctx.res,
      200,
      items.slice(offset, offset + limit).map((n) => nodeEntity(emu, n, username)),
    );
    return;
  }
  if (sub.startsWith('/settings/') && ctx.method === 'GET') {
    // Probe endpoint (brief §1.9); body shape inferred.
    const drive = driveOfOwner(state, decodeURIComponent(sub.slice('/settings/'.length)));
    if (!drive) send(ctx.res, 401, null);
    else sendJson(ctx.res, 200, { ownerId: drive.ownerIdentityId });
    return;
  }
  if (sub === '/versions' && ctx.method === 'GET') {
    const node = nodeById(state, q.get('fileId'));
    if (!node || node.folder) return sendText(ctx.res, 404, 'file_not_found');
    if (!canRead(state, username, node.path)) return send(ctx.res, 401, null);
    sendJson(ctx.res, 200, versionEntities(emu, node));
    return;
  }
  if (sub === '/versions' && ctx.method === 'PUT') {
    // Restore: the chosen version's content becomes a new current version.
    const versionId = q.get('versionId') ?? '';
    const m = /^(.*)-v(\d+)$/.exec(versionId);
    const node = m ? nodeById(state, m[1] ?? '') : undefined;
    const version = node && m ? node.versions.find((v) => v.name === m[2]) : undefined;
    if (!node || !version) return sendText(ctx.res, 404, 'version_not_found');
    if (!canWrite(state, username, node.path)) return send(ctx.res, 401, null);
    await saveFile(emu, { path: node.path, data: version.content, author: username, mimeType: version.mimeType });
    sendJson(ctx.res, 200, versionEntities(emu, node)[0]);
    return;
  }
  if (sub === '/createNewVersion' && ctx.method === 'PUT') {
    const node = nodeById(state, q.get('nodeId'));
    if (!node || node.folder) return sendText(ctx.res, 404, 'file_not_found');
    if (!canWrite(state, username, node.path)) return send(ctx.res, 401, null);
    await saveFile(emu, { path: node.path, data: await emu.store.read(node.path), author: username });
    sendJson(ctx.res, 200, nodeEntity(emu, node, username));
    return;
  }
  if (sub === '/folder' && ctx.method === 'POST') {
    const name = q.get('name');
    let parent = nodeById(state, q.get('parentid'));
    if (!parent) {
      const drive = driveOfOwner(state, q.get('ownerId') ?? '');
      const rel = q.get('folderPath');
      parent = drive ? state.docs.get(rel ? normPath(drive.root + '/' + rel) : drive.root) : undefined;
    }
    if (!name) return sendText(ctx.res, 400, 'folder_name_is_mandatory');
    if (!parent) return sendText(ctx.res, 400, 'either_ownerId_or_folderId_is_mandatory');
    if (!canWrite(state, username, parent.path)) return send(ctx.res, 401, null);
    const path = normPath(parent.path + '/' + name);
    if (state.docs.has(path)) return sendText(ctx.res, 409, 'folder_already_exists');
    const node = await ensureFolder(emu, path, username);
    sendJson(ctx.res, 200, nodeEntity(emu, node, username));
    return;
  }
  if (sub === '/rename' && ctx.method === 'PUT') {
    const node = nodeById(state, q.get('documentID'));
    const newName = q.get('newName');
    if (!node || !newName) return sendText(ctx.res, 400, 'documentID_and_newName_are_mandatory');
    if (!canWrite(state, username, node.path)) return send(ctx.res, 401, null);
    const to = normPath(parentPath(node.path) + '/' + newName);
    if (state.docs.has(to)) return sendText(ctx.res, 409, 'document_already_exists');
    await moveNode(emu, node.path, to, false);
    send(ctx.res, 204, null);
    return;
  }
  if (/^\/[^/]+$/.test(sub) && ctx.method === 'DELETE') {
    const node = nodeById(state, decodeURIComponent(sub.slice(1)));
    if (!node) return sendText(ctx.res, 404, 'document_not_found');
    if (!canWrite(state, username, node.path)) return send(ctx.res, 401, null);
    await deleteNode(emu, node.path);
    send(ctx.res, 204, null);
    return;
  }
  if (sub === '/breadcrumb' && ctx.method === 'GET') {
    const node = nodeById(state, q.get('documentId'));
    if (!node) return sendText(ctx.res, 404, 'document_not_found');
    if (!canRead(state, username, node.path)) return send(ctx.res, 401, null);
    const drive = driveRootOfPath(state, node.path);
    const out: Record<string, unknown>[] = [];
    for (let p = node.path; drive && p.startsWith(drive.root); p = parentPath(p)) {
      const n = state.docs.get(p);
      if (n) out.unshift({ id: n.id, name: baseName(n.path), path: n.path });
      if (p === drive.root) break;
    }
    sendJson(ctx.res, 200, out);
    return;
  }
  sendText(ctx.res, 404, 'Not Found');
}

// ---------------------------------------------------------------------------------------------------------------
// Generic upload servlet /portal/upload (brief §4.4) and shared upload store

export async function storeUpload(
  emu: Emu,
  ctx: Ctx,
  owner: string,
  uploadId: string,
  limitMb: number,
  field?: string,
) {
  const files = (await readMultipartFiles(ctx)) ?? [];
  const file = field ? files.find((f) => f.fieldName === field) : files[0];
  const tooBig = file !== undefined && file.data.length > limitMb * 1024 * 1024;
  emu.state.uploads.set(uploadId, {
    id: uploadId,
    owner,
    fileName: file?.fileName ?? '',
    mimeType: file?.mimeType ?? 'application/octet-stream',
    data: file && !tooBig ? file.data : null,
    failedLimitMb: tooBig ? limitMb : null,
  });
}

/** The malformed JSON the eXo UI parses with eval (unquoted `upload` key). */
export function progressPseudoJson(emu: Emu, ids: string[]): string {
  const entries = ids.map((id) => {
    const u = emu.state.uploads.get(id);
    if (u?.failedLimitMb != null) {
      return `    "${id}": {"status":"failed","size":"${u.failedLimitMb}","unit":"MB"}`;
    }
    const percent = u?.data ? '100' : '0';
    return `    "${id}": {\n      "percent":"${percent}",\n      "fileName":"${(u?.fileName ?? '').replace(/"/g, '\\"')}"\n    }`;
  });
  return `{\n  upload : {\n${entries.join(',\n')}\n  }\n}`;
}

export async function handleUploadServlet(emu: Emu, ctx: Ctx, username: string | null): Promise<void> {
  if (!username) {
    // exo.portal.uploadhandler.public-restriction=true
    sendText(ctx.res, 403, 'Forbidden');
    return;
  }
  const action = ctx.query.get('action') ?? '';
  const ids = ctx.query.getAll('uploadId');
  const id = ids[0];
  if (action === 'upload' && id) {
    await storeUpload(emu, ctx, username, id, emu.features.uploadLimitMb);
    send(ctx.res, 200, null);
    return;
  }
  if (action === 'progress') {
    send(ctx.res, 200, progressPseudoJson(emu, ids), { 'Content-Type': 'application/json' });
    return;
  }
  if ((action === 'delete' || action === 'abort') && id) {
    emu.state.uploads.delete(id);
    send(ctx.res, 200, null);
    return;
  }
  sendText(ctx.res, 400, 'Unknown action');
}

// ---------------------------------------------------------------------------------------------------------------
// ECMS connector /managedocument (brief §4.3, F15): XML, errors as HTTP 200 <Message/>

const ECMS_MESSAGES: Record<string, [number, string]> = {
  FILE_EXISTED: [201, 'Le fichier existe déjà.'],
  FILE_NOT_FOUND: [202, 'Fichier introuvable.'],
  FILE_UPLOAD_RESTRICTION: [203, 'Ce type de fichier est interdit.'],
  FILE_NOT_UPLOADED: [204, "Le fichier n'a pas été téléversé."],
  FILE_EXCEED_LIMIT: [205, 'Le fichier dépasse la taille autorisée.'],
};

function ecmsMessage(ctx: Ctx, key: keyof typeof ECMS_MESSAGES): void {
  const [n, text] = ECMS_MESSAGES[key] ?? [204, ''];
  send(
    ctx.res,
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Message number="${n}" text="${escapeXml(text)}" type="Error"/>`,
    {
      'Content-Type': 'text/xml;charset=UTF-8',
    },
  );
}

/** ECMS drive name → JCR path of its root. */
export function drivePath(state: State, username: string, driveName: string): string | undefined {
  if (driveName.startsWith('.spaces.')) {
    const space = spaceByPrettyName(state, driveName.slice('.spaces.'.length));
    return space ? `/Groups/spaces/${space.prettyName}/Documents` : undefined;
  }
  if (driveName === 'Personal Documents') return personalDrivePath(username);
  if (driveName === 'User Documents') return userHomePath(username);
  if (driveName === 'Collaboration') return '/';
  return undefined;
}

export async function handleManageDocument(emu: Emu, ctx: Ctx, username: string, sub: string): Promise<void> {
  const q = ctx.query;
  if (sub === '/uploadFile/upload') {
    const id = q.get('uploadId');
    if (!id) return ecmsMessage(ctx, 'FILE_NOT_UPLOADED');
    await storeUpload(emu, ctx, username, id, 200);
    send(ctx.res, 200, '<html><head/><body/></html>', { 'Content-Type': 'text/xml;charset=UTF-8' });
    return;
  }
  if (sub === '/uploadFile/control') {
    const id = q.get('uploadId') ?? '';
    const action = q.get('action');
    const upload = emu.state.uploads.get(id);
    if (action === 'progress') {
      const size = upload?.data?.length ?? 0;
      send(
        ctx.res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<UploadProgress uploadId="${escapeXml(id)}" fileName="${escapeXml(
          upload?.fileName ?? '',
        )}" percent="${upload?.data ? 100 : 0}" uploadedSize="${size}" totalSize="${size}" fileType="${escapeXml(
          upload?.mimeType ?? '',
        )}"/>`,
        { 'Content-Type': 'text/xml;charset=UTF-8' },
      );
      return;
    }
    if (action === 'abort' || action === 'delete') {
      emu.state.uploads.delete(id);
      send(ctx.res, 200, '<html><head/><body/></html>', { 'Content-Type': 'text/xml;charset=UTF-8' });
      return;
    }
    if (action !== 'save') return ecmsMessage(ctx, 'FILE_NOT_UPLOADED');
    if (!upload) return ecmsMessage(ctx, 'FILE_NOT_UPLOADED');
    if (upload.failedLimitMb != null || !upload.data) return ecmsMessage(ctx, 'FILE_EXCEED_LIMIT');
    const root = drivePath(emu.state, username, q.get('driveName') ?? '');
    if (!root) return ecmsMessage(ctx, 'FILE_NOT_FOUND');
    const folderPath = normPath(root + '/' + (q.get('currentFolder') ?? ''));
    const folder = emu.state.docs.get(folderPath);
    if (!folder?.folder) return ecmsMessage(ctx, 'FILE_NOT_FOUND');
    if (!canWrite(emu.state, username, folderPath)) {
      send(ctx.res, 401, null);
      return;
    }
    const fileName = q.get('fileName') || upload.fileName;
    if (fileName.includes('/')) return ecmsMessage(ctx, 'FILE_UPLOAD_RESTRICTION');
    const path = normPath(folderPath + '/' + fileName);
    const existing = emu.state.docs.get(path);
    const existence = q.get('existenceAction') as ExistenceAction | null;
    if (existing && !existence) return ecmsMessage(ctx, 'FILE_EXISTED');
    if (
      existing &&
      existence === 'createVersion' &&
      existing.mimeType !== upload.mimeType &&
      upload.mimeType !== 'application/octet-stream'
    ) {
      sendJson(ctx.res, 500, { error_type: 'ERROR_MIMETYPE', message: 'mime type mismatch' });
      return;
    }
    const node = await saveFile(emu, {
      path,
      data: upload.data,
      author: username,
      mimeType: existing
        ? existing.mimeType
        : upload.mimeType === 'application/octet-stream'
          ? mimeFromName(fileName)
          : upload.mimeType,
      existence: existence ?? 'createVersion',
    });
    emu.state.uploads.delete(id);
    const downloadUrl = `/rest/jcr/repository/collaboration${node.path}`;
    send(
      ctx.res,
      200,
      `<?xml version="1.0" encoding="UTF-8"?>\n<file UUID="${node.id}" title="${escapeXml(baseName(node.path))}" path="${escapeXml(
        node.path,
      )}" mimetype="${escapeXml(node.mimeType)}" downloadUrl="${escapeXml(downloadUrl)}" url="${escapeXml(
        downloadUrl,
      )}" lastEditor="${escapeXml(username)}" date="${new Date(node.modifiedAt).toISOString()}" acl="{&quot;canEdit&quot;:true,&quot;canRemove&quot;:true}" size="${
        node.size
      }" previewBreadcrumb="{}"/>`,
      { 'Content-Type': 'text/xml;charset=UTF-8' },
    );
    return;
  }
  sendText(ctx.res, 404, 'Not Found');
}
