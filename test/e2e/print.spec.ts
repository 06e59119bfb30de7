/**
 * Paper for trainers and facilitators: an own set's library page and A4 print from the presenter
 * view, checking and printing a set without a session, and the facilitator's guide. On paper: four
 * numbered cards a page, after each page of fronts a page of backs mirrored for duplex printing
 * (long edge), the observer's sheet to write on, and nothing that needs colour or a background.
 * Screenshots and PDFs go to test/e2e/screenshots/ for review by eye.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { expect, openProjector, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
const DESKTOP = { width: 1920, height: 1080 };
/** A4 at 96 dpi, the size a print preview shows a page at 100 %. */
const A4 = { width: 794, height: 1123 };
/** What fits on one A4 page inside the print's 10 mm margins, in CSS pixels (277 mm). */
const PRINTABLE_HEIGHT_PX = (277 / 25.4) * 96;

const content = loadContent(join(PROJECT_ROOT, 'content'));
const observerQuestions = content.questionLists.get('nl/waarnemer')?.questions ?? [];

const OWN_SET = [
  '---',
  'id: te-laat',
  'title: Te laat in de klas',
  'language: nl',
  'theme: Een leerling die vaak te laat komt',
  'situation: Het is november. Yara komt bijna elke ochtend te laat.',
  'observers: waarnemer',
  'cards:',
  '  - id: mentor',
  '    role: mentor',
  '    title: De mentor',
  '    wants: Samen een plan maken.',
  '  - id: vader',
  '    role: parent',
  '    title: Een drukke vader',
  '    wants: Snel klaar zijn.',
  '    keeps: Hij werkt nachtdiensten.',
  '  - id: moeder',
  '    role: parent',
  '    title: Een bezorgde moeder',
  '    wants: Weten of Yara vrienden heeft.',
  '  - id: oma',
  '    role: parent',
  '    title: Oma, die Yara opvoedt',
  '    wants: Dat school begrijpt hoe druk het thuis is.',
  '    keeps: Ze is vaak ziek.',
  '---',
  'Voor trainers: laat de vader **pas na drie vragen** iets vertellen.',
  '',
].join('\n');
const BROKEN_SET = OWN_SET.replace('    wants: Samen een plan maken.\n', '');

function writeSets(): { good: string; broken: string } {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-print-'));
  const good = join(dir, 'te-laat.md');
  const broken = join(dir, 'kapot.md');
  writeFileSync(good, OWN_SET);
  writeFileSync(broken, BROKEN_SET);
  return { good, broken };
}

/** A cell's label as a dealer sees it: the role on a card's front or back, or the situation. */
const LABEL = (cell: Element) =>
  (cell.querySelector('[data-testid="card-role"]')?.textContent ?? cell.querySelector('.back-role')?.textContent ?? (cell.classList.contains('situation') ? 'De situatie' : ''))
    .replace(/\s+\d+\/\d+$/, '')
    .trim();

/**
 * Checks a print view on screen and on paper: fronts numbered per role, a back page after each front
 * page whose cells mirror the front's, the observer's sheet with every question and room to write,
 * every page within one A4 page, and the PDF's page count. Leaves screenshots named `name`.
 */
async function checkPrint(print: Page, name: string, expected: { roles: string[]; observers: number }): Promise<void> {
  const sheets = Math.ceil((expected.roles.length + 1) / 4);
  await expect(print.getByTestId('print-sheet')).toBeVisible();
  await expect(print.getByTestId('print-front')).toHaveCount(sheets);
  await expect(print.getByTestId('print-back')).toHaveCount(sheets);
  await expect(print.getByTestId('card-back')).toHaveCount(expected.roles.length + 1);
  await expect(print.getByTestId('print-front').getByTestId('card-role')).toHaveText(expected.roles);
  await expect(print.getByTestId('observer-sheet')).toHaveCount(expected.observers);
  if (expected.observers) {
    const asked = await print.getByTestId('observer-sheet').first().getByTestId('observer-question').allTextContents();
    expect(asked).toHaveLength(observerQuestions.length);
    observerQuestions.forEach((question, index) => expect(asked[index]).toContain(question.text));
    // The observer's card is a sheet to write on, not a card to cut out.
    await expect(print.getByTestId('print-front').getByTestId('role-card').filter({ hasText: 'Waarnemer' })).toHaveCount(0);
  }

  await print.emulateMedia({ media: 'print' });
  await print.setViewportSize(A4);
  await expect(print.getByRole('button', { name: 'Printen of opslaan als pdf' })).toBeHidden();
  await expect(print.getByTestId('card-back').first()).toBeVisible();
  await expect(print.getByTestId('print-front').first().getByTestId('card-role').first()).toBeVisible();

  // Printed on both sides and flipped on the long edge, a back cell lands behind the front cell at the mirrored place.
  const mirrored = await print.evaluate((labelSource) => {
    const label = new Function(`return ${labelSource}`)() as (cell: Element) => string;
    const fronts = [...document.querySelectorAll('[data-testid="print-front"]')];
    const backs = [...document.querySelectorAll('[data-testid="print-back"]')];
    return fronts.flatMap((front, sheet) => {
      const back = backs[sheet];
      if (!back) return [`sheet ${sheet + 1} has no back page`];
      const frontBox = front.getBoundingClientRect();
      const backBox = back.getBoundingClientRect();
      return [...front.children].flatMap((cell) => {
        const box = cell.getBoundingClientRect();
        const x = frontBox.right - box.right + backBox.left;
        const y = box.top - frontBox.top + backBox.top;
        const behind = [...back.children].find((candidate) => {
          const at = candidate.getBoundingClientRect();
          return Math.abs(at.left - x) < 1 && Math.abs(at.top - y) < 1;
        });
        const want = label(cell);
        const got = behind ? label(behind) : '(nothing)';
        return got === want ? [] : [`sheet ${sheet + 1}: behind ${want} is ${got}`];
      });
    });
  }, LABEL.toString());
  expect(mirrored).toEqual([]);

  // Each page of cards and each observer's sheet fits one A4 page; no card is cut off.
  const tall = await print.locator('.page').evaluateAll(
    (pages, limit) => pages.map((page) => page.getBoundingClientRect().height).filter((height) => height > limit),
    PRINTABLE_HEIGHT_PX,
  );
  expect(tall).toEqual([]);
  const clipped = await print.getByTestId('role-card').evaluateAll((cards) =>
    cards.filter((card) => card.scrollHeight > card.clientHeight + 1).map((card) => card.getAttribute('data-card-id')),
  );
  expect(clipped).toEqual([]);

  await print.screenshot({ path: `${SCREENSHOT_DIR}print-${name}-a4.png`, fullPage: true });
  await print.getByTestId('print-front').first().screenshot({ path: `${SCREENSHOT_DIR}print-${name}-front.png` });
  await print.getByTestId('print-back').first().screenshot({ path: `${SCREENSHOT_DIR}print-${name}-back.png` });
  if (expected.observers) await print.getByTestId('observer-sheet').first().screenshot({ path: `${SCREENSHOT_DIR}print-${name}-observer.png` });

  // The browser's default: no background graphics. Nothing on the cards depends on them.
  const pdf = await print.pdf({ format: 'A4' });
  writeFileSync(`${SCREENSHOT_DIR}print-${name}.pdf`, pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages, 'a front and a back page per four cards, and one observer’s sheet each').toBe(sheets * 2 + expected.observers);

  // Without backs (single-sided printing): only the fronts and the observer's sheet.
  await print.emulateMedia({ media: 'screen' });
  await print.getByTestId('with-backs').uncheck();
  await expect(print.getByTestId('print-back')).toHaveCount(0);
  await print.emulateMedia({ media: 'print' });
  const single = await print.pdf({ format: 'A4' });
  expect((single.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(sheets + expected.observers);
  await print.emulateMedia({ media: 'screen' });
  await print.getByTestId('with-backs').check();
  await print.setViewportSize(DESKTOP);
}

test('a set loaded on the home page: its library page, its A4 print and the guide, from the presenter view', async ({ browser, server }) => {
  const { good } = writeSets();
  const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Eigen kaartenset (optioneel)').setInputFiles(good);
  await expect(page.getByText('In orde: „Te laat in de klas” met 5 kaarten.')).toBeVisible();
  await page.getByRole('button', { name: 'Nieuwe sessie starten' }).click();
  await expect(page.getByTestId('lobby-panel')).toContainText('Eigen kaartenset: Te laat in de klas (5 kaarten)');

  const [setPage] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Bekijken en printen ↗' }).click()]);
  await expect(setPage).toHaveURL(/\/host\/[A-Z0-9]{6}\/cardset$/);
  await expect(setPage.getByRole('heading', { name: 'Te laat in de klas', level: 1 })).toBeVisible();
  await expect(setPage.getByTestId('trainer-note')).toContainText('laat de vader pas na drie vragen iets vertellen');
  const cards = setPage.getByTestId('role-card');
  await expect(cards).toHaveCount(5);
  // The observer's card says what to look for, not what the observer "wants".
  const observer = cards.filter({ hasText: 'Waarnemer' }).last();
  await expect(observer.getByText('Waar je op let')).toBeVisible();
  await expect(observer.getByText('Wat je wilt')).toHaveCount(0);
  await setPage.screenshot({ path: `${SCREENSHOT_DIR}print-session-cardset.png`, fullPage: true });

  const [print] = await Promise.all([context.waitForEvent('page'), setPage.getByRole('link', { name: 'Printen als kaartjes (A4)' }).click()]);
  await expect(print).toHaveURL(/\/host\/[A-Z0-9]{6}\/cardset\/print$/);
  await checkPrint(print, 'own-set', { roles: ['Mentor 1/1', 'Ouder 1/3', 'Ouder 2/3', 'Ouder 3/3'], observers: 1 });

  // The guide of this session's programme names its own set in the role-play.
  const [guide] = await Promise.all([context.waitForEvent('page'), page.getByTestId('guide-link').click()]);
  await expect(guide).toHaveURL(/\/host\/[A-Z0-9]{6}\/guide$/);
  await expect(guide.getByRole('heading', { name: 'Tienminutengesprekken', level: 1 })).toBeVisible();
  await expect(guide.getByTestId('guide-set').filter({ hasText: 'eigen kaartenset van deze sessie' })).toContainText('Te laat in de klas');

  // Another browser without the host token gets neither.
  const stranger = await browser.newContext({ locale: 'nl-NL', baseURL: server.url });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(new URL(print.url()).pathname);
  await expect(strangerPage.getByRole('alert')).toHaveText('Dit apparaat mag deze sessie niet leiden.');
  await stranger.close();
  await context.close();
});

test('checking a set in the library without a session: a broken file shows its errors with their line, a good one its cards and their print', async ({ browser, server }) => {
  const { good, broken } = writeSets();
  const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto('/library');
  await page.getByRole('link', { name: 'Een set controleren en printen' }).click();
  await expect(page.getByRole('heading', { name: 'Een set controleren en printen', level: 1 })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}check-empty.png` });

  await page.getByLabel('Kaartenset (.md)').setInputFiles(broken);
  const problems = page.getByTestId('check-problems');
  await expect(problems).toContainText('kapot.md heeft 1 fout:');
  await expect(problems).toContainText('regel 9 · cards.0.wants: ontbreekt');
  await expect(page.getByTestId('checked-set')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOT_DIR}check-errors.png` });

  await page.getByLabel('Kaartenset (.md)').setInputFiles(good);
  await expect(page.getByRole('status')).toHaveText('In orde: te-laat.md met 5 kaarten.');
  await expect(problems).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Te laat in de klas' })).toBeVisible();
  await expect(page.getByTestId('trainer-note')).toContainText('pas na drie vragen');
  await expect(page.getByTestId('role-card')).toHaveCount(5);
  await page.screenshot({ path: `${SCREENSHOT_DIR}check-ok.png` });
  await page.screenshot({ path: `${SCREENSHOT_DIR}check-ok-full.png`, fullPage: true });
  expect(server.rooms.size, 'checking starts no session').toBe(0);

  await page.getByRole('button', { name: 'Printen als kaartjes (A4)' }).click();
  await checkPrint(page, 'checked-set', { roles: ['Mentor 1/1', 'Ouder 1/3', 'Ouder 2/3', 'Ouder 3/3'], observers: 1 });
  await page.getByRole('button', { name: '← Terug naar de controle' }).click();
  await expect(page.getByRole('heading', { name: 'Te laat in de klas' })).toBeVisible();
  await context.close();
});

test('a library set prints the same way: numbered, with backs and the observer’s sheet', async ({ browser, server }) => {
  const set = content.cardSets.get('nl/thuissituatie');
  if (!set) throw new Error('content/cardsets/thuissituatie.md');
  const LABELS = { mentor: 'Mentor', parent: 'Ouder', student: 'Leerling', observer: 'Waarnemer' } as const;
  const playing = set.cards.filter((card) => card.role !== 'observer');
  const ofRole = (role: string, upTo = playing.length) => playing.slice(0, upTo).filter((card) => card.role === role).length;
  const roles = playing.map((card, index) => `${LABELS[card.role]} ${ofRole(card.role, index + 1)}/${ofRole(card.role)}`);
  const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: DESKTOP });
  const print = await context.newPage();
  await print.goto('/library/sets/nl/thuissituatie/print');
  await checkPrint(print, 'thuissituatie', { roles, observers: set.cards.filter((card) => card.role === 'observer').length });
  await context.close();
});

test('the facilitator’s guide: from the library’s programme page, on A4, in the programme’s language', async ({ browser, server }) => {
  const programme = content.programmes.get('nl/tienminutengesprekken');
  if (!programme) throw new Error('content/programmes/tienminutengesprekken.md');
  const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto('/library/programmes/nl/tienminutengesprekken');
  const [guide] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Handleiding voor de begeleider (A4)' }).click()]);
  await expect(guide.getByRole('heading', { name: programme.title, level: 1 })).toBeVisible();
  await expect(guide.getByText('Handleiding voor de begeleider', { exact: true })).toBeVisible();
  // The schedule with every phase and its minutes, then a section per phase.
  const schedule = guide.getByTestId('guide-schedule');
  await expect(schedule.locator('tbody tr')).toHaveCount(programme.phases.length);
  await expect(schedule.locator('tfoot')).toContainText(String(programme.phases.reduce((sum, phase) => sum + phase.minutes, 0)));
  await expect(guide.getByTestId('guide-phase')).toHaveCount(programme.phases.length);
  // Every question of every list the programme names, the card sets of the role-play, the key figures.
  for (const id of new Set(programme.phases.flatMap((phase) => phase.questions))) {
    for (const question of content.questionLists.get(`nl/${id}`)?.questions ?? []) await expect(guide.getByText(question.text, { exact: true })).toHaveCount(1);
  }
  const sets = programme.phases.flatMap((phase) => phase.cardsets);
  await expect(guide.getByTestId('guide-set')).toHaveCount(sets.length);
  await expect(guide.getByTestId('guide-figures').locator('tbody tr')).not.toHaveCount(0);
  await guide.screenshot({ path: `${SCREENSHOT_DIR}guide.png`, fullPage: true });
  await guide.screenshot({ path: `${SCREENSHOT_DIR}guide-top.png` });

  await guide.emulateMedia({ media: 'print' });
  await guide.setViewportSize(A4);
  await expect(guide.getByRole('button', { name: 'Printen of opslaan als pdf' })).toBeHidden();
  await guide.screenshot({ path: `${SCREENSHOT_DIR}guide-print-a4.png`, fullPage: true });
  const pdf = await guide.pdf({ format: 'A4' });
  writeFileSync(`${SCREENSHOT_DIR}guide.pdf`, pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  console.log(`guide: ${pages} A4 pages`);
  expect(pages).toBeGreaterThanOrEqual(3);
  expect(pages).toBeLessThanOrEqual(14);

  // An English programme's guide is in English on a Dutch screen; the buttons stay Dutch.
  const english = await context.newPage();
  await english.goto('/library/programmes/en/tienminutengesprekken/guide');
  await expect(english.getByText('Facilitator’s guide', { exact: true })).toBeVisible();
  await expect(english.locator('article.guide')).toHaveAttribute('lang', 'en');
  await expect(english.getByRole('heading', { name: 'What you say and do' }).first()).toBeVisible();
  await expect(english.getByRole('button', { name: 'Printen of opslaan als pdf' })).toBeVisible();
  await context.close();
});

test('the guide of a running session from the presenter view', async ({ browser, server }) => {
  const projector = await openProjector(browser, server);
  const [guide] = await Promise.all([projector.context.waitForEvent('page'), projector.page.getByTestId('guide-link').click()]);
  await expect(guide.getByRole('heading', { name: 'Tienminutengesprekken', level: 1 })).toBeVisible();
  await guide.getByRole('link', { name: '← Presentatorscherm' }).click();
  await expect(guide).toHaveURL(new RegExp(`/host/${projector.code}$`));
});
