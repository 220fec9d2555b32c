import { describe, expect, test } from 'vitest';
import { mostAvailable, presenceOf, presenceStanza } from './presence';
import { xml } from './session';
import { NS, archiveResult, messageStanza, parseMessage, unwrapCarbon } from './stanzas';

const ME = 'alice@example.test';

describe('presence', () => {
  test.each([
    [xml('presence'), 'available'],
    [xml('presence', {}, xml('show', {}, 'chat')), 'available'],
    [xml('presence', {}, xml('show', {}, 'away')), 'away'],
    [xml('presence', {}, xml('show', {}, 'xa')), 'away'],
    [xml('presence', {}, xml('show', {}, 'dnd')), 'dnd'],
    [presenceStanza('busy'), 'busy'],
    [xml('presence', { type: 'unavailable' }), 'offline'],
    [xml('presence', { type: 'error' }), 'offline'],
  ] as const)('%s is %s', (stanza, status) => {
    expect(presenceOf(stanza)).toBe(status);
  });

  test('our statuses go out as XMPP shows, busy as dnd', () => {
    expect(presenceStanza('available').toString()).toBe('<presence/>');
    expect(presenceStanza('away').getChildText('show')).toBe('away');
    expect(presenceStanza('busy').getChildText('show')).toBe('dnd');
    expect(presenceStanza('dnd').getChildText('show')).toBe('dnd');
    expect(presenceStanza('offline').attrs.type).toBe('unavailable');
  });

  test('the most available resource stands for the person', () => {
    expect(mostAvailable(['away', 'available', 'dnd'])).toBe('available');
    expect(mostAvailable([])).toBe('offline');
  });
});

describe('message stanzas', () => {
  test('an outgoing message carries its origin-id as id and asks for markers', () => {
    const stanza = messageStanza({ to: 'bob@example.test', type: 'chat', text: 'Bonjour', originId: 'o-1' });
    expect(stanza.attrs).toMatchObject({ to: 'bob@example.test', type: 'chat', id: 'o-1' });
    expect(stanza.getChild('origin-id', NS.sid)?.attrs.id).toBe('o-1');
    expect(stanza.getChild('markable', NS.markers)).toBeTruthy();
  });

  test('a message is keyed by its origin-id, else its id; delays give its time', () => {
    const withOrigin = xml(
      'message',
      { from: 'bob@example.test/pc', type: 'chat', id: 'client-id' },
      xml('body', {}, 'Salut'),
      xml('origin-id', { xmlns: NS.sid, id: 'origin' }),
      xml('delay', { xmlns: NS.delay, stamp: '2026-03-18T09:00:00Z' }),
    );
    expect(parseMessage(withOrigin)).toMatchObject({ key: 'origin', body: 'Salut', stamp: '2026-03-18T09:00:00Z' });
    expect(parseMessage(xml('message', { id: 'plain' }, xml('body', {}, 'x')))).toMatchObject({
      key: 'plain',
      type: 'normal',
    });
    expect(parseMessage(xml('message', {}, xml('body', {}, 'x'))).key).toBeNull();
  });

  test('carbons are unwrapped from our own server only (a forged one is refused)', () => {
    const carbon = (from: string) =>
      xml(
        'message',
        { from, to: `${ME}/bastide` },
        xml(
          'sent',
          { xmlns: NS.carbons },
          xml(
            'forwarded',
            { xmlns: NS.forward },
            xml('message', { to: 'bob@example.test', type: 'chat' }, xml('body', {}, 'hi')),
          ),
        ),
      );
    expect(unwrapCarbon(carbon(ME), ME)).toMatchObject({ direction: 'sent' });
    expect(unwrapCarbon(carbon('mallory@example.test'), ME)).toBeNull();
    expect(unwrapCarbon(xml('message', {}, xml('body', {}, 'plain')), ME)).toBeNull();
  });

  test('archive results belong to their query', () => {
    const result = xml(
      'message',
      {},
      xml(
        'result',
        { xmlns: NS.mam, queryid: 'q1', id: 'arch-1' },
        xml(
          'forwarded',
          { xmlns: NS.forward },
          xml('delay', { xmlns: NS.delay, stamp: '2026-03-18T09:00:00Z' }),
          xml('message', { from: 'bob@example.test', type: 'chat' }, xml('body', {}, 'archivé')),
        ),
      ),
    );
    expect(archiveResult(result, 'q1')).toMatchObject({ archiveId: 'arch-1', stamp: '2026-03-18T09:00:00Z' });
    expect(archiveResult(result, 'q2')).toBeNull();
  });
});
