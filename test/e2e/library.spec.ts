/** The library for trainers: browse, preview each card as on a phone, print on A4, bring an own set. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT, startServer } from '../../server/startServer.ts';
import { expect, newPhone, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

test('a trainer browses the library, previews the cards and prints them on A4', async ({ browser, server }) => {
  const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Bibliotheek met programma’s en kaarten' }).click();
  await expect(page.getByRole('heading', { name: 'Bibliotheek', level: 1 })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}library-index.png`, fullPage: true });

  await page.getByRole('link', { name: /Thuissituatie/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Thuissituatie', level: 1 })).toBeVisible();
  const cards = page.getByTestId('role-card');
  const set = loadContent(join(PROJECT_ROOT, 'content')).cardSets.get('nl/thuissituatie');
  expect(set, 'content/cardsets/thuissituatie.md').toBeDefined();
  await expect(cards).toHaveCount(set?.cards.length ?? -1);
  // Every card shows its role, its title and what the player wants (the observer: what to look for).
  for (const [index, card] of (set?.cards ?? []).entries()) {
    await expect(cards.nth(index)).toContainText(card.title);
    await expect(cards.nth(index).getByText(card.role === 'observer' ? 'Waar je op let' : 'Wat je wilt')).toBeVisible();
  }
  await expect(cards.filter({ hasText: 'Mentor' }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}library-cardset.png`, fullPage: true });

  const [print] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Printen als kaartjes (A4)' }).click()]);
  await expect(print.getByTestId('print-sheet')).toBeVisible();
  // Every card to cut out; the observer's card is a sheet of its own to write on (test/e2e/print.spec.ts).
  const playing = (set?.cards ?? []).filter((card) => card.role !== 'observer');
  await expect(print.getByTestId('role-card')).toHaveCount(playing.length);
  await expect(print.getByTestId('observer-sheet')).toHaveCount((set?.cards.length ?? 0) - playing.length);
  await print.emulateMedia({ media: 'print' });
  const pdf = await print.pdf({ format: 'A4', printBackground: true });
  writeFileSync(`${SCREENSHOT_DIR}thuissituatie.pdf`, pdf);
  // Four cut-out cards to a page (the situation card plus every card), each page followed by its backs; the observer's sheet.
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(2 * Math.ceil((playing.length + 1) / 4) + (set?.cards.length ?? 0) - playing.length);
  // No card is cut off on paper.
  const clipped = await print.getByTestId('role-card').evaluateAll((cards) =>
    cards.filter((card) => card.scrollHeight > card.clientHeight + 1).map((card) => card.getAttribute('data-card-id')),
  );
  expect(clipped).toEqual([]);
  await context.close();
});

test('a phone-sized preview of a card fits a phone screen', async ({ browser, server }) => {
  const phone = await newPhone(browser, server);
  await phone.goto('/library/sets/nl/thuissituatie');
  const first = phone.getByTestId('role-card').first();
  await expect(first).toBeVisible();
  const box = await first.boundingBox();
  expect(box?.width ?? 999).toBeLessThanOrEqual(390);
  await phone.screenshot({ path: `${SCREENSHOT_DIR}library-card-phone.png` });
});

test('a facilitator brings an own card set: errors with line numbers, then a session that uses it', async ({ browser, server }) => {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-own-'));
  const broken = join(dir, 'kapot.md');
  writeFileSync(broken, ['---', 'id: eigen', 'title: Eigen set', 'language: nl', 'theme: Een thema', 'situation: Iets.', 'cards:', '  - id: ouder', '    role: parent', '    title: Een ouder', '---', ''].join('\n'));
  const good = join(dir, 'eigen-set.md');
  const source = [
    '---', 'id: eigen', 'title: Ons eigen driegesprek', 'language: nl', 'theme: Een leerling die vaak te laat komt', 'situation: Het is november.',
    'cards:', '  - id: mentor', '    role: mentor', '    title: De mentor', '    wants: Samen een plan maken.',
    '  - id: ouder', '    role: parent', '    title: Een drukke vader', '    wants: Snel klaar zijn.', '    keeps: Hij werkt nachtdiensten.', '---', '',
  ].join('\n');
  writeFileSync(good, source);

  const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Eigen kaartenset (optioneel)').setInputFiles(broken);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Deze kaartenset heeft fouten');
  await expect(alert).toContainText('regel 8');
  await expect(alert).toContainText('cards.0.wants: ontbreekt');
  await page.screenshot({ path: `${SCREENSHOT_DIR}home-own-set-errors.png` });

  await page.getByLabel('Eigen kaartenset (optioneel)').setInputFiles(good);
  await expect(page.getByText('In orde: „Ons eigen driegesprek” met 2 kaarten.')).toBeVisible();
  await page.getByRole('button', { name: 'Nieuwe sessie starten' }).click();
  await expect(page.getByText('Eigen kaartenset: Ons eigen driegesprek (2 kaarten)')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Downloaden' }).click()]);
  expect(download.suggestedFilename()).toBe('eigen-set.md');
  expect(readFileSync(await download.path(), 'utf8')).toBe(source);
  await context.close();
});

test('script in a card file never runs and shows as text', async ({ browser }) => {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-xss-'));
  cpSync(join(PROJECT_ROOT, 'content'), dir, { recursive: true });
  const attack = '<img src=x onerror="window.__xss=1"> <script>window.__xss=1</script> [klik](javascript:window.__xss=1)';
  writeFileSync(join(dir, 'cardsets', 'aanval.md'), [
    '---', 'id: aanval', 'title: Aanval', 'language: nl', 'theme: XSS', `situation: '${attack}'`,
    'cards:', '  - id: mentor', '    role: mentor', '    title: Mentor', `    wants: '${attack}'`, `    tip: '"><svg onload=window.__xss=1>'`,
    '  - id: ouder', '    role: parent', '    title: Ouder', '    wants: Gewoon.', '---', '',
  ].join('\n'));
  const content = loadContent(dir);
  const html = JSON.stringify(content.cardSets.get('nl/aanval'));
  // No dangerous element or attribute survives; what was an attack is at most escaped text.
  expect(html).not.toMatch(/<(script|svg|img|iframe)|javascript:/i);
  expect(html).not.toMatch(/<[^>]*\son\w+=/i);
  expect(html).toContain('&lt;svg onload=window.__xss=1&gt;');

  const server = await startServer({ content });
  try {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto('/library/sets/nl/aanval');
    await expect(page.getByTestId('role-card')).toHaveCount(2);
    await expect(page.getByText('"><svg onload=window.__xss=1>')).toBeVisible();
    await page.goto('/library/sets/nl/aanval/print');
    await expect(page.getByTestId('role-card')).toHaveCount(2);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await context.close();
  } finally {
    await server.close();
  }
});
