// Decides what deserves an OS notification, from what the connectors stored: it listens to the core's change
// events (as the renderer does) and reads the store. New is "not seen before by this run, dated after the
// place was first looked at": a first sync, a backfill of older mail or history never notifies; own messages,
// read ones and muted apps neither, nor messages of the conversation the user is looking at (focused window);
// do-not-disturb (the setting or the "dnd" presence) keeps everything quiet.
import type { Store } from '../../store/store';
import type { EventHub } from '../events';
import { formatDeepLink } from '../links/deep-link';
import { plainText } from '../spaces/rich-text';
import type { ActivityItem, ChatMessage, Conversation, DesktopNotification, Language, MailSummary } from '../model';
import type { NotifierPort } from './port';
import type { Screen } from './screen';
import { isDoNotDisturb, readDesktopSettings } from './settings';
import { notificationTexts } from './texts';

export interface NotificationCenterDeps {
  store: Store;
  events: EventHub;
  notifier: NotifierPort;
  now: () => Date;
  language: () => Language;
  /** The person the account's owner is in its conversations (null until known). */
  selfPersonOf: (accountId: string) => string | null;
  /** What the user is looking at: messages of the conversation on screen in the focused window are not notified. */
  screen?: Screen;
}

/** Server clocks and Date headers run a little behind ours: what is dated this much before a first look still counts. */
const CLOCK_SLACK_MS = 2 * 60_000;
/** How many of the newest items of a place are compared on each change. */
const WINDOW = 50;
/** More new mails than this at once make one summary notification. */
const MAX_SEPARATE_MAILS = 3;
const MAX_BODY = 200;

/** What was already there the first time a place (inbox, conversation, feed) was looked at, and since when. */
class Watermarks {
  readonly #places = new Map<string, { since: number; seen: Set<string> }>();

  /** Remembers the items; answers those new since the first look (nothing on the first look itself). */
  fresh<T extends { id: string }>(place: string, items: readonly T[], dateOf: (item: T) => string, now: number): T[] {
    const known = this.#places.get(place);
    if (!known) {
      this.#places.set(place, { since: now - CLOCK_SLACK_MS, seen: new Set(items.map((item) => item.id)) });
      return [];
    }
    const fresh = items.filter((item) => !known.seen.has(item.id) && Date.parse(dateOf(item)) >= known.since);
    for (const item of items) known.seen.add(item.id);
    if (known.seen.size > WINDOW * 20) known.seen = new Set(items.map((item) => item.id));
    return fresh;
  }

  has(place: string): boolean {
    return this.#places.has(place);
  }
}

export interface NotificationCenter {
  /** Looks at every place once (their current content never notifies) and starts listening. */
  start(): void;
  stop(): void;
}

export function createNotificationCenter(deps: NotificationCenterDeps): NotificationCenter {
  const { store, events, notifier } = deps;
  const marks = new Watermarks();
  const lastMessageAt = new Map<string, string | null>();
  let badge = -1;
  let unsubscribe: (() => void) | null = null;

  const nowMs = () => deps.now().getTime();
  const texts = () => notificationTexts(deps.language());

  const show = (notification: DesktopNotification) => {
    try {
      notifier.show(notification);
    } catch (error) {
      console.error(`[notifications] could not show one: ${error instanceof Error ? error.name : typeof error}`);
    }
  };

  // ---- Mail: new unread mail in an inbox, not written by the account's owner ----

  const inboxes = (folderIds?: readonly string[]) => {
    const wanted = folderIds && new Set(folderIds);
    return store.mail.folders(null).filter((folder) => folder.role === 'inbox' && (!wanted || wanted.has(folder.id)));
  };

  const checkMail = (folderIds?: readonly string[]) => {
    for (const folder of inboxes(folderIds)) {
      const newest = store.mail.list(folder.id, 0, WINDOW).items;
      const own = store.accounts.get(folder.accountId)?.address.toLowerCase();
      const fresh = marks
        .fresh(`mail:${folder.id}`, newest, (mail) => mail.date, nowMs())
        .filter((mail) => mail.unread && mail.from.address.toLowerCase() !== own);
      if (fresh.length === 0 || !allowed('notifyMail')) continue;
      if (fresh.length > MAX_SEPARATE_MAILS) show(mailSummary(fresh));
      else for (const mail of fresh.reverse()) show(mailNotification(mail));
    }
  };

  const mailNotification = (mail: MailSummary): DesktopNotification => ({
    id: `mail:${mail.id}`,
    app: 'mail',
    title: mail.from.name || mail.from.address,
    body: clip(mail.subject || texts().noSubject),
    target: formatDeepLink({ app: 'mail', id: mail.id }),
  });

  const mailSummary = (mails: MailSummary[]): DesktopNotification => ({
    id: `mail:${mails[0]!.id}:summary`,
    app: 'mail',
    title: texts().newMails(mails.length),
    body: clip(mails.map((mail) => mail.from.name || mail.from.address).join(', ')),
    target: formatDeepLink({ app: 'mail', id: mails[0]!.id }),
  });

  // ---- Chat: direct messages, and mentions of the owner elsewhere ----

  const checkChat = () => {
    const conversations = store.chat.conversations();
    for (const conversation of conversations) {
      const seenAt = lastMessageAt.get(conversation.id);
      if (marks.has(`chat:${conversation.id}`) && seenAt === conversation.lastMessageAt) continue;
      lastMessageAt.set(conversation.id, conversation.lastMessageAt);
      const recent = store.chat.messages(conversation.id, undefined, WINDOW);
      const self = deps.selfPersonOf(conversation.accountId);
      const fresh = marks
        .fresh(`chat:${conversation.id}`, recent, (message) => message.sentAt, nowMs())
        .filter((message) => !isOwn(message, self) && !message.deleted);
      if (fresh.length === 0 || !allowed('notifyChat') || deps.screen?.isLooking(conversation.id)) continue;
      for (const message of fresh) {
        if (conversation.kind === 'direct') show(chatNotification(conversation, message, false));
        else if (mentions(message.text, mentionNames(conversation.accountId, self)))
          show(chatNotification(conversation, message, true));
      }
    }
  };

  const mentionNames = (accountId: string, self: string | null): string[] => {
    const names = new Set<string>();
    const person = self ? store.people.get(self) : undefined;
    if (person?.name) names.add(person.name);
    const address = store.accounts.get(accountId)?.address ?? '';
    if (address) names.add(address.split('@')[0]!);
    return [...names].filter((name) => name.length > 1);
  };

  const chatNotification = (
    conversation: Conversation,
    message: ChatMessage,
    mention: boolean,
  ): DesktopNotification => ({
    id: `chat:${message.id}`,
    app: 'chat',
    title: mention ? texts().inConversation(message.author.name, conversation.title) : message.author.name,
    body: clip(plain(message.text) || (message.attachment ? `${texts().attachment} : ${message.attachment.name}` : '')),
    target: formatDeepLink({ app: 'chat', id: message.id, parentId: conversation.id }),
  });

  // ---- Activity: what the servers' own notifications say (mail has its own notifications above) ----

  const checkActivity = () => {
    const fresh = marks
      .fresh('activity', store.activity.feed(), (item) => item.at, nowMs())
      .filter((item) => item.unread && item.kind !== 'mail');
    if (fresh.length === 0 || !allowed('notifyActivity')) return;
    for (const item of fresh.slice(0, MAX_SEPARATE_MAILS)) show(activityNotification(item));
  };

  const activityNotification = (item: ActivityItem): DesktopNotification => ({
    id: `activity:${item.id}`,
    app: 'activity',
    title: item.actor.name ? `${item.actor.name} ${item.title}` : item.title,
    body: clip(plain(item.summary)),
    target: formatDeepLink(item.target),
  });

  // ---- Shared ----

  const allowed = (app: 'notifyMail' | 'notifyChat' | 'notifyActivity') =>
    readDesktopSettings(store.settings)[app] && !isDoNotDisturb(store.settings);

  const updateBadge = () => {
    const mail = inboxes().reduce((sum, folder) => sum + folder.unread, 0);
    const chat = store.chat.conversations().reduce((sum, conversation) => sum + conversation.unread, 0);
    if (mail + chat === badge) return;
    badge = mail + chat;
    notifier.setBadge(badge);
  };

  const guarded = (work: () => void) => {
    try {
      work();
    } catch (error) {
      // A store closing under a late event: nothing to notify.
      console.error(`[notifications] ${error instanceof Error ? error.name : typeof error}`);
    }
  };

  return {
    start() {
      guarded(() => {
        checkMail();
        checkChat();
        checkActivity();
        updateBadge();
      });
      unsubscribe = events.subscribe((event, payload) => {
        switch (event) {
          case 'mail:changed':
            return guarded(() => {
              checkMail((payload as { folderIds: string[] }).folderIds);
              updateBadge();
            });
          case 'chat:changed':
            return guarded(() => {
              checkChat();
              updateBadge();
            });
          case 'activity:changed':
            return guarded(checkActivity);
          case 'accounts:changed':
            return guarded(updateBadge);
        }
      });
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}

function isOwn(message: ChatMessage, self: string | null): boolean {
  return message.mine === true || message.delivery !== undefined || (self !== null && message.author.id === self);
}

/**
 * `@Name` or `@username`, not followed by more of a word (`@alice` does not mention `@alicia`), or a link to the
 * person's profile (what collaboration servers make of a mention).
 */
export function mentions(text: string, names: readonly string[]): boolean {
  const lower = plain(text).toLowerCase();
  const links = [...text.matchAll(/href=(["'])[^"']*\/profile\/([^"'/?#]+)\1/gi)].map((m) => m[2]!.toLowerCase());
  return names.some((name) => {
    if (links.includes(name.toLowerCase())) return true;
    const needle = `@${name.toLowerCase()}`;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
      // `@camille.` ends a sentence; `@camille.durand` is someone else.
      if (!/^([\p{L}\p{N}_]|[.-][\p{L}\p{N}_])/u.test(lower.slice(at + needle.length))) return true;
    }
    return false;
  });
}

/** Text for a notification: markup dropped (collaboration servers send HTML), spaces collapsed. */
function plain(text: string): string {
  return plainText(text).replace(/\s+/g, ' ');
}

function clip(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY - 1)}…` : text;
}
