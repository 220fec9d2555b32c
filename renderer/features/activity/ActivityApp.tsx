import { useEffect, useState } from 'react';
import { GridList, GridListItem, ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, ActivityItem, ActivityKind } from '../../../preload/contract';
import { useBadges } from '../../app/badges';
import { useNav } from '../../app/store';
import { formatShortDate } from '../../ui/format';
import { CalendarIcon, FileIcon, MailIcon, MentionIcon, PostIcon, ReplyIcon } from '../../ui/icons';
import { Avatar } from '../../ui/people';
import { Empty, QueryView } from '../../ui/states';
import { onlyKey } from '../../ui/selection';
import { useQuery } from '../../ui/useQuery';
import { call, subscribe } from '../../ui/api';

const kinds: readonly ActivityKind[] = ['mention', 'reply', 'post', 'mail', 'document', 'meeting'];

const kindIcons: Record<ActivityKind, typeof MailIcon> = {
  mention: MentionIcon,
  reply: ReplyIcon,
  post: PostIcon,
  mail: MailIcon,
  document: FileIcon,
  meeting: CalendarIcon,
};

type Filter = ActivityKind | 'all';

const ALL_ACCOUNTS = 'all';

export default function ActivityApp() {
  const { t } = useTranslation();
  const feed = useQuery('activity:feed', {});
  const refreshFeed = feed.refresh;
  // Important mail and chat mentions are part of the feed: what changes them changes it too.
  useEffect(() => {
    const unsubscribe = [
      subscribe('activity:changed', () => refreshFeed()),
      subscribe('mail:changed', () => refreshFeed()),
      subscribe('chat:changed', () => refreshFeed()),
      subscribe('accounts:changed', () => refreshFeed()),
    ];
    return () => unsubscribe.forEach((stop) => stop());
  }, [refreshFeed]);
  const accounts = useQuery('accounts:list', {});
  const refreshAccounts = accounts.refresh;
  useEffect(() => subscribe('accounts:changed', () => refreshAccounts()), [refreshAccounts]);
  const [filter, setFilter] = useState<Filter>('all');
  const [accountId, setAccountId] = useState<string>(ALL_ACCOUNTS);
  const accountList = accounts.data ?? [];

  return (
    <div className="app app-activity">
      <div className="app-header">
        <h1>{t('activity.title')}</h1>
        <ToggleButtonGroup
          className="chips"
          aria-label={t('activity.filter')}
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={[filter]}
          onSelectionChange={(keys) => {
            const key = onlyKey(keys);
            if (key) setFilter(key as Filter);
          }}
        >
          {(['all', ...kinds] as const).map((kind) => (
            <ToggleButton key={kind} id={kind} className="chip">
              {t(`activity.kinds.${kind}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        {accountList.length > 1 && (
          <AccountFilter accounts={accountList} selected={accountId} onChange={setAccountId} />
        )}
      </div>
      <section className="pane activity-pane" aria-labelledby="activity-feed-title">
        <h2 id="activity-feed-title" className="visually-hidden">
          {t('activity.feed')}
        </h2>
        <QueryView query={feed}>
          {(items) => (
            <Feed
              items={items}
              filter={filter}
              accountId={accountList.some((a) => a.id === accountId) ? accountId : ALL_ACCOUNTS}
            />
          )}
        </QueryView>
      </section>
    </div>
  );
}

function AccountFilter({
  accounts,
  selected,
  onChange,
}: {
  accounts: readonly AccountSummary[];
  selected: string;
  onChange: (accountId: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <ToggleButtonGroup
      className="chips"
      aria-label={t('activity.accountFilter')}
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={[selected]}
      onSelectionChange={(keys) => {
        const key = onlyKey(keys);
        if (key) onChange(String(key));
      }}
    >
      <ToggleButton id={ALL_ACCOUNTS} className="chip">
        {t('activity.allAccounts')}
      </ToggleButton>
      {accounts.map((account) => (
        <ToggleButton key={account.id} id={account.id} className="chip">
          {account.displayName}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

function Feed({ items, filter, accountId }: { items: ActivityItem[]; filter: Filter; accountId: string }) {
  const { t, i18n } = useTranslation();
  const open = useNav((s) => s.open);
  const selectActivity = useNav((s) => s.selectActivity);
  const itemId = useNav((s) => s.activity.itemId);
  const readActivity = useBadges((s) => s.readActivity);
  const markRead = useBadges((s) => s.markActivityRead);
  const visible = items
    .filter((item) => filter === 'all' || item.kind === filter)
    .filter((item) => accountId === ALL_ACCOUNTS || item.accountId === accountId)
    .toSorted((a, b) => b.at.localeCompare(a.at));

  if (items.length === 0) return <Empty>{t('activity.empty')}</Empty>;
  if (visible.length === 0) return <Empty>{t('activity.emptyFiltered')}</Empty>;

  return (
    <GridList
      aria-label={t('activity.feed')}
      className="item-list activity-list"
      items={visible}
      dependencies={[readActivity, itemId, i18n.language]}
      onAction={(key) => {
        const item = visible.find((i) => i.id === key);
        if (!item) return;
        if (item.unread) {
          markRead(item.id);
          // Read here at once, and on the server when it is reachable (collaboration accounts).
          void call('activity:markRead', { ids: [item.id] }).catch(() => undefined);
        }
        selectActivity(item.id);
        open(item.target);
      }}
    >
      {(item) => {
        const unread = item.unread && !readActivity.has(item.id);
        const Icon = kindIcons[item.kind];
        return (
          <GridListItem
            id={item.id}
            textValue={`${item.actor.name} ${item.title}`}
            className="item activity-item"
            data-unread={unread || undefined}
            data-current={item.id === itemId || undefined}
          >
            <span className="activity-avatar">
              <Avatar name={item.actor.name} presence={item.actor.presence} />
              <span className="activity-kind" data-kind={item.kind}>
                <Icon size={12} />
              </span>
            </span>
            <span className="item-text">
              <span className="item-line">
                <span className="item-title">
                  {unread && <span className="visually-hidden">{t('activity.unread')}, </span>}
                  <span className="activity-actor">{item.actor.name}</span> · {item.title}
                </span>
                <time className="item-date" dateTime={item.at}>
                  {formatShortDate(item.at, i18n.language)}
                </time>
              </span>
              <span className="item-snippet">{item.summary}</span>
              <span className="visually-hidden">, {t(`activity.kinds.${item.kind}`)}</span>
            </span>
          </GridListItem>
        );
      }}
    </GridList>
  );
}
