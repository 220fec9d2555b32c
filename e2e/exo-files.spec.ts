// Issue 5, end to end: documents of an eXo account whose content lives on the real WebDAV server — upload by
// drag-and-drop, open with the system (download), a new version from the copy edited here, and offline open of
// a document kept available offline while the server is gone.
import { readFileSync, writeFileSync } from 'node:fs';
import { addExoAccount, expect, openApp, test } from './exo-fixture';

test.use({ webdav: true });
test.setTimeout(90_000);

test('uploads, opens, sends a new version and opens offline', async ({ page, app, exo }) => {
  await addExoAccount(page, exo.url);
  await openApp(page, 'Fichiers');
  await page.getByRole('listbox', { name: 'Bibliothèques' }).getByRole('option', { name: 'Mes fichiers' }).click();
  const table = page.getByRole('grid', { name: 'Contenu du dossier Mes fichiers' });
  await expect(table.getByRole('row', { name: /Budget prévisionnel 2025\.csv/ })).toBeVisible();

  // Drag-and-drop a file onto the folder.
  const content = 'Compte rendu du comité du 12 mars\n';
  const dataTransfer = await page.evaluateHandle((text) => {
    const page = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: string[], name: string, options: { type: string }) => unknown;
    };
    const transfer = new page.DataTransfer();
    transfer.items.add(new page.File([text], 'Compte rendu comité.txt', { type: 'text/plain' }));
    return transfer;
  }, content);
  await page.locator('.drop-zone').dispatchEvent('dragover', { dataTransfer });
  await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer });
  const row = table.getByRole('row', { name: /Compte rendu comité\.txt/ });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('en attente d’envoi');
  const path = `${exo.control.personalDrivePath('alice')}/Compte rendu comité.txt`;
  await expect.poll(async () => (await exo.control.readDocument(path))?.toString()).toBe(content);
  await expect(page.getByRole('region', { name: 'Transferts en cours' })).toContainText('Compte rendu comité.txt');

  // Open it: the system gets the local copy, downloaded from the server.
  await row.click();
  const detail = page.getByRole('region', { name: 'Compte rendu comité.txt' });
  await detail.getByRole('button', { name: 'Ouvrir' }).click();
  await expect.poll(() => app.openedFiles().length).toBe(1);
  const local = app.openedFiles()[0]!;
  expect(readFileSync(local, 'utf8')).toBe(content);

  // Edit the local copy as an office application would, then send it as a new version.
  writeFileSync(local, `${content}Relu et validé.\n`);
  // The user comes back to the app from the office application: the window gets the focus again.
  await page.evaluate(() =>
    (globalThis as unknown as { dispatchEvent(event: Event): void }).dispatchEvent(new Event('focus')),
  );
  await expect(detail).toContainText('La copie sur cet appareil a été modifiée.');
  const versionsBefore = exo.control.document(path)!.versionCount;
  await detail.getByRole('button', { name: 'Envoyer mes modifications' }).click();
  await expect.poll(async () => (await exo.control.readDocument(path))?.toString()).toBe(`${content}Relu et validé.\n`);
  expect(exo.control.document(path)!.versionCount).toBe(versionsBefore + 1);

  // Keep it offline, lose the server, open it again: the copy on this device opens.
  await detail.getByRole('checkbox', { name: 'Disponible hors ligne' }).check();
  await expect(table.getByRole('row', { name: /Compte rendu comité\.txt/ })).toContainText('hors ligne');
  await exo.close();
  await detail.getByRole('button', { name: 'Ouvrir' }).click();
  await expect.poll(() => app.openedFiles().length).toBe(2);
  expect(readFileSync(app.openedFiles()[1]!, 'utf8')).toBe(`${content}Relu et validé.\n`);
  await expect(detail.getByRole('alert')).toHaveCount(0);
});
