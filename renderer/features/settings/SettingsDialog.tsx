import { Button, Dialog, Heading, Label, Modal, ModalOverlay, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Language, ThemePreference } from '../../../preload/contract';
import { useSession } from '../../app/session';
import { useNav } from '../../app/store';
import { CloseIcon } from '../../ui/icons';
import AccountsSettings from './accounts/AccountsSettings';
import { ManagedAccounts } from './ManagedAccounts';
import { SettingChoices } from './Managed';
import { UpdateSettings } from './UpdateSettings';
import { DesktopSettings } from './DesktopSettings';
import { SignatureSettings } from '../mail/SignatureSettings';

const themes: readonly ThemePreference[] = ['system', 'light', 'dark'];
// Each language is named in itself, so that a user lost in the other one can find theirs.
const languageNames: Record<Language, string> = { fr: 'Français', en: 'English' };

export default function SettingsDialog() {
  const { t } = useTranslation();
  const isOpen = useNav((s) => s.settingsOpen);
  const setOpen = useNav((s) => s.setSettingsOpen);
  const settings = useSession((s) => s.settings);
  const appInfo = useSession((s) => s.appInfo);
  const setLanguage = useSession((s) => s.setLanguage);
  const setTheme = useSession((s) => s.setTheme);

  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={setOpen} isDismissable>
      <Modal className="modal settings-modal">
        <Dialog className="dialog">
          <div className="dialog-header">
            <Heading slot="title" className="dialog-title">
              {t('settings.title')}
            </Heading>
            <Button slot="close" className="icon-button" aria-label={t('common.close')}>
              <CloseIcon size={18} />
            </Button>
          </div>
          <ManagedAccounts />
          <AccountsSettings />
          <SettingChoices
            setting="language"
            label={t('settings.language')}
            value={settings.language}
            choices={(Object.keys(languageNames) as Language[]).map((value) => ({
              value,
              label: languageNames[value],
              lang: value,
            }))}
            onChange={(language) => void setLanguage(language)}
          />
          <RadioGroup
            className="radio-group"
            value={settings.theme}
            onChange={(value) => void setTheme(value as ThemePreference)}
          >
            <Label className="radio-group-label">{t('settings.theme')}</Label>
            {themes.map((theme) => (
              <Radio key={theme} value={theme} className="radio">
                {t(`settings.themes.${theme}`)}
              </Radio>
            ))}
          </RadioGroup>
          <UpdateSettings />
          <DesktopSettings />
          <SignatureSettings />
          {appInfo && (
            <p className="dialog-footnote">{t('settings.version', { name: appInfo.name, version: appInfo.version })}</p>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
