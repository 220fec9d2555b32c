import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RailApp } from '../../preload/contract';
import { errorMessage } from '../i18n';
import { BastideMark, CloseIcon } from '../ui/icons';
import { Loading } from '../ui/states';
import { subscribe } from '../ui/api';
import { MemoryOnlyBanner } from '../features/settings/accounts/MemoryOnlyBanner';
import { AccountMenu } from './AccountMenu';
import { useDeepLinks } from './deep-links';
import { useWindowFocusReport } from './window-focus';
import { useBadges } from './badges';
import { ErrorBoundary } from './ErrorBoundary';
import { useManagedLifecycle } from './managed';
import { PolicyBanner } from './PolicyBanner';
import { Rail } from './Rail';
import { SearchBox } from './SearchBox';
import { useSession } from './session';
import { useGlobalShortcuts } from './shortcuts';
import { useNav } from './store';
import { UpdateNotice } from '../features/updates/UpdateNotice';

const apps: Record<RailApp, LazyExoticComponent<ComponentType>> = {
  activity: lazy(() => import('../features/activity/ActivityApp')),
  chat: lazy(() => import('../features/chat/ChatApp')),
  teams: lazy(() => import('../features/teams/TeamsApp')),
  calendar: lazy(() => import('../features/calendar/CalendarApp')),
  files: lazy(() => import('../features/files/FilesApp')),
  mail: lazy(() => import('../features/mail/MailApp')),
};

const SettingsDialog = lazy(() => import('../features/settings/SettingsDialog'));

function useSessionLifecycle(): void {
  useEffect(() => {
    let stopped = false;
    let stop: (() => void) | undefined;
    void useSession
      .getState()
      .start()
      .then((unsubscribe) => {
        if (stopped) unsubscribe();
        else stop = unsubscribe;
      });
    const refreshBadges = () => void useBadges.getState().refresh();
    refreshBadges();
    const stopMail = subscribe('mail:changed', refreshBadges);
    const stopActivity = subscribe('activity:changed', refreshBadges);
    const stopChat = subscribe('chat:changed', refreshBadges);
    return () => {
      stopped = true;
      stop?.();
      stopMail();
      stopActivity();
      stopChat();
    };
  }, []);
}

export function App() {
  const { t } = useTranslation();
  const ready = useSession((s) => s.ready);
  const app = useNav((s) => s.app);
  const settingsOpen = useNav((s) => s.settingsOpen);
  useSessionLifecycle();
  useManagedLifecycle();
  useGlobalShortcuts();
  useDeepLinks();
  useWindowFocusReport();

  useEffect(() => {
    document.title = `${t(`rail.${app}`)} – ${t('app.name')}`;
  }, [app, t]);

  if (!ready) {
    return (
      <div className="boot" role="status">
        {t('app.loading')}
      </div>
    );
  }

  const ActiveApp = apps[app];
  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#content"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('content')?.focus();
        }}
      >
        {t('shell.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">
          <BastideMark />
          <span className="brand-name">{t('app.name')}</span>
        </span>
        <SearchBox />
        <AccountMenu />
      </header>
      <Rail />
      <main id="content" className="content" tabIndex={-1}>
        <PolicyBanner />
        <UpdateNotice />
        <ErrorBoundary key={app}>
          <Suspense fallback={<Loading />}>
            <ActiveApp />
          </Suspense>
        </ErrorBoundary>
      </main>
      <FailureBanner />
      <MemoryOnlyBanner />
      {settingsOpen && (
        <Suspense fallback={null}>
          <SettingsDialog />
        </Suspense>
      )}
    </div>
  );
}

/** Failed settings or presence changes: the change was rolled back, the user is told why. */
function FailureBanner() {
  const { t } = useTranslation();
  const failure = useSession((s) => s.failure);
  const dismiss = useSession((s) => s.dismissFailure);
  return (
    <div className="banner-region" role="alert">
      {failure && (
        <div className="banner">
          <span>{errorMessage(t, failure)}</span>
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={dismiss}>
            <CloseIcon size={16} />
          </button>
        </div>
      )}
    </div>
  );
}
