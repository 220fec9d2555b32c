import { create } from 'zustand';
import type { OutboxStatus, RailApp } from '../../preload/contract';
import { call } from '../ui/api';

interface BadgeState {
  /** What each rail app's badge shows; Mail's is its unread inbox mail plus the outbox's waiting and failed mail. */
  counts: Partial<Record<RailApp, number>>;
  unreadMail: number;
  /** Mails in the outbox, waiting to be sent or needing the user. */
  outbox: number;
  /** Activity items read in this session: the contract has no channel to persist it yet. */
  readActivity: ReadonlySet<string>;
  refresh(): Promise<void>;
  refreshOutbox(): Promise<void>;
  markActivityRead(id: string): void;
}

/** Unread counts on the rail. Failures leave the badges as they were: they are a hint, not data. */
export const useBadges = create<BadgeState>()((set, get) => ({
  counts: {},
  unreadMail: 0,
  outbox: 0,
  readActivity: new Set(),

  async refresh() {
    const [folders, conversations, feed, outbox] = await Promise.allSettled([
      call('mail:folders', {}),
      call('chat:conversations'),
      call('activity:feed'),
      call('outbox:status'),
    ]);
    const counts = { ...get().counts };
    let { unreadMail, outbox: waiting } = get();
    if (folders.status === 'fulfilled') {
      unreadMail = folders.value.filter((f) => f.role === 'inbox').reduce((sum, f) => sum + f.unread, 0);
    }
    if (outbox.status === 'fulfilled' && Array.isArray(outbox.value)) waiting = outboxCount(outbox.value);
    counts.mail = unreadMail + waiting;
    if (conversations.status === 'fulfilled') {
      counts.chat = conversations.value.reduce((sum, c) => sum + c.unread, 0);
    }
    if (feed.status === 'fulfilled') {
      const read = get().readActivity;
      counts.activity = feed.value.filter((item) => item.unread && !read.has(item.id)).length;
    }
    set({ counts, unreadMail, outbox: waiting });
  },

  async refreshOutbox() {
    const statuses = await call('outbox:status').catch(() => null);
    if (!Array.isArray(statuses)) return;
    const outbox = outboxCount(statuses);
    const { counts, unreadMail } = get();
    set({ outbox, counts: { ...counts, mail: unreadMail + outbox } });
  },

  markActivityRead(id) {
    const { readActivity, counts } = get();
    if (readActivity.has(id)) return;
    const next = new Set(readActivity);
    next.add(id);
    set({ readActivity: next, counts: { ...counts, activity: Math.max(0, (counts.activity ?? 0) - 1) } });
  },
}));

const outboxCount = (statuses: OutboxStatus[]) => statuses.reduce((sum, s) => sum + s.queued + s.failed, 0);
