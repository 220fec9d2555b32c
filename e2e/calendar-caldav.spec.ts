// Issue 6, shared pieces, end to end (test host: the core reaches the real Radicale of e2e/servers): a CalDAV
// account added with `accounts:add` brings its events into the Calendar app beside the demo's, each account in
// its colour: in the week, the day and the agenda views, meeting links as plain links, axe clean.
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { ics, PARIS, seededCalendar } from '../main/connectors/caldav/testing';
import { chosenTarget, expect, invoke, memorySecrets, test as base } from './fixtures';
import { servers, serversDir } from './servers';

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  accountsOptions: async ({}, use) => use(memorySecrets()),
});

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback servers');
test.describe.configure({ timeout: 60_000 });

/** `YYYYMMDD` of today in Paris, the browser's zone. */
const todayInParis = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()).replaceAll('-', '');

/** `YYYYMMDD` of this week's Wednesday in Paris (the app's week runs Monday to Friday in the user's zone). */
function wednesdayInParis(): string {
  const today = todayInParis();
  const date = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(4, 6)) - 1, Number(today.slice(6))));
  const wednesday = new Date(date.getTime() + (2 - ((date.getUTCDay() + 6) % 7)) * 86_400_000);
  return wednesday.toISOString().slice(0, 10).replaceAll('-', '');
}

test('Radicale events appear in the week and agenda views, with their meeting link', async ({ page }) => {
  serversDir();
  const tag = randomUUID().slice(0, 6);
  const title = `Revue du lot 2 ${tag}`;
  const calendar = await seededCalendar('carol');
  try {
    const day = wednesdayInParis();
    await calendar.put(
      'revue.ics',
      ics(
        ...PARIS,
        'BEGIN:VEVENT',
        `UID:revue-${tag}`,
        'DTSTAMP:20260101T000000Z',
        `DTSTART;TZID=Europe/Paris:${day}T100000`,
        `DTEND;TZID=Europe/Paris:${day}T113000`,
        `SUMMARY:${title}`,
        'LOCATION:Salle Garonne',
        'DESCRIPTION:Ordre du jour joint.\\nVisio : https://webconf.numerique.gouv.fr/revue-lot-2',
        'END:VEVENT',
      ),
    );

    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
    const added = await invoke(page, 'accounts:add', {
      kindId: 'caldav',
      server: { type: 'web', url: servers.caldav.url },
      username: 'carol',
      displayName: 'Agenda de Carol',
      password: servers.users.carol,
    });
    expect(added.status).toBe('signed-in');

    await page.keyboard.press('Control+4');
    const week = page.getByRole('group', { name: 'Semaine de travail' });
    await expect(week).toBeVisible();
    // The demo's events and Carol's share the week, each told by its calendar.
    const event = week.getByRole('button', { name: new RegExp(`${title}.*agenda Agenda de Carol`) });
    await expect(event).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('list', { name: 'Agendas affichés' })).toContainText('Agenda de Carol');
    await expect(event).toContainText('10:00 – 11:30');

    await event.click();
    const detail = page.getByRole('region', { name: title });
    const join = detail.getByRole('link', { name: 'Rejoindre la réunion' });
    await expect(join).toHaveAttribute('href', 'https://webconf.numerique.gouv.fr/revue-lot-2');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(
      results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);

    // The agenda (two weeks from today) lists it with its link; the keyboard reaches both.
    await page.getByRole('button', { name: 'Agenda', exact: true }).click();
    const agenda = page.getByRole('list', { name: 'Agenda sur deux semaines' });
    await expect(agenda).toBeVisible();
    // Page Up goes two weeks back (the focus is still on the view button, inside the app).
    if (day < todayInParis()) await page.keyboard.press('PageUp');
    const link = agenda.getByRole('link', { name: `Rejoindre la réunion « ${title} »` });
    await expect(link).toHaveAttribute('href', 'https://webconf.numerique.gouv.fr/revue-lot-2');
    await link.focus();
    await page.keyboard.press('Shift+Tab');
    await expect(agenda.getByRole('button', { name: new RegExp(title) })).toBeFocused();
  } finally {
    await calendar.remove();
  }
});
