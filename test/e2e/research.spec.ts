/**
 * The research phase: four phones answer the team quickscan, the projector hides the team's
 * figures until three answered, then presents the findings step by step with exactly the team's
 * figures beside the research's; the report holds the same charts.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { loadContent } from '../../server/content/loadContent.ts';
import { STEP_MS } from '../../server/session/research/research.ts';
import { PROJECT_ROOT, startServer } from '../../server/startServer.ts';
import { createSession } from '../../scripts/lib/clients.ts';
import { expect, joinAs, openPhone, openProjector, presenterTo, serverClock, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** Each person's ratings (experience, importance) for two statements; everything else stays blank. */
const RATINGS: Record<string, Record<string, [number, number]>> = {
  Anouk: { 'thuissituatie-kennen': [4, 4], agenda: [1, 4] },
  Bram: { 'thuissituatie-kennen': [3, 4], agenda: [2, 4] },
  Chaima: { 'thuissituatie-kennen': [2, 3], agenda: [2, 3] },
  Daan: { 'thuissituatie-kennen': [1, 2], agenda: [3, 2] },
};
const EXPERIENCE = ['(Bijna) nooit', 'Soms', 'Vaak', '(Bijna) altijd'];
/** The two statements about knowing are asked how well, with the research's own answers. */
const KNOWING = new Set(['thuissituatie-kennen', 'rol-ouders-kennen']);
const KNOWS = ['Niet', 'Nauwelijks', 'Redelijk', 'Goed'];
const IMPORTANCE = ['Onbelangrijk', 'Niet zo belangrijk', 'Belangrijk', 'Heel belangrijk'];

async function rate(phone: Page, statementId: string, [experience, importance]: [number, number]) {
  const statement = phone.locator(`[data-testid="quickscan-statement"][data-statement-id="${statementId}"]`);
  const [question, answers] = KNOWING.has(statementId) ? ['Hoe goed ken je dit?', KNOWS] : ['Hoe vaak doe je dit?', EXPERIENCE];
  await statement.getByRole('group', { name: question }).getByText(answers[experience - 1]!, { exact: true }).click();
  await statement.getByRole('group', { name: 'Hoe belangrijk vind je dit?' }).getByText(IMPORTANCE[importance - 1]!, { exact: true }).click();
  await expect(statement.getByRole('radio', { name: IMPORTANCE[importance - 1]!, exact: true })).toBeChecked();
}

/** The chart's numbers as screen readers get them: per row, the cells in series order. */
async function chartTable(page: Page) {
  const table = page.getByTestId('research-statement').getByRole('table');
  const headers = await table.locator('thead th').allTextContents();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent?.trim() ?? '')));
  return { headers, rows };
}

test('the team quickscan beside the research: hidden below three answers, then exactly the team’s figures', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  // The bars stand at once (their growing is the second test's): each step's picture is the chart the room reads.
  await screen.emulateMedia({ reducedMotion: 'reduce' });
  const phones = new Map<string, Page>();
  for (const name of Object.keys(RATINGS)) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.set(name, phone);
  }
  await presenterTo(presenter, 1);
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Het onderzoek');
  await expect(screen.getByTestId('quickscan-respondents')).toHaveText('0 van 4 ingevuld');

  const anouk = phones.get('Anouk')!;
  await expect(anouk.getByTestId('quickscan-statement')).toHaveCount(11);
  // The first two answer: not enough to show anyone's figures.
  for (const name of ['Anouk', 'Bram']) for (const [id, pair] of Object.entries(RATINGS[name]!)) await rate(phones.get(name)!, id, pair);
  await expect(screen.getByTestId('quickscan-respondents')).toHaveText('2 van 4 ingevuld');
  await expect(anouk.getByTestId('quickscan-progress')).toHaveText('2 van 11 stellingen ingevuld');
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}research-phone-quickscan.png` });
  await screen.screenshot({ path: `${SCREENSHOT_DIR}research-audience-quickscan.png` });
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}research-presenter-quickscan.png` });
  // One way forward: no forward control on the room's screen, one on the presenter view.
  await expect(screen.getByRole('button')).toHaveCount(0);
  await expect(presenter.getByRole('button', { name: /→/ })).toHaveText(['Start de presentatie →', 'Presentatie overslaan: naar de volgende fase →']);

  // With two respondents the first statement shows only the research.
  await presenter.getByRole('button', { name: 'Start de presentatie →' }).click();
  await expect(presenter.getByTestId('forward')).toHaveText('Volgende stap →');
  await presenter.keyboard.press('ArrowRight');
  await expect(screen.getByTestId('research-statement')).toHaveAttribute('data-statement-id', 'thuissituatie-kennen');
  expect((await chartTable(screen)).headers).toEqual(['Mentoren (onderzoek)', 'Ouders (onderzoek)']);
  await expect(screen.getByTestId('research-board')).not.toContainText('Jullie team');

  // The other two answer late: the questionnaire is still on their phones, folded away under the takeaway.
  for (const name of ['Chaima', 'Daan']) {
    const phone = phones.get(name)!;
    await phone.getByText('Vragenlijst (nog aanpassen)').click();
    for (const [id, pair] of Object.entries(RATINGS[name]!)) await rate(phone, id, pair);
  }
  await expect(presenter.getByText('4 van 4 ingevuld')).toBeVisible();
  // Goed, redelijk, nauwelijks, niet → 1 of 4 knows it well, as the research's 31% counts: 25%; importance 4,4,3,2 → 75%.
  await expect.poll(() => chartTable(screen)).toEqual({
    headers: ['Jullie team', 'Mentoren (onderzoek)', 'Ouders (onderzoek)'],
    rows: [
      ['Mentor kent het goed', '25%', '31%', 'geen cijfer'],
      ['Vind ik belangrijk', '75%', '100%', '89%'],
    ],
  });
  // Phones show the same step's takeaway.
  await expect(anouk.getByTestId('phone-research-step')).toContainText('Stap 2 van');
  await expect(anouk.getByTestId('phone-research-step')).toContainText('toch zegt maar één op de drie');
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}research-phone-step.png` });

  // Walk every step with the arrow keys, a screenshot of each; the agenda's step is the team's largest gaps.
  const stepCount = Number((await screen.getByTestId('research-step').textContent())?.match(/van (\d+)/)?.[1]);
  expect(stepCount).toBe(10);
  // The clicker works on the audience screen too.
  await screen.keyboard.press('PageUp');
  for (let step = 1; step <= stepCount; step++) {
    await expect(screen.getByTestId('research-step')).toHaveText(`Stap ${step} van ${stepCount}`);
    await screen.screenshot({ path: `${SCREENSHOT_DIR}research-step-${String(step).padStart(2, '0')}.png` });
    if (step === 9) {
      // Agenda: experience 1,2,2,3 → 25%; importance 4,4,3,2 → 75%: the largest gap.
      await expect(screen.getByTestId('research-statement')).toHaveAttribute('data-statement-id', 'agenda');
      expect((await chartTable(screen)).rows[0]).toEqual(['Gebeurt vaak of altijd', '25%', 'geen cijfer', '58%']);
      await expect(screen.getByText('◆ Een van jullie grootste verschillen')).toBeVisible();
    }
    if (step < stepCount) await presenter.keyboard.press('ArrowRight');
  }
  // Two gaps of 50 points, each on its own scale; equal gaps keep the research's order.
  const gaps = screen.getByTestId('research-gap');
  await expect(gaps.first()).toContainText('Ik ken de thuissituatie van mijn mentorleerlingen.');
  await expect(gaps.first()).toContainText('75% vindt het belangrijk, 25% kent het goed');
  await expect(gaps.nth(1)).toContainText('Ik gebruik in mijn gesprekken met ouders een duidelijke agenda.');
  await expect(gaps.nth(1)).toContainText('75% vindt het belangrijk, 25% doet het vaak of altijd');
  // Past the last step the way forward is the next phase.
  await expect(presenter.getByTestId('forward')).toHaveText('Volgende →');
  await presenter.keyboard.press('ArrowRight');
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Dialoog in groepjes');

  // The report holds the team beside the research.
  const report = await presenter.context().newPage();
  await report.goto(`/host/${code}/report`);
  const charts = report.getByTestId('report-quickscan');
  await expect(charts.getByRole('heading', { name: 'Ik ken de thuissituatie van mijn mentorleerlingen.' })).toBeVisible();
  await expect(charts.locator('section').first().getByRole('table')).toContainText('25%');
  await report.setViewportSize({ width: 1920, height: 1080 });
  await report.screenshot({ path: `${SCREENSHOT_DIR}research-report.png`, fullPage: true });
  await report.pdf({ path: `${SCREENSHOT_DIR}research-report.pdf`, preferCSSPageSize: true, printBackground: true });
});

test('play runs the presentation by itself and pause stops it; reduced motion shows the bars at once', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  const phone = await openPhone(browser, server, code);
  await joinAs(phone, 'Esra');
  await screen.emulateMedia({ reducedMotion: 'reduce' });
  await presenterTo(presenter, 1);
  await presenter.getByRole('button', { name: 'Start de presentatie →' }).click();
  await expect(screen.getByTestId('research-step')).toHaveText('Stap 1 van 10');
  const playedAt = Date.now();
  await presenter.getByRole('button', { name: '▶ Afspelen' }).click();
  await expect(presenter.getByRole('button', { name: '❚❚ Pauzeren' })).toBeVisible();
  // A step lasts 24 s. Instead of waiting, the server's clock jumps to a second before the next one
  // (the step began after playedAt); showing the team's figures makes the room send views and set
  // its timer again from that clock. No client sends anything after that.
  serverClock.skewMs = playedAt + STEP_MS - 1000 - Date.now();
  await presenter.getByRole('button', { name: 'Cijfers van het team nu al tonen' }).click();
  await expect(presenter.getByRole('button', { name: 'Cijfers van het team verbergen' })).toBeVisible();
  // The next step comes by itself, on the room's screen and on the phone.
  await expect(screen.getByTestId('research-step')).toHaveText('Stap 2 van 10 · ▶');
  await expect(phone.getByTestId('phone-research-step')).toContainText('Stap 2 van 10');
  // No animation under reduced motion: the bar has its full width straight away.
  const bar = screen.locator('.bar').first();
  const animations = await bar.evaluate((element) => element.getAnimations().length);
  expect(animations).toBe(0);
  await presenter.getByRole('button', { name: '❚❚ Pauzeren' }).click();
  await expect(presenter.getByRole('button', { name: '▶ Afspelen' })).toBeVisible();
  await expect(screen.getByTestId('research-step')).toHaveText('Stap 2 van 10');
});

test('a programme with a video: the presenter switches the room’s screen between the presentation and the video', async ({ browser }) => {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-video-'));
  cpSync(join(PROJECT_ROOT, 'content'), dir, { recursive: true });
  mkdirSync(join(dir, 'media'), { recursive: true });
  writeFileSync(join(dir, 'media', 'onderzoek.mp4'), Buffer.from('bytes'));
  const file = join(dir, 'programmes', 'tienminutengesprekken.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('    quickscan: true\n', '    quickscan: true\n    video: onderzoek.mp4\n'));
  const server = await startServer({ content: loadContent(dir), mediaDir: join(dir, 'media') });
  try {
    const { code, hostToken } = await createSession(server.url);
    const open = async (path: string) => {
      const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: { width: 1920, height: 1080 } });
      await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [`driegesprek:host:${code}`, hostToken] as const);
      const page = await context.newPage();
      await page.goto(path);
      return page;
    };
    const presenter = await open(`/host/${code}`);
    const screen = await open(`/host/${code}/screen`);
    await presenter.getByRole('button', { name: 'Starten' }).click();
    await presenter.getByRole('button', { name: 'Volgende' }).click();
    await expect(screen.getByTestId('research-quickscan')).toBeVisible();
    await presenter.getByRole('button', { name: 'Video', exact: true }).click();
    await expect(screen.locator('video')).toHaveAttribute('src', '/media/onderzoek.mp4');
    await expect(screen.getByTestId('research-quickscan')).toHaveCount(0);
    // The presenter's preview does not play it a second time.
    await expect(presenter.locator('video')).toHaveCount(0);
    await screen.screenshot({ path: `${SCREENSHOT_DIR}research-video.png` });
    await presenter.getByRole('button', { name: 'Presentatie', exact: true }).click();
    await expect(screen.getByTestId('research-quickscan')).toBeVisible();
    // While the video plays, the arrow keys move between phases, not through the hidden presentation.
    await presenter.getByRole('button', { name: 'Video', exact: true }).click();
    await expect(screen.locator('video')).toHaveCount(1);
    await expect(presenter.getByRole('button', { name: 'Video', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await presenter.keyboard.press('ArrowRight');
    await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Dialoog in groepjes');
    await presenter.context().close();
    await screen.context().close();
  } finally {
    await server.close();
  }
});
