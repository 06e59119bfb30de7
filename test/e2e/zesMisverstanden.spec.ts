/**
 * The programme "Zes misverstanden" in real browsers: the presenter view, the audience screen and 12
 * phones vote on the six statements (two clear winners), the groups are shown those two on the room's
 * screen, the presenter view and every phone, the plenary keeps tips, the action points come from
 * them, and the report holds the votes and names the two. The dialogue board with the two longest
 * statements fits 1920×1080 and 1280×720 without scrolling or clipping.
 * Screenshots: test/e2e/screenshots/misverstanden-*.png.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createSession, hostClient, joinedPhone, type Client } from '../../scripts/lib/clients.ts';
import { loadContent } from '../../server/content/loadContent.ts';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { expectAccessible, expectPhoneSized } from '../helpers/accessibility.ts';
import { expect, joinAs, openPhone, openProjector, presenterTo, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
const content = loadContent(join(PROJECT_ROOT, 'content'));
const programme = content.programmes.get('nl/zes-misverstanden')!;
/** Statements as long as a statement may be (160 characters): the worst the dialogue board has to fit. */
const LONG = [
  'Ouderbetrokkenheid kost veel tijd, en die tijd heb ik als mentor gewoon niet, zeker niet in de weken van de rapporten, de gesprekken met ouders en toetsweken.',
  'Als we ouders goed en op tijd informeren via de website, de nieuwsbrief, Magister en de ouderavond, dan is de ouderbetrokkenheid op onze school prima op orde.',
];
content.programmes.set('nl/zes-lang', {
  ...programme,
  id: 'zes-lang',
  phases: programme.phases.map((phase) =>
    phase.kind === 'statements' ? { ...phase, statements: LONG.map((text) => ({ text, notesHtml: '' })) } : phase.kind === 'plenary' ? { ...phase, topStatements: 2 } : phase,
  ),
});
test.use({ serverOptions: { content } });
const STATEMENTS = programme.phases[1]!.statements.map((statement) => statement.text);
const PHASE = { statements: 1, dialogue: 2, plenary: 3, actions: 4 } as const;

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet', 'Koen', 'Lotte'];
/** How many of the 12 agree with each statement: the sixth (11) and the second (10) stand out. */
const AGREE = [4, 10, 5, 2, 6, 11];
const TOP = [5, 1];
/** Phone n agrees while n < AGREE; the others disagree or don't know, in turn. */
const choiceOf = (statement: number, n: number) => (n < AGREE[statement]! ? 'Eens' : n % 2 ? 'Oneens' : 'Weet ik niet');
const quoted = (text: string) => `„${text}”`;

/** A flip-over answer as long as people write them. */
const ANSWER = 'Stuur voor elk gesprek een kort en positief bericht met drie vragen, zodat ouders en leerling zich kunnen voorbereiden.';
const TIPS = ['Start het jaar met een kort gesprek met ouders en leerling samen.', 'Bel ook eens als het goed gaat.'];
const POINT = 'Ik bel deze maand drie ouders van leerlingen met wie het goed gaat.';

/** Text on the stage that is off the screen, cut off by its box, or smaller than 28 px at 1920 (scaled); a group card split over columns; a page that scrolls. */
function fitProblems([minFont, boardId]: [number, string]): string[] {
  const problems: string[] = [];
  const root = document.scrollingElement ?? document.documentElement;
  if (root.scrollHeight > window.innerHeight + 1 || root.scrollWidth > window.innerWidth + 1) problems.push(`the page scrolls: ${root.scrollWidth}×${root.scrollHeight}`);
  const stage = document.querySelector('[data-testid="stage"]')!.getBoundingClientRect();
  const board = document.querySelector(`[data-testid="${boardId}"]`)!;
  const body = board.parentElement!.getBoundingClientRect();
  for (const el of board.querySelectorAll('*')) {
    if (el.closest('.visually-hidden') || ![...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim())) continue;
    const rect = el.getBoundingClientRect();
    // A group card on another page of the paged list lies wholly outside it: that is where it should be.
    const list = el.closest('[data-pages]')?.getBoundingClientRect();
    if (list && (rect.right <= list.left + 1 || rect.left >= list.right - 1)) continue;
    const text = el.textContent?.trim().slice(0, 30);
    for (const box of [stage, body]) {
      if (rect.left < box.left - 1 || rect.right > box.right + 1 || rect.top < box.top - 1 || rect.bottom > box.bottom + 1) {
        problems.push(`cut off: "${text}" at ${Math.round(rect.left)},${Math.round(rect.top)}–${Math.round(rect.right)},${Math.round(rect.bottom)}`);
        break;
      }
    }
    const font = parseFloat(getComputedStyle(el).fontSize);
    if (font < minFont - 0.05) problems.push(`too small (${font.toFixed(1)} px): "${text}"`);
  }
  // An item of a paged list (a group's card, an answer) is never split over two columns: a card's names in one, its progress in the next.
  for (const item of board.querySelectorAll('[data-pages] li.item')) {
    if (item.getClientRects().length > 1) problems.push(`split over columns: "${item.textContent?.trim().slice(0, 30)}"`);
  }
  return problems;
}

test('Zes misverstanden with 12 phones: the six votes, the two most agreed with in the groups, tips, action points and the report', async ({ browser, server }) => {
  test.setTimeout(300_000);
  const { page: presenter, screen, code } = await openProjector(browser, server, { programmeId: 'zes-misverstanden' });
  const phones: Page[] = [];
  for (const name of NAMES) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.push(phone);
  }
  const heading = screen.getByRole('heading', { level: 1 });
  await presenterTo(presenter, PHASE.statements);
  await expect(heading).toHaveText('Zes stellingen');

  // Six statements, each voted on by all twelve phones and closed.
  for (const [s, text] of STATEMENTS.entries()) {
    await expect(screen.getByTestId('statement-where')).toHaveText(`Stelling ${s + 1} van 6`);
    await expect(screen.getByTestId('statement-text')).toHaveText(quoted(text));
    await expect(presenter.getByTestId('statements-panel')).toContainText('Wat het onderzoek zegt');
    await presenter.getByRole('button', { name: 'Stemming openen' }).click();
    for (const [n, phone] of phones.entries()) {
      await expect(phone.getByTestId('phone-statement')).toHaveText(quoted(text));
      await phone.getByRole('radio', { name: choiceOf(s, n), exact: true }).click();
    }
    await expect(screen.getByTestId('statement-votes')).toHaveText('12 van 12 gestemd');
    if (s === 1) {
      await phones[0]!.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-phone-vote-390.png` });
      await screen.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-statements-open-1920.png` });
    }
    await presenter.getByRole('button', { name: 'Stemming sluiten' }).click();
    await expect(screen.locator('[data-testid="statement-result"] [data-choice="agree"]')).toHaveAttribute('data-count', String(AGREE[s]));
    if (s === 5) await screen.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-statements-result-1920.png` });
    if (s < 5) await presenter.getByTestId('forward').click();
  }

  // The dialogue: the two statements the room agreed with most, best first, on every screen.
  await presenter.getByTestId('forward').click();
  await expect(heading).toHaveText('In groepjes');
  const expected = TOP.map((s) => quoted(STATEMENTS[s]!));
  const onScreen = screen.getByTestId('dialogue-top-statements');
  await expect(onScreen.getByTestId('dialogue-top-statement').locator('.statement')).toHaveText(expected);
  await expect(onScreen).toContainText('Praat over deze 2 stellingen');
  await expect(onScreen.getByTestId('dialogue-top-statement').locator('.agree')).toHaveText(['92% eens', '83% eens']);
  const panel = presenter.getByTestId('dialogue-top-panel');
  await expect(panel.getByTestId('dialogue-top-statement')).toHaveCount(2);
  await expect(panel.getByTestId('dialogue-top-statement').first()).toContainText(STATEMENTS[5]!);
  await expect(panel.getByTestId('dialogue-top-statement').first()).toContainText('92% eens (stemming, 12 stemmen)');
  await expect(panel.getByTestId('dialogue-top-none')).toHaveCount(0);
  await presenter.getByRole('button', { name: 'Groepjes maken' }).click();
  for (const phone of phones) {
    await expect(phone.getByTestId('dialogue-group')).toContainText('Jij zit in Groepje');
    await expect(phone.getByTestId('dialogue-top-statement').locator('.statement')).toHaveText(expected);
  }
  await expect(screen.getByTestId('dialogue-group-card')).toHaveCount(3);
  // Two groups write a tip on the last question.
  const groupOf = async (phone: Page) => (await phone.getByTestId('dialogue-group').textContent())?.match(/Groepje \d+/)?.[0];
  const firstGroup = await groupOf(phones[0]!);
  let other: Page | undefined;
  for (const phone of phones) if (!other && (await groupOf(phone)) !== firstGroup) other = phone;
  const writers = [phones[0]!, other!];
  for (const [w, phone] of writers.entries()) {
    const form = phone.locator('[data-testid="dialogue-question"][data-question-id="anders"]');
    await form.getByLabel('Jullie antwoord').fill(TIPS[w]!);
    await form.getByRole('button', { name: 'Toevoegen' }).click();
    await expect(form.getByRole('listitem').filter({ hasText: TIPS[w]! }).getByRole('button', { name: 'Wijzigen' })).toBeVisible();
  }
  // A phone that did not write, from the top: the phase, the statements, the questions.
  await phones[5]!.evaluate(() => window.scrollTo(0, 0));
  await phones[5]!.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-phone-dialogue-390.png` });
  await phones[0]!.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-phone-dialogue-tip-390.png` });
  await screen.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-dialogue-1920.png` });
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-presenter-dialogue-1920.png` });
  await expectAccessible(phones[5]!, 'phone dialogue with the statements');
  await expectPhoneSized(phones[5]!, 'dialogue with the statements');
  await expectAccessible(screen, 'audience dialogue with the statements');
  await expectAccessible(presenter, 'presenter dialogue with the statements');
  // The board fits the room's screen, also at 1280×720.
  for (const { width, height } of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ]) {
    await screen.setViewportSize({ width, height });
    await expect(onScreen).toBeVisible();
    expect(await screen.evaluate(fitProblems, [(28 * width) / 1920, 'dialogue-board'] as [number, string]), `the dialogue board at ${width}×${height}`).toEqual([]);
    if (width === 1280) await screen.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-dialogue-1280.png` });
  }
  await screen.setViewportSize({ width: 1920, height: 1080 });

  // The plenary: both answers become tips.
  await presenter.getByTestId('forward').click();
  await expect(heading).toHaveText('Tips delen');
  for (const tip of TIPS) {
    const answer = presenter.getByTestId('panel-answer').filter({ hasText: tip });
    await answer.getByRole('button', { name: '★ Als tip bewaren' }).click();
    await expect(answer.getByRole('button', { name: '★ Geen tip meer' })).toBeVisible();
  }

  // Action points: a personal point on one phone, support for a tip on three, and a team point from it.
  await presenter.getByTestId('forward').click();
  await expect(heading).toHaveText('Actiepunten');
  const actions = phones[2]!.getByTestId('phone-actions');
  await actions.getByLabel('Nieuw actiepunt').fill(POINT);
  await actions.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(actions.getByTestId('my-action-points').getByRole('listitem').filter({ hasText: POINT }).getByRole('button', { name: 'Verwijderen' })).toBeVisible();
  for (const phone of phones.slice(0, 3)) {
    const item = phone.getByTestId('phone-tips').getByRole('listitem').filter({ hasText: TIPS[0]! });
    await item.getByRole('button', { name: 'Steunen' }).click();
    await expect(item.getByRole('button', { name: '✓ Gesteund' })).toBeVisible();
  }
  await expect(screen.getByTestId('action-tip').filter({ hasText: TIPS[0]! })).toContainText('3 stemmen');
  const choice = presenter.getByTestId('actions-panel').getByRole('listitem').filter({ hasText: TIPS[0]! });
  await choice.getByRole('button', { name: 'Kies als teamactiepunt' }).click();
  await expect(screen.getByTestId('team-points').getByRole('listitem')).toHaveText([TIPS[0]!]);

  // The report: every vote counted, the two statements of the dialogue named, the team's point.
  await presenter.getByRole('button', { name: 'Afronden' }).click();
  await expect(screen.getByTestId('projector-closed')).toBeVisible();
  await presenter.goto(`/host/${code}/report`);
  const votes = presenter.getByTestId('report-statements');
  for (const text of STATEMENTS) await expect(votes).toContainText(text);
  await expect(votes).toContainText('Eerste stemming (12 stemmen): eens 11 (92%)');
  await expect(votes).toContainText('Eerste stemming (12 stemmen): eens 2 (17%)');
  await presenter.getByTestId('report-top-statements').scrollIntoViewIfNeeded();
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-report-1920.png` });
  await expect(presenter.getByTestId('report-top-statements').getByRole('listitem')).toHaveText(TOP.map((s, i) => `${quoted(STATEMENTS[s]!)} (${['92', '83'][i]}% eens)`));
  await expect(presenter.locator('body')).toContainText(TIPS[0]!);
  await expect(presenter.locator('body')).not.toContainText('Anouk');
});

for (const people of [12, 60]) {
  test(`the dialogue board with two statements of 160 characters fits 1920×1080 and 1280×720 with ${people} people`, async ({ browser, server }) => {
    test.setTimeout(120_000);
    const { code, hostToken } = await createSession(server.url, 'zes-lang');
    const host = hostClient(server.url, code, hostToken);
    await host.connected();
    const phones: Client<PhoneView>[] = await Promise.all(Array.from({ length: people }, (_, n) => joinedPhone(server.url, code, `Mentor ${String.fromCharCode(65 + (n % 26))}${n}`)));
    const command = async (client: Client<ProjectorView> | Client<PhoneView>, event: string, payload: object = {}) =>
      expect(await client.socket.emitWithAck(event as 'host:next', payload as Record<string, never>), event).toEqual({ ok: true, data: null });
    await command(host, 'host:start');
    await command(host, 'host:next');
    for (const statement of [0, 1]) {
      if (statement) await command(host, 'host:statementMove', { delta: 1 });
      await command(host, 'host:statementVote', { open: true });
      await Promise.all(
        phones.map((phone, n) =>
          command(phone, 'phone:statementVote', { key: `vote-${statement}-${n}`, phaseIndex: 1, statement, round: 1, choice: n % (statement + 2) ? 'disagree' : 'agree' }),
        ),
      );
      await command(host, 'host:statementVote', { open: false });
    }
    await command(host, 'host:next');
    await command(host, 'host:dialogueStart');
    const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, reducedMotion: 'reduce' });
    await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [`driegesprek:host:${code}`, hostToken] as const);
    const screen = await context.newPage();
    await screen.goto(`/host/${code}/screen`);
    const SIZES = [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ];
    for (const { width, height } of SIZES) {
      await screen.setViewportSize({ width, height });
      await expect(screen.getByTestId('dialogue-top-statement').locator('.statement')).toHaveText(LONG.map(quoted));
      await expect(screen.getByTestId('dialogue-group-card').first()).toBeVisible();
      expect(await screen.evaluate(fitProblems, [(28 * width) / 1920, 'dialogue-board'] as [number, string]), `the dialogue board for ${people} at ${width}×${height}`).toEqual([]);
      await screen.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-dialogue-long-${people}-${width}.png` });
    }
    // The plenary of this programme asks for them too: above a wall of an answer per group.
    await Promise.all(phones.map((phone) => phone.until((view) => Boolean(view.dialogue?.group))));
    await Promise.all(
      phones.map(async (phone, n) => {
        const group = phone.last!.dialogue!.group!.id;
        if (phones.findIndex((other) => other.last!.dialogue!.group!.id === group) !== n) return;
        await command(phone, 'phone:dialogueAnswer', { key: `answer-${n}-xyzw`, questionId: 'anders', text: ANSWER });
      }),
    );
    await command(host, 'host:next');
    for (const { width, height } of SIZES) {
      await screen.setViewportSize({ width, height });
      await expect(screen.getByTestId('plenary-wall').getByTestId('dialogue-top-statement')).toHaveCount(2);
      await expect(screen.getByTestId('wall-answer').first()).toBeVisible();
      expect(await screen.evaluate(fitProblems, [(28 * width) / 1920, 'plenary-wall'] as [number, string]), `the plenary board for ${people} at ${width}×${height}`).toEqual([]);
      await screen.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-plenary-long-${people}-${width}.png` });
    }
    await context.close();
    host.close();
    for (const phone of phones) phone.close();
  });
}

test('without a vote of 3 or more the presenter hears there is no result yet, and the groups see only the questions', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server, { programmeId: 'zes-misverstanden' });
  const phone = await openPhone(browser, server, code);
  await joinAs(phone, 'Esra');
  await presenterTo(presenter, PHASE.statements);
  // One vote on the first statement: too few to count.
  await presenter.getByRole('button', { name: 'Stemming openen' }).click();
  await phone.getByRole('radio', { name: 'Eens', exact: true }).click();
  await expect(screen.getByTestId('statement-votes')).toHaveText('1 van 1 gestemd');
  await presenter.getByRole('button', { name: 'Stemming sluiten' }).click();
  for (let statement = 2; statement <= STATEMENTS.length; statement++) {
    await presenter.getByTestId('forward').click();
    await expect(screen.getByTestId('statement-where')).toHaveText(`Stelling ${statement} van 6`);
  }
  await presenter.getByTestId('forward').click();
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('In groepjes');
  await expect(presenter.getByTestId('dialogue-top-none')).toContainText('Nog geen uitslag');
  await presenter.getByRole('button', { name: 'Groepjes maken' }).click();
  await expect(phone.getByTestId('dialogue-group')).toContainText('Jij zit in Groepje 1');
  await expect(phone.getByTestId('dialogue-question')).toHaveCount(4);
  await expect(phone.getByTestId('dialogue-top-statements')).toHaveCount(0);
  await expect(screen.getByTestId('dialogue-group-card')).toHaveCount(1);
  await expect(screen.getByTestId('dialogue-top-statements')).toHaveCount(0);
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-presenter-no-result-1920.png` });
});

test('the library and the facilitator’s guide list the six statements and say which two the groups will see', async ({ browser, server }) => {
  const page = await (await browser.newContext({ locale: 'nl-NL', baseURL: server.url })).newPage();
  await page.goto('/library/programmes/nl/zes-misverstanden');
  await expect(page.getByTestId('library-statements').locator(':scope > ol > li')).toHaveCount(6);
  await expect(page.getByTestId('library-statements')).toContainText('Wat het onderzoek zegt');
  await expect(page.getByTestId('library-top-statements')).toHaveText(
    'Boven de vragen zien de groepjes de 2 stellingen uit fase 2 waar het team het het meest mee eens was: per stelling telt de laatste stemming met minstens 3 stemmen, het grootste deel „eens” eerst.',
  );
  await page.goto('/library/programmes/en/zes-misverstanden/guide');
  await expect(page.getByTestId('guide-statements').locator(':scope > li')).toHaveCount(6);
  await expect(page.getByTestId('guide-top-statements')).toContainText('Above the questions the groups see the 2 statements from phase 2 the team agreed with most');
  await page.screenshot({ path: `${SCREENSHOT_DIR}misverstanden-guide-en.png`, fullPage: true });
  await page.context().close();
});
