import { Button, Header, Menu, MenuItem, MenuSection, MenuTrigger, Popover, Separator } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { PresenceStatus } from '../../preload/contract';
import { CheckIcon, SettingsIcon } from '../ui/icons';
import { onlyKey } from '../ui/selection';
import { Avatar, PresenceDot } from '../ui/people';
import { presenceStatuses, useSession } from './session';
import { useNav } from './store';

export function AccountMenu() {
  const { t } = useTranslation();
  const presence = useSession((s) => s.presence);
  const account = useSession((s) => s.account);
  const setPresence = useSession((s) => s.setPresence);
  const setSettingsOpen = useNav((s) => s.setSettingsOpen);
  const name = account?.displayName ?? t('account.you');

  return (
    <MenuTrigger>
      <Button className="account-button" aria-label={t('account.button', { name, status: t(`presence.${presence}`) })}>
        <Avatar name={name} presence={presence} decorativePresence />
      </Button>
      <Popover placement="bottom end" className="popover account-popover">
        <Menu
          className="menu"
          aria-label={t('account.menu')}
          onAction={(key) => {
            if (key === 'settings') setSettingsOpen(true);
          }}
        >
          <MenuSection
            selectionMode="single"
            disallowEmptySelection
            selectedKeys={[presence]}
            onSelectionChange={(keys) => {
              const status = onlyKey(keys) as PresenceStatus | null;
              if (status && status !== presence) void setPresence(status);
            }}
          >
            <Header className="menu-header">
              <span className="menu-header-name">{name}</span>
              {account?.address && <span className="menu-header-address">{account.address}</span>}
            </Header>
            {presenceStatuses.map((status) => (
              <MenuItem key={status} id={status} className="menu-item" textValue={t(`presence.${status}`)}>
                {({ isSelected }) => (
                  <>
                    <PresenceDot status={status} decorative />
                    <span className="menu-item-label">{t(`presence.${status}`)}</span>
                    {isSelected && <CheckIcon size={16} className="menu-item-check" />}
                  </>
                )}
              </MenuItem>
            ))}
          </MenuSection>
          <Separator className="menu-separator" />
          <MenuItem id="settings" className="menu-item" textValue={t('account.settings')}>
            <SettingsIcon size={16} />
            <span className="menu-item-label">{t('account.settings')}</span>
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
