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
  putConversations(conversations: ConversationRecord[]): void;
  putChatMessages(messages: ChatMessageRecord[]): void;
  putSpaces(spaces: SpaceRecord[]): void;
  putPosts(posts: PostRecord[]): void;
  putFiles(files: FileRecord[]): void;
  putEvents(events: EventRecord[]): void;
  putActivity(items: ActivityRecord[]): void;
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
    putConversations: atomic((conversations) => store.chat.putConversations(accountId, conversations)),
    putChatMessages: atomic((messages) => store.chat.putMessages(messages)),
    putSpaces: atomic((spaces) => store.spaces.putSpaces(accountId, spaces)),
    putPosts: atomic((posts) => store.spaces.putPosts(posts)),
    putFiles: atomic((files) => store.files.put(accountId, files)),
    putEvents: atomic((events) => store.calendar.put(accountId, events)),
    putActivity: atomic((items) => store.activity.put(accountId, items)),
  };
}
