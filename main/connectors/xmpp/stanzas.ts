// Reading and writing the message stanzas the chat connector deals with. Pure functions of elements.
import { xml, type Element } from './session';

export const NS = {
  sid: 'urn:xmpp:sid:0',
  delay: 'urn:xmpp:delay',
  forward: 'urn:xmpp:forward:0',
  mam: 'urn:xmpp:mam:2',
  rsm: 'http://jabber.org/protocol/rsm',
  data: 'jabber:x:data',
  carbons: 'urn:xmpp:carbons:2',
  markers: 'urn:xmpp:chat-markers:0',
  muc: 'http://jabber.org/protocol/muc',
  mucUser: 'http://jabber.org/protocol/muc#user',
  roster: 'jabber:iq:roster',
  bookmarks: 'urn:xmpp:bookmarks:1',
  pubsub: 'http://jabber.org/protocol/pubsub',
  ping: 'urn:xmpp:ping',
} as const;

export const bare = (jid: string): string => jid.split('/')[0]!.toLowerCase();
export const resourceOf = (jid: string): string => jid.slice(jid.indexOf('/') + 1 || jid.length);

export interface ChatStanza {
  type: string;
  from: string;
  to: string;
  body: string | null;
  /**
   * What identifies the message wherever it shows up again (live, carbon, archive, room reflection): the
   * sender's origin-id (XEP-0359), else its stanza id. Null when the sender gave neither.
   */
  key: string | null;
  originId: string | null;
  /** When the sender or an archive stamped it (XEP-0203), else null: then it is "now". */
  stamp: string | null;
  /** The id a chat marker (XEP-0333) says was displayed. */
  displayed: string | null;
  /** The occupant's real JID, when a room discloses it. */
  realJid: string | null;
}

export function parseMessage(stanza: Element, stamp: string | null = null): ChatStanza {
  const originId = stanza.getChild('origin-id', NS.sid)?.attrs.id || null;
  return {
    type: stanza.attrs.type || 'normal',
    from: stanza.attrs.from ?? '',
    to: stanza.attrs.to ?? '',
    body: stanza.getChildText('body'),
    key: originId ?? (stanza.attrs.id || null),
    originId,
    stamp: stanza.getChild('delay', NS.delay)?.attrs.stamp ?? stamp,
    displayed: stanza.getChild('displayed', NS.markers)?.attrs.id ?? null,
    realJid: stanza.getChild('x', NS.mucUser)?.getChild('item')?.attrs.jid ?? null,
  };
}

export type Carbon = { direction: 'sent' | 'received'; message: Element };

/**
 * The message inside a carbon copy (XEP-0280). Only our own server may send carbons: from anyone else a
 * "carbon" is a forgery (CVE-2017-5589) and is ignored.
 */
export function unwrapCarbon(stanza: Element, ownBareJid: string): Carbon | null {
  for (const direction of ['sent', 'received'] as const) {
    const wrapper = stanza.getChild(direction, NS.carbons);
    if (!wrapper) continue;
    if (bare(stanza.attrs.from ?? ownBareJid) !== ownBareJid) return null;
    const message = wrapper.getChild('forwarded', NS.forward)?.getChild('message');
    return message ? { direction, message } : null;
  }
  return null;
}

export interface ArchiveResult {
  archiveId: string;
  stamp: string | null;
  message: Element;
}

/** A message that is one result of our archive query `queryId` (XEP-0313), else null. */
export function archiveResult(stanza: Element, queryId: string): ArchiveResult | null {
  const result = stanza.getChild('result', NS.mam);
  if (!result || result.attrs.queryid !== queryId || !result.attrs.id) return null;
  const forwarded = result.getChild('forwarded', NS.forward);
  const message = forwarded?.getChild('message');
  if (!message) return null;
  return { archiveId: result.attrs.id, stamp: forwarded?.getChild('delay', NS.delay)?.attrs.stamp ?? null, message };
}

/** Whether a stanza is part of an archive answer (never to be taken for a live message). */
export const isArchiveResult = (stanza: Element): boolean => stanza.getChild('result', NS.mam) !== undefined;

export interface OutgoingMessage {
  to: string;
  type: 'chat' | 'groupchat';
  text: string;
  /** Our origin-id (XEP-0359), also the stanza id: what a retry looks for in the archive. */
  originId: string;
}

export function messageStanza({ to, type, text, originId }: OutgoingMessage): Element {
  return xml(
    'message',
    { to, type, id: originId },
    xml('body', {}, text),
    xml('origin-id', { xmlns: NS.sid, id: originId }),
    xml('markable', { xmlns: NS.markers }),
  );
}

export function displayedStanza(to: string, type: 'chat' | 'groupchat', id: string): Element {
  return xml('message', { to, type }, xml('displayed', { xmlns: NS.markers, id }));
}
