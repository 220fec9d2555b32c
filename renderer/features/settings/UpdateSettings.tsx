import { useTranslation } from 'react-i18next';
import type { UpdateChannel, UpdateMode } from '../../../preload/contract';
import { useSession } from '../../app/session';
import { SettingChoices } from './Managed';

const modes: readonly UpdateMode[] = ['automatic', 'notify', 'off'];
const channels: readonly UpdateChannel[] = ['stable', 'beta'];

/** How Bastide updates, unless the organisation decides. */
export function UpdateSettings() {
  const { t } = useTranslation();
  const settings = useSession((s) => s.settings);
  const setPreferences = useSession((s) => s.setUpdatePreferences);
  return (
    <>
      <SettingChoices
        setting="updateMode"
        label={t('settings.updateMode')}
        value={settings.updateMode}
        choices={modes.map((value) => ({ value, label: t(`settings.updateModes.${value}`) }))}
        onChange={(updateMode) => void setPreferences({ updateMode })}
      />
      <SettingChoices
        setting="updateChannel"
        label={t('settings.updateChannel')}
        value={settings.updateChannel}
        choices={channels.map((value) => ({ value, label: t(`settings.updateChannels.${value}`) }))}
        onChange={(updateChannel) => void setPreferences({ updateChannel })}
      />
    </>
  );
}
