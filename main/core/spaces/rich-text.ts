// Collaboration servers speak HTML in posts, comments and chat messages (mentions become profile links). The
// store keeps the server's HTML for the renderer (which sanitises it before display) and a plain-text version for
// search, previews and notifications; what the user types is turned into a small, safe subset of HTML here.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The text of an HTML fragment: blocks and line breaks become new lines, tags go, entities are decoded. */
export function plainText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * What the composer's text becomes on the server: escaped, `**bold**` and `_italic_` kept as the only rich
 * text, one paragraph per blank-line-separated block, line breaks inside. `@username` stays as typed: the
 * server turns it into a mention when the user exists.
 */
export function composeHtml(text: string): string {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/)
    .filter((block) => block.trim() !== '');
  return blocks
    .map((block) => {
      const inline = escapeHtml(block)
        .replace(/\*\*(\S(?:[^*]*\S)?)\*\*/g, '<b>$1</b>')
        .replace(/(^|[\s(])_(\S(?:[^_]*\S)?)_(?=$|[\s).,;:!?])/g, '$1<i>$2</i>')
        .replace(/\n/g, '<br>');
      return `<p>${inline}</p>`;
    })
    .join('');
}

/** What a post written here looks like until the server's copy replaces it. */
export const composeHtmlForDisplay = composeHtml;

/**
 * Mentions as the composer writes them, `@[Display Name](person id)`: the connector turns each into its
 * server's syntax when the text leaves (a username there), and the text shown meanwhile is `@Display Name`.
 */
export const MENTION_MARKUP = /@\[([^\]\n]{1,100})\]\(([^)\s]{1,512})\)/g;

export function displayMentions(text: string): string {
  return text.replace(MENTION_MARKUP, (_whole, name: string) => `@${name}`);
}
