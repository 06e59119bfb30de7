/**
 * A statements phase (stellingen) in real browsers: the presenter view, the audience screen and four
 * phones through a vote, its close and distribution, a second vote beside the first, and a statement
 * with too few votes. Screenshots: test/e2e/screenshots/statements-*.png.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { loadContent } from '../../server/content/loadContent.ts';
import { expectAccessible, expectPhoneSized } from '../helpers/accessibility.ts';
import { expect, joinAs, openPhone, openProjector, presenterTo, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/content-statements', import.meta.url));

test.use({ serverOptions: { content: loadContent(FIXTURE) } });

const vote = (phone: Page, choice: 'Eens' | 'Oneens' | 'Weet ik niet') => phone.getByRole('radio', { name: choice, exact: true }).click();
const chosen = (phone: Page, choice: string) => expect(phone.getByRole('radio', { name: choice, exact: true })).toHaveAttribute('aria-checked', 'true');
const counts = (screen: Page, round: number) =>
  screen.locator(`[data-testid="statement-round"][data-round="${round}"] [data-choice]`).evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-choice')}=${row.getAttribute('data-count')}`));

test('a statements phase: vote, close, the distribution and a second vote', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const { page: presenter, screen, code } = await openProjector(browser, server, { programmeId: 'stellingen' });
  const names = ['Anouk', 'Bram', 'Chaima', 'Daan'];
  const phones: Page[] = [];
  for (const name of names) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.push(phone);
  }
  await presenterTo(presenter, 1);

  // The first statement, before the vote: everyone reads it, nobody can vote yet.
  await expect(screen.getByTestId('statement-text')).toHaveText('„Ik weet genoeg van de thuissituatie van mijn mentorleerlingen.”');
  await expect(phones[0]!.getByTestId('phone-statement')).toHaveText('„Ik weet genoeg van de thuissituatie van mijn mentorleerlingen.”');
  await expect(phones[0]!.getByRole('radio')).toHaveCount(0);
  // The notes for this statement: on the presenter view, never on the room's screen.
  await expect(presenter.getByTestId('statements-panel')).toContainText('31% van de mentoren');
  await expect(screen.getByTestId('stage')).not.toContainText('31% van de mentoren');

  await presenter.getByRole('button', { name: 'Stemming openen' }).click();
  await expect(screen.getByTestId('statement-votes')).toHaveText('0 van 4 gestemd');
  const first = ['Eens', 'Eens', 'Oneens', 'Weet ik niet'] as const;
  for (const [n, phone] of phones.entries()) await vote(phone, first[n]!);
  // A change of mind: Anouk now disagrees.
  await vote(phones[0]!, 'Oneens');
  await chosen(phones[0]!, 'Oneens');
  await expect(phones[0]!.getByTestId('vote-status')).toContainText('Je stem is binnen');
  await expect(screen.getByTestId('statement-votes')).toHaveText('4 van 4 gestemd');
  // While the vote is open the room sees how many voted, not how.
  await expect(screen.getByTestId('statement-result')).toHaveCount(0);
  await phones[0]!.screenshot({ path: `${SCREENSHOT_DIR}statements-phone-vote-390.png` });
  await expectAccessible(phones[0]!, 'phone statements vote');
  await expectPhoneSized(phones[0]!, 'statements vote');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}statements-open-1920.png` });

  await presenter.getByRole('button', { name: 'Stemming sluiten' }).click();
  await expect(screen.getByTestId('statement-result')).toBeVisible();
  expect(await counts(screen, 1)).toEqual(['agree=1', 'disagree=2', 'unsure=1']);
  await expect(screen.getByTestId('statement-result')).toContainText('50%');
  await expect(phones[0]!.getByTestId('vote-status')).toHaveText('De stemming is dicht. Jij stemde: Oneens. Kijk naar het scherm.');
  await expect(phones[0]!.getByRole('radio')).toHaveCount(0);
  await screen.screenshot({ path: `${SCREENSHOT_DIR}statements-result-1920.png` });
  await phones[0]!.screenshot({ path: `${SCREENSHOT_DIR}statements-phone-closed-390.png` });

  // After the talk: a second vote, beside the first.
  await presenter.getByRole('button', { name: 'Nog een keer laten stemmen' }).click();
  await expect(phones[1]!.getByText('Nog een keer stemmen: wat vind je nu, na het gesprek?')).toBeVisible();
  await expect(screen.getByTestId('statement-votes')).toHaveText('0 van 4 gestemd');
  for (const phone of phones) await vote(phone, 'Oneens');
  await expect(screen.getByTestId('statement-votes')).toHaveText('4 van 4 gestemd');
  await presenter.getByRole('button', { name: 'Stemming sluiten' }).click();
  await expect(screen.locator('[data-testid="statement-round"][data-round="2"] [data-testid="statement-result"]')).toBeVisible();
  expect(await counts(screen, 1)).toEqual(['agree=1', 'disagree=2', 'unsure=1']);
  expect(await counts(screen, 2)).toEqual(['agree=0', 'disagree=4', 'unsure=0']);
  await expect(screen.getByTestId('statements-board')).toContainText('Eerste stemming');
  await expect(screen.getByTestId('statements-board')).toContainText('Tweede stemming');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}statements-two-rounds-1920.png` });
  await expectAccessible(screen, 'audience statements two rounds');
  await expectAccessible(presenter, 'presenter statements');
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}statements-presenter-1920.png` });
  await expect(presenter.getByRole('button', { name: 'Nog een keer laten stemmen' })).toHaveCount(0);

  // The next statement: two votes are too few for a distribution.
  // The bar's way forward (as → and a clicker) says where it goes.
  await expect(presenter.getByTestId('forward')).toHaveText('Volgende stelling →');
  await presenter.getByTestId('forward').click();
  await expect(screen.getByTestId('statement-where')).toHaveText('Stelling 2 van 3');
  await expect(phones[2]!.getByTestId('phone-statement')).toContainText('Ouders moeten zelf aangeven');
  await presenter.getByRole('button', { name: 'Stemming openen' }).click();
  await vote(phones[0]!, 'Eens');
  await vote(phones[1]!, 'Oneens');
  await expect(screen.getByTestId('statement-votes')).toHaveText('2 van 4 gestemd');
  await presenter.getByRole('button', { name: 'Stemming sluiten' }).click();
  await expect(screen.getByTestId('statement-too-few')).toHaveText('Nog te weinig stemmen: de uitslag komt vanaf 3 stemmen.');
  await expect(screen.getByTestId('statement-result')).toHaveCount(0);
  await screen.screenshot({ path: `${SCREENSHOT_DIR}statements-too-few-1920.png` });

  // The report: each statement with its votes, counted; no distribution below 3 votes.
  await presenter.goto(`/host/${code}/report`);
  const report = presenter.getByTestId('report-statements');
  await expect(report).toContainText('Eerste stemming (4 stemmen): eens 1 (25%) · oneens 2 (50%) · weet ik niet 1 (25%)');
  await expect(report).toContainText('Tweede stemming (4 stemmen): eens 0 (0%) · oneens 4 (100%) · weet ik niet 0 (0%)');
  await expect(report).toContainText('Eerste stemming (2 stemmen): te weinig stemmen voor een uitslag (minder dan 3)');
  await expect(report).toContainText('Niet over gestemd.');
  await expect(report).not.toContainText('Anouk');
});

test('the library and the facilitator’s guide list a statements phase’s statements with their notes', async ({ browser, server }) => {
  const page = await (await browser.newContext({ locale: 'nl-NL', baseURL: server.url })).newPage();
  await page.goto('/library/programmes/nl/stellingen');
  const list = page.getByTestId('library-statements');
  await expect(list.locator(':scope > ol > li')).toHaveCount(3);
  await expect(list).toContainText('Ik weet genoeg van de thuissituatie van mijn mentorleerlingen.');
  await expect(list).toContainText('31% van de mentoren');
  await page.goto('/library/programmes/nl/stellingen/guide');
  const guide = page.getByTestId('guide-statements');
  await expect(guide.locator(':scope > li')).toHaveCount(3);
  await expect(guide).toContainText('Vraag door bij wie „eens” stemde');
  await page.context().close();
});

test('a vote tapped offline goes through the outbox: shown at once, counted once when the phone is back', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server, { programmeId: 'stellingen' });
  const phone = await openPhone(browser, server, code);
  await joinAs(phone, 'Esra');
  await presenterTo(presenter, 1);
  await presenter.getByRole('button', { name: 'Stemming openen' }).click();
  await expect(phone.getByRole('radio')).toHaveCount(3);

  await phone.context().setOffline(true);
  await phone.evaluate(() => window.dispatchEvent(new Event('offline')));
  await expect(phone.getByText('Verbinding herstellen…')).toBeVisible();
  await vote(phone, 'Oneens');
  await vote(phone, 'Eens');
  await chosen(phone, 'Eens');
  await expect(phone.getByText('Je stem gaat mee zodra er weer verbinding is.')).toBeVisible();
  await expect(screen.getByTestId('statement-votes')).toHaveText('0 van 1 gestemd');

  await phone.context().setOffline(false);
  await phone.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(phone.getByTestId('vote-status')).toContainText('Je stem is binnen');
  await expect(screen.getByTestId('statement-votes')).toHaveText('1 van 1 gestemd');
  await chosen(phone, 'Eens');
  // After a reload the vote is the server's: still Eens, still one.
  await phone.reload();
  await chosen(phone, 'Eens');
  await expect(screen.getByTestId('statement-votes')).toHaveText('1 van 1 gestemd');
});
