import { create } from 'zustand';
import type { RailApp } from '../../preload/contract';
import { call } from '../ui/api';

interface BadgeState {
  counts: Partial<Record<RailApp, number>>;
  /** Activity items read in this session: the contract has no channel to persist it yet. */
  readActivity: ReadonlySet<string>;
  refresh(): Promise<void>;
  markActivityRead(id: string): void;
}

/** Unread counts on the rail. Failures leave the badges as they were: they are a hint, not data. */
export const useBadges = create<BadgeState>()((set, get) => ({
  counts: {},
  readActivity: new Set(),

  async refresh() {
    const [folders, conversations, feed] = await Promise.allSettled([
      call('mail:folders', {}),
      call('chat:conversations'),
      call('activity:feed'),
    ]);
    const counts = { ...get().counts };
    if (folders.status === 'fulfilled') {
      counts.mail = folders.value.filter((f) => f.role === 'inbox').reduce((sum, f) => sum + f.unread, 0);
    }
    if (conversations.status === 'fulfilled') {
      counts.chat = conversations.value.reduce((sum, c) => sum + c.unread, 0);
    }
    if (feed.status === 'fulfilled') {
      const read = get().readActivity;
      counts.activity = feed.value.filter((item) => item.unread && !read.has(item.id)).length;
    }
    set({ counts });
  },

  markActivityRead(id) {
    const { readActivity, counts } = get();
    if (readActivity.has(id)) return;
    const next = new Set(readActivity);
    next.add(id);
    set({ readActivity: next, counts: { ...counts, activity: Math.max(0, (counts.activity ?? 0) - 1) } });
  },
}));
