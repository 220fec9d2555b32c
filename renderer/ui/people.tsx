import { useTranslation } from 'react-i18next';
import type { PresenceStatus } from '../../preload/contract';
import { initials } from './format';

/** A coloured dot with its status spelled out for assistive technologies (unless `decorative`). */
export function PresenceDot({ status, decorative = false }: { status: PresenceStatus; decorative?: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      className={`presence presence-${status}`}
      role={decorative ? undefined : 'img'}
      aria-label={decorative ? undefined : t(`presence.${status}`)}
      aria-hidden={decorative ? true : undefined}
    />
  );
}

/**
 * Initials on a colour derived from the name: no remote picture is ever fetched. The initials are drawn
 * by CSS so that they never leak into the accessible name of the button or row around the avatar.
 */
export function Avatar({
  name,
  presence,
  size = 'md',
  decorativePresence = false,
}: {
  name: string;
  presence?: PresenceStatus;
  size?: 'sm' | 'md' | 'lg';
  decorativePresence?: boolean;
}) {
  return (
    <span className={`avatar avatar-${size}`} data-hue={hueOf(name)} data-initials={initials(name)}>
      {presence && <PresenceDot status={presence} decorative={decorativePresence} />}
    </span>
  );
}

function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 6;
}
