// XMPP presence (RFC 6121 §4.7.2: no show, chat, away, xa, dnd; or type="unavailable") and the normalised
// statuses the renderer shows. XMPP has no "busy" distinct from "do not disturb": busy goes out as dnd,
// which is how XMPP clients (Zimbra Chat's included) display it. A small extension element tells other Bastide
// clients that this dnd means busy (servers forward unknown presence children untouched; others ignore it).
import type { PresenceStatus } from '../../core/model';
import { xml, type Element } from './session';

const BUSY_NS = 'urn:bastide:presence:0';

export function presenceOf(stanza: Element): PresenceStatus {
  const type = stanza.attrs.type;
  if (type === 'unavailable' || type === 'error') return 'offline';
  switch (stanza.getChildText('show')?.trim()) {
    case 'dnd':
      return stanza.getChild('busy', BUSY_NS) ? 'busy' : 'dnd';
    case 'away':
    case 'xa':
      return 'away';
    default:
      return 'available';
  }
}

/** The presence stanza broadcast for our own status. */
export function presenceStanza(status: PresenceStatus): Element {
  if (status === 'offline') return xml('presence', { type: 'unavailable' });
  const show = status === 'away' ? 'away' : status === 'busy' || status === 'dnd' ? 'dnd' : undefined;
  return xml('presence', {}, show && xml('show', {}, show), status === 'busy' && xml('busy', { xmlns: BUSY_NS }));
}

/** Several resources of one contact may be online: the most available one stands for the person. */
const rank: Record<PresenceStatus, number> = { available: 4, busy: 3, dnd: 2, away: 1, offline: 0 };

export function mostAvailable(statuses: Iterable<PresenceStatus>): PresenceStatus {
  let best: PresenceStatus = 'offline';
  for (const status of statuses) if (rank[status] > rank[best]) best = status;
  return best;
}
