import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../model';
import { htmlToText } from './html-text';
import { fileName } from './paths';
import { answer } from './reply';

const message: MailMessage = {
  id: 'm',
  accountId: 'a',
  folderId: 'a:INBOX',
  threadId: 't',
  subject: 'Budget 2026',
  from: { name: 'Hélène Dupré', address: 'helene@x.test' },
  to: [{ address: 'alice@x.test' }, { name: 'Marc', address: 'marc@x.test' }],
  cc: [{ address: 'ALICE@x.test' }, { address: 'nadia@x.test' }],
  date: '2026-03-12T09:30:00.000Z',
  snippet: '',
  unread: false,
  flagged: false,
  hasAttachments: false,
  bodyText: 'Bonjour,\r\nvoici le budget.\r\n',
  bodyHtml: '<p>Bonjour,<br>voici le <b>budget</b>.</p>',
  attachments: [],
  replyTo: [],
};
const original = { message, messageId: '<b@x.test>', references: ['<a@x.test>'] };

describe('answers', () => {
  it('replies to the sender, threaded, with the original quoted', () => {
    const draft = answer(original, 'reply', 'alice@x.test', 'fr');
    expect(draft).toMatchObject({
      to: [{ name: 'Hélène Dupré', address: 'helene@x.test' }],
      cc: [],
      subject: 'RE : Budget 2026',
      inReplyTo: '<b@x.test>',
      references: ['<a@x.test>', '<b@x.test>'],
    });
    expect(draft.bodyText).toBe(
      '\n\nLe 12 mars 2026 à 10:30, Hélène Dupré <helene@x.test> a écrit :\n> Bonjour,\n> voici le budget.',
    );
    expect(draft.bodyHtml).toContain('<blockquote type="cite"><p>Bonjour,');
  });

  it('replies to all but oneself, and never prefixes twice', () => {
    const draft = answer(
      { ...original, message: { ...message, subject: 'RE : Budget 2026' } },
      'replyAll',
      'alice@x.test',
      'en',
    );
    expect(draft.to.map((a) => a.address)).toEqual(['helene@x.test', 'marc@x.test']);
    expect(draft.cc.map((a) => a.address)).toEqual(['nadia@x.test']);
    expect(draft.subject).toBe('RE : Budget 2026');
  });

  it('forwards with a header block and no recipient', () => {
    const draft = answer(original, 'forward', 'alice@x.test', 'fr');
    expect(draft.to).toEqual([]);
    expect(draft.subject).toBe('TR : Budget 2026');
    expect(draft.bodyText).toContain('-------- Message transféré --------\nObjet : Budget 2026');
    expect(draft.inReplyTo).toBeNull();
  });
});

describe('plain text and file names', () => {
  it('renders HTML mail as readable text', () => {
    expect(
      htmlToText(
        '<style>p{}</style><p>Réunion&nbsp;à 10h</p><ul><li>un</li><li>deux &amp; trois</li></ul>&#233;t&#xE9;',
      ),
    ).toBe('Réunion à 10h\n• un\n• deux & trois\nété');
  });

  it('makes any attachment name safe on disk', () => {
    expect(fileName('../rapport:final?.pdf')).toBe('_rapport_final_.pdf');
    expect(fileName('CON.txt')).toBe('_CON.txt');
    expect(fileName('  ')).toBe('_');
  });
});
