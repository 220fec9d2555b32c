// Notifications (per app, do-not-disturb) and the desktop's behaviour (tray, session start).
import { useEffect, useState } from 'react';
import { Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { DesktopSettings as Settings } from '../../../preload/contract';
import { call, subscribe } from '../../ui/api';
import './desktop-settings.css';

const groups: readonly { title: string; keys: readonly (keyof Settings)[] }[] = [
  { title: 'notifications', keys: ['notifyMail', 'notifyChat', 'notifyActivity', 'doNotDisturb'] },
  { title: 'desktop', keys: ['closeToTray', 'startWithSession'] },
];

export function DesktopSettings() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<Settings | null>(null);

  useEffect(() => {
    let live = true;
    call('desktop:settings').then(
      (loaded) => live && setSettings(loaded),
      () => undefined,
    );
    const stop = subscribe('desktop:settingsChanged', setSettings);
    return () => {
      live = false;
      stop();
    };
  }, []);

  if (!settings) return null;
  const change = (key: keyof Settings, value: boolean) => {
    setSettings({ ...settings, [key]: value });
    call('desktop:setSettings', { [key]: value }).then(setSettings, () => setSettings(settings));
  };

  return (
    <>
      {groups.map((group) => (
        <section key={group.title} className="settings-section" aria-labelledby={`desktop-settings-${group.title}`}>
          <h3 id={`desktop-settings-${group.title}`} className="section-title">
            {t(`desktopSettings.${group.title}`)}
          </h3>
          {group.keys.map((key) => (
            <Checkbox
              key={key}
              className="desktop-toggle"
              isSelected={settings[key]}
              onChange={(value) => change(key, value)}
            >
              {t(`desktopSettings.${key}`)}
            </Checkbox>
          ))}
          {group.title === 'notifications' && <p className="settings-hint">{t('desktopSettings.presenceHint')}</p>}
        </section>
      ))}
    </>
  );
}
