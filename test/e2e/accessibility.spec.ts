/**
 * Accessibility of every page a user sees: axe reports no violation of any impact, each page has one
 * `main` landmark, headings in order and no text outside landmarks; on a phone (390 × 844) every tap
 * target is at least 44 × 44 px and no text is under 14 px. Screenshots of each screen go to
 * test/e2e/screenshots/a11y-*.png for review by eye.
 *
 * The session is driven from a host socket, not the presenter view, so each face is checked on its
 * own: the phone in every phase, and the presenter view and the audience screen in every phase.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expectAccessible, expectPhoneSized, type PhoneMeasure } from '../helpers/accessibility.ts';
import { hostClient } from '../../scripts/lib/clients.ts';
import { SETTINGS } from '../../scripts/lib/roleplay.ts';
import type { CreateSessionResponse } from '../../server/protocol/events.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession, expect, joinAs, newPhone, openPhone, test, type RunningServer } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
const DESKTOP = { width: 1920, height: 1080 };

/** The smallest tap target and text over all phone screens, logged at the end for the record. */
const measured: { screen: string; measure: PhoneMeasure }[] = [];

async function checkPhone(page: Page, screen: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOT_DIR}a11y-phone-${screen}.png`, fullPage: true, animations: 'disabled' });
  // What the phone shows first, at its real size.
  await page.screenshot({ path: `${SCREENSHOT_DIR}a11y-phone-${screen}-top.png`, animations: 'disabled' });
  await expectAccessible(page, `phone ${screen}`);
  measured.push({ screen, measure: await expectPhoneSized(page, `phone ${screen}`) });
}

async function checkDesktop(page: Page, screen: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOT_DIR}a11y-${screen}.png`, fullPage: true, animations: 'disabled' });
  await expectAccessible(page, screen);
}

/** A laptop browser (1920 × 1080), optionally holding a session's host token. */
async function openDesktop(browser: Browser, server: RunningServer, host?: { code: string; hostToken: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: DESKTOP });
  if (host) await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [`driegesprek:host:${host.code}`, host.hostToken] as const);
  return { context, page: await context.newPage() };
}

/** A host command went through. */
async function ok(result: Promise<unknown>): Promise<void> {
  expect(await result).toMatchObject({ ok: true });
}

test.afterAll(() => {
  const smallestTarget = measured.map(({ screen, measure }) => ({ screen, ...measure.smallestTarget })).sort((a, b) => Math.min(a.width ?? 0, a.height ?? 0) - Math.min(b.width ?? 0, b.height ?? 0))[0];
  const smallestText = measured.map(({ screen, measure }) => ({ screen, ...measure.smallestText })).sort((a, b) => (a.px ?? 0) - (b.px ?? 0))[0];
  if (measured.length) console.log(`phone screens: smallest tap target ${JSON.stringify(smallestTarget)}, smallest text ${JSON.stringify(smallestText)}`);
});

test('the home page, on a phone and on the laptop', async ({ browser, server }) => {
  const phone = await newPhone(browser, server);
  await phone.goto('/');
  await expect(phone.getByRole('heading', { name: 'Driegesprek', level: 1 })).toBeVisible();
  await expect(phone.getByRole('group', { name: 'Programma' })).toBeVisible();
  await checkPhone(phone, 'home');

  const { context, page } = await openDesktop(browser, server);
  await page.goto('/');
  await expect(page.getByRole('group', { name: 'Programma' })).toBeVisible();
  await checkDesktop(page, 'home');
  await context.close();
});

test('the library: index, a card set and its print sheet, a programme', async ({ browser, server }) => {
  const { context, page } = await openDesktop(browser, server);
  await page.goto('/library');
  await expect(page.getByRole('heading', { name: 'Bibliotheek', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /Thuissituatie/ }).first()).toBeVisible();
  await checkDesktop(page, 'library-index');

  await page.goto('/library/sets/nl/thuissituatie');
  await expect(page.getByRole('heading', { name: 'Thuissituatie', level: 1 })).toBeVisible();
  await expect(page.getByTestId('role-card').first()).toBeVisible();
  await checkDesktop(page, 'library-cardset');

  await page.goto('/library/sets/nl/thuissituatie/print');
  await expect(page.getByTestId('print-sheet')).toBeVisible();
  await checkDesktop(page, 'library-print');

  await page.goto('/library/programmes/nl/tienminutengesprekken');
  await expect(page.getByRole('heading', { name: 'Tienminutengesprekken', level: 1 })).toBeVisible();
  await checkDesktop(page, 'library-programme');

  await page.goto('/library/programmes/nl/tienminutengesprekken/guide');
  await expect(page.getByTestId('guide-phase').first()).toBeVisible();
  await checkDesktop(page, 'library-guide');
  await context.close();
});

test('checking a set in the library (its errors, then its cards and print), and a session’s own set, print and guide', async ({ browser, server }) => {
  const source = readFileSync(join(PROJECT_ROOT, 'content/cardsets/thuissituatie.md'), 'utf8');
  const file = (name: string, text: string) => ({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  const { context, page } = await openDesktop(browser, server);
  await page.goto('/library/check');
  await expect(page.getByRole('heading', { name: 'Een set controleren en printen', level: 1 })).toBeVisible();
  await checkDesktop(page, 'library-check');
  await page.getByLabel('Kaartenset (.md)').setInputFiles(file('kapot.md', source.replace(/^title: .*$/m, '')));
  await expect(page.getByTestId('check-problems')).toBeVisible();
  await checkDesktop(page, 'library-check-errors');
  await page.getByLabel('Kaartenset (.md)').setInputFiles(file('thuissituatie.md', source));
  await expect(page.getByTestId('checked-set')).toBeVisible();
  await checkDesktop(page, 'library-check-set');
  await page.getByRole('button', { name: 'Printen als kaartjes (A4)' }).click();
  await expect(page.getByTestId('print-sheet')).toBeVisible();
  await checkDesktop(page, 'library-check-print');
  await context.close();

  const response = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cardSet: { fileName: 'thuissituatie.md', source } }),
  });
  const session = (await response.json()) as CreateSessionResponse;
  const host = await openDesktop(browser, server, session);
  await host.page.goto(`/host/${session.code}/cardset`);
  await expect(host.page.getByTestId('role-card').first()).toBeVisible();
  await checkDesktop(host.page, 'session-cardset');
  await host.page.goto(`/host/${session.code}/cardset/print`);
  await expect(host.page.getByTestId('print-sheet')).toBeVisible();
  await checkDesktop(host.page, 'session-print');
  await host.page.goto(`/host/${session.code}/guide`);
  await expect(host.page.getByTestId('guide-phase').first()).toBeVisible();
  await checkDesktop(host.page, 'session-guide');
  await host.context.close();
});

test('the error pages: a code that does not exist, a report without the host token', async ({ browser, server }) => {
  const phone = await openPhone(browser, server, 'ZZZZZZ');
  await expect(phone.getByRole('alert')).toHaveText('Deze code kennen we niet. Kijk nog eens op het scherm voorin. Klopt hij toch? Wacht dan een minuut.');
  await checkPhone(phone, 'unknown-code');

  const { code } = await createSession(server);
  const { context, page } = await openDesktop(browser, server);
  await page.goto(`/host/${code}/report`);
  await expect(page.getByRole('alert')).toHaveText('Dit apparaat mag deze sessie niet leiden.');
  await checkDesktop(page, 'report-unauthorized');
  await context.close();
});

test('the phone in every phase, and the report afterwards', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const session = await createSession(server);
  const { code } = session;
  const host = hostClient(server.url, code, session.hostToken);
  await host.connected();
  const phaseIs = (index: number) => expect(anouk.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', String(index));

  const anouk = await openPhone(browser, server, code);
  await expect(anouk.getByLabel('Je voornaam')).toBeVisible();
  await checkPhone(anouk, 'join');
  await joinAs(anouk, 'Anouk');
  // Three more colleagues, so there are groups to sit in and cards to deal.
  const others: Page[] = [];
  for (const name of ['Bram', 'Chaima', 'Daan']) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    others.push(phone);
  }
  await expect(anouk.getByRole('heading', { name: 'Welkom, Anouk!' })).toBeVisible();
  await checkPhone(anouk, 'lobby');

  await ok(host.socket.emitWithAck('host:start', {}));
  await phaseIs(0);
  await anouk.getByLabel('Nieuwe aantekening').fill('Vragen wie er binnenkort gesprekken heeft.');
  await anouk.getByRole('button', { name: 'Bewaren' }).click();
  await expect(anouk.getByTestId('my-notes')).toContainText('Fase 1');
  await checkPhone(anouk, 'intro');

  await ok(host.socket.emitWithAck('host:next', {}));
  await phaseIs(1);
  const instruction = anouk.getByTestId('phone-phase');
  await expect(instruction).toContainText('Vul eerst de korte vragenlijst in');
  // The first statement asked how often (a statement about knowing asks how well: no 'Vaak').
  const statement = anouk.getByTestId('quickscan-statement').filter({ has: anouk.getByText('Vaak', { exact: true }) }).first();
  await statement.getByText('Vaak', { exact: true }).click();
  await expect(statement.getByRole('radio', { name: 'Vaak', exact: true })).toBeChecked();
  await checkPhone(anouk, 'research-quickscan');
  await ok(host.socket.emitWithAck('host:researchStep', { delta: 1 }));
  await ok(host.socket.emitWithAck('host:researchStep', { delta: 1 }));
  await expect(anouk.getByTestId('phone-research-step')).toContainText('Stap 2 van');
  // The questionnaire comes first no longer: the step's takeaway is what the phone says now.
  await expect(instruction).not.toContainText('Vul eerst');
  await checkPhone(anouk, 'research-presentation');

  await ok(host.socket.emitWithAck('host:next', {}));
  await phaseIs(2);
  await expect(anouk.getByTestId('phone-dialogue')).toContainText('De begeleider maakt zo de groepjes');
  await expect(instruction).not.toContainText('Ga bij je groepje zitten');
  await checkPhone(anouk, 'dialogue-before-groups');
  await ok(host.socket.emitWithAck('host:dialogueStart', {}));
  await expect(anouk.getByTestId('dialogue-group')).toContainText('Jij zit in Groepje');
  await expect(instruction).toContainText('Ga bij je groepje zitten');
  const question = anouk.getByTestId('dialogue-question').first();
  await question.getByLabel('Jullie antwoord').fill('Eerst vragen wat goed gaat.');
  await question.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(question.getByRole('button', { name: 'Wijzigen' })).toBeVisible();
  await checkPhone(anouk, 'dialogue');

  await ok(host.socket.emitWithAck('host:next', {}));
  await phaseIs(3);
  const answer = (await host.until((view) => (view.dialogue?.wall.flatMap((item) => item.answers).length ?? 0) > 0)).dialogue?.wall[0]?.answers[0];
  await ok(host.socket.emitWithAck('host:plenaryTip', { answerId: answer?.id ?? '', tip: true }));
  await expect(question.getByText('Anouk · ★ Tip', { exact: true })).toBeVisible();
  await checkPhone(anouk, 'plenary');

  await ok(host.socket.emitWithAck('host:next', {}));
  await phaseIs(4);
  await expect(anouk.getByTestId('phone-roleplay')).toContainText('De begeleider maakt zo de groepjes');
  await expect(instruction).not.toContainText('Lees je rolkaart');
  await checkPhone(anouk, 'roleplay-before-groups');
  await ok(host.socket.emitWithAck('host:roleplaySetup', SETTINGS));
  await expect(anouk.getByTestId('my-group-before')).toBeVisible();
  await checkPhone(anouk, 'roleplay-groups');
  await ok(host.socket.emitWithAck('host:roleplayStartRound', {}));
  await expect(anouk.getByTestId('role-card').first()).toBeVisible();
  await expect(instruction).toContainText('Lees je rolkaart');
  await checkPhone(anouk, 'roleplay-card');
  await ok(host.socket.emitWithAck('host:roleplayEndRound', {}));
  await expect(anouk.getByRole('heading', { name: 'Feedback na het gesprek' })).toBeVisible();
  await checkPhone(anouk, 'roleplay-feedback');

  await ok(host.socket.emitWithAck('host:next', {}));
  await phaseIs(5);
  const evaluation = anouk.getByTestId('phone-evaluation').locator('form').first();
  await evaluation.getByRole('textbox').fill('Stil blijven na een vraag was moeilijk.');
  await evaluation.getByRole('button', { name: 'Versturen' }).click();
  await expect(evaluation.getByText('Stil blijven na een vraag was moeilijk.')).toBeVisible();
  // The programme's text says what to do, the phone once that the answers go without a name.
  await expect(anouk.getByText('Je hoeft niet alles in te vullen.')).toHaveCount(1);
  await expect(anouk.getByText(/zonder naam/)).toHaveCount(1);
  await checkPhone(anouk, 'evaluation');

  await ok(host.socket.emitWithAck('host:next', {}));
  await phaseIs(6);
  const actions = anouk.getByTestId('phone-actions');
  await actions.getByLabel('Nieuw actiepunt').fill('Ik stuur ouders vooraf drie vragen.');
  await actions.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(actions.getByTestId('my-action-points').getByRole('button', { name: 'Verwijderen' })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Steunen' })).toBeVisible();
  await checkPhone(anouk, 'actions');

  await ok(host.socket.emitWithAck('host:end', {}));
  await expect(anouk.getByRole('heading', { name: 'De sessie is afgelopen' })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Downloaden' })).toBeVisible();
  await checkPhone(anouk, 'closed');
  host.close();

  const { context, page: report } = await openDesktop(browser, server, session);
  await report.goto(`/host/${code}/report`);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('Verslag: Tienminutengesprekken');
  // Every phase of this walk took seconds: not "0 min".
  await expect(report.getByRole('row', { name: /^Introductie/ })).toHaveText(/Introductie\s*5 min\s*< 1 min/);
  await checkDesktop(report, 'report');
  await context.close();
});

test('the presenter view and the audience screen in every phase', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const session = await createSession(server);
  const { code } = session;
  const host = hostClient(server.url, code, session.hostToken);
  await host.connected();
  const presenterBrowser = await openDesktop(browser, server, session);
  const audienceBrowser = await openDesktop(browser, server, session);
  const presenter = presenterBrowser.page;
  const audience = audienceBrowser.page;
  await presenter.goto(`/host/${code}`);
  await audience.goto(`/host/${code}/screen`);
  const phones: Page[] = [];
  for (const name of ['Anouk', 'Bram', 'Chaima', 'Daan']) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.push(phone);
  }
  await expect(audience.getByTestId('participants').getByRole('listitem')).toHaveCount(4);

  /** Both of the facilitator's screens, once both show `ready`. */
  async function checkBoth(screen: string, ready: (page: Page) => Promise<void>) {
    for (const page of [presenter, audience]) await ready(page);
    await checkDesktop(presenter, `presenter-${screen}`);
    await checkDesktop(audience, `audience-${screen}`);
  }
  /** The audience screen alone, where the presenter view shows nothing it did not show before. */
  async function checkAudience(screen: string, ready: (page: Page) => Promise<void>) {
    await ready(audience);
    await checkDesktop(audience, `audience-${screen}`);
  }
  const phaseIs = (index: number) => (page: Page) => expect(page.getByTestId('projector-phase')).toHaveAttribute('data-phase-index', String(index));

  await checkBoth('lobby', (page) => expect(page.getByTestId('join-code')).toHaveText(code));
  await ok(host.socket.emitWithAck('host:start', {}));
  await checkAudience('intro', phaseIs(0));
  await ok(host.socket.emitWithAck('host:next', {}));
  await checkBoth('research-quickscan', (page) => expect(page.getByTestId('research-quickscan')).toBeVisible());
  await ok(host.socket.emitWithAck('host:researchStep', { delta: 1 }));
  await ok(host.socket.emitWithAck('host:researchStep', { delta: 1 }));
  await checkBoth('research-statement', (page) => expect(page.getByTestId('research-statement')).toBeVisible());

  await ok(host.socket.emitWithAck('host:next', {}));
  await ok(host.socket.emitWithAck('host:dialogueStart', {}));
  await checkAudience('dialogue', (page) => expect(page.getByTestId('dialogue-group-card').first()).toBeVisible());
  const question = phones[0]!.getByTestId('dialogue-question').first();
  await question.getByLabel('Jullie antwoord').fill('Eerst vragen wat goed gaat.');
  await question.getByRole('button', { name: 'Toevoegen' }).click();
  // The answer is on the server (the phone sends it in the background) before the plenary starts.
  await host.until((view) => (view.dialogue?.groups ?? []).some((group) => Object.values(group.answersPerQuestion).some((count) => count > 0)));
  await ok(host.socket.emitWithAck('host:next', {}));
  await checkBoth('plenary', (page) => expect(page.getByTestId('wall-answer')).toHaveCount(1));

  await ok(host.socket.emitWithAck('host:next', {}));
  await expect(presenter.getByTestId('roleplay-setup')).toBeVisible();
  await checkBoth('roleplay-setup', phaseIs(4));
  await ok(host.socket.emitWithAck('host:roleplaySetup', SETTINGS));
  await ok(host.socket.emitWithAck('host:roleplayStartRound', {}));
  await checkAudience('roleplay-round', (page) => expect(page.getByTestId('roleplay-board')).toHaveAttribute('data-stage', 'playing'));

  await ok(host.socket.emitWithAck('host:next', {}));
  await checkAudience('evaluation', phaseIs(5));
  await ok(host.socket.emitWithAck('host:next', {}));
  await checkBoth('actions', (page) => expect(page.getByTestId('actions-board')).toBeVisible());
  // The people panel, open over the presenter view.
  await presenter.getByRole('button', { name: /^Deelnemers/ }).click();
  await expect(presenter.getByRole('complementary', { name: 'Deelnemers' })).toBeVisible();
  await checkDesktop(presenter, 'presenter-people');
  await presenter.getByRole('button', { name: 'Sluiten' }).click();

  await ok(host.socket.emitWithAck('host:end', {}));
  await checkBoth('closed', (page) => expect(page.getByTestId('projector-closed')).toBeVisible());
  host.close();
  await presenterBrowser.context.close();
  await audienceBrowser.context.close();
});
