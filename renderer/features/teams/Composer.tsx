// A text composer with @mention completion: typing "@" and a few letters lists the people of the space; a
// choice writes "@Name" in the text, and the text sent marks it as a mention (`@[Name](id)`) for the core,
// which turns it into the server's own syntax.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, Person } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, toErrorInfo } from '../../ui/api';
import { useDebounced } from '../../ui/useDebounced';

/** The word being typed at the caret when it starts with "@" (what to complete), else null. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([\p{L}\p{N}._-]{0,40})$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

/** The text with each chosen "@Name" marked as a mention of its person. */
export function withMentions(text: string, chosen: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [name, id] of [...chosen].sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(`@${name}`).join(`@[${name}](${id})`);
  }
  return out;
}

export function Composer({
  spaceId,
  label,
  placeholder,
  submitLabel,
  onSubmit,
  rows = 3,
  autoFocus,
}: {
  spaceId: string;
  label: string;
  placeholder: string;
  submitLabel: string;
  onSubmit: (text: string) => Promise<void>;
  rows?: number;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const [people, setPeople] = useState<Person[]>([]);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const mention = mentionQuery(text, caret);
  const query = useDebounced(mention?.query ?? null, 150);

  useEffect(() => {
    if (query === null) return;
    let live = true;
    call('spaces:mentions', { spaceId, q: query }).then(
      (found) => live && (setPeople(found ?? []), setActive(0)),
      () => live && setPeople([]),
    );
    return () => {
      live = false;
    };
  }, [query, spaceId]);

  // Suggestions belong to the word being typed: none once it is no longer a mention.
  const suggestions = mention === null || query === null ? [] : people;
  const open = suggestions.length > 0;

  const choose = (person: Person) => {
    if (!mention) return;
    const next = `${text.slice(0, mention.start)}@${person.name} ${text.slice(caret)}`;
    const position = mention.start + person.name.length + 2;
    setText(next);
    setChosen(new Map(chosen).set(person.name, person.id));
    setPeople([]);
    requestAnimationFrame(() => {
      area.current?.setSelectionRange(position, position);
      setCaret(position);
    });
  };

  const submit = async () => {
    if (text.trim() === '' || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(withMentions(text, chosen));
      setText('');
      setChosen(new Map());
    } catch (failure) {
      setError(toErrorInfo(failure));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
    } else if (open && (event.key === 'Enter' || event.key === 'Tab')) {
      event.preventDefault();
      choose(suggestions[active]!);
    } else if (open && event.key === 'Escape') {
      event.preventDefault();
      setPeople([]);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form
      className="rich-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        ref={area}
        id={id}
        rows={rows}
        value={text}
        placeholder={placeholder}
        autoFocus={autoFocus}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-people`}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${id}-person-${active}` : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setCaret(event.target.selectionStart);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={`${id}-people`} role="listbox" className="mention-list" aria-label={t('teams.mentionList')}>
          {suggestions.map((person, index) => (
            <li
              key={person.id}
              id={`${id}-person-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(person);
              }}
            >
              {person.name}
              {person.title && <span className="muted"> — {person.title}</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="rich-composer-footer">
        <span className="muted rich-composer-hint">{t('teams.composerHint')}</span>
        <button type="submit" className="button button-primary" disabled={busy || text.trim() === ''}>
          {submitLabel}
        </button>
      </div>
      {error && (
        <p className="composer-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
    </form>
  );
}
