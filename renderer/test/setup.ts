// Shared jsdom setup for component tests: what jsdom lacks, and fresh stores between tests.
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { useBadges } from '../app/badges';
import { defaultSettings, useSession } from '../app/session';
import { useNav } from '../app/store';
import { i18n } from '../i18n';

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

// findBy*/waitFor give up after 1 s by default: too short when the suite shares two cores with real servers.
configure({ asyncUtilTimeout: 5_000 });

// jsdom has no layout: give virtualised scrollers a size, or they would render no rows at all.
for (const [property, size] of [
  ['clientHeight', 800],
  ['clientWidth', 600],
] as const) {
  const native = Object.getOwnPropertyDescriptor(Element.prototype, property);
  Object.defineProperty(HTMLElement.prototype, property, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('message-list') ? size : (native?.get?.call(this) ?? 0);
    },
  });
}

const initialNav = useNav.getState();
const initialBadges = useBadges.getState();

beforeEach(async () => {
  useNav.setState(initialNav, true);
  useBadges.setState(initialBadges, true);
  useSession.setState({ ready: false, settings: defaultSettings, presence: 'available', account: null, failure: null });
  await i18n.changeLanguage('fr');
});

afterEach(() => {
  cleanup();
});
