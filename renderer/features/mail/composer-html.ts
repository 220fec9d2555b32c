// The composer's HTML: what may be in it (DOMPurify, a formatting allowlist: no images, styles or scripts, links
// to the web or to addresses only), the text part derived from it, and HTML built from plain text (text-only
// originals being quoted, signatures, prefilled bodies).
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p',
  'br',
  'div',
  'span',
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
  'pre',
  'code',
  'h1',
  'h2',
  'h3',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'hr',
];
const ALLOWED_ATTR = ['href', 'type'];
const SAFE_LINK = /^(https?:|mailto:)/i;

export function sanitizeMailHtml(html: string): string {
  const fragment = DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, RETURN_DOM_FRAGMENT: true });
  for (const link of [...fragment.querySelectorAll('a')]) {
    const href = link.getAttribute('href') ?? '';
    if (!SAFE_LINK.test(href.trim())) link.removeAttribute('href');
  }
  const holder = document.createElement('div');
  holder.append(fragment);
  return holder.innerHTML;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Plain text as paragraphs (one per blank-line-separated block, line breaks kept); lines quoted with ">"
 *  become a cited blockquote, as the HTML of a reply quotes. */
export function textToHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let plain: string[] = [];
  const flushPlain = () => {
    const blocks = plain
      .join('\n')
      .split(/\n{2,}/)
      .map((block) => block.replace(/^\n+|\n+$/g, ''))
      .filter((block) => block.trim() !== '');
    out.push(...blocks.map((block) => `<p>${block.split('\n').map(escapeHtml).join('<br>')}</p>`));
    plain = [];
  };
  for (let index = 0; index < lines.length;) {
    if (!lines[index]!.startsWith('>')) {
      plain.push(lines[index]!);
      index += 1;
      continue;
    }
    flushPlain();
    const quoted: string[] = [];
    while (index < lines.length && lines[index]!.startsWith('>')) {
      quoted.push(lines[index]!.replace(/^> ?/, ''));
      index += 1;
    }
    out.push(`<blockquote type="cite">${textToHtml(quoted.join('\n'))}</blockquote>`);
  }
  flushPlain();
  return out.join('');
}

/** The signature block: the usual "-- " delimiter line, then the signature's lines. */
export function signatureHtml(signature: string): string {
  if (signature.trim() === '') return '';
  return `<p>-- <br>${signature.replace(/\r\n?/g, '\n').split('\n').map(escapeHtml).join('<br>')}</p>`;
}

const BLOCKS = new Set(['P', 'DIV', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'H1', 'H2', 'H3', 'TABLE', 'TR', 'HR']);

/** The text part sent with the HTML: paragraphs and line breaks kept, list items bulleted, quotes marked "> ",
 *  and a link's address written after its text. */
export function htmlToPlainText(html: string): string {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  const lines: string[] = [];
  let line = '';
  const breakLine = () => {
    lines.push(line);
    line = '';
  };
  const endBlock = () => {
    if (line !== '') breakLine();
  };
  const walk = (node: Node, quote: string) => {
    if (node.nodeType === Node.TEXT_NODE) {
      line += (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.tagName;
    if (tag === 'BR') {
      lines.push(quote + line);
      line = '';
      return;
    }
    if (BLOCKS.has(tag)) endQuoted(quote);
    const inner = tag === 'BLOCKQUOTE' ? `${quote}> ` : quote;
    if (tag === 'LI') line += node.parentElement?.tagName === 'OL' ? `${indexIn(node)}. ` : '- ';
    if (tag === 'HR') lines.push(`${quote}----`);
    for (const child of node.childNodes) walk(child, inner);
    if (tag === 'A') {
      const href = node.getAttribute('href') ?? '';
      const address = href.replace(/^mailto:/i, '');
      if (href && address !== node.textContent?.trim()) line += ` <${address}>`;
    }
    if (tag === 'TD' || tag === 'TH') line += '\t';
    if (BLOCKS.has(tag)) endQuoted(inner);
  };
  const endQuoted = (quote: string) => {
    if (line.trim() === '') {
      line = '';
      return;
    }
    line = quote + line.trim();
    endBlock();
  };
  for (const child of holder.childNodes) walk(child, '');
  endBlock();
  // Paragraphs read best separated by one blank line; trailing spaces are never meaningful.
  return lines
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function indexIn(item: HTMLElement): number {
  return [...(item.parentElement?.children ?? [])].filter((e) => e.tagName === 'LI').indexOf(item) + 1;
}
