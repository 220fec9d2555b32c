// Writes what a collaboration server said into the store, one account at a time, each call one transaction.
// An item we wrote offline (a chat message, a post, a comment) is replaced by the server's copy as soon as the
// server's copy shows up carrying our nonce, whichever way it comes (the send's answer, history, realtime).
import type { CollaborationRepository } from '../../store/repositories/collaboration';
import type { PersonRecord } from '../../store/records';
import { createStoreSink, type StoreSink } from '../../store/sink';
import type { Store } from '../../store/store';
import type { ActivityRecord } from '../../store/records';
import type { RemoteChatMessage, RemoteConversation, RemoteFile, RemotePost, RemoteSpace } from './ports';

/** The id of an item written here before the server has it: derived from its nonce, so it is found again. */
export const localId = (accountId: string, nonce: string) => `${accountId}:local:${nonce}`;

export class CollaborationWriter {
  readonly sink: StoreSink;

  constructor(
    private readonly store: Store,
    private readonly repo: CollaborationRepository,
    readonly accountId: string,
  ) {
    this.sink = createStoreSink(store, accountId);
  }

  people(people: readonly PersonRecord[]): void {
    const unique = new Map<string, PersonRecord>();
    for (const person of people) {
      if (!person.id.startsWith(`${this.accountId}:`)) continue;
      const earlier = unique.get(person.id);
      unique.set(
        person.id,
        earlier ? { ...earlier, ...person, presence: person.presence ?? earlier.presence } : person,
      );
    }
    if (unique.size === 0) return;
    this.store.transaction(() => {
      for (const person of unique.values()) {
        // A list without presence (space members) must not erase the presence another answer gave.
        const known = this.store.people.get(person.id);
        const merged = { ...known, ...person, presence: person.presence ?? known?.presence };
        if (merged.presence === undefined) delete merged.presence;
        this.sink.putPeople([merged]);
      }
    });
  }

  spaces(spaces: readonly RemoteSpace[]): void {
    this.store.transaction(() => {
      this.sink.putSpaces(spaces.map(({ ref: _ref, ...space }) => space));
      this.repo.putRefs(this.accountId, spaces);
    });
  }

  /** A space's newest posts as the server has them, with their comments, replacing our local copies. */
  posts(posts: readonly RemotePost[]): void {
    this.store.transaction(() => {
      for (const post of posts) {
        if (post.nonce) this.repo.deletePost(localId(this.accountId, post.nonce));
        this.sink.putPosts([{ ...post, comments: post.comments.map(({ html: _h, nonce: _n, ...c }) => c) }]);
        this.repo.putPostExtras(post.id, { html: post.html, liked: post.liked, nonce: post.nonce, delivery: null });
        for (const comment of post.comments) {
          if (comment.nonce) this.repo.deleteComment(localId(this.accountId, comment.nonce));
          this.repo.putComment(this.accountId, { ...comment, postId: post.id, delivery: null });
        }
      }
    });
  }

  conversations(conversations: readonly RemoteConversation[], keepRead: ReadonlySet<string>): void {
    this.store.transaction(() => {
      this.sink.putConversations(
        conversations.map(({ ref: _ref, lastActivityAt: _at, ...conversation }) => ({
          ...conversation,
          // A read marker still on its way to the server: the user has read it here.
          unread: keepRead.has(conversation.id) ? 0 : conversation.unread,
        })),
      );
      this.repo.putRefs(this.accountId, conversations);
    });
  }

  /** Messages from the server (history, realtime, a send's answer); returns the conversations touched. */
  messages(messages: readonly RemoteChatMessage[]): string[] {
    const touched = new Set<string>();
    this.store.transaction(() => {
      for (const message of messages) {
        if (message.nonce) this.repo.deleteMessage(localId(this.accountId, message.nonce));
        const { nonce, deleted, attachment, ...record } = message;
        this.sink.putChatMessages([record]);
        this.repo.putMessageExtras(message.id, { nonce, deleted, attachment });
        touched.add(message.conversationId);
      }
    });
    return [...touched];
  }

  activity(items: readonly ActivityRecord[]): void {
    this.store.transaction(() => this.sink.putActivity([...items]));
  }

  /**
   * A folder's listing. With `complete`, entries the server no longer lists go (placeholders of uploads
   * still on their way stay). Returns the ids that went.
   */
  files(
    folder: { parentId: string | null; spaceId: string | null },
    files: readonly RemoteFile[],
    complete: boolean,
  ): string[] {
    const gone: string[] = [];
    this.store.transaction(() => {
      this.sink.putFiles(files.map(({ ref: _ref, version: _v, lockedBy: _l, ...file }) => file));
      this.repo.putRefs(this.accountId, files);
      for (const file of files) {
        const state = this.repo.fileState(file.id);
        if (state && state.version !== file.version) this.repo.putFileState({ ...state, version: file.version });
      }
      if (!complete) return;
      const listed = new Set(files.map((file) => file.id));
      for (const id of this.repo.listedIds(this.accountId, folder.parentId, folder.spaceId)) {
        if (listed.has(id) || this.repo.fileState(id)?.delivery) continue;
        this.repo.deleteFile(id);
        gone.push(id);
      }
    });
    return gone;
  }
}
