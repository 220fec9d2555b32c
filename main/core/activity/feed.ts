// The activity feed: one list across all accounts. Collaboration servers' notifications (mentions, replies,
// posts, shared documents, meetings) are stored as they arrive; important mail and the chat messages that name
// the user are read from the store when the feed is asked for, so their unread state is always their own.
import type { ActivityItem } from '../model';
import type { ActivityRepository } from '../../store/repositories/activity';

export const FEED_LENGTH = 200;
/** Mail older than this is the Mail app's business, not news (and the feed stays quick on a large mailbox). */
export const MAIL_WINDOW_DAYS = 30;

/** Every account's items, newest first. */
export function activityFeed(repository: ActivityRepository, now = new Date(), limit = FEED_LENGTH): ActivityItem[] {
  const stored = repository.feed(limit);
  // A server may already notify of a mail (the demonstration does): that item stands for it.
  const notified = new Set(stored.filter((item) => item.target.app === 'mail').map((item) => item.target.id));
  const since = new Date(now.getTime() - MAIL_WINDOW_DAYS * 86_400_000);
  const mail = repository.importantMail(since, limit).filter((item) => !notified.has(item.target.id));
  return mergeNewestFirst([stored, mail, repository.chatMentions(limit)], limit);
}

export function mergeNewestFirst(lists: readonly (readonly ActivityItem[])[], limit: number): ActivityItem[] {
  return lists
    .flat()
    .toSorted((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id))
    .slice(0, limit);
}
