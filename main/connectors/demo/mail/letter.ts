// A mail body as structured blocks, rendered both as plain text and as simple, safe HTML.

export type Block =
  string | { list: readonly string[] } | { table: { head: readonly string[]; rows: readonly (readonly string[])[] } };

export interface Letter {
  greeting: string;
  blocks: readonly Block[];
  closing: string;
  signature: readonly string[];
}

/** The message a reply quotes. */
export interface Quote {
  header: string;
  text: string;
}

const QUOTED_LINES = 12;

export function letterText(letter: Letter, quote?: Quote): string {
  const blocks = letter.blocks.map((block) => {
    if (typeof block === 'string') return block;
    if ('list' in block) return block.list.map((item) => `– ${item}`).join('\n');
    const { head, rows } = block.table;
    return [head.join(' | '), ...rows.map((row) => row.join(' | '))].join('\n');
  });
  const parts = [letter.greeting, ...blocks, `${letter.closing}\n\n${letter.signature.join('\n')}`];
  if (quote) parts.push(`${quote.header}\n${quoteLines(quote.text)}`);
  return parts.filter((part) => part !== '').join('\n\n');
}

export function letterHtml(letter: Letter, quote?: Quote): string {
  const blocks = letter.blocks.map((block) => {
    if (typeof block === 'string') return `<p>${escapeHtml(block)}</p>`;
    if ('list' in block) return `<ul>${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    const { head, rows } = block.table;
    const cells = (row: readonly string[], tag: 'th' | 'td') =>
      `<tr>${row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
    return `<table><thead>${cells(head, 'th')}</thead><tbody>${rows.map((row) => cells(row, 'td')).join('')}</tbody></table>`;
  });
  const html = [
    `<p>${escapeHtml(letter.greeting)}</p>`,
    ...blocks,
    `<p>${escapeHtml(letter.closing)}</p>`,
    `<p>${letter.signature.map(escapeHtml).join('<br>')}</p>`,
  ];
  if (quote) {
    html.push(
      `<p>${escapeHtml(quote.header)}</p>`,
      `<blockquote>${escapeHtml(firstLines(quote.text)).replaceAll('\n', '<br>')}</blockquote>`,
    );
  }
  return `<div>${html.join('')}</div>`;
}

function firstLines(text: string): string {
  const lines = text.split('\n');
  return lines.length > QUOTED_LINES ? [...lines.slice(0, QUOTED_LINES), '[…]'].join('\n') : text;
}

function quoteLines(text: string): string {
  return firstLines(text)
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
