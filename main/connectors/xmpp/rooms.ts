// Group chat: multi-user chat rooms (XEP-0045) and the bookmarks that remember which ones we are in
// (XEP-0402, PEP-stored, so every client of the account sees the same list).
import { CoreError } from '../../core/errors';
import { NS, bare } from './stanzas';
import { isUnsupported, xml, type Element, type XmppSession } from './session';

export interface Bookmark {
  room: string;
  name: string | null;
  nick: string | null;
  autojoin: boolean;
}

export async function fetchBookmarks(session: XmppSession): Promise<Bookmark[]> {
  let answer: Element;
  try {
    answer = await session.request(
      xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS.pubsub }, xml('items', { node: NS.bookmarks }))),
    );
  } catch (error) {
    // No bookmark was ever published (the node does not exist yet), or the server keeps none.
    if ((error as { condition?: string }).condition === 'item-not-found' || isUnsupported(error)) return [];
    throw error;
  }
  const items = answer.getChild('pubsub', NS.pubsub)?.getChild('items')?.getChildren('item') ?? [];
  return items.flatMap((item) => {
    const conference = item.getChild('conference', NS.bookmarks);
    if (!item.attrs.id || !conference) return [];
    return [
      {
        room: bare(item.attrs.id),
        name: conference.attrs.name || null,
        nick: conference.getChildText('nick'),
        autojoin: conference.attrs.autojoin === 'true' || conference.attrs.autojoin === '1',
      },
    ];
  });
}

export async function saveBookmark(session: XmppSession, bookmark: Bookmark): Promise<void> {
  const field = (name: string, value: string, type?: string) =>
    xml('field', { var: name, ...(type ? { type } : {}) }, xml('value', {}, value));
  await session.request(
    xml(
      'iq',
      { type: 'set' },
      xml(
        'pubsub',
        { xmlns: NS.pubsub },
        xml(
          'publish',
          { node: NS.bookmarks },
          xml(
            'item',
            { id: bookmark.room },
            xml(
              'conference',
              {
                xmlns: NS.bookmarks,
                autojoin: String(bookmark.autojoin),
                ...(bookmark.name ? { name: bookmark.name } : {}),
              },
              bookmark.nick && xml('nick', {}, bookmark.nick),
            ),
          ),
        ),
        // XEP-0402 §3: private, persistent, and as many items as there are rooms.
        xml(
          'publish-options',
          {},
          xml(
            'x',
            { xmlns: NS.data, type: 'submit' },
            field('FORM_TYPE', 'http://jabber.org/protocol/pubsub#publish-options', 'hidden'),
            field('pubsub#persist_items', 'true'),
            field('pubsub#max_items', 'max'),
            field('pubsub#send_last_published_item', 'never'),
            field('pubsub#access_model', 'whitelist'),
          ),
        ),
      ),
    ),
  );
}

export interface Joined {
  nick: string;
  /** The room did not exist: we created it. */
  created: boolean;
}

/**
 * Enters a room under `nick` (another nick when that one is taken) without the room's own history: the
 * archive (MAM) provides it, paged. A room we just created is configured as an instant room.
 */
export async function joinRoom(session: XmppSession, room: string, nick: string, timeoutMs: number): Promise<Joined> {
  for (const candidate of [nick, `${nick}-${Math.random().toString(36).slice(2, 6)}`]) {
    const answer = await selfPresence(session, room, candidate, timeoutMs);
    if (answer.attrs.type === 'error') {
      if (answer.getChild('error')?.getChild('conflict')) continue;
      throw new CoreError('chat.roomRefused', { room });
    }
    const codes = statusCodes(answer);
    const created = codes.includes('201');
    if (created) {
      await session.request(
        xml(
          'iq',
          { type: 'set', to: room },
          xml('query', { xmlns: 'http://jabber.org/protocol/muc#owner' }, xml('x', { xmlns: NS.data, type: 'submit' })),
        ),
      );
    }
    return { nick: candidate, created };
  }
  throw new CoreError('chat.roomRefused', { room });
}

export function statusCodes(presence: Element): string[] {
  return (
    presence
      .getChild('x', NS.mucUser)
      ?.getChildren('status')
      .map((status) => status.attrs.code ?? '') ?? []
  );
}

/** Sends our presence to `room/nick` and waits for the room's answer about us (status 110, or an error). */
function selfPresence(session: XmppSession, room: string, nick: string, timeoutMs: number): Promise<Element> {
  const occupant = `${room}/${nick}`;
  return new Promise<Element>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new CoreError('network.timeout', { host: room }));
    }, timeoutMs);
    const stop = session.onStanza((stanza) => {
      if (!stanza.is('presence') || stanza.attrs.from !== occupant) return;
      if (stanza.attrs.type !== 'error' && !statusCodes(stanza).includes('110')) return;
      clearTimeout(timer);
      stop();
      resolve(stanza);
    });
    session
      .send(xml('presence', { to: occupant }, xml('x', { xmlns: NS.muc }, xml('history', { maxstanzas: '0' }))))
      .catch((error: unknown) => {
        clearTimeout(timer);
        stop();
        reject(error);
      });
  });
}
