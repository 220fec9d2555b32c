// Issue 5, end to end: a two-user chat with presence. Alice uses the app; Bob is a second client of the same
// connector in the test (his own session, his own CometD connection: the server sees him online).
import { exoTestClient } from '../main/connectors/exo/testing';
import type { LiveEvent } from '../main/core/spaces/ports';
import { addExoAccount, expect, openApp, test } from './exo-fixture';

test.setTimeout(60_000);

test('chats with another user, live both ways, with presence shown and set', async ({ page, exo }) => {
  const bob = await exoTestClient(exo.url, 'bob', 'bobpw', { accountId: 'bob' });
  await bob.client.connect();
  const heard: LiveEvent[] = [];
  bob.client.live((event) => heard.push(event));
  try {
    await addExoAccount(page, exo.url);
    await openApp(page, 'Conversations');
    await page
      .getByRole('listbox', { name: 'Liste des conversations' })
      .getByRole('option', { name: /Bob Lefèvre/ })
      .click();
    const detail = page.getByRole('region', { name: 'Bob Lefèvre' });

    // Bob says he is available: Alice sees it live.
    await bob.client.setPresence('available');
    await expect(detail.locator('.detail-subtitle')).toHaveText('Disponible');

    // Alice writes; Bob's client receives it live, once.
    await page.getByRole('textbox', { name: 'Écrire un message' }).fill('Bonjour Bob, tu as vu le ticket ?');
    await page.keyboard.press('Enter');
    const history = page.getByRole('region', { name: 'Messages de la conversation Bob Lefèvre' });
    await expect(history).toContainText('Bonjour Bob, tu as vu le ticket ?');
    await expect
      .poll(
        () =>
          heard.filter((e) => e.type === 'chat-message' && e.message.text === 'Bonjour Bob, tu as vu le ticket ?')
            .length,
      )
      .toBeGreaterThan(0);
    const room = exo.control.directRoomId('alice', 'bob');
    expect(exo.control.roomMessages(room).filter((m) => m.msg === 'Bonjour Bob, tu as vu le ticket ?')).toHaveLength(1);

    // Bob answers from his client: it shows in Alice's conversation without any action of hers.
    const { conversations } = await bob.client.conversations();
    bob.refs.keep(conversations);
    const withAlice = conversations.find((c) => c.title === 'Alice Martin')!;
    await bob.client.sendChat(withAlice.id, 'Oui, je regarde ça tout de suite.', 'bob-1', null);
    await expect(history).toContainText('Oui, je regarde ça tout de suite.');

    // Alice edits her message; Bob's side gets the edit.
    const mine = history.getByRole('listitem').filter({ hasText: 'Bonjour Bob, tu as vu le ticket ?' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Modifier' }).click();
    await mine.getByRole('textbox', { name: 'Modifier le message' }).fill('Bonjour Bob, tu as vu le ticket 42 ?');
    await mine.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(history).toContainText('Bonjour Bob, tu as vu le ticket 42 ?');
    await expect
      .poll(() => exo.control.roomMessages(room).find((m) => m.type === 'EDITED')?.msg)
      .toBe('Bonjour Bob, tu as vu le ticket 42 ?');

    // Alice sets her own presence; the server (and so Bob) knows it.
    await page.getByRole('button', { name: /^Compte : Alice Martin/ }).click();
    await page
      .getByRole('menuitemradio', { name: 'Absent' })
      .or(page.getByRole('menuitem', { name: 'Absent' }))
      .click();
    await expect.poll(() => exo.control.chatStatus('alice')).toBe('away');
  } finally {
    await bob.client.close();
  }
});
