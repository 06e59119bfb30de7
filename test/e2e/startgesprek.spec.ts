/**
 * The programme "Het startgesprek" with the real content, in real browsers: the facilitator's presenter
 * view and audience screen at 1920×1080 and 12 phones at 390×844 through the whole meeting — the two
 * introductions, six statements with votes (one voted twice), role-play with the startgesprek cards in
 * trios with an observer (two rounds, feedback to each mentor), the look back, designing our own
 * startgesprek, the plenary's tips, action points, and the report with the votes and the action points.
 * Screenshots for review by eye: test/e2e/screenshots/startgesprek-*.png.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { loadContent } from '../../server/content/loadContent.ts';
import type { PlayRole } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { en } from '../../common/i18n/en.ts';
import { expectPhoneSized } from '../helpers/accessibility.ts';
import { expect, joinAs, openPhone, openProjector, presenterTo, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

const content = loadContent(join(PROJECT_ROOT, 'content'));
const programme = content.programmes.get('nl/startgesprek');
const cardSet = content.cardSets.get('nl/startgesprek');
if (!programme || !cardSet) throw new Error('content: programme or card set startgesprek (nl) is missing');
const PHASES = programme.phases;
const indexOf = (kind: string) => PHASES.findIndex((phase) => phase.kind === kind);
const STATEMENTS = PHASES[indexOf('statements')]?.statements.map((statement) => statement.text) ?? [];
const CARDS = cardSet.cards;

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet', 'Koen', 'Lotte'];

/**
 * How the 12 phones vote on each statement (e = eens, o = oneens, w = weet ik niet), chosen so that
 * every share is a whole percentage; and what the screen and the report then show.
 */
const VOTES = ['eeeeeeooowww', 'oooooooooeee', 'eeeeeeeeeeee', 'eeeooooooooo', 'eeeeeeoooooo', 'eeeeeewwwwww'];
const SECOND_VOTE = 'eeeeeeeeeooo';
const CHOICE = { e: 'Eens', o: 'Oneens', w: 'Weet ik niet' } as const;
type Letter = keyof typeof CHOICE;
const tally = (votes: string) => ({ e: [...votes].filter((v) => v === 'e').length, o: [...votes].filter((v) => v === 'o').length, w: [...votes].filter((v) => v === 'w').length });
const shares = (votes: string) => {
  const { e, o, w } = tally(votes);
  const pct = (n: number) => `${(100 * n) / votes.length}%`;
  return `eens ${e} (${pct(e)}) · oneens ${o} (${pct(o)}) · weet ik niet ${w} (${pct(w)})`;
};

/** The Dutch role names, as the phones show them. */
const ROLE_LABEL: Record<PlayRole, string> = { mentor: 'Mentor', parent: 'Ouder', student: 'Leerling', observer: 'Waarnemer' };
const ROLE_OF_LABEL = new Map<string, PlayRole>(Object.entries(ROLE_LABEL).map(([role, label]) => [label, role as PlayRole]));

/** What each role's feedback form asks first: the programme's own lists for the startgesprek. */
const FIRST_QUESTION: Record<Exclude<PlayRole, 'mentor'>, string> = {
  observer: 'Hoe begon de mentor het gesprek? Voelde het als kennismaken of als controle?',
  parent: 'Voelde je je welkom? Waaraan merkte je dat?',
  student: 'Voelde je je gehoord in het gesprek?',
};
const SELF_QUESTION = 'Wat ging goed? En wat doe je de volgende keer anders?';

const IDEAS = {
  bespreekpunten: 'Eerst vragen wat de leerling leuk vindt en goed kan.',
  'contact-afspreken': 'Aan het eind samen opschrijven hoe vaak we bellen of mailen.',
  wanneer: 'Startgesprekken in de tweede schoolweek, lessen tot half één.',
} as const;
const TEAM_IDEA = IDEAS['contact-afspreken'];
const OTHER_IDEA = IDEAS.bespreekpunten;

const POINTS = {
  Anouk: 'Ik bel voor de herfstvakantie de ouders die ik nog niet sprak.',
  Bram: 'Ik vraag in elk gesprek wat de leerling buiten school doet.',
  Chaima: 'Ik stuur vooraf een positief mailtje met twee vragen.',
} as const;

/**
 * The presenter's "Volgende →" to the next phase, which must be phase `index`. (presenterTo's button by
 * name also finds this programme's "Volgende stelling" and the evaluation wall's "Volgende pagina".)
 */
async function forward(presenter: Page, index: number): Promise<void> {
  const bar = presenter.getByTestId('presenter-bar');
  await expect(bar).toHaveAttribute('data-phase-index', String(index - 1));
  await presenter.getByTestId('forward').click();
  await expect(bar).toHaveAttribute('data-phase-index', String(index));
}

interface Seat {
  name: string;
  page: Page;
  role: PlayRole;
  cardId: string;
  /** Everyone in this phone's group, this phone included, sorted. */
  group: string[];
}

/** Each phone's role, card and group in the round on screen, read from the phone itself. */
async function readSeats(phones: Map<string, Page>, round: number, rounds: number): Promise<Seat[]> {
  const seats: Seat[] = [];
  for (const [name, page] of phones) {
    const roleplay = page.getByTestId('phone-roleplay');
    await expect(roleplay.getByText(`Ronde ${round + 1} van ${rounds}`, { exact: true }), name).toBeVisible();
    const heading = roleplay.getByRole('heading', { level: 2, name: /^Jouw rol:/ });
    const role = ROLE_OF_LABEL.get(((await heading.textContent()) ?? '').replace('Jouw rol:', '').trim());
    if (!role) throw new Error(`${name}: no role on the phone`);
    const card = page.getByTestId('role-card').first();
    await expect(card, `${name} holds a ${role} card`).toHaveClass(new RegExp(`\\brole-${role}\\b`));
    const cardId = (await card.getAttribute('data-card-id')) ?? '';
    const others = await page.getByTestId('my-group').locator(':scope > li').allInnerTexts();
    seats.push({ name, page, role, cardId, group: [name, ...others.map((line) => line.split(' · ')[0]?.trim() ?? '')].sort() });
  }
  return seats;
}

/** The first sentence of what each card of `role` keeps to itself, as plain text (telling enough to find it on a page). */
const keepsOf = (role: PlayRole) =>
  CARDS.filter((card) => card.role === role && card.keepsHtml)
    .map((card) => (card.keepsHtml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().split('. ')[0] ?? '').trim())
    .filter((sentence) => sentence.length >= 12 && !sentence.includes('&'));

/** Checks one round: 3 groups of 4, each a mentor, parent, student and observer, each with a card of the set. */
async function expectRound(seats: Seat[]): Promise<void> {
  const groups = [...new Set(seats.map((seat) => seat.group.join(',')))];
  expect(groups, '12 people in trios with an observer: 3 groups of 4').toHaveLength(3);
  for (const group of groups) {
    const members = seats.filter((seat) => seat.group.join(',') === group);
    expect(members.map((seat) => seat.role).sort(), group).toEqual(['mentor', 'observer', 'parent', 'student']);
  }
  for (const seat of seats) {
    const card = CARDS.find((candidate) => candidate.id === seat.cardId && candidate.role === seat.role);
    expect(card, `${seat.name}'s card ${seat.cardId} is a ${seat.role} card of the startgesprek set`).toBeDefined();
    await expect(seat.page.getByTestId('role-card').first().getByRole('heading', { level: 3 })).toHaveText(card?.title ?? '');
  }
  const mentor = seats.find((seat) => seat.role === 'mentor');
  if (!mentor) throw new Error('no mentor');
  await expect(mentor.page.getByTestId('role-card')).toHaveCount(1);
  const text = await mentor.page.locator('body').innerText();
  for (const secret of [...keepsOf('parent'), ...keepsOf('student')]) expect(text, 'the mentor never reads what a parent or student keeps').not.toContain(secret);
  for (const observer of seats.filter((seat) => seat.role === 'observer')) {
    expect(observer.cardId, 'the observer holds the set’s own observer card').toBe('waarnemer-startgesprek');
    await expect(observer.page.getByTestId('role-card').first()).toContainText('spreken ze aan het eind af hoe en hoe vaak ze contact hebben?');
  }
}

/** Feedback that tells its giver apart without naming them (the screens show it without names). */
const feedbackOf = (name: string, round: number) => `Ronde ${round + 1}, waarneming ${NAMES.indexOf(name) + 1}: je begon met een compliment over de leerling.`;

/** Ends the round; every phone sends feedback on its role's questions; each mentor gets the three of their group. */
async function feedbackRound(presenter: Page, screen: Page, seats: Seat[], round: number): Promise<void> {
  await presenter.getByRole('button', { name: 'Ronde afronden: feedback' }).click();
  await expect(screen.getByTestId('roleplay-board')).toHaveAttribute('data-stage', 'feedback');
  for (const seat of seats) {
    const form = seat.page.getByTestId('feedback-form');
    await expect(form.getByRole('heading', { name: 'Feedback na het gesprek' }), seat.name).toBeVisible();
    if (seat.role === 'mentor') {
      await form.getByLabel(SELF_QUESTION).fill(`Ronde ${round + 1}: ik liet de leerling te weinig aan het woord.`);
    } else {
      await expect(form, `${seat.name} (${seat.role}) gets the startgesprek questions`).toContainText(FIRST_QUESTION[seat.role]);
      await form.getByLabel(FIRST_QUESTION[seat.role]).fill(feedbackOf(seat.name, round));
    }
    await form.getByRole('button', { name: 'Versturen' }).click();
    await expect(form.getByRole('status')).toHaveText('Dank je! Je feedback is verstuurd.');
  }
  await expect(screen.getByTestId('feedback-count')).toHaveText('12 van 12 hebben feedback gegeven');
  for (const mentor of seats.filter((seat) => seat.role === 'mentor')) {
    const received = mentor.page.getByTestId('received-feedback');
    await expect(received.getByRole('article').filter({ hasText: `Ronde ${round + 1} van 2` })).toHaveCount(3);
    for (const giver of seats.filter((seat) => seat.role !== 'mentor' && seat.group.join() === mentor.group.join())) {
      await expect(received, `${giver.name}'s feedback reaches ${mentor.name}`).toContainText(feedbackOf(giver.name, round));
    }
  }
}

test('Het startgesprek with 12 phones: statements, role-play with the startgesprek cards, evaluation, action points and the report', async ({ browser, server }) => {
  test.setTimeout(300_000);
  const { page: presenter, screen, code } = await openProjector(browser, server, { programmeId: 'startgesprek' });
  const phones = new Map<string, Page>();
  for (const name of NAMES) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.set(name, phone);
  }
  const phone = (name: string) => phones.get(name) as Page;
  await expect(screen.getByTestId('participants').getByRole('listitem')).toHaveCount(NAMES.length);
  const heading = screen.getByRole('heading', { level: 1 });
  const stage = screen.getByTestId('stage');

  // The two introductions: the four basisvormen, then the ten success factors.
  await presenterTo(presenter, 0);
  await expect(heading).toHaveText('Vier basisvormen');
  await expect(stage).toContainText('Het jaarlijkse startgesprek');
  await expect(stage).toContainText('Een communicatieplan op maat');
  await expect(presenter.locator('body')).toContainText('praten in vredestijd');
  await expect(stage).not.toContainText('praten in vredestijd');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-intro-1920.png` });
  await presenterTo(presenter, 1);
  await expect(heading).toHaveText('Tien succesfactoren');
  await expect(stage).toContainText('afspraken over hoe jullie contact houden');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-succesfactoren-1920.png` });

  // Six statements: each voted by all 12 phones, closed, and its distribution on the screen.
  await presenterTo(presenter, indexOf('statements'));
  await expect(heading).toHaveText('Hoe beginnen wij het jaar?');
  expect(STATEMENTS).toHaveLength(6);
  for (const [index, statement] of STATEMENTS.entries()) {
    if (index > 0) await presenter.getByTestId('forward').click();
    await expect(screen.getByTestId('statement-where')).toHaveText(`Stelling ${index + 1} van 6`);
    await expect(screen.getByTestId('statement-text')).toHaveText(`„${statement}”`);
    await expect(phone('Lotte').getByTestId('phone-statement')).toHaveText(`„${statement}”`);
    await presenter.getByRole('button', { name: 'Stemming openen' }).click();
    const votes = VOTES[index] ?? '';
    for (const [n, name] of NAMES.entries()) await phone(name).getByRole('radio', { name: CHOICE[votes[n] as Letter], exact: true }).click();
    await expect(screen.getByTestId('statement-votes')).toHaveText('12 van 12 gestemd');
    if (index === 0) {
      await phone('Anouk').screenshot({ path: `${SCREENSHOT_DIR}startgesprek-phone-vote-390.png` });
      await expectPhoneSized(phone('Anouk'), 'startgesprek statement vote');
    }
    await presenter.getByRole('button', { name: 'Stemming sluiten' }).click();
    await expect(screen.getByTestId('statement-result')).toBeVisible();
    const { e, o, w } = tally(votes);
    await expect(screen.locator('[data-testid="statement-round"][data-round="1"] [data-choice]')).toHaveCount(3);
    expect(
      await screen.locator('[data-testid="statement-round"][data-round="1"] [data-choice]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-count'))),
    ).toEqual([String(e), String(o), String(w)]);
    if (index === 0) {
      await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-statement-result-1920.png` });
      await presenter.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-presenter-statement-1920.png` });
      // After the talk the room votes again: the second round stands beside the first.
      await presenter.getByRole('button', { name: 'Nog een keer laten stemmen' }).click();
      for (const [n, name] of NAMES.entries()) await phone(name).getByRole('radio', { name: CHOICE[SECOND_VOTE[n] as Letter], exact: true }).click();
      await expect(screen.getByTestId('statement-votes')).toHaveText('12 van 12 gestemd');
      await presenter.getByRole('button', { name: 'Stemming sluiten' }).click();
      await expect(screen.locator('[data-testid="statement-round"][data-round="2"] [data-testid="statement-result"]')).toBeVisible();
      await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-statement-two-rounds-1920.png` });
    }
  }
  // The notes of the last statement: on the presenter view only.
  await expect(presenter.getByTestId('statements-panel')).toContainText('misverstand 6');
  await expect(stage).not.toContainText('misverstand 6');

  // Role-play: the startgesprek set only, trios with an observer, two rounds of 5 minutes.
  await forward(presenter, indexOf('roleplay'));
  await expect(heading).toHaveText('Oefenen met het startgesprek');
  const setup = presenter.getByTestId('roleplay-setup');
  await expect(setup.getByText('12 deelnemers zijn er nu')).toBeVisible();
  const cardSetChoice = presenter.getByLabel('Kaartenset');
  await expect(cardSetChoice.locator('option')).toHaveText([`${cardSet.title} (${CARDS.length})`]);
  await presenter.getByLabel('Drietallen: mentor, ouder en leerling').check();
  await presenter.getByLabel('Met waarnemer die feedback geeft').check();
  await presenter.getByLabel('Aantal rondes').fill('2');
  await presenter.getByLabel('Minuten per gesprek').fill('5');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-roleplay-setup-1920.png` });
  await presenter.getByRole('button', { name: 'Groepjes maken' }).click();
  const board = screen.getByTestId('roleplay-board');
  await expect(board).toHaveAttribute('data-stage', 'grouping');
  await expect(board.getByTestId('group')).toHaveCount(3);

  await presenter.getByRole('button', { name: 'Ronde 1 starten' }).click();
  await expect(board).toHaveAttribute('data-stage', 'playing');
  await expect(board.locator('.role')).toHaveCount(12);
  const first = await readSeats(phones, 0, 2);
  await expectRound(first);
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-roleplay-1920.png` });
  // No card text on the facilitator's screens.
  for (const page of [presenter, screen]) {
    const text = await page.locator('body').innerText();
    for (const secret of [...keepsOf('parent'), ...keepsOf('student')]) expect(text).not.toContain(secret);
  }
  for (const role of ['mentor', 'parent', 'student', 'observer'] as const) {
    const seat = first.find((candidate) => candidate.role === role);
    if (!seat) throw new Error(`no ${role} in round 1`);
    await seat.page.getByTestId('role-card').first().scrollIntoViewIfNeeded();
    await seat.page.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-phone-${role}-390.png` });
    await seat.page.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-phone-${role}-full-390.png`, fullPage: true });
    await expectPhoneSized(seat.page, `startgesprek ${role} card`);
  }
  await feedbackRound(presenter, screen, first, 0);
  const observer = first.find((seat) => seat.role === 'observer');
  if (observer) await observer.page.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-phone-feedback-sent-390.png`, fullPage: true });

  await presenter.getByRole('button', { name: 'Ronde 2 starten' }).click();
  await expect(board).toHaveAttribute('data-round', '1');
  await expect(board).toHaveAttribute('data-stage', 'playing');
  const second = await readSeats(phones, 1, 2);
  await expectRound(second);
  for (const seat of first.filter((candidate) => candidate.role === 'mentor')) {
    expect(second.find((candidate) => candidate.name === seat.name)?.role, `${seat.name} is not mentor twice`).not.toBe('mentor');
  }
  await feedbackRound(presenter, screen, second, 1);
  await expect(screen.getByText('Alle rondes zijn gespeeld. Ga door naar de evaluatie.')).toBeVisible();

  // The look back: answers from the phones and the rounds' feedback, without names.
  await forward(presenter, indexOf('evaluation'));
  await expect(heading).toHaveText('Terugblik');
  const lookBack = { Daan: 'De afspraak over het contact schoot er bijna bij in.', Esra: 'Ik vraag voortaan eerst de leerling wat die goed kan.' } as const;
  for (const [name, text] of Object.entries(lookBack)) {
    const form = phone(name).getByTestId('phone-evaluation').locator(`form[data-question-id="${name === 'Daan' ? 'lastig' : 'meenemen'}"]`);
    await form.getByRole('textbox').fill(text);
    await form.getByRole('button', { name: 'Versturen' }).click();
    await expect(form.getByText(text)).toBeVisible();
  }
  const wall = screen.getByTestId('feedback-wall');
  for (const text of Object.values(lookBack)) await expect(wall).toContainText(text);
  await expect(wall.getByRole('heading', { name: /^Van de waarnemers/ }).first()).toBeVisible();
  for (const name of NAMES) await expect(wall).not.toContainText(name);
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-evaluation-1920.png` });

  // Our own startgesprek in small groups; the plenary keeps two ideas as tips.
  await forward(presenter, indexOf('dialogue'));
  await expect(heading).toHaveText('Ons startgesprek');
  await presenter.getByRole('button', { name: 'Groepjes maken' }).click();
  const groupOf = async (name: string) => {
    await expect(phone(name).getByTestId('dialogue-group')).toContainText('Jij zit in Groepje');
    return ((await phone(name).getByTestId('dialogue-group').innerText()).match(/Groepje (\d+)/) ?? [])[1];
  };
  const dialogueGroups = new Map<string, string>();
  for (const name of NAMES) {
    const group = await groupOf(name);
    if (group && !dialogueGroups.has(group)) dialogueGroups.set(group, name);
  }
  const writers = [...dialogueGroups.values()];
  expect(writers.length, '12 mentors make more than one group').toBeGreaterThan(1);
  for (const [n, [questionId, text]] of Object.entries(IDEAS).entries()) {
    const writer = phone(writers[n % writers.length] ?? '');
    const form = writer.locator(`[data-testid="dialogue-question"][data-question-id="${questionId}"]`);
    await form.getByLabel('Jullie antwoord').fill(text);
    await form.getByRole('button', { name: 'Toevoegen' }).click();
    await expect(form.getByRole('listitem').filter({ hasText: text }).getByRole('button', { name: 'Wijzigen' })).toBeVisible();
  }
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-dialogue-1920.png` });
  await forward(presenter, indexOf('plenary'));
  await expect(screen.getByTestId('plenary-wall').getByTestId('wall-answer')).toHaveCount(3);
  for (const idea of [TEAM_IDEA, OTHER_IDEA]) {
    const answer = presenter.getByTestId('panel-answer').filter({ hasText: idea });
    await answer.getByRole('button', { name: '★ Als tip bewaren' }).click();
    await expect(answer.getByRole('button', { name: '★ Geen tip meer' })).toBeVisible();
  }

  // Action points: three personal ones (two for the report), the team backs one idea.
  await forward(presenter, indexOf('actions'));
  await expect(heading).toHaveText('Actiepunten');
  for (const [name, point] of Object.entries(POINTS)) {
    const actions = phone(name).getByTestId('phone-actions');
    await actions.getByLabel('Nieuw actiepunt').fill(point);
    await actions.getByRole('button', { name: 'Toevoegen' }).click();
    await expect(phone(name).getByTestId('my-action-points').getByRole('listitem').filter({ hasText: point }).getByRole('button', { name: 'Verwijderen' })).toBeVisible();
  }
  await phone('Anouk').getByRole('radio', { name: 'Ja, met mijn naam' }).check();
  await phone('Bram').getByRole('radio', { name: 'Ja, zonder mijn naam' }).check();
  await expect(phone('Anouk').getByRole('radio', { name: 'Ja, met mijn naam' })).toBeChecked();
  await expect(phone('Bram').getByRole('radio', { name: 'Ja, zonder mijn naam' })).toBeChecked();
  for (const [name, idea] of [['Anouk', TEAM_IDEA], ['Bram', TEAM_IDEA], ['Chaima', TEAM_IDEA], ['Daan', OTHER_IDEA]] as const) {
    const item = phone(name).getByTestId('phone-tips').getByRole('listitem').filter({ hasText: idea });
    await item.getByRole('button', { name: 'Steunen' }).click();
    await expect(item.getByRole('button', { name: '✓ Gesteund' })).toBeVisible();
  }
  const actionsBoard = screen.getByTestId('actions-board');
  await expect(actionsBoard.getByTestId('action-tip').filter({ hasText: TEAM_IDEA })).toContainText('3 stemmen');
  await expect(actionsBoard.getByTestId('action-writers')).toHaveText('3 van 12 hebben een eigen actiepunt');
  const choice = presenter.getByTestId('actions-panel').getByRole('listitem').filter({ hasText: TEAM_IDEA });
  await choice.getByRole('button', { name: 'Kies als teamactiepunt' }).click();
  await expect(actionsBoard.getByTestId('team-points').getByRole('listitem')).toHaveText([TEAM_IDEA]);
  for (const page of [presenter, screen]) for (const point of Object.values(POINTS)) await expect(page.locator('body')).not.toContainText(point);
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-actions-1920.png` });

  // The report: every statement with its votes, the second vote of the first, the team's point and
  // the personal points of those who agreed to it — and no one's vote by name.
  await presenter.goto(`/host/${code}/report`);
  await expect(presenter.getByRole('heading', { level: 1 })).toHaveText('Verslag: Het startgesprek');
  const results = presenter.getByTestId('report-statements').locator(':scope > li');
  await expect(results).toHaveCount(6);
  for (const [index, statement] of STATEMENTS.entries()) {
    const item = results.nth(index);
    await expect(item.getByRole('heading', { level: 3 })).toHaveText(statement);
    await expect(item).toContainText(`Eerste stemming (12 stemmen): ${shares(VOTES[index] ?? '')}`);
  }
  await expect(results.nth(0)).toContainText(`Tweede stemming (12 stemmen): ${shares(SECOND_VOTE)}`);
  await expect(presenter.getByTestId('report-team').getByRole('listitem')).toHaveText([TEAM_IDEA]);
  const report = presenter.getByTestId('report');
  await expect(report).toContainText(POINTS.Anouk);
  await expect(report).toContainText(POINTS.Bram);
  await expect(report).not.toContainText(POINTS.Chaima);
  await expect(report.getByRole('heading', { level: 3, name: 'Anouk' })).toBeVisible();
  await expect(report.getByRole('heading', { level: 3, name: 'Bram' })).toHaveCount(0);
  await expect(report).toContainText(lookBack.Esra);
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-report-1920.png`, fullPage: true });
});

test('the library and the facilitator’s guide show Het startgesprek with its six statements and their notes, in Dutch and in English', async ({ browser, server }) => {
  const page = await (await browser.newContext({ locale: 'nl-NL', baseURL: server.url })).newPage();
  await page.goto('/library/programmes/nl/startgesprek');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Het startgesprek');
  const list = page.getByTestId('library-statements');
  await expect(list.locator(':scope > ol > li')).toHaveCount(6);
  for (const statement of STATEMENTS) await expect(list).toContainText(statement);
  await expect(list).toContainText('97% van de ouders');
  await expect(page.locator('body')).toContainText('Ouderbetrokkenheid 3.0');
  // The facilitator's guide to print: the statements with their notes, the card set with its observer card.
  await page.goto('/library/programmes/nl/startgesprek/guide');
  const guide = page.getByTestId('guide-statements');
  await expect(guide.locator(':scope > li')).toHaveCount(6);
  await expect(guide).toContainText('Vraag: wat zouden jullie kunnen schrappen');
  await expect(page.locator('body')).toContainText('Waarnemer bij het startgesprek');
  await page.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-guide.png`, fullPage: true });
  await page.goto('/library/programmes/en/startgesprek');
  await expect(page.getByTestId('library-statements').locator(':scope > ol > li')).toHaveCount(6);
  await expect(page.getByTestId('library-statements')).toContainText('talking in peacetime');
  await page.context().close();
});

test('the English programme on the room’s screen and the phones: intros, a statement and the start-of-year cards', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const english = content.programmes.get('en/startgesprek');
  const englishSet = content.cardSets.get('en/startgesprek');
  if (!english || !englishSet) throw new Error('content: programme or card set startgesprek (en) is missing');
  const { page: presenter, screen, code } = await openProjector(browser, server, { programmeId: 'startgesprek', language: 'en' });
  const phones: Page[] = [];
  for (const name of ['Anouk', 'Bram', 'Chaima']) {
    const page = await openPhone(browser, server, code);
    await page.getByLabel(en.nameLabel).fill(name);
    await page.getByRole('button', { name: en.nameButton, exact: true }).click();
    await expect(page.getByTestId('my-name')).toHaveText(name);
    phones.push(page);
  }
  const heading = screen.getByRole('heading', { level: 1 });
  await presenter.getByRole('button', { name: new RegExp(`^${en.controlStart}\\b`) }).click();
  await expect(heading).toHaveText('Four basic forms');
  await expect(screen.getByTestId('stage')).toContainText('The annual start-of-year conversation');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-en-intro-1920.png` });
  await forward(presenter, 1);
  await expect(heading).toHaveText('Ten success factors');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-en-succesfactoren-1920.png` });

  await forward(presenter, 2);
  const first = english.phases[2]?.statements[0]?.text ?? '';
  await expect(screen.getByTestId('statement-text')).toHaveText(`“${first}”`);
  await presenter.getByRole('button', { name: en.stOpen }).click();
  for (const [n, page] of phones.entries()) await page.getByRole('radio', { name: [en.stChoices.agree, en.stChoices.agree, en.stChoices.disagree][n], exact: true }).click();
  await expect(screen.getByTestId('statement-votes')).toHaveText(en.stVotes(3, 3));
  await presenter.getByRole('button', { name: en.stClose }).click();
  await expect(screen.getByTestId('statement-result')).toBeVisible();
  await screen.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-en-statement-1920.png` });

  // The presenter's way forward moves through the statements first ("Next statement →"), then on to the role-play.
  const statements = english.phases[2]?.statements.length ?? 0;
  for (let at = 1; at < statements; at++) {
    await expect(presenter.getByTestId('forward')).toHaveText(`${en.stNext} →`);
    await presenter.getByTestId('forward').click();
    await expect(screen.getByTestId('statement-text')).toHaveText(`“${english.phases[2]?.statements[at]?.text ?? ''}”`);
  }
  await forward(presenter, 3);
  await presenter.getByLabel(en.rpFormats.trios).check();
  await presenter.getByLabel(en.rpObservers).check();
  await presenter.getByRole('button', { name: en.rpMakeGroups }).click();
  await presenter.getByRole('button', { name: en.rpStartRound(1) }).click();
  for (const page of phones) {
    const card = page.getByTestId('role-card').first();
    const id = await card.getAttribute('data-card-id');
    const role = englishSet.cards.find((candidate) => candidate.id === id);
    expect(role, `card ${id} is an English startgesprek card`).toBeDefined();
    await expect(card.getByRole('heading', { level: 3 })).toHaveText(role?.title ?? '');
    if (role?.role === 'mentor') {
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOT_DIR}startgesprek-en-phone-mentor-390.png` });
      await expectPhoneSized(page, 'English startgesprek mentor card');
    }
  }
});
