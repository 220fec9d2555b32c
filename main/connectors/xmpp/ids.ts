// Store ids of an XMPP account's records, namespaced `<accountId>:…`. A message id carries its conversation
// and its key (origin-id or stanza id), so the same message met live, as a carbon or in an archive is one row.
import { bare } from './stanzas';

export function xmppIds(accountId: string) {
  const conversationPrefix = `${accountId}:chat:`;
  const conversation = (jid: string) => `${conversationPrefix}${bare(jid)}`;
  return {
    person: (jid: string) => `${accountId}:${bare(jid)}`,
    /** Someone known only by their nickname in a room. */
    occupant: (room: string, nick: string) => `${accountId}:${bare(room)}/${nick}`,
    conversation,
    /** `<conversation id>:<key>`: the id the chat outbox gives a message it sends with that key as nonce. */
    message: (conversationJid: string, key: string) => `${conversation(conversationJid)}:${key}`,
    /** The JID behind a conversation id of this account, or null when it is not one. */
    conversationJid: (id: string) => (id.startsWith(conversationPrefix) ? id.slice(conversationPrefix.length) : null),
    /** The key (origin-id or stanza id) of a message id in a conversation. */
    messageKey: (conversationJid: string, id: string) => {
      const prefix = `${conversation(conversationJid)}:`;
      return id.startsWith(prefix) ? id.slice(prefix.length) : null;
    },
  };
}

export type XmppIds = ReturnType<typeof xmppIds>;
