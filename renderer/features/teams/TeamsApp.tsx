import { useEffect } from 'react';
import { ListBox, ListBoxItem } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Space, SpacePost } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { formatMediumDateTime } from '../../ui/format';
import { CommentIcon, LikeIcon } from '../../ui/icons';
import { Avatar } from '../../ui/people';
import { Empty, QueryView } from '../../ui/states';
import { onlyKey } from '../../ui/selection';
import { useQuery } from '../../ui/useQuery';

export default function TeamsApp() {
  const { t, i18n } = useTranslation();
  const { spaceId, postId } = useNav((s) => s.teams);
  const selectSpace = useNav((s) => s.selectSpace);
  const spaces = useQuery('spaces:list', {});
  const sorted = (spaces.data ?? []).toSorted((a, b) => a.name.localeCompare(b.name, i18n.language));
  const current = sorted.find((s) => s.id === spaceId);

  return (
    <div className="app app-teams">
      <div className="app-header">
        <h1>{t('teams.title')}</h1>
      </div>
      <div className="split">
        <section className="pane list-pane" aria-labelledby="teams-list-title">
          <h2 id="teams-list-title" className="pane-title">
            {t('teams.mine')}
          </h2>
          <QueryView query={spaces}>
            {() =>
              sorted.length === 0 ? (
                <Empty>{t('teams.empty')}</Empty>
              ) : (
                <SpaceList spaces={sorted} selectedId={spaceId} onSelect={selectSpace} />
              )
            }
          </QueryView>
        </section>
        <section
          className="pane detail-pane"
          aria-label={current?.name ?? t('teams.title')}
          tabIndex={current ? 0 : undefined}
        >
          {current ? (
            <SpacePage space={current} highlightId={postId} />
          ) : spaces.status === 'ready' && spaceId ? (
            <Empty>{t('errors.notFound')}</Empty>
          ) : (
            <Empty>{t('teams.selectPrompt')}</Empty>
          )}
        </section>
      </div>
    </div>
  );
}

function SpaceList({
  spaces,
  selectedId,
  onSelect,
}: {
  spaces: Space[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <ListBox
      aria-label={t('teams.list')}
      className="item-list"
      items={spaces}
      dependencies={[i18n.language]}
      selectionMode="single"
      selectionBehavior="replace"
      disallowEmptySelection
      selectedKeys={selectedId ? [selectedId] : []}
      onSelectionChange={(keys) => {
        const id = onlyKey(keys);
        if (id) onSelect(id);
      }}
    >
      {(space) => (
        <ListBoxItem id={space.id} textValue={space.name} className="item">
          <Avatar name={space.name} />
          <span className="item-text">
            <span className="item-line">
              <span className="item-title" data-unread={space.unread > 0 || undefined}>
                {space.name}
              </span>
              {space.unread > 0 && (
                <span className="count count-strong">
                  <span aria-hidden="true">{space.unread}</span>
                  <span className="visually-hidden">, {t('teams.unreadCount', { count: space.unread })}</span>
                </span>
              )}
            </span>
            <span className="item-snippet">{t('teams.members', { count: space.memberCount })}</span>
          </span>
        </ListBoxItem>
      )}
    </ListBox>
  );
}

function SpacePage({ space, highlightId }: { space: Space; highlightId: string | null }) {
  const { t } = useTranslation();
  const posts = useQuery('spaces:posts', { spaceId: space.id });

  useEffect(() => {
    if (!highlightId || !posts.data) return;
    document.getElementById(`post-${highlightId}`)?.scrollIntoView({ block: 'start' });
  }, [highlightId, posts.data]);

  return (
    <>
      <div className="detail-header">
        <Avatar name={space.name} size="lg" />
        <div>
          <h2 className="detail-title">{space.name}</h2>
          {space.description && <p className="detail-subtitle">{space.description}</p>}
          <p className="detail-subtitle">{t('teams.members', { count: space.memberCount })}</p>
        </div>
      </div>
      <h3 className="visually-hidden">{t('teams.posts')}</h3>
      <QueryView query={posts}>
        {(data) =>
          data.length === 0 ? (
            <Empty>{t('teams.noPosts')}</Empty>
          ) : (
            <ol className="posts" aria-label={t('teams.posts')}>
              {data
                .toSorted((a, b) => b.postedAt.localeCompare(a.postedAt))
                .map((post) => (
                  <li key={post.id}>
                    <PostCard post={post} highlighted={post.id === highlightId} />
                  </li>
                ))}
            </ol>
          )
        }
      </QueryView>
    </>
  );
}

function PostCard({ post, highlighted }: { post: SpacePost; highlighted: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <article
      className="post"
      id={`post-${post.id}`}
      data-highlight={highlighted || undefined}
      aria-labelledby={`post-${post.id}-author`}
    >
      <div className="post-header">
        <Avatar name={post.author.name} />
        <div>
          <span className="post-author" id={`post-${post.id}-author`}>
            {post.author.name}
          </span>
          <time className="post-date" dateTime={post.postedAt}>
            {formatMediumDateTime(post.postedAt, i18n.language)}
          </time>
        </div>
      </div>
      <p className="post-text">{post.text}</p>
      <p className="post-stats">
        <span>
          <LikeIcon size={16} /> {t('teams.likes', { count: post.likes })}
        </span>
        <span>
          <CommentIcon size={16} /> {t('teams.comments', { count: post.comments.length })}
        </span>
      </p>
      {post.comments.length > 0 && (
        <ul className="comments" aria-label={t('teams.commentsOf', { name: post.author.name })}>
          {post.comments.map((comment) => (
            <li key={comment.id} className="comment">
              <Avatar name={comment.author.name} size="sm" />
              <div>
                <span className="comment-meta">
                  <span className="post-author">{comment.author.name}</span>
                  <time dateTime={comment.postedAt}>{formatMediumDateTime(comment.postedAt, i18n.language)}</time>
                </span>
                <p className="comment-text">{comment.text}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
