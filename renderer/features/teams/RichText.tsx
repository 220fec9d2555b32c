// Rich text from collaboration servers (posts, comments), shown safely: DOMPurify keeps a small set of
// formatting tags, links open outside the app, and mention links become highlighted names.
import DOMPurify from 'dompurify';
import { useMemo } from 'react';

const ALLOWED_TAGS = [
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'ul',
  'ol',
  'li',
  'blockquote',
  'a',
  'span',
  'code',
  'pre',
];
const ALLOWED_ATTR = ['href'];

/** Sanitised HTML: only formatting survives; mentions (profile links) become spans, other links open outside. */
export function sanitizeRichText(html: string): string {
  const fragment = DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, RETURN_DOM_FRAGMENT: true });
  for (const link of [...fragment.querySelectorAll('a')]) {
    const href = link.getAttribute('href') ?? '';
    if (/\/profile\/[^/]+$/.test(href) || !/^https?:\/\//i.test(href)) {
      const mention = document.createElement('span');
      mention.className = 'mention';
      mention.textContent = link.textContent;
      link.replaceWith(mention);
    } else {
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
    }
  }
  const holder = document.createElement('div');
  holder.append(fragment);
  return holder.innerHTML;
}

export function RichText({ html, text, className }: { html?: string; text: string; className?: string }) {
  const safe = useMemo(() => (html ? sanitizeRichText(html) : null), [html]);
  if (safe === null) return <p className={className}>{text}</p>;
  return <div className={`rich-text ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: safe }} />;
}
