import { Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocked } from '../../app/managed';
import { LockIcon } from '../../ui/icons';

/** Said next to whatever the organisation decides: a locked setting, a preconfigured account. */
export function ManagedBadge() {
  const { t } = useTranslation();
  return (
    <span className="managed-badge">
      <LockIcon size={14} />
      {t('policy.managed')}
    </span>
  );
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  /** The language the label is written in, when not the interface's. */
  lang?: string;
}

/** A setting's choices, disabled with the badge when a policy decides it. */
export function SettingChoices<T extends string>(props: {
  setting: string;
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange(value: T): void;
}) {
  const locked = useLocked(props.setting);
  return (
    <RadioGroup
      className="radio-group"
      value={props.value}
      isDisabled={locked}
      onChange={(value) => props.onChange(value as T)}
    >
      <Label className="radio-group-label">
        {props.label}
        {locked && <ManagedBadge />}
      </Label>
      {props.choices.map((choice) => (
        <Radio key={choice.value} value={choice.value} className="radio" lang={choice.lang}>
          {choice.label}
        </Radio>
      ))}
    </RadioGroup>
  );
}
