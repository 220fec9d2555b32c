import { create } from 'zustand';
import type { DeepLink, RailApp } from '../../preload/contract';

export const railApps: readonly RailApp[] = ['activity', 'chat', 'teams', 'calendar', 'files', 'mail'];

export interface FileCrumb {
  id: string;
  name: string;
}

/** Monday 00:00 (local time) of the week holding `date`. */
export function weekStartOf(date: Date): Date {
  const monday = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
  return monday;
}

export interface NavState {
  app: RailApp;
  mail: { folderId: string | null; messageId: string | null };
  chat: { conversationId: string | null; messageId: string | null };
  teams: { spaceId: string | null; postId: string | null };
  /**
   * `spaceId` picks the personal files (null) or a team's; `trail` is the folder path from that root;
   * `reveal` asks the Files app to locate an entry by id.
   */
  files: { spaceId: string | null; trail: FileCrumb[]; fileId: string | null; reveal: string | null };
  /** `weekStart` is a local Monday (epoch ms); `reveal` asks the Calendar app to find an event's week. */
  calendar: { weekStart: number; eventId: string | null; reveal: string | null };
  activity: { itemId: string | null };
  settingsOpen: boolean;

  setApp(app: RailApp): void;
  /** Goes to the item a deep link names: switches rail app and selects the item there. */
  open(link: DeepLink): void;
  selectMailFolder(folderId: string): void;
  selectMessage(messageId: string | null, folderId?: string): void;
  selectConversation(conversationId: string | null): void;
  selectSpace(spaceId: string | null): void;
  selectFileScope(spaceId: string | null): void;
  openFolder(trail: FileCrumb[]): void;
  selectFile(fileId: string | null): void;
  revealFile(spaceId: string | null, trail: FileCrumb[], fileId: string | null): void;
  showWeek(weekStart: Date): void;
  selectEvent(eventId: string | null): void;
  selectActivity(itemId: string | null): void;
  setSettingsOpen(open: boolean): void;
}

export const useNav = create<NavState>()((set) => ({
  app: 'activity',
  mail: { folderId: null, messageId: null },
  chat: { conversationId: null, messageId: null },
  teams: { spaceId: null, postId: null },
  files: { spaceId: null, trail: [], fileId: null, reveal: null },
  calendar: { weekStart: weekStartOf(new Date()).getTime(), eventId: null, reveal: null },
  activity: { itemId: null },
  settingsOpen: false,

  setApp: (app) => set({ app }),

  open: (link) =>
    set((state) => {
      switch (link.app) {
        case 'mail':
          // Without a folder, the Mail app moves to the message's own folder once it has loaded it.
          return { app: 'mail', mail: { folderId: link.parentId ?? state.mail.folderId, messageId: link.id } };
        case 'chat':
          return link.parentId
            ? { app: 'chat', chat: { conversationId: link.parentId, messageId: link.id } }
            : { app: 'chat', chat: { conversationId: link.id, messageId: null } };
        case 'teams':
          return link.parentId
            ? { app: 'teams', teams: { spaceId: link.parentId, postId: link.id } }
            : { app: 'teams', teams: { spaceId: link.id, postId: null } };
        case 'files':
          return { app: 'files', files: { ...state.files, reveal: link.id } };
        case 'calendar':
          return { app: 'calendar', calendar: { ...state.calendar, eventId: link.id, reveal: link.id } };
        case 'activity':
          return { app: 'activity', activity: { itemId: link.id } };
      }
    }),

  selectMailFolder: (folderId) => set({ mail: { folderId, messageId: null } }),
  selectMessage: (messageId, folderId) =>
    set((state) => ({ mail: { folderId: folderId ?? state.mail.folderId, messageId } })),
  selectConversation: (conversationId) => set({ chat: { conversationId, messageId: null } }),
  selectSpace: (spaceId) => set({ teams: { spaceId, postId: null } }),
  selectFileScope: (spaceId) => set({ files: { spaceId, trail: [], fileId: null, reveal: null } }),
  openFolder: (trail) => set((state) => ({ files: { ...state.files, trail, fileId: null, reveal: null } })),
  selectFile: (fileId) => set((state) => ({ files: { ...state.files, fileId } })),
  revealFile: (spaceId, trail, fileId) => set({ files: { spaceId, trail, fileId, reveal: null } }),
  showWeek: (weekStart) =>
    set((state) => ({ calendar: { ...state.calendar, weekStart: weekStartOf(weekStart).getTime(), reveal: null } })),
  selectEvent: (eventId) => set((state) => ({ calendar: { ...state.calendar, eventId } })),
  selectActivity: (itemId) => set({ activity: { itemId } }),
  setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
}));
