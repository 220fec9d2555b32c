import type {
  ActivityRecord,
  ChatMessageRecord,
  ConversationRecord,
  EventRecord,
  FileRecord,
  MailFolderRecord,
  MailMessageRecord,
  PersonRecord,
  PostRecord,
  SpaceRecord,
} from './records';
import type { Store } from './store';

/**
 * Where a connector's sync writes, for one account. Each call is atomic; `batch` makes several calls one
 * transaction. Writes are upserts by id: a connector can replay a sync safely.
 */
export interface StoreSink {
  readonly accountId: string;
  batch(write: () => void): void;
  putPeople(people: PersonRecord[]): void;
  putMailFolders(folders: MailFolderRecord[]): void;
  putMessages(messages: MailMessageRecord[]): void;
  /** With `keepUnread`, conversations already stored keep their unread count (a re-sync of a roster). */
  putConversations(conversations: ConversationRecord[], options?: { keepUnread?: boolean }): void;
  /** Returns the ids of the messages the store did not have. */
  putChatMessages(messages: ChatMessageRecord[]): string[];
  addUnread(conversationId: string, count: number): void;
  putSpaces(spaces: SpaceRecord[]): void;
  putPosts(posts: PostRecord[]): void;
  putFiles(files: FileRecord[]): void;
  putEvents(events: EventRecord[]): void;
  removeEvents(ids: string[]): void;
  putActivity(items: ActivityRecord[]): void;
  /** The connector's sync cursor under `key` (its own naming), null when there is none. */
  cursor(key: string): string | null;
  /** `null` forgets the cursor (one the server refused). */
  setCursor(key: string, value: string | null): void;
}

export function createStoreSink(store: Store, accountId: string): StoreSink {
  const prefix = `${accountId}:`;
  /** Ids are namespaced by account: a connector writing another account's ids is a bug worth stopping. */
  const owned = <T extends { id: string }>(records: T[]): T[] => {
    const stray = records.find((record) => !record.id.startsWith(prefix));
    if (stray) throw new Error(`Record outside account ${accountId}`);
    return records;
  };
  const atomic =
    <T extends { id: string }>(write: (records: T[]) => void) =>
    (records: T[]) =>
      store.transaction(() => write(owned(records)));

  return {
    accountId,
    batch: (write) => store.transaction(write),
    putPeople: atomic((people) => store.people.put(accountId, people)),
    putMailFolders: atomic((folders) => store.mail.putFolders(accountId, folders)),
    putMessages: atomic((messages) => store.mail.putMessages(accountId, messages)),
    putConversations: (conversations, options) =>
      store.transaction(() => store.chat.putConversations(accountId, owned(conversations), options?.keepUnread)),
    putChatMessages: (messages) => store.transaction(() => store.chat.putMessages(owned(messages))),
    addUnread: (conversationId, count) => store.chat.addUnread(owned([{ id: conversationId }])[0]!.id, count),
    putSpaces: atomic((spaces) => store.spaces.putSpaces(accountId, spaces)),
    putPosts: atomic((posts) => store.spaces.putPosts(posts)),
    putFiles: atomic((files) => store.files.put(accountId, files)),
    putEvents: atomic((events) => store.calendar.put(accountId, events)),
    removeEvents: (ids) =>
      store.transaction(() => store.calendar.remove(owned(ids.map((id) => ({ id }))).map(({ id }) => id))),
    putActivity: atomic((items) => store.activity.put(accountId, items)),
    cursor: (key) => store.syncState.get(accountId, key),
    setCursor: (key, value) => store.syncState.set(accountId, key, value),
  };
}
