// RGAA: usable at 200 % zoom (a 640×400 window at scale 1 lays out as 1280×800 at 200 %: no horizontal scroll of
// the main content, the rail and the search box still there), and the system's contrast wishes respected:
// forced colours (Windows high contrast) keep focus rings and selected states visible, prefers-contrast: more
// raises the contrast of secondary text and boundaries.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Evaluated in the page: the browser's globals this file uses (the Node project has no DOM library).
interface PageElement {
  tagName: string;
  classList: Iterable<string>;
  textContent: string | null;
  parentElement: PageElement | null;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
  getClientRects(): { length: number };
  closest(selector: string): PageElement | null;
  matches(selector: string): boolean;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
declare const document: {
  activeElement: PageElement | null;
  scrollingElement: PageElement | null;
  body: PageElement;
  getElementById(id: string): PageElement | null;
};
declare const window: { innerWidth: number };
declare function getComputedStyle(
  element: unknown,
): Record<
  'overflowX' | 'outlineStyle' | 'outlineWidth' | 'outlineColor' | 'backgroundColor' | 'color' | 'borderRightColor',
  string
>;

const apps = ['Activité', 'Conversations', 'Équipes', 'Calendrier', 'Fichiers', 'Courrier'];

async function openApp(page: Page, index: number): Promise<Locator> {
  await page.keyboard.press(`Control+${index + 1}`);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(apps[index]!);
  await expect(main.locator('.state[role="status"]')).toHaveCount(0); // loaded
  return main;
}

/** Tabs until the focused element matches `selector` (keyboard only, so that :focus-visible applies). */
async function tabTo(page: Page, selector: string, maxTabs = 30): Promise<void> {
  for (let tab = 0; tab < maxTabs; tab++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} never got the focus`);
}

const focusedStyle = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor };
  });

/** WCAG relative luminance contrast of two computed rgb() colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** What sticks out of the window on the right, past the main content (a scrolling container of its own excepted). */
function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const content = document.getElementById('content')!;
    const wider = [...content.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && el.getClientRects().length > 0)
      .filter((el) => !el.closest('.visually-hidden'))
      // Inside a container that scrolls on its own (a wide table) is allowed; past the window is not.
      .filter((el) => {
        for (let parent = el.parentElement; parent && parent !== content; parent = parent.parentElement) {
          const overflowX = getComputedStyle(parent).overflowX;
          const clips = overflowX === 'auto' || overflowX === 'scroll' || overflowX === 'hidden';
          if (clips && parent.getBoundingClientRect().right <= window.innerWidth + 1) return false;
        }
        return true;
      })
      .map((el) => {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30);
        return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${name}"`;
      });
    return {
      content: content.scrollWidth - content.clientWidth,
      page: document.scrollingElement!.scrollWidth - window.innerWidth,
      wider: [...new Set(wider)].slice(0, 3),
    };
  });
}

const noOverflow = { content: 0, page: 0, wider: [] };

test('at 200 % zoom every app reflows: no horizontal scroll, rail and search reachable', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 400 });
  for (const [index, name] of apps.entries()) {
    const main = await openApp(page, index);
    const firstItem = main.getByRole('option').first();
    if (index > 0 && (await firstItem.count()) > 0) {
      await firstItem.click();
      await expect(main.locator('.state[role="status"]')).toHaveCount(0);
    }
    expect(await horizontalOverflow(page), `${name}: horizontal overflow at 200 %`).toEqual(noOverflow);
    const rail = page.getByRole('navigation', { name: 'Applications' });
    for (const button of await rail.getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.x + box.width, `${name}: rail button inside the window`).toBeLessThanOrEqual(640);
    }
    const search = page.getByRole('banner').getByRole('combobox');
    await expect(search).toBeVisible();
    const box = (await search.boundingBox())!;
    expect(box.x >= 0 && box.x + box.width <= 640 && box.width >= 80, `${name}: search box usable`).toBe(true);
  }
  // The composer too: its fields and buttons fit the window.
  await page.getByRole('main').getByRole('button', { name: 'Nouveau message' }).click();
  const composer = page.getByRole('form', { name: 'Rédiger un message' });
  await expect(composer.getByRole('button', { name: 'Envoyer' })).toBeAttached();
  expect(await horizontalOverflow(page), 'composer: horizontal overflow at 200 %').toEqual(noOverflow);
  const send = (await composer.getByRole('button', { name: 'Envoyer' }).boundingBox())!;
  expect(send.x >= 0 && send.x + send.width <= 640, 'composer: Send inside the window').toBe(true);
});

test('forced colours: focus rings and selected states stay visible', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await openApp(page, 5);
  // The rail: the current app stands out from the others, and the focused one has a ring.
  const rail = page.getByRole('navigation', { name: 'Applications' });
  const current = rail.locator('[aria-current="page"]');
  const other = rail.getByRole('button').first();
  const background = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await background(current)).not.toBe(await background(other));
  await tabTo(page, '.rail-item');
  const ring = await focusedStyle(page);
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  // The message list: the opened message is marked, the focused list shows its ring.
  const main = page.getByRole('main');
  const rows = main.getByRole('listbox').last().getByRole('option');
  await expect(rows.first()).toBeVisible();
  await rows.first().click();
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
  expect(await background(rows.first())).not.toBe(await background(rows.nth(1)));
  await tabTo(page, '[role="combobox"]');
  const searchRing = await focusedStyle(page);
  expect(searchRing.style).not.toBe('none');
  expect(searchRing.width).toBeGreaterThanOrEqual(2);
});

test('prefers-contrast: more raises the contrast of secondary text and boundaries', async ({ page }) => {
  const main = await openApp(page, 5);
  const snippet = main.locator('.message-snippet').first();
  await expect(snippet).toBeVisible();
  const measure = () =>
    snippet.evaluate((el) => {
      let surface = el.parentElement;
      while (surface && getComputedStyle(surface).backgroundColor === 'rgba(0, 0, 0, 0)')
        surface = surface.parentElement;
      const pane = el.closest('.pane')!;
      return {
        text: getComputedStyle(el).color,
        background: getComputedStyle(surface ?? document.body).backgroundColor,
        border: getComputedStyle(pane).borderRightColor,
        paneBackground: getComputedStyle(pane).backgroundColor,
      };
    });
  const normal = await measure();
  await page.emulateMedia({ contrast: 'more' });
  const more = await measure();
  expect(contrast(more.text, more.background)).toBeGreaterThanOrEqual(7); // WCAG AAA for secondary text
  expect(contrast(more.text, more.background)).toBeGreaterThan(contrast(normal.text, normal.background));
  expect(contrast(more.border, more.paneBackground)).toBeGreaterThanOrEqual(3); // non-text contrast
  await tabTo(page, '.rail-item');
  expect((await focusedStyle(page)).width).toBeGreaterThanOrEqual(3);
});
