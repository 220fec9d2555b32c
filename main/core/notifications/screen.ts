// What the user has in front of them, as the renderer says: whether the window has the focus (`app:focus`) and
// which conversation is on screen (`chat:focus`). A message arriving where the user is looking is not news.

export interface Screen {
  /** The window gained (true) or lost (false) the focus. Until told, it counts as not focused. */
  setWindowFocused(focused: boolean): void;
  /** The conversation shown (null: none). */
  showConversation(conversationId: string | null): void;
  /** True when the conversation is on screen in the focused window. */
  isLooking(conversationId: string): boolean;
}

export function createScreen(): Screen {
  let focused = false;
  let conversation: string | null = null;
  return {
    setWindowFocused(value) {
      focused = value;
    },
    showConversation(conversationId) {
      conversation = conversationId;
    },
    isLooking: (conversationId) => focused && conversation === conversationId,
  };
}
