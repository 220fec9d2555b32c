// Received HTML, made safe to show: DOMPurify removes scripts, forms, event handlers and dangerous URLs, and
// this module blocks remote content (images, srcset, background attributes, CSS url()) until the user allows it.
// The result is shown in a sandboxed iframe without scripts (MessageBody.tsx); its CSP is a second lock.
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';

export interface SanitizedHtml {
  /** The body's markup. Inline styles travel as `data-mail-style` (see MessageBody: the app's CSP forbids them). */
  html: string;
  /** The message's `<style>` sheets, their remote url() neutralised unless allowed. */
  css: string;
  /** Remote references removed (0 when remote content was allowed). */
  blockedRemote: number;
  /** Remote references kept because the user allowed them. */
  remote: number;
}

export const STYLE_ATTRIBUTE = 'data-mail-style';

const FORBID_TAGS = [
  'script',
  'noscript',
  'template',
  'style',
  'link',
  'base',
  'meta',
  'title',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'video',
  'audio',
  'source',
  'track',
  'svg',
  'math',
  'map',
  'area',
  'portal',
  'dialog',
];
const FORBID_ATTR = ['action', 'formaction', 'ping', 'target', 'srcdoc', 'poster', 'xlink:href', 'usemap'];
const LINK_PROTOCOLS = /^(https?:|mailto:)/i;
const LOCAL_IMAGE = /^(data:image\/|cid:)/i;

/** A URL that would be fetched from the network (protocol-relative ones too). */
function isRemote(url: string): boolean {
  return /^\s*(https?:)?\/\//i.test(url);
}

/** `//host/x` inherits the frame's scheme, which is the app's own: name https explicitly. */
function absolute(url: string): string {
  const trimmed = url.trim();
  return trimmed.startsWith('//') ? `https:${trimmed}` : trimmed;
}

interface Counter {
  allowRemote: boolean;
  blocked: number;
  kept: number;
}

/** Replaces each remote `url(...)` (and `image-set`, `@import`) by nothing unless allowed; counts them. */
export function neutraliseCss(css: string, counter: Counter): string {
  let result = css.replace(/@import[^;]*;?/gi, () => {
    // An imported sheet is remote code for styling, never needed to read a mail.
    counter.blocked += 1;
    return '';
  });
  result = result.replace(/url\(\s*(['"]?)(.*?)\1\s*\)/gi, (whole: string, _quote: string, target: string) => {
    if (LOCAL_IMAGE.test(target.trim())) return whole;
    if (!isRemote(target)) return 'none';
    if (counter.allowRemote) {
      counter.kept += 1;
      return `url("${absolute(target).replace(/["\\\n]/g, '')}")`;
    }
    counter.blocked += 1;
    return 'none';
  });
  // image-set() takes bare strings as URLs: drop it whole unless remote content is allowed.
  if (!counter.allowRemote) {
    result = result.replace(/(-webkit-)?image-set\([^)]*\)/gi, () => {
      counter.blocked += 1;
      return 'none';
    });
  }
  // CSS escapes could spell url( in a way the patterns above miss: the frame's CSP still blocks the fetch.
  return result;
}

function neutraliseSrcset(value: string, counter: Counter): string | null {
  const candidates = value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const local = candidates.filter((c) => LOCAL_IMAGE.test(c));
  // Anything neither local nor plainly remote (http:\\host, relative paths) goes: browsers resolve those loosely.
  const remote = candidates.filter((c) => isRemote(c));
  if (counter.allowRemote) {
    counter.kept += remote.length;
    const kept = [...local, ...remote.map(absolute)];
    return kept.length > 0 ? kept.join(', ') : null;
  }
  counter.blocked += remote.length;
  return local.length > 0 ? local.join(', ') : null;
}

function imageSource(value: string, counter: Counter): string | null {
  if (LOCAL_IMAGE.test(value.trim())) return value;
  if (!isRemote(value)) return null;
  if (counter.allowRemote) {
    counter.kept += 1;
    return absolute(value);
  }
  counter.blocked += 1;
  return null;
}

function cleanElement(element: Element, counter: Counter): void {
  for (const name of ['src', 'background'] as const) {
    const value = element.getAttribute(name);
    if (value === null) continue;
    const kept = imageSource(value, counter);
    if (kept === null) element.removeAttribute(name);
    else element.setAttribute(name, kept);
  }
  const srcset = element.getAttribute('srcset');
  if (srcset !== null) {
    const kept = neutraliseSrcset(srcset, counter);
    if (kept === null) element.removeAttribute('srcset');
    else element.setAttribute('srcset', kept);
  }
  if (element.hasAttribute('href')) {
    const href = element.getAttribute('href')!.trim();
    if (element.tagName === 'A' && LINK_PROTOCOLS.test(href)) element.setAttribute('href', href);
    else element.removeAttribute('href');
  }
  const style = element.getAttribute('style');
  if (style !== null) {
    element.removeAttribute('style');
    const cleaned = neutraliseCss(style, counter).trim();
    if (cleaned) element.setAttribute(STYLE_ATTRIBUTE, cleaned);
  }
}

let purifier: Purifier | null = null;
/** Our own instance: its hooks must not touch the other features' use of DOMPurify. */
function instance(): Purifier {
  purifier ??= DOMPurify(window);
  return purifier;
}

export function sanitizeMailHtml(dirty: string, options: { allowRemote: boolean }): SanitizedHtml {
  const purify = instance();
  const counter: Counter = { allowRemote: options.allowRemote, blocked: 0, kept: 0 };
  // Mails keep their sheets in <head>, which DOMPurify drops with the head: take them out first. The parsed
  // document is inert (DOMParser runs no script and loads nothing).
  const parsed = new DOMParser().parseFromString(dirty, 'text/html');
  const sheets = [...parsed.querySelectorAll('style')].map((style) => {
    style.remove();
    return style.textContent ?? '';
  });
  purify.removeAllHooks();
  purify.addHook('afterSanitizeAttributes', (node) => cleanElement(node, counter));
  const html = purify.sanitize(parsed.body.innerHTML, {
    FORBID_TAGS,
    FORBID_ATTR,
    // The author's own data-* attributes could collide with ours (a forged data-mail-style skipping the checks).
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    WHOLE_DOCUMENT: false,
    FORCE_BODY: true,
  });
  purify.removeAllHooks();
  const css = sheets.map((sheet) => neutraliseCss(sheet, counter)).join('\n');
  return { html, css, blockedRemote: counter.blocked, remote: counter.kept };
}

/** The frame's CSP: nothing but inline styles and local images, plus remote images once the user allowed them. */
export function frameCsp(allowRemote: boolean): string {
  // http: as well as https: once allowed: a good share of newsletters still serve images over http.
  const images = allowRemote ? 'data: cid: https: http:' : 'data: cid:';
  return `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'; font-src data:; form-action 'none'`;
}

/** The srcdoc of the body's frame: the CSP first, so that it governs everything after it. */
export function frameDocument(body: SanitizedHtml, allowRemote: boolean): string {
  const csp = frameCsp(allowRemote).replace(/"/g, '&quot;');
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="referrer" content="no-referrer">` +
    '</head><body>' +
    body.html +
    '</body></html>'
  );
}

const URL_PATTERN = /\b(?:https?:\/\/|mailto:)[^\s<>"']+|\bwww\.[^\s<>"']+/gi;

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Plain text split into text and links (http, https, mailto, www.), trailing punctuation left out of links. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = /[.,;:!?)\]}]+$/.exec(url)?.[0] ?? '';
    // A closing parenthesis belongs to the URL when it opened one (Wikipedia-style links).
    const keep = trailing.startsWith(')') && url.includes('(') ? 1 : 0;
    url = url.slice(0, url.length - trailing.length + keep);
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    const href = url.toLowerCase().startsWith('www.') ? `https://${url}` : url;
    parts.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
