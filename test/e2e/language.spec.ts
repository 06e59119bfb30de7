/**
 * One language per session: the presenter view and every phone speak the programme's language,
 * whatever the browser's language; a phone that switches for itself stays switched, alone.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { en } from '../../common/i18n/en.ts';
import { nl, type Messages } from '../../common/i18n/nl.ts';
import { expect, joinAs, openPhone, openProjector, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

/**
 * The fixed strings of catalogue `wrong` that differ from catalogue `right`: none may be on a page
 * that speaks `right`. The language toggle names the other language on purpose, so it is left out.
 */
function foreignStrings(wrong: Messages, right: Messages): string[] {
  const strings = (messages: object): Map<string, string> =>
    new Map(
      Object.entries(messages).flatMap(([key, value]): [string, string][] =>
        typeof value === 'string' ? [[key, value]] : typeof value === 'object' && value ? [...strings(value as object)].map(([inner, text]) => [`${key}.${inner}`, text]) : [],
      ),
    );
  const rightStrings = strings(right);
  return [...strings(wrong)]
    .filter(([key, text]) => !key.startsWith('language') && text !== rightStrings.get(key))
    .map(([, text]) => text);
}

/** The page's interface text: what it shows and what it tells screen readers. */
async function interfaceText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((element) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((name) => element.getAttribute(name) ?? ''),
    );
    return [document.title, document.body.textContent ?? '', ...attributes].join('\n');
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** No string of the `wrong` catalogue on the page, as a whole word ("Start" is not in "Starten"). */
async function expectNoneOf(page: Page, wrong: Messages, right: Messages, where: string): Promise<void> {
  const text = await interfaceText(page);
  const found = foreignStrings(wrong, right).filter((string) => new RegExp(`(^|[^\\p{L}])${escape(string)}($|[^\\p{L}])`, 'u').test(text));
  expect(found, `${where}: interface strings in the wrong language`).toEqual([]);
}

test('a Dutch programme on English browsers: the presenter view and the phones speak Dutch; a phone that switches stays switched, alone', async ({
  browser,
  server,
}) => {
  const { page: projector, screen, code } = await openProjector(browser, server, { locale: 'en-US' });
  await expect(projector.getByText(nl.projectorNobodyYet).first()).toBeVisible();
  await expect(projector.getByText(nl.projectorJoinAt).first()).toBeVisible();
  await expect(projector.locator('html')).toHaveAttribute('lang', 'nl');

  const anouk = await openPhone(browser, server, code, { locale: 'en-US' });
  // Before it has a seat the join form already speaks the session's language.
  await expect(anouk.getByRole('heading', { name: 'Meedoen' })).toBeVisible();
  await expect(anouk.getByText(`Je doet mee met sessie ${code}`)).toBeVisible();
  await expect(anouk.locator('html')).toHaveAttribute('lang', 'nl');
  await expectNoneOf(anouk, en, nl, 'join form');
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}language-dutch-session-english-phone-join.png` });
  await joinAs(anouk, 'Anouk');
  const bram = await openPhone(browser, server, code, { locale: 'en-US' });
  await joinAs(bram, 'Bram');

  for (const phone of [anouk, bram]) {
    await expect(phone.getByText(nl.lobbyWait)).toBeVisible();
    await expectNoneOf(phone, en, nl, 'phone lobby');
  }
  await expect(projector.getByText('2 deelnemers', { exact: true }).first()).toBeVisible();
  await expectNoneOf(projector, en, nl, 'presenter lobby');

  await projector.getByRole('button', { name: 'Starten' }).click();
  for (const page of [projector, anouk, bram]) {
    await expect(page.getByText('Fase 1 van 7').first()).toBeVisible();
    await expect(page.getByTestId('countdown').getByText('Tijd over').first()).toBeVisible();
    await expect(page.getByText('Phase 1 of')).toHaveCount(0);
    await expect(page.getByText('Time left', { exact: false })).toHaveCount(0);
  }
  await expectNoneOf(projector, en, nl, 'presenter, phase 1');
  await expectNoneOf(anouk, en, nl, 'phone, phase 1');
  // The room's screen and the report, on the facilitator's English browser, speak Dutch too.
  await expect(screen.getByText('Fase 1 van 7')).toBeVisible();
  await expectNoneOf(screen, en, nl, 'audience screen, phase 1');
  const report = await projector.context().newPage();
  await report.goto(`/host/${code}/report`);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('Verslag: Tienminutengesprekken');
  await expectNoneOf(report, en, nl, 'report');
  await report.close();
  await projector.screenshot({ path: `${SCREENSHOT_DIR}language-dutch-session-english-presenter-phase.png` });
  await bram.screenshot({ path: `${SCREENSHOT_DIR}language-dutch-session-english-phone-phase.png` });

  // Anouk switches to English for herself: her phone only, and still after a reload.
  await anouk.getByRole('button', { name: nl.languageToggleLabel }).click();
  await expect(anouk.getByText('Phase 1 of 7')).toBeVisible();
  await expect(anouk.getByTestId('countdown').getByText('Time left')).toBeVisible();
  await anouk.reload();
  await expect(anouk.getByText('Phase 1 of 7')).toBeVisible();
  await expect(anouk.getByText('Anouk', { exact: true })).toBeVisible();
  await expect(anouk.locator('html')).toHaveAttribute('lang', 'en');
  // Her chrome is English around the session's Dutch content (the phase title "Introductie" is the programme's).
  await expect(anouk.getByRole('heading', { name: en.notesHeading })).toBeVisible();
  for (const dutch of ['Fase 1 van', nl.timeLeft, nl.notesHeading]) await expect(anouk.getByText(dutch)).toHaveCount(0);
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}language-dutch-session-phone-switched-to-english.png` });

  await bram.reload();
  for (const page of [bram, projector]) {
    await expect(page.getByText('Fase 1 van 7').first()).toBeVisible();
    await expect(page.getByText('Phase 1 of')).toHaveCount(0);
  }

  // The home page keeps its own rule: the browser's language, the session's choice stays in the session.
  await anouk.goto('/');
  await expect(anouk.getByRole('button', { name: en.hostStartButton })).toBeVisible();
  await bram.goto('/');
  await expect(bram.getByRole('button', { name: en.hostStartButton })).toBeVisible();
});

test('an English programme on Dutch browsers: the presenter view and the phones speak English', async ({ browser, server }) => {
  const { page: projector, code } = await openProjector(browser, server, { language: 'en' });
  await expect(projector.getByText(en.projectorNobodyYet).first()).toBeVisible();
  await expect(projector.getByText(en.projectorJoinAt).first()).toBeVisible();
  await expect(projector.locator('html')).toHaveAttribute('lang', 'en');

  const phone = await openPhone(browser, server, code);
  await expect(phone.getByRole('heading', { name: 'Join' })).toBeVisible();
  await expect(phone.getByText(`You are joining session ${code}`)).toBeVisible();
  await expectNoneOf(phone, nl, en, 'join form');
  await phone.getByLabel(en.nameLabel).fill('Chaima');
  await phone.getByRole('button', { name: en.nameButton, exact: true }).click();
  await expect(phone.getByText(en.lobbyWait)).toBeVisible();
  await expectNoneOf(phone, nl, en, 'phone lobby');
  await expect(projector.getByText('1 participant', { exact: true }).first()).toBeVisible();
  await expectNoneOf(projector, nl, en, 'presenter lobby');

  await projector.getByRole('button', { name: new RegExp(`^${en.controlStart}\\b`) }).click();
  for (const page of [projector, phone]) {
    await expect(page.getByText('Phase 1 of 7').first()).toBeVisible();
    await expect(page.getByTestId('countdown').getByText('Time left').first()).toBeVisible();
    await expect(page.getByText('Fase 1 van')).toHaveCount(0);
  }
  await expectNoneOf(projector, nl, en, 'presenter, phase 1');
  await expectNoneOf(phone, nl, en, 'phone, phase 1');
  await phone.screenshot({ path: `${SCREENSHOT_DIR}language-english-session-dutch-phone-phase.png` });
  await projector.screenshot({ path: `${SCREENSHOT_DIR}language-english-session-dutch-presenter-phase.png` });

  // The home page on the same Dutch browser speaks Dutch again.
  await phone.goto('/');
  await expect(phone.getByRole('button', { name: nl.hostStartButton })).toBeVisible();
});
