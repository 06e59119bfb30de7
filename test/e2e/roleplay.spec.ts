/**
 * The role-play phase ("Oefenen") end to end: the set-up form on the presenter view, groups on the
 * room's screen, private role cards on the phones, rotating roles, and feedback that reaches the
 * right mentor. Plus screenshots of every role's phone and of both screens, for review by eye.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from '@playwright/test';
import { loadContent } from '../../server/content/loadContent.ts';
import type { Card } from '../../server/content/types.ts';
import type { PlayRole } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { expect, joinAs, openPhone, openProjector, presenterTo, test, type RunningServer } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

const content = loadContent(join(PROJECT_ROOT, 'content'));
const programme = content.programmes.get('nl/tienminutengesprekken');
const cardSet = content.cardSets.get('nl/thuissituatie');
if (!programme || !cardSet) throw new Error('content: programme tienminutengesprekken or card set thuissituatie is missing');
const CARDS = cardSet.cards;
/** The role-play phase of the default programme: "Oefenen", the 5th of 6. */
const ROLEPLAY_INDEX = programme.phases.findIndex((phase) => phase.kind === 'roleplay');
const ROLEPLAY_TITLE = programme.phases[ROLEPLAY_INDEX]?.title ?? '';
const PHASE_COUNT = programme.phases.length;

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs'];

/** The Dutch role names, as the board and the phones show them (nl.ts `roles`). */
const ROLE_LABEL: Record<PlayRole, string> = { mentor: 'Mentor', parent: 'Ouder', student: 'Leerling', observer: 'Waarnemer' };
const ROLE_OF_LABEL = new Map<string, PlayRole>(Object.entries(ROLE_LABEL).map(([role, label]) => [label, role as PlayRole]));

const SELF_QUESTION = 'Wat ging goed? En wat doe je de volgende keer anders?';

// --- card text --------------------------------------------------------------------------------

const decode = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The plain-text pieces of rendered card HTML (a paragraph, a list item), long enough to be telling. */
function fragments(html: string): string[] {
  return html
    .split(/<[^>]+>/)
    .map((piece) => collapse(decode(piece)))
    .filter((piece) => piece.length >= 12);
}

const cardFragments = (card: Card) => [card.wantsHtml, card.keepsHtml, card.tipHtml].flatMap(fragments);

/** The fragments of `cards` that occur in the page's rendered text. */
async function leakedText(page: Page, cards: Card[]): Promise<string[]> {
  const text = collapse(await page.locator('body').innerText());
  return cards.flatMap(cardFragments).filter((fragment) => text.includes(fragment));
}

// --- setting up -------------------------------------------------------------------------------

interface Player {
  name: string;
  page: Page;
}

/** The facilitator's two screens: the presenter view with the controls, the audience screen the room reads. */
interface Room {
  presenter: Page;
  screen: Page;
}

/** The facilitator's screens and one joined phone per name, advanced to the role-play phase. */
async function toRoleplayPhase(browser: Browser, server: RunningServer, names: string[]): Promise<Room & { players: Player[] }> {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  const players: Player[] = [];
  for (const name of names) {
    const page = await openPhone(browser, server, code);
    await joinAs(page, name);
    players.push({ name, page });
  }
  await expect(screen.getByTestId('participants').getByRole('listitem')).toHaveCount(names.length);

  await presenterTo(presenter, ROLEPLAY_INDEX);
  const phase = screen.getByTestId('projector-phase');
  await expect(phase).toHaveAttribute('data-phase-index', String(ROLEPLAY_INDEX));
  await expect(phase.getByRole('heading', { level: 1 })).toHaveText(ROLEPLAY_TITLE);
  await expect(phase.getByText(`Fase ${ROLEPLAY_INDEX + 1} van ${PHASE_COUNT}`)).toBeVisible();
  for (const { page } of players) {
    await expect(page.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', String(ROLEPLAY_INDEX));
    await expect(page.getByTestId('phone-roleplay')).toContainText('De begeleider maakt zo de groepjes. Even geduld.');
  }
  return { presenter, screen, players };
}

/** Waits for the set-up form and checks that it knows who is there. */
async function expectSetupForm(presenter: Page, present: number): Promise<void> {
  const setup = presenter.getByTestId('roleplay-setup');
  await expect(setup.getByRole('heading', { name: 'Oefengesprekken klaarzetten' })).toBeVisible();
  await expect(setup.getByText(`${present} deelnemers zijn er nu`)).toBeVisible();
  await expect(setup.getByRole('button', { name: 'Groepjes maken' })).toBeEnabled();
}

/** Fills in the set-up form: Thuissituatie, trios with an observer, `rounds` rounds of 5 minutes. */
async function fillSetupForm(presenter: Page, rounds: number): Promise<void> {
  await presenter.getByLabel('Kaartenset').selectOption({ label: `${cardSet?.title} (${CARDS.length})` });
  await presenter.getByLabel('Drietallen: mentor, ouder en leerling').check();
  await presenter.getByLabel('Met waarnemer die feedback geeft').check();
  await presenter.getByLabel('Aantal rondes').fill(String(rounds));
  await presenter.getByLabel('Minuten per gesprek').fill('5');
}

// --- the board --------------------------------------------------------------------------------

interface Member {
  name: string;
  role: PlayRole | null;
}
interface BoardGroup {
  title: string;
  members: Member[];
}

const board = (screen: Page) => screen.getByTestId('roleplay-board');

/** The groups as the room's screen shows them; call once the board is in the expected state. */
async function readBoard(screen: Page): Promise<BoardGroup[]> {
  const groups: BoardGroup[] = [];
  for (const group of await board(screen).getByTestId('group').all()) {
    const members: Member[] = [];
    // Before the first round: the names on one line, no roles yet.
    const names = group.locator('.names');
    if (await names.count()) for (const name of ((await names.textContent()) ?? '').split(', ')) members.push({ name, role: null });
    for (const item of await group.getByRole('listitem').all()) {
      const name = (await item.locator('.name').textContent()) ?? '';
      const roleLabel = item.locator('.role');
      const role = (await roleLabel.count()) ? (ROLE_OF_LABEL.get((await roleLabel.textContent()) ?? '') ?? null) : null;
      members.push({ name, role });
    }
    groups.push({ title: (await group.getByRole('heading', { level: 3 }).textContent()) ?? '', members });
  }
  return groups;
}

async function expectBoardStage(screen: Page, stage: 'grouping' | 'playing' | 'feedback', round: number): Promise<void> {
  await expect(board(screen)).toHaveAttribute('data-stage', stage);
  await expect(board(screen)).toHaveAttribute('data-round', String(round));
}

/** Neither of the facilitator's screens shows a word of any card. */
async function expectNoCardText({ presenter, screen }: Room): Promise<void> {
  expect(await leakedText(screen, CARDS), 'the room’s screen shows no card text').toEqual([]);
  expect(await leakedText(presenter, CARDS), 'the presenter view shows no card text').toEqual([]);
}

const mentorOf = (group: BoardGroup): string => group.members.find((member) => member.role === 'mentor')?.name ?? '';
const playerNamed = (players: Player[], name: string): Player => {
  const player = players.find((candidate) => candidate.name === name);
  if (!player) throw new Error(`no phone for ${name}`);
  return player;
};

// --- a round ----------------------------------------------------------------------------------

/**
 * Checks one round in play: the board shows every group's roles and a running clock, each phone
 * shows its own role and card and nobody else's (observers see their group's), and no card text
 * reaches the facilitator's screens. Returns the board.
 */
async function expectRoundInPlay(room: Room, players: Player[], round: number, rounds: number): Promise<BoardGroup[]> {
  const { screen } = room;
  await expectBoardStage(screen, 'playing', round);
  await expect(board(screen).getByRole('heading', { level: 2 })).toHaveText(`Ronde ${round + 1} van ${rounds}`);
  const clock = board(screen).getByTestId('countdown');
  await expect(clock).toHaveAttribute('data-state', 'running');
  await expect(clock.getByRole('timer')).toHaveText(/^[45]:\d\d$/);

  const groups = await readBoard(screen);
  expect(groups.flatMap((group) => group.members.map((member) => member.name)).sort(), 'every name once on the board').toEqual([...NAMES].sort());
  for (const group of groups) {
    const roles = group.members.map((member) => member.role);
    expect(roles.filter((role) => role === 'mentor'), `${group.title}: exactly one mentor`).toHaveLength(1);
    // 7 people in trios with an observer: one group of 4 (with observer), one trio.
    const expected: PlayRole[] = group.members.length === 4 ? ['mentor', 'observer', 'parent', 'student'] : ['mentor', 'parent', 'student'];
    expect([...roles].sort(), `${group.title}: the roles`).toEqual(expected);
  }

  for (const group of groups) {
    for (const member of group.members) {
      const role = member.role as PlayRole;
      const { page } = playerNamed(players, member.name);
      const roleplay = page.getByTestId('phone-roleplay');
      await expect(roleplay.getByText(`Ronde ${round + 1} van ${rounds}`, { exact: true }), member.name).toBeVisible();
      await expect(roleplay.getByRole('heading', { level: 2, name: /^Jouw rol:/ }), member.name).toHaveText(`Jouw rol: ${ROLE_LABEL[role]}`);
      await expect(roleplay.getByTestId('countdown')).toHaveAttribute('data-state', 'running');

      // The others in my group, by name and role.
      const others = group.members.filter((other) => other.name !== member.name);
      const myGroup = page.getByTestId('my-group');
      await expect(myGroup.locator(':scope > li')).toHaveCount(others.length);
      for (const other of others) await expect(myGroup, member.name).toContainText(`${other.name} · ${ROLE_LABEL[other.role as PlayRole]}`);

      const cards = page.getByTestId('role-card');
      const own = cards.first();
      await expect(own, `${member.name} has a ${role} card`).toHaveClass(new RegExp(`\\brole-${role}\\b`));
      const ownId = (await own.getAttribute('data-card-id')) ?? '';
      const ownCard = CARDS.find((card) => card.id === ownId && card.role === role);
      expect(ownCard, `${member.name}'s card ${ownId} is a ${role} card of the set`).toBeDefined();
      await expect(own.getByRole('heading', { level: 3 })).toHaveText(ownCard?.title ?? '');
      if (role === 'observer') {
        // Observers may see the cards of their group (the default setting).
        await expect(cards).toHaveCount(group.members.length);
        await expect(page.getByText('Je zegt niets tijdens het gesprek. Let goed op en geef daarna feedback.')).toBeVisible();
        // …which also shows that leakedText() finds card text where there is some.
        const groupCards = CARDS.filter((card) => card.role !== 'observer');
        const seen = await leakedText(page, groupCards);
        for (const id of await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-card-id')))) {
          const card = groupCards.find((candidate) => candidate.id === id);
          if (card) expect(seen, `the observer ${member.name} reads the ${card.role} card`).toEqual(expect.arrayContaining(fragments(card.keepsHtml)));
        }
      } else {
        await expect(cards, `${member.name} sees only their own card`).toHaveCount(1);
        await expect(page.getByText('Laat deze kaart niet aan je medespelers zien.')).toBeVisible();
        const foreign = CARDS.filter((card) => card.id !== ownId);
        expect(await leakedText(page, foreign), `${member.name} (${role}) sees no text of another card`).toEqual([]);
      }
      if (role === 'mentor') {
        await expect(own).toHaveAttribute('data-card-id', 'mentor');
        await expect(own.getByRole('heading', { level: 3 })).toHaveText(CARDS.find((card) => card.role === 'mentor')?.title ?? 'Mentor');
        const hidden = CARDS.filter((card) => card.role === 'parent' || card.role === 'student');
        expect(await leakedText(page, hidden), `the mentor ${member.name} never sees what a parent or student keeps`).toEqual([]);
      }
    }
  }
  await expectNoCardText(room);
  return groups;
}

const answerOf = (name: string, round: number) => `Ronde ${round + 1}: ${name} vond de open vraag over thuis sterk.`;
const reflectionOf = (name: string, round: number) => `Ronde ${round + 1}: ik (${name}) luister de volgende keer langer.`;

/** Ends the round, lets every phone send feedback, and checks that each mentor gets their group's. */
async function feedbackRound(room: Room, players: Player[], groups: BoardGroup[], round: number, rounds: number): Promise<void> {
  const { presenter, screen } = room;
  await presenter.getByRole('button', { name: 'Ronde afronden: feedback' }).click();
  await expectBoardStage(screen, 'feedback', round);
  const count = screen.getByTestId('feedback-count');
  await expect(count).toHaveText(`0 van ${NAMES.length} hebben feedback gegeven`);

  for (const group of groups) {
    for (const member of group.members) {
      const { page } = playerNamed(players, member.name);
      const form = page.getByTestId('feedback-form');
      await expect(form.getByRole('heading', { name: 'Feedback na het gesprek' }), member.name).toBeVisible();
      if (member.role === 'mentor') {
        await expect(form.getByRole('textbox')).toHaveCount(1);
        await form.getByLabel(SELF_QUESTION).fill(reflectionOf(member.name, round));
      } else {
        // The role's own questions (observer, parent, student): answer the first.
        await expect(form.getByRole('textbox').first()).toBeVisible();
        expect(await form.getByRole('textbox').count(), `${member.name} (${member.role}) gets questions`).toBeGreaterThan(1);
        await form.getByRole('textbox').first().fill(answerOf(member.name, round));
      }
      await form.getByRole('button', { name: 'Versturen' }).click();
      await expect(form.getByRole('status')).toHaveText('Dank je! Je feedback is verstuurd.');
    }
  }
  await expect(count).toHaveText(`${NAMES.length} van ${NAMES.length} hebben feedback gegeven`);
  await expect(board(screen).locator('.sent')).toHaveCount(NAMES.length);

  for (const group of groups) {
    const mentor = playerNamed(players, mentorOf(group));
    const received = mentor.page.getByTestId('received-feedback');
    await expect(received.getByRole('heading', { name: 'Feedback voor jou als mentor' })).toBeVisible();
    const givers = group.members.filter((member) => member.role !== 'mentor');
    await expect(received.getByRole('article').filter({ hasText: `Ronde ${round + 1} van ${rounds}` })).toHaveCount(givers.length);
    for (const giver of givers) {
      await expect(received, `${giver.name}'s answer reaches ${mentor.name}`).toContainText(answerOf(giver.name, round));
    }
    await expect(received, 'a mentor’s self-reflection is not fed back').not.toContainText(reflectionOf(mentor.name, round));
  }
  // Each mentor's feedback is theirs alone: not on the other group's mentor, not on the facilitator's screens.
  for (const group of groups) {
    for (const other of groups.filter((candidate) => candidate !== group)) {
      const otherMentor = playerNamed(players, mentorOf(other)).page;
      for (const giver of group.members.filter((member) => member.role !== 'mentor')) {
        await expect(otherMentor.locator('body'), `${giver.name}'s answer stays out of ${mentorOf(other)}'s phone`).not.toContainText(answerOf(giver.name, round));
      }
    }
  }
  for (const page of [presenter, screen]) {
    const text = await page.locator('body').innerText();
    for (const { name } of players) {
      expect(text, 'no feedback text on the facilitator’s screens').not.toContain(answerOf(name, round));
      expect(text).not.toContain(reflectionOf(name, round));
    }
  }
  await expectNoCardText(room);
}

test('two role-play rounds with 7 phones and feedback', async ({ browser, server }) => {
  const { players, ...room } = await toRoleplayPhase(browser, server, NAMES);
  const { presenter, screen } = room;

  await expectSetupForm(presenter, NAMES.length);
  await fillSetupForm(presenter, 2);
  await presenter.getByRole('button', { name: 'Groepjes maken' }).click();

  // The groups: every name exactly once, no roles yet; the phones are told to find their group.
  await expectBoardStage(screen, 'grouping', -1);
  await expect(board(screen)).toContainText('Thuissituatie');
  const grouped = await readBoard(screen);
  expect(grouped.map((group) => group.members.length).sort(), '7 in trios with observers: 4 + 3').toEqual([3, 4]);
  expect(grouped.flatMap((group) => group.members.map((member) => member.name)).sort()).toEqual([...NAMES].sort());
  expect(grouped.flatMap((group) => group.members.map((member) => member.role)).filter(Boolean)).toEqual([]);
  for (const { page } of players) await expect(page.getByText('De groepjes staan klaar. Zoek je groepje op.')).toBeVisible();
  await expect(presenter.getByRole('button', { name: 'Ronde 1 starten' })).toBeVisible();

  // Round 1.
  await presenter.getByRole('button', { name: 'Ronde 1 starten' }).click();
  const first = await expectRoundInPlay(room, players, 0, 2);
  expect(first.map((group) => group.members.map((member) => member.name)), 'the groups stay as made').toEqual(
    grouped.map((group) => group.members.map((member) => member.name)),
  );
  await feedbackRound(room, players, first, 0, 2);

  // Round 2: the same groups, every group a different mentor.
  await presenter.getByRole('button', { name: 'Ronde 2 starten' }).click();
  const second = await expectRoundInPlay(room, players, 1, 2);
  expect(second.map((group) => group.members.map((member) => member.name))).toEqual(first.map((group) => group.members.map((member) => member.name)));
  for (const [index, group] of second.entries()) {
    expect(mentorOf(group), `${group.title}: a new mentor in round 2`).not.toBe(mentorOf(first[index] as BoardGroup));
  }
  await feedbackRound(room, players, second, 1, 2);

  // Round 1's mentors still have their feedback; nothing more to start.
  for (const group of first) {
    const received = playerNamed(players, mentorOf(group)).page.getByTestId('received-feedback');
    await expect(received.getByRole('article').filter({ hasText: 'Ronde 1 van 2' })).toHaveCount(group.members.length - 1);
  }
  await expect(screen.getByText('Alle rondes zijn gespeeld. Ga door naar de evaluatie.')).toBeVisible();
  await expect(presenter.getByTestId('roleplay-panel')).toContainText('Alle rondes zijn gespeeld. Ga door naar de evaluatie.');
  await expect(presenter.getByRole('button', { name: /^Ronde \d starten$/ })).toHaveCount(0);

  // The evaluation looks back at all of it, without names.
  await presenter.getByRole('button', { name: 'Volgende' }).click();
  const wall = screen.getByTestId('feedback-wall');
  await expect(wall.getByRole('heading', { name: 'Uit de oefengesprekken (zonder namen)' })).toBeVisible();
  await expect(wall.getByRole('heading', { name: 'Mentoren over zichzelf' })).toHaveCount(0);
  await expect(wall.getByRole('heading', { name: /^Van de waarnemers/ }).first()).toBeVisible();
  // Every answer of both rounds is there, listed without who gave it (the answers themselves were
  // written with a name in them by this test, so the check is the count and the bare list items).
  // Two rounds of two groups: everyone but the two mentors answered each round.
  await expect(wall.getByTestId('evaluation-answer')).toHaveCount(2 * (NAMES.length - 2));
  await expect(wall).not.toContainText('luister de volgende keer langer');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}roleplay-audience-evaluation.png` });
});

// --- screenshots ------------------------------------------------------------------------------

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, animations: 'disabled', fullPage: options.fullPage ?? false });
}

/** A screenshot of the viewport with `target` scrolled into view. */
async function shootAt(page: Page, target: Locator, name: string): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  await expect(target).toBeInViewport();
  await shoot(page, name);
}

test("each role's phone and the facilitator's screens during a round", async ({ browser, server }) => {
  const { presenter, screen, players } = await toRoleplayPhase(browser, server, NAMES);

  await expectSetupForm(presenter, NAMES.length);
  await fillSetupForm(presenter, 2);
  await expect(presenter.getByLabel('Drietallen: mentor, ouder en leerling')).toBeChecked();
  await shoot(presenter, 'roleplay-presenter-setup');
  await shoot(screen, 'roleplay-audience-setup');

  await presenter.getByRole('button', { name: 'Groepjes maken' }).click();
  await expectBoardStage(screen, 'grouping', -1);
  await expect(board(screen).getByTestId('group')).toHaveCount(2);
  await shoot(presenter, 'roleplay-presenter-groups');
  await shoot(screen, 'roleplay-audience-groups');

  await presenter.getByRole('button', { name: 'Ronde 1 starten' }).click();
  await expectBoardStage(screen, 'playing', 0);
  await expect(board(screen).getByTestId('countdown')).toHaveAttribute('data-state', 'running');
  await expect(board(screen).locator('.role')).toHaveCount(NAMES.length);
  const groups = await readBoard(screen);
  await shoot(presenter, 'roleplay-presenter-round');
  await shoot(screen, 'roleplay-audience-round');

  const bigGroup = groups.find((group) => group.members.length === 4) ?? groups[0];
  if (!bigGroup) throw new Error('no groups on the board');
  const byRole = (role: PlayRole): Player => playerNamed(players, bigGroup.members.find((member) => member.role === role)?.name ?? '');

  for (const role of ['mentor', 'parent', 'student', 'observer'] as const) {
    const { page, name } = byRole(role);
    await expect(page.getByRole('heading', { name: `Jouw rol: ${ROLE_LABEL[role]}` }), name).toBeVisible();
    await expect(page.getByTestId('role-card').first()).toHaveClass(new RegExp(`\\brole-${role}\\b`));
    await shoot(page, `roleplay-phone-${role}`);
    await shoot(page, `roleplay-phone-${role}-full`, { fullPage: true });
  }

  await presenter.getByRole('button', { name: 'Ronde afronden: feedback' }).click();
  await expectBoardStage(screen, 'feedback', 0);

  // The feedback form, on the observer's phone (the longest list of questions).
  const observer = byRole('observer');
  const form = observer.page.getByTestId('feedback-form');
  await expect(form.getByRole('heading', { name: 'Feedback na het gesprek' })).toBeVisible();
  await shoot(observer.page, 'roleplay-phone-feedback-form');
  await shoot(observer.page, 'roleplay-phone-feedback-form-full', { fullPage: true });

  for (const member of bigGroup.members) {
    const { page } = playerNamed(players, member.name);
    const memberForm = page.getByTestId('feedback-form');
    const text = member.role === 'mentor' ? 'Ik stelde te snel een tweede vraag.' : `${member.name}: je vroeg door op "gewoon, thuis" zonder te oordelen. Tip: vat vaker samen.`;
    await memberForm.getByRole('textbox').first().fill(text);
    await memberForm.getByRole('button', { name: 'Versturen' }).click();
    await expect(memberForm.getByRole('status')).toHaveText('Dank je! Je feedback is verstuurd.');
  }
  await expect(screen.getByTestId('feedback-count')).toHaveText(`${bigGroup.members.length} van ${NAMES.length} hebben feedback gegeven`);
  await shoot(screen, 'roleplay-audience-feedback');

  const mentor = byRole('mentor');
  const received = mentor.page.getByTestId('received-feedback');
  await expect(received.getByRole('article')).toHaveCount(bigGroup.members.length - 1);
  await shoot(mentor.page, 'roleplay-phone-mentor-after-feedback');
  await shootAt(mentor.page, received, 'roleplay-phone-mentor-received');
  await shoot(mentor.page, 'roleplay-phone-mentor-received-full', { fullPage: true });
});
