import type { Space, SpaceComment, SpacePost } from '../../core/model';
import type { Database } from '../db';
import type { PostRecord, SpaceRecord } from '../records';
import { pickPerson, personSelect, toIso, toMs } from '../rows';

interface SpaceRow {
  id: string;
  account_id: string;
  name: string;
  description: string;
  member_count: number;
  unread: number;
}

export function spacesRepository(db: Database) {
  const upsertSpace = db.prepare(`
    INSERT INTO spaces (id, account_id, name, description, member_count, unread)
    VALUES (:id, :accountId, :name, :description, :memberCount, :unread)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
      member_count = excluded.member_count, unread = excluded.unread`);
  const upsertPost = db.prepare(`
    INSERT INTO posts (id, space_id, author_id, text, posted_at, likes)
    VALUES (:id, :spaceId, :authorId, :text, :postedAt, :likes)
    ON CONFLICT(id) DO UPDATE SET author_id = excluded.author_id, text = excluded.text,
      posted_at = excluded.posted_at, likes = excluded.likes`);
  const deleteComments = db.prepare('DELETE FROM comments WHERE post_id = ?');
  const insertComment = db.prepare(
    'INSERT INTO comments (id, post_id, author_id, text, posted_at) VALUES (?, ?, ?, ?, ?)',
  );
  const allSpaces = db.prepare('SELECT * FROM spaces ORDER BY name COLLATE NOCASE');
  const spaceExists = db.prepare('SELECT 1 FROM spaces WHERE id = ?');
  const postsOfSpace = db.prepare(`
    SELECT x.id, x.space_id, x.author_id, x.text, x.posted_at, x.likes, ${personSelect('p', 'author')}
    FROM posts x LEFT JOIN people p ON p.id = x.author_id
    WHERE x.space_id = ? ORDER BY x.posted_at DESC, x.seq DESC`);
  const commentsOfSpace = db.prepare(`
    SELECT c.id, c.post_id, c.author_id, c.text, c.posted_at, ${personSelect('p', 'author')}
    FROM comments c JOIN posts x ON x.id = c.post_id LEFT JOIN people p ON p.id = c.author_id
    WHERE x.space_id = ? ORDER BY c.posted_at, c.id`);

  return {
    putSpaces(accountId: string, records: SpaceRecord[]): void {
      for (const space of records) {
        upsertSpace.run({
          id: space.id,
          accountId,
          name: space.name,
          description: space.description,
          memberCount: space.memberCount,
          unread: space.unread,
        });
      }
    },

    /** Posts with their comments (the comments of a post are replaced as a whole). */
    putPosts(records: PostRecord[]): void {
      for (const post of records) {
        upsertPost.run({
          id: post.id,
          spaceId: post.spaceId,
          authorId: post.authorId,
          text: post.text,
          postedAt: toMs(post.postedAt),
          likes: post.likes,
        });
        deleteComments.run(post.id);
        for (const comment of post.comments) {
          insertComment.run(comment.id, post.id, comment.authorId, comment.text, toMs(comment.postedAt));
        }
      }
    },

    list(): Space[] {
      return (allSpaces.all() as unknown as SpaceRow[]).map((row) => ({
        id: row.id,
        accountId: row.account_id,
        name: row.name,
        description: row.description,
        memberCount: row.member_count,
        unread: row.unread,
      }));
    },

    hasSpace(id: string): boolean {
      return spaceExists.get(id) !== undefined;
    },

    /** Posts newest first, each with its comments oldest first. */
    posts(spaceId: string): SpacePost[] {
      const comments = new Map<string, SpaceComment[]>();
      for (const row of commentsOfSpace.all(spaceId) as Record<string, unknown>[]) {
        const postId = row.post_id as string;
        const comment: SpaceComment = {
          id: row.id as string,
          author: pickPerson(row, 'author', row.author_id as string),
          text: row.text as string,
          postedAt: toIso(row.posted_at as number),
        };
        comments.set(postId, [...(comments.get(postId) ?? []), comment]);
      }
      return (postsOfSpace.all(spaceId) as Record<string, unknown>[]).map((row) => ({
        id: row.id as string,
        spaceId: row.space_id as string,
        author: pickPerson(row, 'author', row.author_id as string),
        text: row.text as string,
        postedAt: toIso(row.posted_at as number),
        likes: row.likes as number,
        comments: comments.get(row.id as string) ?? [],
      }));
    },
  };
}

export type SpacesRepository = ReturnType<typeof spacesRepository>;
