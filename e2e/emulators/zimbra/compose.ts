// Drafts and sending (§3.6, §3.7, F10, F11): SaveDraftRequest creates or replaces a draft; SendMsgRequest saves to
// Sent, delivers to local recipients, deletes the `did` draft, and dedupes retries by `suid` with the server's
// tiny in-memory cache (last 5 send-UIDs per mailbox; a same-`suid` send still in flight →
// `mail.SENDING_MESSAGE_IN_PENDING_STATE_TRY_AGAIN`). Upload ids are consumed when used.
import { ZimbraFault, faults } from './faults';
import { findPart } from './mime';
import { messageFull } from './render';
import { addMessage, newMessageId } from './seed';
import { NS, checkChange, register, requireAuth, type SoapContext } from './soap';
import { FOLDER, messageSize, setFlag, type Address, type Attachment, type Mailbox, type Message } from './state';
import { bool, child, children, idList, int, text, type JsonObject } from './values';

interface Composed {
  from?: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo?: Address;
  subject: string;
  text: string;
  html?: string;
  attachments: Attachment[];
  inReplyTo?: string;
  origId?: number;
  replyType?: 'r' | 'w';
}

function collectBodies(mp: unknown, out: { text?: string; html?: string; inline: Attachment[] }): void {
  for (const part of children(mp)) {
    const ct = (text(part.ct) ?? 'text/plain').toLowerCase();
    if (part.mp !== undefined) {
      collectBodies(part.mp, out);
      continue;
    }
    const content = text(part.content) ?? '';
    if (ct === 'text/plain' && out.text === undefined) out.text = content;
    else if (ct === 'text/html' && out.html === undefined) out.html = content;
  }
}

function resolveAttachments(ctx: SoapContext, mbox: Mailbox, attach: JsonObject | undefined): Attachment[] {
  if (!attach) return [];
  const out: Attachment[] = [];
  const { world } = ctx;
  world.purgeUploads();
  for (const aid of idList(attach.aid)) {
    const u = world.uploads.get(aid);
    if (!u || u.accountId !== mbox.account.id) throw faults.noSuchUpload(aid);
    out.push({ filename: u.filename, ct: u.ct, content: u.content });
  }
  for (const ref of children(attach.mp)) {
    const mid = text(ref.mid) ?? '';
    const partName = text(ref.part) ?? '';
    const m = mbox.get(Number(mid), 'message');
    if (!m) throw faults.noSuchMsg(mid);
    const p = findPart(m, partName);
    if (!p || !p.data)
      throw new ZimbraFault('mail.NO_SUCH_PART', `no such part: ${partName}`, false, [
        { n: 'part', t: 'STR', _content: partName },
      ]);
    out.push({ filename: p.filename ?? `part-${partName}`, ct: p.ct, content: p.data });
  }
  for (const ref of children(attach.m)) {
    const id = text(ref.id) ?? '';
    const m = mbox.get(Number(id), 'message');
    if (!m) throw faults.noSuchMsg(id);
    out.push({
      filename: `${m.subject || 'message'}.eml`,
      ct: 'message/rfc822',
      content: Buffer.from(`Subject: ${m.subject}\r\n\r\n${m.text}`),
    });
  }
  for (const ref of children(attach.doc)) {
    const id = text(ref.id) ?? '';
    const d = mbox.get(Number(id), 'document');
    if (!d) throw faults.noSuchDoc(id);
    const v = d.versions.at(-1)!;
    out.push({ filename: d.name, ct: v.ct, content: v.content });
  }
  return out;
}

/** Minimal RFC 822 reading for `m{aid}` sends (Zimbra Desktop's outbox path). */
function parseRfc822(raw: Buffer): Partial<Composed> {
  const s = raw.toString('utf8');
  const split = s.search(/\r?\n\r?\n/);
  const head = split >= 0 ? s.slice(0, split) : s;
  const body = split >= 0 ? s.slice(split).replace(/^\r?\n\r?\n/, '') : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const idx = line.indexOf(':');
    if (idx > 0) headers.set(line.slice(0, idx).trim().toLowerCase(), line.slice(idx + 1).trim());
  }
  const list = (v: string | undefined): Address[] =>
    (v ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) => {
        const m = /^(?:"?([^"<]*)"?\s*)?<([^>]+)>$/.exec(x);
        return m ? { a: m[2]!, ...(m[1]?.trim() ? { p: m[1].trim() } : {}) } : { a: x };
      });
  return {
    subject: headers.get('subject') ?? '',
    to: list(headers.get('to')),
    cc: list(headers.get('cc')),
    text: body,
    inReplyTo: headers.get('in-reply-to'),
  };
}

function compose(ctx: SoapContext, mbox: Mailbox, m: JsonObject): Composed {
  const addrs: Record<string, Address[]> = { f: [], t: [], c: [], b: [], r: [] };
  for (const e of children(m.e)) {
    const a = text(e.a);
    if (!a) continue;
    const t = text(e.t) ?? 't';
    const p = text(e.p);
    (addrs[t] ??= []).push(p ? { a, p } : { a });
  }
  const bodies: { text?: string; html?: string; inline: Attachment[] } = { inline: [] };
  collectBodies(m.mp, bodies);
  const origid = text(m.origid);
  const rt = text(m.rt);
  const composed: Composed = {
    from: addrs.f![0],
    to: addrs.t!,
    cc: addrs.c!,
    bcc: addrs.b!,
    replyTo: addrs.r![0],
    subject: text(m.su) ?? '',
    text: bodies.text ?? (bodies.html ? bodies.html.replace(/<[^>]+>/g, '') : ''),
    html: bodies.html,
    attachments: resolveAttachments(ctx, mbox, child(m.attach)),
    inReplyTo: text(m.irt),
    origId: origid ? Number(origid) : undefined,
    replyType: rt === 'r' || rt === 'w' ? rt : undefined,
  };
  const aid = text(m.aid);
  if (aid) {
    const [upload] = resolveAttachments(ctx, mbox, { aid });
    Object.assign(composed, parseRfc822(upload!.content));
  }
  return composed;
}

function consumeUploads(ctx: SoapContext, m: JsonObject): void {
  for (const aid of [...idList(child(m.attach)?.aid), ...idList(m.aid)]) ctx.world.uploads.delete(aid);
}

register('SaveDraftRequest', NS.mail, (ctx, request) => {
  const { mbox, account } = requireAuth(ctx);
  const m = child(request.m) ?? {};
  const c = compose(ctx, mbox, m);
  const idText = text(m.id);
  const me: Address = { a: account.name, p: account.displayName };
  let draft: Message;
  if (idText) {
    const existing = mbox.get(Number(idText), 'message');
    if (!existing) throw faults.noSuchMsg(idText);
    checkChange(ctx, existing);
    draft = mbox.mutate((tx) => {
      Object.assign(existing, {
        from: c.from ?? me,
        to: c.to,
        cc: c.cc,
        bcc: c.bcc,
        replyTo: c.replyTo,
        subject: c.subject,
        text: c.text,
        html: c.html,
        attachments: c.attachments,
        inReplyTo: c.inReplyTo,
        origId: c.origId,
        replyType: c.replyType,
        date: tx.now,
        sentDate: tx.now,
        autoSendTime: int(m.autoSendTime),
      });
      setFlag(existing, 'a', c.attachments.length > 0);
      tx.touch(existing, ['f'], true);
      return existing;
    });
  } else {
    const folderId = Number(text(m.l) ?? FOLDER.DRAFTS);
    if (!mbox.folder(folderId)) throw faults.noSuchFolder(String(folderId));
    draft = mbox.mutate((tx) => {
      const created = addMessage(mbox, tx, {
        folderId,
        from: c.from ?? me,
        to: c.to,
        cc: c.cc,
        subject: c.subject,
        text: c.text,
        html: c.html,
        date: tx.now,
        flags: 'd' + (text(m.f) ?? '').replace(/[da]/g, ''),
        attachments: c.attachments,
        inReplyTo: c.inReplyTo,
      });
      created.bcc = c.bcc;
      created.origId = c.origId;
      created.replyType = c.replyType;
      created.autoSendTime = int(m.autoSendTime);
      return created;
    });
  }
  consumeUploads(ctx, m);
  return { m: [messageFull(mbox, draft, { html: true })] };
});

const VALID_ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

register('SendMsgRequest', NS.mail, async (ctx, request) => {
  const { mbox, account } = requireAuth(ctx);
  const { world } = ctx;
  const suid = text(request.suid);
  if (suid) {
    if (mbox.inFlightSends.has(suid)) throw faults.sendPending();
    const known = mbox.sendUids.find((s) => s.suid === suid);
    if (known) return { m: [known.msgId === null ? {} : { id: String(known.msgId) }] };
  }
  const m = child(request.m) ?? {};
  let c: Composed;
  const sfd = bool(m.sfd);
  const did = text(m.did);
  if (sfd && did) {
    const d = mbox.get(Number(did), 'message');
    if (!d) throw faults.noSuchMsg(did);
    c = { ...d, from: d.from };
  } else {
    c = compose(ctx, mbox, m);
  }
  const recipients = [...c.to, ...c.cc, ...c.bcc];
  const invalid = recipients.filter((r) => !VALID_ADDRESS.test(r.a));
  if (recipients.length === 0 || invalid.length > 0) {
    throw new ZimbraFault(
      'mail.SEND_ABORTED_ADDRESS_FAILURE',
      `message not sent; one or more addresses were not accepted: ${invalid.map((i) => i.a).join(', ') || 'no recipients'}`,
      false,
      invalid.map((i) => ({ n: 'invalid', t: 'STR' as const, _content: i.a })),
    );
  }
  const me: Address = { a: account.name, p: account.displayName };
  const probe = { subject: c.subject, text: c.text, html: c.html, attachments: c.attachments } as Message;
  if (messageSize(probe) > world.config.uploadMaxBytes) {
    throw new ZimbraFault('mail.MESSAGE_TOO_BIG', `message of size ${messageSize(probe)} exceeds allowed size`, false, [
      { n: 'maxSize', t: 'NUM', _content: String(world.config.uploadMaxBytes) },
    ]);
  }
  if (suid) mbox.inFlightSends.add(suid);
  try {
    if (world.sendDelayMs > 0) await new Promise((r) => setTimeout(r, world.sendDelayMs));
    const noSave = bool(request.noSave) || account.prefs.zimbraPrefSaveToSent === 'FALSE';
    const messageId = newMessageId(mbox, mbox.changeId + 1, world.now());
    const saved = mbox.mutate((tx) => {
      let copy: Message | null = null;
      if (!noSave) {
        copy = addMessage(mbox, tx, {
          folderId: FOLDER.SENT,
          from: c.from ?? me,
          to: c.to,
          cc: c.cc,
          subject: c.subject,
          text: c.text,
          html: c.html,
          date: tx.now,
          flags: 's',
          attachments: c.attachments,
          inReplyTo: c.inReplyTo,
          messageId,
        });
        copy.bcc = c.bcc;
      }
      if (did) {
        const draft = mbox.get(Number(did), 'message');
        if (draft) tx.remove(draft);
      }
      if (c.origId !== undefined && c.replyType) {
        const orig = mbox.get(c.origId, 'message');
        if (orig && setFlag(orig, c.replyType === 'r' ? 'r' : 'w', true)) tx.touch(orig, ['f']);
      }
      return copy;
    });
    mbox.sent.push({
      id: saved?.id ?? null,
      suid,
      at: world.now(),
      from: c.from ?? me,
      to: c.to,
      cc: c.cc,
      bcc: c.bcc,
      subject: c.subject,
      text: c.text,
      html: c.html,
      attachments: c.attachments.map((a) => ({ filename: a.filename, ct: a.ct, size: a.content.length })),
      messageId,
      origId: c.origId,
      replyType: c.replyType,
      draftId: did ? Number(did) : undefined,
    });
    deliverLocally(ctx, c, c.from ?? me, messageId);
    consumeUploads(ctx, m);
    if (suid) mbox.rememberSendUid(suid, saved?.id ?? null);
    if (!saved) return { m: [{}] };
    if (bool(request.fetchSavedMsg)) return { m: [messageFull(mbox, saved, {})] };
    return { m: [{ id: String(saved.id) }] };
  } finally {
    if (suid) mbox.inFlightSends.delete(suid);
  }
});

/** Recipients hosted on this server get the message in their Inbox (unread). */
function deliverLocally(ctx: SoapContext, c: Composed, from: Address, messageId: string): void {
  for (const r of [...c.to, ...c.cc, ...c.bcc]) {
    const target = ctx.world.findAccount(r.a);
    if (!target || !r.a.includes('@')) continue;
    const mbox = ctx.world.mailboxes.get(target.id)!;
    mbox.mutate((tx) =>
      addMessage(mbox, tx, {
        from,
        to: c.to,
        cc: c.cc,
        subject: c.subject,
        text: c.text,
        html: c.html,
        date: tx.now,
        flags: 'u',
        attachments: c.attachments,
        inReplyTo: c.inReplyTo,
        messageId,
      }),
    );
  }
}
