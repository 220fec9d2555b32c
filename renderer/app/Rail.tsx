import { useEffect, useRef, type ComponentType, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RailApp } from '../../preload/contract';
import { subscribe } from '../ui/api';
import { ActivityIcon, CalendarIcon, ChatIcon, FilesIcon, MailIcon, TeamsIcon } from '../ui/icons';
import { useBadges } from './badges';
import { railApps, useNav } from './store';

export const railIcons: Record<RailApp, ComponentType<{ size?: number }>> = {
  activity: ActivityIcon,
  chat: ChatIcon,
  teams: TeamsIcon,
  calendar: CalendarIcon,
  files: FilesIcon,
  mail: MailIcon,
};

/** The app rail: one tab stop (the active app), arrows to move, Enter or Space to open. */
export function Rail() {
  const { t } = useTranslation();
  const active = useNav((s) => s.app);
  const setApp = useNav((s) => s.setApp);
  const badges = useBadges((s) => s.counts);
  const unreadMail = useBadges((s) => s.unreadMail);
  const outbox = useBadges((s) => s.outbox);
  useEffect(() => subscribe('outbox:changed', () => void useBadges.getState().refreshOutbox()), []);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent, index: number) {
    const last = railApps.length - 1;
    const target =
      event.key === 'ArrowDown'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowUp'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (target === null) return;
    event.preventDefault();
    buttons.current[target]?.focus();
  }

  return (
    <nav className="rail" aria-label={t('rail.label')}>
      <ul>
        {railApps.map((app, index) => {
          const Icon = railIcons[app];
          const count = badges[app] ?? 0;
          return (
            <li key={app}>
              <button
                ref={(element) => {
                  buttons.current[index] = element;
                }}
                type="button"
                className="rail-item"
                aria-current={app === active ? 'page' : undefined}
                aria-keyshortcuts={`Control+${index + 1}`}
                tabIndex={app === active ? 0 : -1}
                onClick={() => setApp(app)}
                onKeyDown={(event) => onKeyDown(event, index)}
                title={`${t(`rail.${app}`)} (Ctrl+${index + 1})`}
              >
                <span className="rail-icon">
                  <Icon size={22} />
                  {count > 0 && (
                    <span className="rail-badge" aria-hidden="true">
                      {count > 99 ? '99+' : count}
                    </span>
                  )}
                </span>
                <span className="rail-label">{t(`rail.${app}`)}</span>
                {count > 0 && (
                  <span className="visually-hidden">
                    {app === 'mail' && outbox > 0
                      ? `, ${[unreadMail > 0 ? t('rail.unread', { count: unreadMail }) : null, t('rail.outbox', { count: outbox })].filter(Boolean).join(', ')}`
                      : `, ${t('rail.unread', { count })}`}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
