import type { Store } from '../../store/store';
import type { EventHub } from '../events';
import type { Handlers } from '../handlers';
import type { LaunchInbox } from '../links/launch';
import type { Screen } from './screen';
import { readDesktopSettings, writeDesktopSettings } from './settings';

type DesktopChannels = 'desktop:settings' | 'desktop:setSettings' | 'app:takeOpen' | 'app:focus';

/** Desktop settings (notifications, tray, session start), the links a launch asked to open, the window's focus. */
export function desktopHandlers(
  store: Store,
  events: EventHub,
  launches: LaunchInbox,
  screen: Screen,
): Pick<Handlers, DesktopChannels> {
  return {
    'desktop:settings': () => readDesktopSettings(store.settings),
    'desktop:setSettings': (patch) => {
      const settings = writeDesktopSettings(store.settings, patch);
      events.emit('desktop:settingsChanged', settings);
      return settings;
    },
    'app:takeOpen': () => launches.take(),
    'app:focus': ({ focused }) => screen.setWindowFocused(focused),
  };
}
