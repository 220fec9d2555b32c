// The message body: an editable area with a small formatting toolbar (bold, italic, lists, links), each with its
// keyboard shortcut. Its HTML is sanitised on the way in and on every change (what is saved and sent).
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Toolbar } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { sanitizeMailHtml } from './composer-html';

type Command = 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList';

const shortcuts: { key: string; shift: boolean; command: Command }[] = [
  { key: 'b', shift: false, command: 'bold' },
  { key: 'i', shift: false, command: 'italic' },
  { key: '8', shift: true, command: 'insertUnorderedList' },
  { key: '7', shift: true, command: 'insertOrderedList' },
];

export function ComposerEditor({
  initialHtml,
  onChange,
  autoFocus,
}: {
  /** Read once: the editor owns its content afterwards. */
  initialHtml: string;
  onChange: (html: string) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const area = useRef<HTMLDivElement>(null);
  const savedRange = useRef<Range | null>(null);
  const [linking, setLinking] = useState(false);
  const [url, setUrl] = useState('');

  useEffect(() => {
    if (!area.current) return;
    area.current.innerHTML = sanitizeMailHtml(initialHtml);
    if (autoFocus) {
      area.current.focus();
      placeCaretAtStart(area.current);
    }
    // The initial content is read once, on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const changed = () => onChange(area.current ? sanitizeMailHtml(area.current.innerHTML) : '');

  const run = (command: Command) => {
    area.current?.focus();
    document.execCommand(command);
    changed();
  };

  const startLink = () => {
    const selection = window.getSelection();
    savedRange.current =
      selection && selection.rangeCount > 0 && area.current?.contains(selection.anchorNode)
        ? selection.getRangeAt(0).cloneRange()
        : null;
    setUrl('https://');
    setLinking(true);
  };

  const insertLink = () => {
    const href = url.trim();
    setLinking(false);
    area.current?.focus();
    const selection = window.getSelection();
    if (savedRange.current && selection) {
      selection.removeAllRanges();
      selection.addRange(savedRange.current);
    }
    if (!/^(https?:\/\/\S+|mailto:\S+)$/i.test(href)) return;
    if (selection && selection.isCollapsed) document.execCommand('insertText', false, href);
    // insertText leaves the caret after the address: select it back so that it becomes the link.
    if (selection && selection.isCollapsed && selection.focusNode) {
      const range = selection.getRangeAt(0);
      range.setStart(range.endContainer, Math.max(0, range.endOffset - href.length));
      selection.removeAllRanges();
      selection.addRange(range);
    }
    document.execCommand('createLink', false, href);
    selection?.collapseToEnd();
    changed();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'k') {
      event.preventDefault();
      startLink();
      return;
    }
    const code = event.code.replace(/^Digit/, '');
    const shortcut = shortcuts.find((s) => s.shift === event.shiftKey && (s.key === key || s.key === code));
    if (!shortcut) return;
    event.preventDefault();
    run(shortcut.command);
  };

  return (
    <div className="composer-editor">
      <Toolbar aria-label={t('composer.formatting')} className="composer-toolbar">
        <ToolbarButton label={t('composer.bold')} shortcut="Ctrl+B" onPress={() => run('bold')}>
          <ToolIcon d="M6 12h9a4 4 0 0 1 0 8H6V4h8a4 4 0 0 1 0 8" />
        </ToolbarButton>
        <ToolbarButton label={t('composer.italic')} shortcut="Ctrl+I" onPress={() => run('italic')}>
          <ToolIcon d="M19 4h-9M14 20H5M15 4 9 20" />
        </ToolbarButton>
        <ToolbarButton
          label={t('composer.bulletList')}
          shortcut="Ctrl+Shift+8"
          onPress={() => run('insertUnorderedList')}
        >
          <ToolIcon d="M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01" />
        </ToolbarButton>
        <ToolbarButton
          label={t('composer.numberedList')}
          shortcut="Ctrl+Shift+7"
          onPress={() => run('insertOrderedList')}
        >
          <ToolIcon d="M10 6h11M10 12h11M10 18h11M4 6h1v4M4 10h2M6 18H4c0-1 2-2 2-3s-1-1.5-2-1" />
        </ToolbarButton>
        <ToolbarButton label={t('composer.link')} shortcut="Ctrl+K" onPress={startLink}>
          <ToolIcon d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
        </ToolbarButton>
      </Toolbar>
      {linking && (
        <div className="composer-link" role="group" aria-label={t('composer.link')}>
          <label htmlFor={`${id}-url`}>{t('composer.linkAddress')}</label>
          <input
            id={`${id}-url`}
            type="url"
            value={url}
            autoFocus
            onChange={(event) => setUrl(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                insertLink();
              } else if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                setLinking(false);
                area.current?.focus();
              }
            }}
          />
          <button type="button" className="button" onClick={insertLink}>
            {t('composer.insertLink')}
          </button>
        </div>
      )}
      <div
        ref={area}
        className="composer-body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={t('composer.body')}
        tabIndex={0}
        onInput={changed}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}

function ToolbarButton({
  label,
  shortcut,
  onPress,
  children,
}: {
  label: string;
  shortcut: string;
  onPress: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="icon-button composer-tool"
      aria-label={label}
      title={`${label} (${shortcut})`}
      aria-keyshortcuts={shortcut.replace('Ctrl', 'Control')}
      // Keeps the body's selection: the command applies to it.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onPress}
    >
      {children}
    </button>
  );
}

/** A formatting button's line icon (its button carries the name). */
function ToolIcon({ d }: { d: string }) {
  return (
    <svg
      width={16}
      height={16}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} />
    </svg>
  );
}

function placeCaretAtStart(element: HTMLElement) {
  const selection = window.getSelection();
  if (!selection) return;
  const range = document.createRange();
  range.setStart(element, 0);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
}
