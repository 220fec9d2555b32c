// Issue 4 §3, the reading side, end to end on the real Dovecot (test host): an HTML mail delivered by LMTP with a
// script, an onerror handler and a remote image shows sanitised in a frame without scripts, and the image's
// server hears nothing until "Afficher pour ce message"; flag, move and delete from the reader reach the server,
// and undoing a delete brings the message back there.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { chosenTarget, expect, test } from './fixtures';
import { servers, serversDir } from './servers';
import { deliver, withImap } from './servers/mail';
import { addImapAccount, ALICE, openApp, openMailBySubject, shellReady } from './workspace-helpers';

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback servers');
test.setTimeout(120_000);
test.beforeAll(() => void serversDir());

/** A loopback web server standing for a tracker: it counts the requests for its image. */
async function imageServer(): Promise<{ url: string; hits: () => number; close: () => void }> {
  let hits = 0;
  const server: Server = createServer((request, response) => {
    if (request.url?.startsWith('/pixel.gif')) hits += 1;
    response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
    response.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/pixel.gif`, hits: () => hits, close: () => server.close() };
}

async function deliverHtml(subject: string, html: string): Promise<void> {
  await deliver(
    servers.lmtp.port,
    [ALICE],
    [
      'From: Lettre Info <news@outside.test>',
      `To: Alice <${ALICE}>`,
      `Subject: ${subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${randomUUID()}@outside.test>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '',
    ].join('\r\n'),
  );
}

/** The folders of alice's mailbox holding a message with this subject, and whether it is flagged there. */
async function whereOnServer(subject: string): Promise<{ folder: string; flagged: boolean }[]> {
  return withImap(servers.imap.port, 'alice', servers.users.alice, async (client) => {
    const found: { folder: string; flagged: boolean }[] = [];
    for (const folder of ['INBOX', 'Archive', 'Trash']) {
      const lock = await client.getMailboxLock(folder);
      try {
        const uids = await client.search({ subject }, { uid: true });
        if (!Array.isArray(uids) || uids.length === 0) continue;
        for await (const message of client.fetch(uids, { flags: true }, { uid: true })) {
          found.push({ folder, flagged: message.flags?.has('\\Flagged') ?? false });
        }
      } finally {
        lock.release();
      }
    }
    return found;
  });
}

const reader = (page: Page) => page.getByRole('region', { name: 'Lecture du message' });

test('an HTML mail shows sanitised in a sandboxed frame; its remote image loads only once allowed', async ({
  page,
}) => {
  const tracker = await imageServer();
  try {
    const word = randomUUID().slice(0, 8);
    const subject = `Lettre ${word}`;
    await shellReady(page);
    await addImapAccount(page, 'Courrier lecture');
    await deliverHtml(
      subject,
      `<p id="agenda">Ordre du jour ${word}</p>` +
        `<script>parent.document.title = 'script ${word}'</script>` +
        `<img id="broken" src="cid:missing@outside.test" onerror="parent.document.title = 'onerror ${word}'">` +
        `<img id="tracker" src="${tracker.url}" alt="pixel">` +
        `<p><a id="site" href="${tracker.url.replace('pixel.gif', 'programme')}">Programme</a></p>`,
    );
    await openApp(page, 'Courrier');
    await openMailBySubject(page, subject);

    const frameElement = reader(page).locator('iframe[title="Contenu du message"]');
    const sandbox = await frameElement.getAttribute('sandbox');
    expect(sandbox).not.toBeNull();
    expect(sandbox).not.toContain('allow-scripts');
    const frame = reader(page).frameLocator('iframe[title="Contenu du message"]');
    await expect(frame.locator('#agenda')).toHaveText(`Ordre du jour ${word}`);
    expect(await frame.locator('script').count()).toBe(0);
    expect(await frame.locator('[onerror]').count()).toBe(0);
    await expect(frame.locator('#tracker')).not.toHaveAttribute('src', /.+/);
    expect(await page.title()).not.toContain(word);

    // A link leaves through window.open (the URL guard's path in the app), never by navigating the frame.
    const opened = page.context().waitForEvent('page');
    await frame.locator('#site').click();
    expect((await opened).url()).toBe(tracker.url.replace('pixel.gif', 'programme'));
    await (await opened).close();
    await expect(frame.locator('#agenda')).toHaveText(`Ordre du jour ${word}`);

    const bar = reader(page).getByRole('region', { name: 'Images distantes bloquées' });
    await expect(bar).toBeVisible();
    // The frame's load event comes after every image it would fetch: none reached the tracker.
    await expect
      .poll(() =>
        frameElement.evaluate(
          (f) => (f as unknown as { contentDocument: { readyState: string } | null }).contentDocument?.readyState,
        ),
      )
      .toBe('complete');
    expect(tracker.hits()).toBe(0);

    await bar.getByRole('button', { name: 'Afficher pour ce message' }).click();
    await expect(bar).toBeHidden();
    await expect(frame.locator('#tracker')).toHaveAttribute('src', tracker.url);
    await expect.poll(() => tracker.hits(), { timeout: 15_000 }).toBe(1);
    expect(await frame.locator('script').count()).toBe(0);
    expect(await page.title()).not.toContain(word);
  } finally {
    tracker.close();
  }
});

test('flag, move and delete from the reader reach the server; undoing a delete brings the message back', async ({
  page,
}) => {
  const word = randomUUID().slice(0, 8);
  const kept = `Classement ${word}`;
  const dropped = `Suppression ${word}`;
  await shellReady(page);
  await addImapAccount(page, 'Courrier actions');
  await deliverHtml(kept, `<p>À classer ${word}</p>`);
  await deliverHtml(dropped, `<p>À supprimer ${word}</p>`);
  await openApp(page, 'Courrier');

  // Flag, then move to the archive.
  await openMailBySubject(page, kept);
  const toolbar = reader(page).getByRole('toolbar', { name: 'Actions sur le message' });
  await toolbar.getByRole('button', { name: 'Suivre', exact: true }).click();
  await expect(page.getByRole('status').getByText('Message suivi')).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Ne plus suivre' })).toBeVisible();
  await expect.poll(() => whereOnServer(kept), { timeout: 30_000 }).toEqual([{ folder: 'INBOX', flagged: true }]);

  await toolbar.getByRole('button', { name: 'Déplacer' }).click();
  await page.getByRole('menu', { name: 'Déplacer' }).getByRole('menuitem', { name: 'Archives' }).click();
  await expect(page.getByRole('status').getByText('Message déplacé vers Archives')).toBeVisible();
  await expect.poll(() => whereOnServer(kept), { timeout: 30_000 }).toEqual([{ folder: 'Archive', flagged: true }]);

  // Delete with the Delete key while the message body has focus, then undo from the toast.
  await openMailBySubject(page, dropped);
  const list = page.getByRole('listbox', { name: /Messages du dossier/ });
  await expect(list.getByRole('option', { name: new RegExp(dropped) })).toBeVisible();
  await reader(page).frameLocator('iframe[title="Contenu du message"]').getByText(`À supprimer ${word}`).click();
  await page.keyboard.press('Delete');
  const toast = page.getByRole('status').filter({ hasText: 'Message supprimé' });
  await expect(toast).toBeVisible();
  await expect(list.getByRole('option', { name: new RegExp(dropped) })).toHaveCount(0);
  await expect.poll(() => whereOnServer(dropped), { timeout: 30_000 }).toEqual([{ folder: 'Trash', flagged: false }]);

  await toast.getByRole('button', { name: 'Annuler' }).click();
  await expect(page.getByRole('status').getByText('Action annulée')).toBeVisible();
  await expect.poll(() => whereOnServer(dropped), { timeout: 30_000 }).toEqual([{ folder: 'INBOX', flagged: false }]);
  await expect(list.getByRole('option', { name: new RegExp(dropped) })).toBeVisible();
});
