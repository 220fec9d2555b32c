// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { mentionQuery, withMentions } from './Composer';
import { sanitizeRichText } from './RichText';

describe('rich text from servers', () => {
  it('keeps formatting, drops scripts and handlers, turns mention links into names', () => {
    const html = sanitizeRichText(
      '<p>Bonjour <b>tous</b> <a href="/portal/dw/profile/bob">Bob Lefèvre</a><img src=x onerror="alert(1)">' +
        '<script>alert(2)</script><a href="javascript:alert(3)">piège</a> <a href="https://example.org/doc">doc</a></p>',
    );
    expect(html).toContain('<b>tous</b>');
    expect(html).toContain('<span class="mention">Bob Lefèvre</span>');
    expect(html).not.toMatch(/script|onerror|<img|javascript:/);
    expect(html).toContain('<span class="mention">piège</span>');
    expect(html).toContain('<a href="https://example.org/doc" target="_blank" rel="noopener noreferrer">doc</a>');
  });
});

describe('mentions in the composer', () => {
  it('finds the mention being typed at the caret', () => {
    expect(mentionQuery('Merci @bo', 9)).toEqual({ start: 6, query: 'bo' });
    expect(mentionQuery('Merci @', 7)).toEqual({ start: 6, query: '' });
    expect(mentionQuery('a@b.fr', 6)).toBeNull();
    expect(mentionQuery('Merci @bob et', 13)).toBeNull();
  });

  it('marks the chosen names, longest first', () => {
    const chosen = new Map([
      ['Bob', 'a:u:b'],
      ['Bob Lefèvre', 'a:u:bob'],
    ]);
    expect(withMentions('Avec @Bob Lefèvre et @Bob.', chosen)).toBe('Avec @[Bob Lefèvre](a:u:bob) et @[Bob](a:u:b).');
  });
});
