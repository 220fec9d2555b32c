// Issue 8 §3: a chat mention from another user raises a notification (recorded by the test host's notifier,
// which stands where Electron's `Notification` is), its click target opens the conversation, and nothing is
// notified while do-not-disturb holds, whether it comes from the presence or from the setting, nor while the
// conversation is on screen in the focused window.
import type { Page } from '@playwright/test';
import type { DesktopNotification } from '../main/core/model';
import { chosenTarget, invoke } from './fixtures';
import { addExoAccount, expect, openApp, test } from './exo-fixture';

test.setTimeout(90_000);
test.skip(chosenTarget() !== 'host', 'the test host records notifications; Electron shows them to the OS');

const hostUrl = (page: Page, path: string) => {
  const url = new URL(path, page.url());
  url.searchParams.set('token', new URL(page.url()).searchParams.get('token') ?? '');
  return url;
};

async function notifications(page: Page): Promise<DesktopNotification[]> {
  const response = await fetch(hostUrl(page, '/__host/test/notifications'));
  return ((await response.json()) as { shown: DesktopNotification[] }).shown;
}

const about = (page: Page, text: string) => async () =>
  (await notifications(page)).filter((notification) => notification.body.includes(text));

test('a mention raises a notification that opens the conversation; do-not-disturb keeps quiet', async ({
  page,
  exo,
}) => {
  await addExoAccount(page, exo.url);
  await openApp(page, 'Conversations');
  const rooms = page.getByRole('listbox', { name: 'Liste des conversations' });
  await expect(rooms.getByRole('option', { name: /Cellule de crise cyber/ })).toBeVisible();
  const room = exo.control.teamRoomId('alice', 'Cellule de crise cyber');

  // Bob mentions Alice in the team room: one notification, with the room and a link to the message.
  exo.control.sendChatMessage('bob', room, '@alice peux-tu valider le plan de continuité ?');
  await expect.poll(about(page, 'valider le plan'), { timeout: 30_000 }).toHaveLength(1);
  const [mention] = await about(page, 'valider le plan')();
  expect(mention).toMatchObject({
    app: 'chat',
    title: 'Bob Lefèvre dans Cellule de crise cyber',
    body: '@alice peux-tu valider le plan de continuité ?',
  });
  expect(mention!.target).toMatch(/^bastide:\/\/chat\/[^/]+\/[^/]+$/);
  // A message that mentions nobody in a group room is not worth a notification.
  exo.control.sendChatMessage('bob', room, 'Je lance la cellule à 14 h.');

  // The click's path: the target goes to the window through the launch inbox, and the room opens.
  await openApp(page, 'Activité');
  const launched = await fetch(hostUrl(page, '/__host/test/launch'), {
    method: 'POST',
    body: JSON.stringify({ argv: [mention!.target] }),
  });
  expect(await launched.json()).toEqual({ accepted: true });
  const history = page.getByRole('region', { name: 'Messages de la conversation Cellule de crise cyber' });
  await expect(history).toContainText('@alice peux-tu valider le plan de continuité ?');
  await expect(history).toContainText('Je lance la cellule à 14 h.');
  expect(await about(page, 'Je lance la cellule')()).toEqual([]);

  // "Ne pas déranger" as a status: the next mention shows in the room, and nothing is notified.
  await page.getByRole('button', { name: /^Compte : / }).click();
  await page.getByRole('menuitemradio', { name: 'Ne pas déranger' }).click();
  exo.control.sendChatMessage('bob', room, '@alice rappel : le plan, avant ce soir.');
  await expect(history).toContainText('@alice rappel : le plan, avant ce soir.');
  expect(await about(page, 'rappel')()).toEqual([]);

  // Available again, with the do-not-disturb setting on: still quiet.
  await page.getByRole('button', { name: /^Compte : / }).click();
  await page.getByRole('menuitemradio', { name: 'Disponible' }).click();
  await setDoNotDisturb(page, true);
  exo.control.sendChatMessage('bob', room, '@alice dernière relance.');
  await expect(history).toContainText('@alice dernière relance.');
  expect(await about(page, 'dernière relance')()).toEqual([]);

  // Setting off, the room on screen in the focused window: the mention shows there, it is not notified.
  await setDoNotDisturb(page, false);
  await windowFocus(page, 'focus');
  exo.control.sendChatMessage('bob', room, '@alice je vois que tu suis.');
  await expect(history).toContainText('@alice je vois que tu suis.');
  expect(await about(page, 'je vois que tu suis')()).toEqual([]);

  // The window in the background: mentions notify again.
  await windowFocus(page, 'blur');
  exo.control.sendChatMessage('bob', room, '@alice merci, c’est validé.');
  await expect.poll(about(page, 'c’est validé'), { timeout: 30_000 }).toHaveLength(1);
});

/** The window gains or loses the focus, as when the user switches applications; then the core has heard of it. */
async function windowFocus(page: Page, change: 'focus' | 'blur'): Promise<void> {
  await page.evaluate(
    (type) => (globalThis as unknown as { dispatchEvent(event: Event): boolean }).dispatchEvent(new Event(type)),
    change,
  );
  // Requests travel in order: once this one is answered, the renderer's `app:focus` was handled.
  await invoke(page, 'desktop:settings', {});
}

/** Through the Settings dialog's notifications section, then closes it. */
async function setDoNotDisturb(page: Page, on: boolean): Promise<void> {
  await page.getByRole('button', { name: /^Compte : / }).click();
  await page.getByRole('menuitem', { name: 'Paramètres' }).click();
  const settings = page.getByRole('dialog', { name: 'Paramètres' });
  const doNotDisturb = settings.getByRole('checkbox', { name: 'Ne pas déranger' });
  await expect(doNotDisturb).toBeChecked({ checked: !on });
  // By keyboard, as an agent without a mouse would.
  await doNotDisturb.focus();
  await page.keyboard.press('Space');
  await expect(doNotDisturb).toBeChecked({ checked: on });
  await page.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);
  // The switch answers at once; the core has it once `desktop:settings` says so.
  await expect.poll(async () => (await invoke(page, 'desktop:settings', {})).doNotDisturb).toBe(on);
}
