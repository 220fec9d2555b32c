import { describe, expect, it } from 'vitest';
import { formatDeepLink, parseDeepLink } from './deep-link';
import { createLaunchInbox, findLaunchUrl, openRequestOf } from './launch';
import { parseMailto } from './mailto';

describe('bastide:// links', () => {
  it('names one item of each kind, with its parent where it has one', () => {
    expect(parseDeepLink('bastide://mail/demo%3Amail%3A1')).toEqual({ app: 'mail', id: 'demo:mail:1' });
    expect(parseDeepLink('bastide://chat/conv-1')).toEqual({ app: 'chat', id: 'conv-1' });
    expect(parseDeepLink('bastide://chat/conv-1/msg-9')).toEqual({ app: 'chat', id: 'msg-9', parentId: 'conv-1' });
    expect(parseDeepLink('bastide://spaces/s1')).toEqual({ app: 'teams', id: 's1' });
    expect(parseDeepLink('bastide://spaces/s1/p2')).toEqual({ app: 'teams', id: 'p2', parentId: 's1' });
    expect(parseDeepLink('bastide://files/a%2Fb%20c')).toEqual({ app: 'files', id: 'a/b c' });
    expect(parseDeepLink('BASTIDE://Calendar/e1/')).toEqual({ app: 'calendar', id: 'e1' });
    expect(parseDeepLink('bastide://activity/x')).toEqual({ app: 'activity', id: 'x' });
  });

  it('refuses anything else', () => {
    for (const link of [
      'bastide://settings/x',
      'bastide://mail',
      'bastide://mail/',
      'bastide://mail/a/b',
      'bastide://files/a/b',
      'bastide://chat/a/b/c',
      'bastide://mail/a?x=1',
      'bastide://mail/a#frag',
      'bastide://user:pw@mail/a',
      'bastide://mail:80/a',
      'bastide:mail/a',
      'bastide://mail/%E0%A4%A',
      'bastide://mail/a%0Ab',
      'bastide://mail/%20a',
      `bastide://mail/${'x'.repeat(600)}`,
      'https://mail/a',
      'javascript:alert(1)',
      '',
    ])
      expect(parseDeepLink(link), link).toBeNull();
  });

  it('formats what it parses back', () => {
    for (const link of [
      { app: 'mail', id: 'acc:INBOX:42' },
      { app: 'chat', id: 'm/1', parentId: 'c 1' },
      { app: 'teams', id: 'p', parentId: 's' },
      { app: 'files', id: 'é/ü?#' },
    ] as const)
      expect(parseDeepLink(formatDeepLink(link))).toEqual(link);
    expect(formatDeepLink({ app: 'teams', id: 's1' })).toBe('bastide://spaces/s1');
  });
});

describe('mailto: links (RFC 6068)', () => {
  it('reads recipients, subject and body, percent-decoded, + kept as a plus sign', () => {
    expect(
      parseMailto(
        'mailto:bob@example.test,carol%40example.test?subject=Bonjour%20%C3%A0%20tous&body=Ligne%201%0D%0ALigne+2&cc=dave@example.test&bcc=eve@example.test,fred@example.test',
      ),
    ).toEqual({
      to: ['bob@example.test', 'carol@example.test'],
      cc: ['dave@example.test'],
      bcc: ['eve@example.test', 'fred@example.test'],
      subject: 'Bonjour à tous',
      body: 'Ligne 1\nLigne+2',
    });
  });

  it('adds `to` fields to the path, takes an empty link, and names in angle brackets', () => {
    expect(parseMailto('MAILTO:?to=a@x.test&to=b@x.test%2C%20c@x.test')?.to).toEqual([
      'a@x.test',
      'b@x.test',
      'c@x.test',
    ]);
    expect(parseMailto('mailto:')).toEqual({ to: [], cc: [], bcc: [], subject: '', body: '' });
    expect(parseMailto('mailto:Bob%20%3Cbob@x.test%3E')?.to).toEqual(['bob@x.test']);
  });

  it('ignores headers a link may not set', () => {
    const fields = parseMailto('mailto:a@x.test?from=boss@x.test&X-Mailer=evil&In-Reply-To=%3Cid%3E&subject=ok');
    expect(fields).toEqual({ to: ['a@x.test'], cc: [], bcc: [], subject: 'ok', body: '' });
  });

  it('refuses header injection, malformed encodings and things that are not addresses', () => {
    for (const link of [
      'mailto:a@x.test?subject=Hi%0D%0ABcc:%20spy@x.test',
      'mailto:a@x.test?subject=Hi%0ABcc:spy@x.test',
      'mailto:a@x.test%0D%0ABcc:spy@x.test',
      'mailto:a@x.test?cc=b@x.test%0Abcc:spy@x.test',
      'mailto:a@x.test?x-header=1%0D%0ABcc:spy@x.test',
      'mailto:a@x.test?subject=%E0%A4%A',
      'mailto:not-an-address',
      'mailto:a@x.test?to=<script>',
      'mailto:a b@x.test',
      'http://x.test',
    ])
      expect(parseMailto(link), link).toBeNull();
  });
});

describe('launch arguments', () => {
  it('finds the link among flags and paths, the last one winning', () => {
    expect(findLaunchUrl(['/opt/Bastide/bastide', '--no-sandbox', 'mailto:a@x.test'])).toBe('mailto:a@x.test');
    expect(findLaunchUrl(['C:\\Bastide\\Bastide.exe', '--allow-file-access-from-files', 'bastide://mail/1'])).toBe(
      'bastide://mail/1',
    );
    expect(findLaunchUrl(['electron', '.', 'bastide://chat/a', '--flag=mailto:x@y.test', 'MAILTO:b@x.test'])).toBe(
      'MAILTO:b@x.test',
    );
    expect(findLaunchUrl(['bastide', '--hidden', '/home/u/file.txt', 'https://example.test'])).toBeNull();
    expect(findLaunchUrl([])).toBeNull();
  });

  it('turns a link into what the window opens', () => {
    expect(openRequestOf('bastide://mail/m1')).toEqual({ kind: 'link', link: { app: 'mail', id: 'm1' } });
    expect(openRequestOf('mailto:a@x.test?subject=Hi')).toEqual({
      kind: 'compose',
      compose: { to: ['a@x.test'], cc: [], bcc: [], subject: 'Hi', body: '' },
    });
    expect(openRequestOf('bastide://nope/1')).toBeNull();
    expect(openRequestOf('mailto:a@x.test?subject=a%0Db')).toBeNull();
  });

  it('queues what launches ask until the window takes it, and announces each', () => {
    const inbox = createLaunchInbox();
    expect(inbox.receiveArguments(['bastide', 'bastide://mail/early'])).toBe(true);
    let announced = 0;
    inbox.announceWith(() => (announced += 1));
    expect(inbox.receiveArguments(['bastide', '--flag'])).toBe(false);
    expect(inbox.receiveUrl('bastide://evil/1')).toBe(false);
    expect(inbox.receiveUrl('mailto:a@x.test')).toBe(true);
    expect(announced).toBe(1);
    expect(inbox.take().map((open) => open.kind)).toEqual(['link', 'compose']);
    expect(inbox.take()).toEqual([]);
  });

  it('keeps only the latest launches when nobody takes them', () => {
    const inbox = createLaunchInbox();
    for (let index = 0; index < 30; index += 1) inbox.receiveUrl(`bastide://mail/${index}`);
    const taken = inbox.take();
    expect(taken).toHaveLength(20);
    expect(taken.at(-1)).toEqual({ kind: 'link', link: { app: 'mail', id: '29' } });
  });
});
