/**
 * The room's screen for a real team: every audience board, at 1920×1080 and at 1280×720, for 4, 12,
 * 30 and 60 people. Nothing the room reads is cut off or off screen, the page never scrolls, the
 * smallest text is at least 28 px on a 1920×1080 screen, and what does not fit one screen is on
 * its pages — every item on one of them, whole. The phones here are socket clients (the boards only
 * depend on what the phones send); the screens are real browser pages.
 * Screenshots: test/e2e/screenshots/audience-*.png.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { createSession, hostClient, joinedPhone, type Client } from '../../scripts/lib/clients.ts';
import { loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { expect, test, type RunningServer } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

// The library's content, and a programme with a statements phase (test/fixtures/content-statements):
// the shipped programmes have none yet.
const content = loadContent(join(PROJECT_ROOT, 'content'));
content.programmes.set('nl/stellingen', loadContent(fileURLToPath(new URL('../fixtures/content-statements', import.meta.url))).programmes.get('nl/stellingen')!);
test.use({ serverOptions: { content } });
const SCREENS = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
] as const;
/** The smallest text the room must read, at 1920×1080; a smaller screen scales it with its width. */
const MIN_FONT_PX = 28;

/** First names as a Dutch team has them: short and long, with accents and a hyphen. */
const NAMES = [
  'Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet', 'Koen', 'Lotte', 'Mees', 'Noor', 'Omar', 'Pien',
  'Quinten', 'Roos', 'Sem', 'Tess', 'Ugur', 'Vera', 'Wouter', 'Xander', 'Yara', 'Zoë', 'Anne-Marie', 'Bas', 'Celine', 'Dirk',
  'Emine', 'Frits', 'Gerdien', 'Hatice', 'Ingrid', 'Jeroen', 'Karin', 'Loes', 'Mohammed', 'Nadia', 'Olivier', 'Petra', 'Ruud',
  'Saskia', 'Thijs', 'Ursula', 'Vincent', 'Willemijn', 'Youssef', 'Zeynep', 'Annemieke', 'Bouchra', 'Christiaan', 'Desiree',
  'Evert-Jan', 'Fleur', 'Gert', 'Hendrikje', 'Iris', 'Jan-Willem',
];
/** Answers as people write them on a phone: short, middling, and one that runs on. */
const ANSWERS = [
  'Agenda vooraf mailen.',
  'Vragen hoe het thuis gaat met huiswerk, zonder oordeel.',
  'Ouders laten vertellen wat hun kind goed kan, voordat wij over cijfers praten.',
  'Eén doel per gesprek en dat samen opschrijven.',
  'De tolkentelefoon klaarzetten als ouders weinig Nederlands spreken, en dat van tevoren navragen bij de leerling of in het dossier.',
  'Beginnen met iets positiefs.',
];
const EVALUATION = ['Het perspectief van de ouder aannemen was lastiger dan ik dacht.', 'Doorvragen hielp.', 'Ik merkte dat ik snel een oordeel had over de ouder die alles aan school overliet.'];

const ok = { ok: true, data: null };

/** What the audit finds on one screen: nothing, when all is well. */
interface Audit {
  problems: string[];
  /** Per paged list: its items, by whether they are on the page now (whole) or not on it. */
  lists: { pages: number; page: number; shown: number[] }[];
  smallestFont: number;
}

/**
 * Looks at every piece of text on the stage: inside the screen, not cut off by the box it is in
 * (text off its box is allowed only inside a paged list: it is on another page), at least
 * `minFont` px; and the page itself does not scroll.
 */
function audit(minFont: number): Audit {
  const problems: string[] = [];
  const stage = document.querySelector<HTMLElement>('[data-testid="stage"]');
  if (!stage) return { problems: ['no stage'], lists: [], smallestFont: 0 };
  const root = document.scrollingElement ?? document.documentElement;
  if (root.scrollHeight > window.innerHeight + 1 || root.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page scrolls: ${root.scrollWidth}×${root.scrollHeight} in ${window.innerWidth}×${window.innerHeight}`);
  }
  const hiddenForAll = (el: Element) => el.closest('.visually-hidden, svg.defs, [aria-hidden="true"]:not(.rows)') !== null;
  let smallestFont = Infinity;
  const texts = [...stage.querySelectorAll('*')].filter(
    (el) => !hiddenForAll(el) && [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim()),
  );
  // The box each element's content is clipped to, and whether it lies in a paged list: worked out
  // once per element, from its parent's.
  type Clip = { left: number; top: number; right: number; bottom: number; paged: boolean };
  const clips = new Map<Element, Clip>();
  const clipOf = (element: Element): Clip => {
    const known = clips.get(element);
    if (known) return known;
    const parent = element === stage || !element.parentElement ? null : element.parentElement;
    let clip: Clip = parent ? { ...clipOf(parent) } : { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight, paged: false };
    if (element.hasAttribute('data-pages')) clip.paged = true;
    const style = getComputedStyle(element);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
      const box = element.getBoundingClientRect();
      clip = { left: Math.max(clip.left, box.left), top: Math.max(clip.top, box.top), right: Math.min(clip.right, box.right), bottom: Math.min(clip.bottom, box.bottom), paged: clip.paged };
    }
    clips.set(element, clip);
    return clip;
  };
  for (const el of texts) {
    const text = el.textContent?.trim().slice(0, 40) ?? '';
    const rect = el.getBoundingClientRect();
    const { paged, ...clip } = el.parentElement ? clipOf(el.parentElement) : clipOf(el);
    const inside = rect.left >= clip.left - 1 && rect.right <= clip.right + 1 && rect.top >= clip.top - 1 && rect.bottom <= clip.bottom + 1;
    const outside = rect.right <= clip.left + 1 || rect.left >= clip.right - 1 || rect.bottom <= clip.top + 1 || rect.top >= clip.bottom - 1;
    if (!inside && !(outside && paged)) problems.push(`${outside ? 'off screen' : 'cut off'}: "${text}" at ${Math.round(rect.left)},${Math.round(rect.top)}–${Math.round(rect.right)},${Math.round(rect.bottom)}`);
    if (!inside) continue;
    const font = parseFloat(getComputedStyle(el).fontSize);
    smallestFont = Math.min(smallestFont, font);
    if (font < minFont - 0.05) problems.push(`too small (${font.toFixed(1)} px): "${text}"`);
  }
  const lists = [...stage.querySelectorAll<HTMLElement>('[data-pages]')].map((list) => {
    const box = list.getBoundingClientRect();
    const items = [...list.querySelectorAll<HTMLElement>('li.item')];
    const shown = items.flatMap((item, index) => {
      const rect = item.getBoundingClientRect();
      return rect.left >= box.left - 1 && rect.right <= box.right + 1 ? [index] : [];
    });
    return { pages: Number(list.dataset.pages), page: Number(list.dataset.page), shown };
  });
  return { problems, lists, smallestFont };
}

interface Room {
  code: string;
  host: Client<ProjectorView>;
  phones: Client<PhoneView>[];
  screens: { page: Page; width: number; height: number }[];
}

async function openRoom(browser: Browser, server: RunningServer, people: number, programmeId?: string): Promise<Room> {
  const { code, hostToken } = await createSession(server.url, programmeId);
  const host = hostClient(server.url, code, hostToken);
  await host.connected();
  const phones = await Promise.all(NAMES.slice(0, people).map((name) => joinedPhone(server.url, code, name)));
  await host.until((view) => view.participants.filter((p) => p.online).length === people);
  const screens = [];
  for (const { width, height } of SCREENS) {
    // Reduced motion: pages turn without sliding, so what the audit measures is where it stays.
    const context = await browser.newContext({ viewport: { width, height }, locale: 'nl-NL', baseURL: server.url, reducedMotion: 'reduce' });
    await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [`driegesprek:host:${code}`, hostToken] as const);
    const page = await context.newPage();
    await page.goto(`/host/${code}/screen`);
    await expect(page.getByTestId('stage')).toBeVisible();
    screens.push({ page, width, height });
  }
  return { code, host, phones, screens };
}

async function command(client: Client<ProjectorView> | Client<PhoneView>, event: string, payload: object = {}) {
  const result = await client.socket.emitWithAck(event as 'host:next', payload as Record<string, never>);
  expect(result, event).toEqual(ok);
}

/**
 * Audits `board` on every screen, page by page (the presenter turns them): each page whole, and
 * every item of each paged list shown whole on one page or another. `ready` says when a screen
 * shows the board.
 */
async function checkBoard(room: Room, people: number, board: string, ready: (page: Page) => Promise<void>, { pictures = true } = {}) {
  for (const screen of room.screens) await ready(screen.page);
  const minFontOf = (width: number) => (MIN_FONT_PX * width) / 1920;
  const counts = await Promise.all(room.screens.map(({ page }) => page.locator('[data-pages]').evaluateAll((lists) => lists.map((list) => Number((list as HTMLElement).dataset.pages)))));
  const pageCount = Math.max(1, ...counts.flat());
  // A board may not be on its first page (the role-play's groups stay where they were when a round starts).
  const startPages = await Promise.all(room.screens.map(({ page }) => page.locator('[data-pages]').evaluateAll((lists) => Number((lists[0] as HTMLElement | undefined)?.dataset.page ?? 0))));
  const seen = room.screens.map(() => new Map<number, Set<number>>());
  for (let turn = 0; turn < pageCount; turn++) {
    for (const [s, { page, width }] of room.screens.entries()) {
      const result = await page.evaluate(audit, minFontOf(width));
      expect(result.problems, `${board} for ${people} at ${width}, page ${turn + 1} of ${pageCount}`).toEqual([]);
      result.lists.forEach((list, index) => {
        const shown = seen[s]!.get(index) ?? new Set<number>();
        list.shown.forEach((item) => shown.add(item));
        seen[s]!.set(index, shown);
      });
      // A picture of each board's first two pages, for the eye; the audit above reads every page.
      if (pictures && turn < 2) await page.screenshot({ path: `${SCREENSHOT_DIR}audience-${people}-${board}-${width}${pageCount > 1 ? `-p${turn + 1}` : ''}.png` });
    }
    if (turn + 1 === pageCount) break;
    await command(room.host, 'host:screenPage', { delta: 1 });
    for (const [s, { page }] of room.screens.entries()) {
      const own = Math.max(1, ...counts[s]!);
      await expect(page.locator('[data-pages]').first()).toHaveAttribute('data-page', String((startPages[s]! + turn + 1) % own));
    }
  }
  for (const [s, { page, width }] of room.screens.entries()) {
    const totals = await page.locator('[data-pages]').evaluateAll((lists) => lists.map((list) => list.querySelectorAll('li.item').length));
    totals.forEach((total, index) => expect(seen[s]!.get(index)?.size ?? 0, `${board} for ${people} at ${width}: every item of list ${index + 1} on a page`).toBe(total));
  }
}

const phaseShown = (index: number) => (page: Page) => expect(page.getByTestId('projector-phase')).toHaveAttribute('data-phase-index', String(index));

for (const people of [4, 12, 30, 60]) {
  test(`every audience board fits 1920×1080 and 1280×720 with ${people} people`, async ({ browser, server }) => {
    test.setTimeout(180_000);
    const room = await openRoom(browser, server, people);
    const { host, phones } = room;

    await checkBoard(room, people, 'lobby', async (page) => {
      await expect(page.getByTestId('lobby-names').locator('li.item')).toHaveCount(people);
    });

    await command(host, 'host:start');
    await checkBoard(room, people, 'intro', phaseShown(0));

    // The research: the quickscan filling up, then its presentation.
    await command(host, 'host:next');
    await Promise.all(
      phones.map(async (phone, n) => {
        for (const statementId of ['thuissituatie-kennen', 'agenda', 'steun-ouders']) {
          await command(phone, 'phone:quickscanRate', { statementId, experience: ((n % 4) + 1) as 1, importance: 4 });
        }
      }),
    );
    await checkBoard(room, people, 'research-quickscan', async (page) => {
      await expect(page.getByTestId('quickscan-respondents')).toHaveText(`${people} van ${people} ingevuld`);
    });
    await command(host, 'host:researchStep', { delta: 1 });
    await checkBoard(room, people, 'research-intro', (page) => expect(page.getByTestId('research-step')).toHaveText(/^Stap 1 van/));
    await command(host, 'host:researchStep', { delta: 1 });
    await checkBoard(room, people, 'research-statement', (page) => expect(page.getByTestId('research-statement')).toBeVisible());
    const steps = (await host.until((view) => view.research?.step === 1)).research!.steps.length;
    // Every further step of the presentation, each statement's chart and the team's gaps.
    for (let step = 2; step < steps; step++) {
      await command(host, 'host:researchStep', { delta: 1 });
      await checkBoard(room, people, `research-step-${step + 1}`, (page) => expect(page.getByTestId('research-step')).toHaveText(new RegExp(`^Stap ${step + 1} van`)), { pictures: step + 1 === steps });
    }
    await expect(room.screens[0]!.page.getByTestId('research-team')).toBeVisible();

    // The dialogue: groups, then the flip-overs fill up — five questions, up to 30 answers each.
    await command(host, 'host:next');
    await command(host, 'host:dialogueStart');
    const questions = (await host.until((view) => (view.dialogue?.groups?.length ?? 0) > 0)).dialogue!.questions;
    const answerCount = Math.min(questions.length * 30, people * 5);
    await Promise.all(
      phones.map(async (phone, n) => {
        for (let k = n; k < answerCount; k += people) {
          const text = `${ANSWERS[k % ANSWERS.length]}${k >= ANSWERS.length ? ` (${k + 1})` : ''}`;
          await command(phone, 'phone:dialogueAnswer', { key: `answer-${k}-${'x'.repeat(8)}`, questionId: questions[k % questions.length]!.id, text });
        }
      }),
    );
    await checkBoard(room, people, 'dialogue', async (page) => {
      await expect(page.getByTestId('dialogue-group-card')).toHaveCount((await host.until(() => true)).dialogue!.groups!.length);
    });

    await command(host, 'host:next');
    const wall = await host.until((view) => view.dialogue?.mode === 'plenary');
    for (const answer of wall.dialogue!.wall.flatMap((column) => column.answers).slice(0, 3)) await command(host, 'host:plenaryTip', { answerId: answer.id, tip: true });
    await checkBoard(room, people, 'plenary', async (page) => {
      await expect(page.getByTestId('wall-pages').locator('li.item')).toHaveCount(questions.length + answerCount);
    });

    // The role-play: trios with an observer, the groups, then a round in play.
    await command(host, 'host:next');
    await command(host, 'host:roleplaySetup', { cardSetId: 'thuissituatie', format: 'trios', observers: true, rounds: 2, minutesPerRound: 5, observersSeeCards: true });
    await checkBoard(room, people, 'roleplay-groups', (page) => expect(page.getByTestId('roleplay-board')).toHaveAttribute('data-stage', 'grouping'));
    await command(host, 'host:roleplayStartRound');
    await checkBoard(room, people, 'roleplay-round', (page) => expect(page.getByTestId('roleplay-board')).toHaveAttribute('data-stage', 'playing'));
    // A team's few groups: every name beside its role, on one line, however the groups were made.
    if (people <= 12) {
      for (const { page, width } of room.screens) {
        const wrapped = await page.getByTestId('group').locator('li').evaluateAll((rows) =>
          rows.filter((row) => row.lastElementChild!.getBoundingClientRect().top >= row.firstElementChild!.getBoundingClientRect().bottom - 1).map((row) => row.textContent),
        );
        expect(wrapped, `names with their role below them at ${width}`).toEqual([]);
      }
    }

    // The evaluation: two answers from everyone.
    await command(host, 'host:next');
    const evaluation = (await host.until((view) => view.evaluation !== null)).evaluation!;
    await Promise.all(
      phones.map(async (phone, n) => {
        for (const [k, item] of evaluation.slice(0, 2).entries()) {
          await command(phone, 'phone:evaluationAnswer', { key: `eval-${n}-${k}-xxxxxxxx`, questionId: item.question.id, text: EVALUATION[(n + k) % EVALUATION.length]! });
        }
      }),
    );
    await checkBoard(room, people, 'evaluation', (page) => expect(page.getByTestId('evaluation-answer')).toHaveCount(people * 2));

    // The action points: everyone supports a tip, the facilitator makes one the team's.
    await command(host, 'host:next');
    const tips = (await host.until((view) => view.actions !== null)).actions!.tips;
    await Promise.all(phones.map((phone, n) => command(phone, 'phone:teamVote', { answerId: tips[n % tips.length]!.id, vote: true })));
    await command(host, 'host:teamPoint', { answerId: tips[0]!.id, chosen: true });
    await checkBoard(room, people, 'actions', (page) => expect(page.getByTestId('team-points').getByRole('listitem')).toHaveCount(1));

    await command(host, 'host:end');
    await checkBoard(room, people, 'closed', (page) => expect(page.getByTestId('projector-closed')).toBeVisible());

    host.close();
    for (const phone of phones) phone.close();
  });
}

for (const people of [4, 12, 30, 60]) {
  test(`the statements board fits 1920×1080 and 1280×720 with ${people} people`, async ({ browser, server }) => {
    test.setTimeout(120_000);
    const room = await openRoom(browser, server, people, 'stellingen');
    const { host, phones } = room;
    await command(host, 'host:start');
    await command(host, 'host:next');
    const choices = ['agree', 'agree', 'disagree', 'unsure', 'agree'] as const;
    // The longest statement of the fixture (near the 160 characters a statement may have).
    for (const statement of [0, 1, 2]) {
      if (statement > 0) await command(host, 'host:statementMove', { delta: 1 });
      await command(host, 'host:statementVote', { open: true });
      if (statement === 1) {
        // Two votes: too few to show how.
        for (const phone of phones.slice(0, 2)) await command(phone, 'phone:statementVote', { key: `vote-${statement}-${phone.last!.me!.id}`, phaseIndex: 1, statement, round: 1, choice: 'agree' });
        await command(host, 'host:statementVote', { open: false });
        await checkBoard(room, people, 'statements-too-few', (page) => expect(page.getByTestId('statement-too-few')).toBeVisible());
        continue;
      }
      await Promise.all(phones.map((phone, n) => command(phone, 'phone:statementVote', { key: `vote-${statement}-${phone.last!.me!.id}`, phaseIndex: 1, statement, round: 1, choice: choices[n % choices.length]! })));
      if (statement === 0) await checkBoard(room, people, 'statements-open', (page) => expect(page.getByTestId('statement-votes')).toHaveText(`${people} van ${people} gestemd`));
      await command(host, 'host:statementVote', { open: false });
      await checkBoard(room, people, `statements-result-${statement + 1}`, (page) => expect(page.getByTestId('statement-result')).toBeVisible());
      await command(host, 'host:statementVoteAgain');
      await Promise.all(phones.map((phone, n) => command(phone, 'phone:statementVote', { key: `again-${statement}-${phone.last!.me!.id}`, phaseIndex: 1, statement, round: 2, choice: choices[(n + 1) % choices.length]! })));
      await command(host, 'host:statementVote', { open: false });
      await checkBoard(room, people, `statements-two-rounds-${statement + 1}`, (page) => expect(page.getByTestId('statement-result')).toHaveCount(2));
    }
    host.close();
    for (const phone of phones) phone.close();
  });
}
