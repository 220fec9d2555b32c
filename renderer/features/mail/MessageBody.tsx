import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, MailMessage } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, toErrorInfo } from '../../ui/api';
import { STYLE_ATTRIBUTE, frameDocument, linkify, sanitizeMailHtml, type SanitizedHtml } from './sanitize';

/**
 * Links leave the app through the window-open path, which the main process's URL guard answers (http, https and
 * mailto open in the user's applications; anything else is refused): the same path as target=_blank links.
 */
export function openLink(href: string): void {
  window.open(href, '_blank', 'noopener,noreferrer');
}

const FRAME_BASE_CSS =
  'html,body{margin:0;padding:0}body{font:15px/1.5 system-ui,sans-serif;overflow-wrap:anywhere;color:#1b1b1b;background:#fff}' +
  'img{max-width:100%;height:auto}table{max-width:100%}pre{white-space:pre-wrap}';

/**
 * Gives the frame its styles and its behaviour from the outside. The frame is sandboxed WITH allow-same-origin
 * and WITHOUT allow-scripts: nothing in the message can run (no scripts, no handlers: the sandbox forbids them,
 * and its CSP again), while this code, the app's own, can reach into the frame to:
 * - measure the content's height (a cross-origin frame cannot be measured, and an estimate from the markup
 *   would be wrong for images and tables);
 * - apply the message's styles through the CSSOM: the frame's srcdoc inherits the app's CSP, which forbids inline
 *   styles (`style-src 'self'`), while CSSOM changes are not subject to it;
 * - catch link activations, which would otherwise navigate the frame, and send them through the URL guard.
 * allow-same-origin alone grants the message nothing: without scripts it has no way to use that origin.
 */
function dressFrame(frame: HTMLIFrameElement, body: SanitizedHtml, onHeight: (height: number) => void): () => void {
  const doc = frame.contentDocument;
  const view = frame.contentWindow as (Window & typeof globalThis) | null;
  if (!doc || !view) return () => undefined;
  for (const element of doc.querySelectorAll<HTMLElement>(`[${STYLE_ATTRIBUTE}]`)) {
    element.style.cssText = element.getAttribute(STYLE_ATTRIBUTE) ?? '';
  }
  try {
    const base = new view.CSSStyleSheet();
    base.replaceSync(FRAME_BASE_CSS);
    const own = new view.CSSStyleSheet();
    own.replaceSync(body.css);
    doc.adoptedStyleSheets = [base, own];
  } catch {
    // No constructable stylesheets (test DOMs): the message shows without its sheets.
  }
  const onClick = (event: Event) => {
    const target = event.target as Element | null;
    const link = typeof target?.closest === 'function' ? target.closest('a') : null;
    if (!link) return;
    // Never let the frame navigate itself: every link leaves through the URL guard, or not at all.
    event.preventDefault();
    const href = link.getAttribute('href');
    const middle = event.type === 'auxclick' && (event as globalThis.MouseEvent).button === 1;
    if (href && /^(https?:|mailto:)/i.test(href) && (event.type === 'click' || middle)) openLink(href);
  };
  // Keys typed while the message has focus do not leave its document: hand them to the reader's shortcuts.
  const onKeyDown = (event: KeyboardEvent) => {
    const { key, code, ctrlKey, shiftKey, altKey, metaKey } = event;
    const copy = new KeyboardEvent('keydown', { key, code, ctrlKey, shiftKey, altKey, metaKey, bubbles: true });
    frame.dispatchEvent(copy);
    if (copy.defaultPrevented) event.preventDefault();
  };
  doc.addEventListener('click', onClick);
  doc.addEventListener('auxclick', onClick);
  doc.addEventListener('keydown', onKeyDown);
  const measure = () => onHeight(Math.ceil(doc.documentElement.scrollHeight));
  measure();
  // Images and fonts change the height after load.
  doc.addEventListener('load', measure, true);
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
  if (doc.body) observer?.observe(doc.body);
  return () => {
    observer?.disconnect();
    doc.removeEventListener('click', onClick);
    doc.removeEventListener('auxclick', onClick);
    doc.removeEventListener('keydown', onKeyDown);
    doc.removeEventListener('load', measure, true);
  };
}

function RemoteContentBar({
  message,
  count,
  onAllowed,
}: {
  message: MailMessage;
  count: number;
  onAllowed: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<ErrorInfo | null>(null);
  const allow = (scope: 'message' | 'sender') => {
    setError(null);
    call('mail:allowRemoteContent', { messageId: message.id, scope }).then(onAllowed, (e: unknown) =>
      setError(toErrorInfo(e)),
    );
  };
  return (
    <div className="remote-content-bar" role="region" aria-label={t('mailReader.remoteBlocked')}>
      <span>
        {t('mailReader.remoteBlocked')}
        <span className="remote-content-count"> ({t('mailReader.remoteCount', { count })})</span>
      </span>
      <button type="button" className="button" onClick={() => allow('message')}>
        {t('mailReader.showForMessage')}
      </button>
      <button type="button" className="button" onClick={() => allow('sender')}>
        {t('mailReader.alwaysForSender', { sender: message.from.address })}
      </button>
      {error && (
        <p role="alert" className="remote-content-error">
          {errorMessage(t, error)}
        </p>
      )}
    </div>
  );
}

function HtmlBody({ message, html, onChanged }: { message: MailMessage; html: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [allowedHere, setAllowedHere] = useState(false);
  const allowRemote = message.remoteContentAllowed === true || allowedHere;
  const body = useMemo(() => sanitizeMailHtml(html, { allowRemote }), [html, allowRemote]);
  const srcDoc = useMemo(() => frameDocument(body, allowRemote), [body, allowRemote]);
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);
  const undress = useRef<() => void>(() => undefined);

  const onLoad = useCallback(() => {
    undress.current();
    if (frame.current) undress.current = dressFrame(frame.current, body, setHeight);
  }, [body]);
  useEffect(() => () => undress.current(), []);

  return (
    <>
      {!allowRemote && body.blockedRemote > 0 && (
        <RemoteContentBar
          message={message}
          count={body.blockedRemote}
          onAllowed={() => {
            setAllowedHere(true);
            onChanged();
          }}
        />
      )}
      <div className="mail-body mail-body-html">
        <iframe
          ref={frame}
          className="mail-frame"
          title={t('mailReader.bodyFrame')}
          // No allow-scripts, no allow-forms, no allow-popups, no top navigation: see dressFrame for allow-same-origin.
          sandbox="allow-same-origin"
          referrerPolicy="no-referrer"
          srcDoc={srcDoc}
          onLoad={onLoad}
          style={{ height }}
        />
      </div>
    </>
  );
}

function TextBody({ text }: { text: string }) {
  const parts = useMemo(() => linkify(text), [text]);
  return (
    <div className="mail-body">
      {parts.map((part, index) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <a
            key={index}
            href={part.href}
            rel="noopener noreferrer"
            onClick={(event) => {
              event.preventDefault();
              openLink(part.href);
            }}
          >
            {part.text}
          </a>
        ),
      )}
    </div>
  );
}

/** The body of a message: sanitised HTML in a sandboxed frame, or linkified text; a notice when not local yet. */
export function MessageBody({ message, onChanged }: { message: MailMessage; onChanged: () => void }) {
  const { t } = useTranslation();
  if (message.bodyAvailable === false) {
    return (
      <div className="notice mail-body-offline" role="status">
        <p>{t('mailReader.bodyNotLocal')}</p>
        {message.snippet && <p className="mail-body-snippet">{message.snippet}</p>}
      </div>
    );
  }
  if (message.bodyHtml !== null && message.bodyHtml.trim() !== '') {
    return <HtmlBody key={message.id} message={message} html={message.bodyHtml} onChanged={onChanged} />;
  }
  return <TextBody text={message.bodyText} />;
}
