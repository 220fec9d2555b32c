import { useEffect, useState } from 'react';
import { ListBox, ListBoxItem } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, Space, SpaceComment, SpacePost } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { errorMessage } from '../../i18n';
import { call, subscribe, toErrorInfo } from '../../ui/api';
import { formatMediumDateTime } from '../../ui/format';
import { CommentIcon, FilesIcon, LikeIcon } from '../../ui/icons';
import { Avatar } from '../../ui/people';
import { Empty, QueryView } from '../../ui/states';
import { onlyKey } from '../../ui/selection';
import { useQuery } from '../../ui/useQuery';
import { Composer } from './Composer';
import { RichText } from './RichText';
import './teams.css';

export default function TeamsApp() {
  const { t, i18n } = useTranslation();
  const { spaceId, postId } = useNav((s) => s.teams);
  const selectSpace = useNav((s) => s.selectSpace);
  const spaces = useQuery('spaces:list', {});
  const refreshSpaces = spaces.refresh;
  useEffect(() => subscribe('spaces:changed', () => refreshSpaces()), [refreshSpaces]);
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
  const { refresh } = posts;
  const { selectFileScope, setApp } = useNav.getState();

  useEffect(() => {
    // Newer posts from the server when the space opens (the store answers meanwhile, and offline).
    void call('spaces:refresh', { spaceId: space.id }).catch(() => undefined);
    return subscribe('spaces:changed', ({ spaceIds }) => {
      if (spaceIds.length === 0 || spaceIds.includes(space.id)) refresh();
    });
  }, [space.id, refresh]);

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
        <button
          type="button"
          className="button space-files"
          onClick={() => {
            selectFileScope(space.id);
            setApp('files');
          }}
        >
          <FilesIcon size={16} /> {t('teams.files')}
        </button>
      </div>
      <div className="space-composer">
        <Composer
          spaceId={space.id}
          label={t('teams.newPost')}
          placeholder={t('teams.newPostPlaceholder', { space: space.name })}
          submitLabel={t('teams.publish')}
          onSubmit={async (text) => {
            await call('spaces:post', { spaceId: space.id, text });
            refresh();
          }}
        />
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
                    <PostCard post={post} highlighted={post.id === highlightId} onChanged={refresh} />
                  </li>
                ))}
            </ol>
          )
        }
      </QueryView>
    </>
  );
}

/** Where an item written here stands: on its way (offline), or refused with retry and discard. */
function Delivery({ item, onChanged }: { item: SpacePost | SpaceComment; onChanged: () => void }) {
  const { t } = useTranslation();
  if (!item.delivery) return null;
  if (item.delivery === 'queued') {
    return <span className="delivery">{t('teams.queued')}</span>;
  }
  const act = (discard: boolean) => void call('spaces:retry', { id: item.id, discard }).then(onChanged, onChanged);
  return (
    <span className="delivery delivery-failed" role="alert">
      {t('teams.failed')}
      <button type="button" className="link-button" onClick={() => act(false)}>
        {t('teams.retry')}
      </button>
      <button type="button" className="link-button" onClick={() => act(true)}>
        {t('teams.discard')}
      </button>
    </span>
  );
}

function PostCard({ post, highlighted, onChanged }: { post: SpacePost; highlighted: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [commenting, setCommenting] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const liked = post.liked ?? false;
  return (
    <article
      className="post"
      id={`post-${post.id}`}
      data-highlight={highlighted || undefined}
      data-delivery={post.delivery}
      aria-labelledby={`post-${post.id}-author`}
    >
      <div className="post-header">
        <Avatar name={post.author.name} presence={post.author.presence} />
        <div>
          <span className="post-author" id={`post-${post.id}-author`}>
            {post.author.name}
          </span>
          <time className="post-date" dateTime={post.postedAt}>
            {formatMediumDateTime(post.postedAt, i18n.language)}
          </time>
        </div>
        <Delivery item={post} onChanged={onChanged} />
      </div>
      <RichText className="post-text" html={post.html} text={post.text} />
      <p className="post-stats">
        <button
          type="button"
          className="link-button post-action"
          aria-pressed={liked}
          disabled={post.delivery !== undefined}
          onClick={() =>
            void call('spaces:like', { postId: post.id, liked: !liked }).then(onChanged, (e: unknown) =>
              setError(toErrorInfo(e)),
            )
          }
        >
          <LikeIcon size={16} /> {liked ? t('teams.unlike') : t('teams.like')}
        </button>
        <span>{t('teams.likes', { count: post.likes })}</span>
        <button
          type="button"
          className="link-button post-action"
          aria-expanded={commenting}
          disabled={post.delivery !== undefined}
          onClick={() => setCommenting(!commenting)}
        >
          <CommentIcon size={16} /> {t('teams.comment')}
        </button>
        <span>{t('teams.comments', { count: post.comments.length })}</span>
      </p>
      {error && (
        <p className="composer-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
      {post.comments.length > 0 && (
        <ul className="comments" aria-label={t('teams.commentsOf', { name: post.author.name })}>
          {post.comments.map((comment) => (
            <li key={comment.id} className="comment" data-delivery={comment.delivery}>
              <Avatar name={comment.author.name} presence={comment.author.presence} size="sm" />
              <div>
                <span className="comment-meta">
                  <span className="post-author">{comment.author.name}</span>
                  <time dateTime={comment.postedAt}>{formatMediumDateTime(comment.postedAt, i18n.language)}</time>
                  <Delivery item={comment} onChanged={onChanged} />
                </span>
                <RichText className="comment-text" html={comment.html} text={comment.text} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {commenting && (
        <div className="comment-composer">
          <Composer
            spaceId={post.spaceId}
            label={t('teams.newComment')}
            placeholder={t('teams.newCommentPlaceholder')}
            submitLabel={t('teams.send')}
            rows={2}
            autoFocus
            onSubmit={async (text) => {
              await call('spaces:comment', { postId: post.id, text });
              setCommenting(false);
              onChanged();
            }}
          />
        </div>
      )}
    </article>
  );
}
