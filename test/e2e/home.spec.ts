/**
 * The home page and the library as a teacher meets them: an icon in the tab and no request that
 * fails, no file paths of the project, and every programme's whole name, on a phone and a laptop.
 */
import type { Page } from '@playwright/test';
import type { ProgrammeSummary } from '../../server/protocol/events.ts';
import { expect, newPhone, test } from './fixtures.ts';

const LANGUAGE_NAMES = { nl: 'Nederlands', en: 'Engels' } as const;

/** How the home page names a programme: title, one sentence on what it is for, length and language. */
const choiceText = (programme: ProgrammeSummary) => `${programme.title} ${programme.summary} ${programme.minutes} min · ${LANGUAGE_NAMES[programme.language]}`;

/** Every response of the page that failed (4xx or 5xx), by URL. */
function failedResponses(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  return failed;
}

test('the home page has an icon, asks for nothing that is missing, names no file and shows every programme whole', async ({ browser, server }) => {
  const offered = (await (await fetch(`${server.url}/api/programmes`)).json()) as ProgrammeSummary[];
  // Every programme says what it is for; the page's language (Dutch here) first, each language's default first.
  expect(offered.filter((programme) => !programme.summary)).toEqual([]);
  const PROGRAMMES = [...offered.filter((programme) => programme.language === 'nl'), ...offered.filter((programme) => programme.language === 'en')].map(choiceText);
  expect(PROGRAMMES[0]).toMatch(/^Tienminutengesprekken Eigen antwoorden naast onderzoekscijfers.* 76 min · Nederlands$/);
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1920, height: 1080 },
  ]) {
    const page = await newPhone(browser, server);
    await page.setViewportSize(viewport);
    const failed = failedResponses(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Driegesprek', level: 1 })).toBeVisible();
    const choices = page.getByRole('group', { name: 'Programma' }).getByRole('radio');
    await expect(choices).toHaveCount(PROGRAMMES.length);
    expect(await choices.evaluateAll((inputs) => inputs.map((input) => input.closest('label')?.textContent?.replace(/\s+/g, ' ').trim()))).toEqual(PROGRAMMES);
    await expect(page.getByRole('radio', { name: PROGRAMMES[0]!, exact: true })).toBeChecked();
    for (const name of PROGRAMMES) {
      const choice = page.getByRole('radio', { name, exact: true });
      await expect(choice, `${viewport.width} px: ${name}`).toBeVisible();
      // The label's text fits in its box: nothing cut off or hidden behind an ellipsis.
      const label = page.locator('label').filter({ has: choice });
      expect(await label.evaluate((element) => element.scrollWidth <= element.clientWidth), `${viewport.width} px: ${name} fits`).toBe(true);
    }
    await expect(page.locator('body')).not.toContainText(/content\/|README/);

    // The tab's icon is one of ours and loads.
    const icons = await page.locator('link[rel~="icon"]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of [...icons, `${server.url}/favicon.ico`, `${server.url}/apple-touch-icon.png`]) {
      expect(icon.startsWith(server.url), `${icon} comes from our own server`).toBe(true);
      const response = await page.request.get(icon);
      expect(response.status(), icon).toBe(200);
      expect(response.headers()['content-type'], icon).toMatch(/^image\//);
    }
    expect(failed, `${viewport.width} px: no failed requests`).toEqual([]);
  }
});

test('the library names no file of the project', async ({ browser, server }) => {
  const page = await newPhone(browser, server);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const failed = failedResponses(page);
  for (const path of ['/library', '/library/sets/nl/thuissituatie', '/library/programmes/nl/tienminutengesprekken']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText(/content\/|README/);
  }
  expect(failed).toEqual([]);
});
