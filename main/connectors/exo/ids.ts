// Store ids of an eXo account's items: `<accountId>:<letter>:<remote id>`, one letter per kind of item so that
// ids of different kinds (a space and a chat room, say) can never meet.
export type ExoKind = 'user' | 'space' | 'post' | 'comment' | 'room' | 'message' | 'doc' | 'notification';

const letters: Record<ExoKind, string> = {
  user: 'u',
  space: 's',
  post: 'a',
  comment: 'c',
  room: 'r',
  message: 'm',
  doc: 'd',
  notification: 'n',
};

export interface ExoIds {
  of(kind: ExoKind, remoteId: string): string;
  /** The remote id inside a store id of that kind; null when the id is not one. */
  remote(kind: ExoKind, storeId: string): string | null;
}

export function exoIds(accountId: string): ExoIds {
  return {
    of: (kind, remoteId) => `${accountId}:${letters[kind]}:${remoteId}`,
    remote(kind, storeId) {
      const prefix = `${accountId}:${letters[kind]}:`;
      return storeId.startsWith(prefix) ? storeId.slice(prefix.length) : null;
    },
  };
}
