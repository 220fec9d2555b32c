// A recipients field: chips for the addresses chosen (removable with their button, Backspace or Delete), and a
// combobox that completes from the addresses already used (`mail:recipients`). Enter, comma or semicolon accept
// what was typed; an address that is not one is kept as a flagged chip with a translated error.
import { useEffect, useId, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { Button, Tag, TagGroup, TagList } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { MailAddress } from '../../../preload/contract';
import { call } from '../../ui/api';
import { CloseIcon } from '../../ui/icons';
import { useDebounced } from '../../ui/useDebounced';
import { displayRecipient, parseRecipients, sameAddress, type Recipient } from './recipients';

export function RecipientField({
  label,
  accountId,
  value,
  onChange,
  autoFocus,
}: {
  label: string;
  accountId: string | null;
  value: readonly Recipient[];
  onChange: (next: Recipient[]) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [suggestions, setSuggestions] = useState<MailAddress[]>([]);
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), 150);

  useEffect(() => {
    if (query.length < 1) return;
    let live = true;
    call('mail:recipients', { q: query, ...(accountId ? { accountId } : {}), limit: 8 }).then(
      (found) => {
        if (!live) return;
        setSuggestions((found ?? []).filter((s) => !value.some((r) => sameAddress(r, s))));
        setActive(0);
      },
      () => live && setSuggestions([]),
    );
    return () => {
      live = false;
    };
  }, [query, accountId, value]);

  const shown = text.trim() === '' || query !== text.trim() ? [] : suggestions;
  const open = shown.length > 0;

  const add = (recipients: Recipient[]) => {
    const fresh = recipients.filter(
      (r, index) => !value.some((v) => sameAddress(v, r)) && recipients.findIndex((o) => sameAddress(o, r)) === index,
    );
    if (fresh.length > 0) onChange([...value, ...fresh]);
    setText('');
    setSuggestions([]);
  };
  const accept = () => add(parseRecipients(text));
  const choose = (address: MailAddress) => add([{ ...address, valid: true }]);
  const remove = (keys: Iterable<unknown>) => {
    const gone = new Set([...keys].map(String));
    onChange(value.filter((r) => !gone.has(r.address)));
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length);
    } else if (open && event.key === 'Enter') {
      event.preventDefault();
      choose(shown[active]!);
    } else if (event.key === 'Enter' || event.key === ',' || event.key === ';') {
      if (text.trim() === '') return;
      event.preventDefault();
      accept();
    } else if (open && event.key === 'Escape') {
      // Closes the suggestions only (the composer would close on Escape).
      event.preventDefault();
      event.stopPropagation();
      setSuggestions([]);
    } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
      event.preventDefault();
      onChange(value.slice(0, -1));
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData('text');
    if (!/[,;\n]/.test(pasted)) return;
    event.preventDefault();
    add(parseRecipients(text + pasted));
  };

  const invalid = value.filter((r) => !r.valid);
  return (
    <div className="recipient-field" data-invalid={invalid.length > 0 || undefined}>
      <label htmlFor={`${id}-input`} className="recipient-label">
        {label}
      </label>
      <div className="recipient-box">
        {value.length > 0 && (
          <TagGroup
            aria-label={t('composer.recipientsOf', { field: label })}
            onRemove={remove}
            className="recipient-chips"
          >
            <TagList items={value.map((r) => ({ ...r, id: r.address }))} className="recipient-chip-list">
              {(recipient) => (
                <Tag
                  id={recipient.address}
                  textValue={displayRecipient(recipient)}
                  className="recipient-chip"
                  data-invalid={!recipient.valid || undefined}
                >
                  <span title={recipient.address}>{recipient.name ?? recipient.address}</span>
                  <Button
                    slot="remove"
                    className="recipient-chip-remove"
                    aria-label={t('composer.removeRecipient', { name: displayRecipient(recipient) })}
                  >
                    <CloseIcon size={12} />
                  </Button>
                </Tag>
              )}
            </TagList>
          </TagGroup>
        )}
        <input
          ref={input}
          id={`${id}-input`}
          className="recipient-input"
          value={text}
          autoFocus={autoFocus}
          autoComplete="off"
          role="combobox"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-invalid={invalid.length > 0 || undefined}
          aria-describedby={invalid.length > 0 ? `${id}-error` : undefined}
          aria-activedescendant={open ? `${id}-option-${active}` : undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => text.trim() !== '' && accept()}
        />
      </div>
      {open && (
        <ul id={`${id}-list`} role="listbox" className="recipient-suggestions" aria-label={t('composer.suggestions')}>
          {shown.map((address, index) => (
            <li
              key={address.address}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(address);
              }}
            >
              {displayRecipient(address)}
            </li>
          ))}
        </ul>
      )}
      {invalid.length > 0 && (
        <p id={`${id}-error`} className="recipient-error" role="alert">
          {t('composer.invalidAddress', { count: invalid.length, addresses: invalid.map((r) => r.address).join(', ') })}
        </p>
      )}
    </div>
  );
}
