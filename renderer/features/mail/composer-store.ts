import { create } from 'zustand';

/** What the composer is asked to write: a new mail (optionally prefilled, e.g. from a `mailto:` link), an answer
 *  to a message, or a draft to carry on. */
export type ComposeRequest =
  | {
      mode: 'new';
      accountId?: string;
      to?: string[];
      cc?: string[];
      bcc?: string[];
      subject?: string;
      body?: string;
    }
  | { mode: 'reply' | 'replyAll' | 'forward' | 'edit'; messageId: string }
  | { mode: 'draft'; draftId: string };

interface ComposerState {
  /** The request being written, or null when the composer is closed. */
  request: ComposeRequest | null;
  /** Changes on every open, so that opening again (even with the same request) starts a fresh composer. */
  session: number;
  open: boolean;
  openComposer(request: ComposeRequest): void;
  close(): void;
}

export const useComposer = create<ComposerState>()((set) => ({
  request: null,
  session: 0,
  open: false,
  openComposer: (request) => set((s) => ({ request, session: s.session + 1, open: true })),
  close: () => set({ request: null, open: false }),
}));
