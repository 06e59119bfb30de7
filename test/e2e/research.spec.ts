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
import { expect, joinAs, openPhone, openProjector, serverClock, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** Each person's ratings (experience, importance) for two statements; everything else stays blank. */
const RATINGS: Record<string, Record<string, [number, number]>> = {
  Anouk: { 'thuissituatie-kennen': [4, 4], agenda: [1, 4] },
  Bram: { 'thuissituatie-kennen': [3, 4], agenda: [2, 4] },
  Chaima: { 'thuissituatie-kennen': [2, 3], agenda: [2, 3] },
  Daan: { 'thuissituatie-kennen': [1, 2], agenda: [3, 2] },
};
const EXPERIENCE = ['(Bijna) nooit', 'Soms', 'Vaak', '(Bijna) altijd'];
const IMPORTANCE = ['Onbelangrijk', 'Niet zo belangrijk', 'Belangrijk', 'Heel belangrijk'];

async function rate(phone: Page, statementId: string, [experience, importance]: [number, number]) {
  const statement = phone.locator(`[data-testid="quickscan-statement"][data-statement-id="${statementId}"]`);
  await statement.getByRole('group', { name: 'Hoe vaak doe je dit?' }).getByText(EXPERIENCE[experience - 1]!, { exact: true }).click();
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
  const { page: projector, code } = await openProjector(browser, server);
  const phones = new Map<string, Page>();
  for (const name of Object.keys(RATINGS)) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.set(name, phone);
  }
  await projector.getByRole('button', { name: 'Starten' }).click();
  await projector.keyboard.press('ArrowRight');
  await expect(projector.getByRole('heading', { level: 1 })).toHaveText('Het onderzoek');
  await expect(projector.getByTestId('quickscan-respondents')).toHaveText('0 van 4 ingevuld');

  const anouk = phones.get('Anouk')!;
  await expect(anouk.getByTestId('quickscan-statement')).toHaveCount(11);
  // The first two answer: not enough to show anyone's figures.
  for (const name of ['Anouk', 'Bram']) for (const [id, pair] of Object.entries(RATINGS[name]!)) await rate(phones.get(name)!, id, pair);
  await expect(projector.getByTestId('quickscan-respondents')).toHaveText('2 van 4 ingevuld');
  await expect(anouk.getByTestId('quickscan-progress')).toHaveText('2 van 11 stellingen ingevuld');
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}research-phone-quickscan.png` });
  await projector.screenshot({ path: `${SCREENSHOT_DIR}research-projector-quickscan.png` });

  // With two respondents the first statement shows only the research.
  await projector.getByRole('button', { name: 'Start de presentatie →' }).click();
  await projector.keyboard.press('ArrowRight');
  await expect(projector.getByTestId('research-statement')).toHaveAttribute('data-statement-id', 'thuissituatie-kennen');
  expect((await chartTable(projector)).headers).toEqual(['Mentoren (onderzoek)', 'Ouders (onderzoek)']);
  await expect(projector.getByTestId('research-board')).not.toContainText('Jullie team');

  // The other two answer late: the questionnaire is still on their phones, folded away under the takeaway.
  for (const name of ['Chaima', 'Daan']) {
    const phone = phones.get(name)!;
    await phone.getByText('Vragenlijst (nog aanpassen)').click();
    for (const [id, pair] of Object.entries(RATINGS[name]!)) await rate(phone, id, pair);
  }
  await expect(projector.getByText('4 van 4 ingevuld')).toBeVisible();
  // Experience 4,3,2,1 → 2 of 4 say often or always: 50%; importance 4,4,3,2 → 75%.
  await expect.poll(() => chartTable(projector)).toEqual({
    headers: ['Jullie team', 'Mentoren (onderzoek)', 'Ouders (onderzoek)'],
    rows: [
      ['Gebeurt vaak of altijd', '50%', '31%', 'geen cijfer'],
      ['Vind ik belangrijk', '75%', '100%', '89%'],
    ],
  });
  // Phones show the same step's takeaway.
  await expect(anouk.getByTestId('phone-research-step')).toContainText('Stap 2 van');
  await expect(anouk.getByTestId('phone-research-step')).toContainText('toch zegt maar een op de drie');
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}research-phone-step.png` });

  // Walk every step with the arrow keys, a screenshot of each; the agenda's step is the team's largest gaps.
  const stepCount = Number((await projector.getByTestId('research-step').textContent())?.match(/van (\d+)/)?.[1]);
  expect(stepCount).toBe(10);
  await projector.keyboard.press('ArrowLeft');
  for (let step = 1; step <= stepCount; step++) {
    await expect(projector.getByTestId('research-step')).toHaveText(`Stap ${step} van ${stepCount}`);
    // The bars grow in; the picture is of the chart as the room reads it.
    await projector.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
    await projector.screenshot({ path: `${SCREENSHOT_DIR}research-step-${String(step).padStart(2, '0')}.png` });
    if (step === 9) {
      // Agenda: experience 1,2,2,3 → 25%; importance 4,4,3,2 → 75%: the largest gap.
      await expect(projector.getByTestId('research-statement')).toHaveAttribute('data-statement-id', 'agenda');
      expect((await chartTable(projector)).rows[0]).toEqual(['Gebeurt vaak of altijd', '25%', 'geen cijfer', '58%']);
      await expect(projector.getByText('◆ Een van jullie grootste verschillen')).toBeVisible();
    }
    if (step < stepCount) await projector.keyboard.press('ArrowRight');
  }
  const gaps = projector.getByTestId('research-gap');
  await expect(gaps.first()).toContainText('Ik gebruik in mijn gesprekken met ouders een duidelijke agenda.');
  await expect(gaps.first()).toContainText('75% vindt het belangrijk, 25% doet het vaak of altijd');
  // Past the last step the arrow goes to the next phase.
  await projector.keyboard.press('ArrowRight');
  await expect(projector.getByRole('heading', { level: 1 })).toHaveText('Dialoog in groepjes');

  // The report holds the team beside the research.
  const report = await projector.context().newPage();
  await report.goto(`/host/${code}/report`);
  const charts = report.getByTestId('report-quickscan');
  await expect(charts.getByRole('heading', { name: 'Ik ken de thuissituatie van mijn mentorleerlingen.' })).toBeVisible();
  await expect(charts.locator('section').first().getByRole('table')).toContainText('50%');
  await report.setViewportSize({ width: 1920, height: 1080 });
  await report.screenshot({ path: `${SCREENSHOT_DIR}research-report.png`, fullPage: true });
  await report.pdf({ path: `${SCREENSHOT_DIR}research-report.pdf`, preferCSSPageSize: true, printBackground: true });
});

test('play runs the presentation by itself and pause stops it; reduced motion shows the bars at once', async ({ browser, server }) => {
  const { page: projector, code } = await openProjector(browser, server);
  const phone = await openPhone(browser, server, code);
  await joinAs(phone, 'Esra');
  await projector.emulateMedia({ reducedMotion: 'reduce' });
  await projector.getByRole('button', { name: 'Starten' }).click();
  await projector.keyboard.press('ArrowRight');
  await projector.getByRole('button', { name: 'Start de presentatie →' }).click();
  await expect(projector.getByTestId('research-step')).toHaveText('Stap 1 van 10');
  const playedAt = Date.now();
  await projector.getByRole('button', { name: '▶ Afspelen' }).click();
  await expect(projector.getByRole('button', { name: '❚❚ Pauzeren' })).toBeVisible();
  // A step lasts 24 s. Instead of waiting, the server's clock jumps to a second before the next one
  // (the step began after playedAt); showing the team's figures makes the room send views and set
  // its timer again from that clock. No client sends anything after that.
  serverClock.skewMs = playedAt + STEP_MS - 1000 - Date.now();
  await projector.getByRole('button', { name: 'Cijfers van het team nu al tonen' }).click();
  await expect(projector.getByRole('button', { name: 'Cijfers van het team verbergen' })).toBeVisible();
  // The next step comes by itself, on the projector and on the phone.
  await expect(projector.getByTestId('research-step')).toHaveText('Stap 2 van 10');
  await expect(phone.getByTestId('phone-research-step')).toContainText('Stap 2 van 10');
  // No animation under reduced motion: the bar has its full width straight away.
  const bar = projector.locator('.bar').first();
  const animations = await bar.evaluate((element) => element.getAnimations().length);
  expect(animations).toBe(0);
  await projector.getByRole('button', { name: '❚❚ Pauzeren' }).click();
  await expect(projector.getByRole('button', { name: '▶ Afspelen' })).toBeVisible();
  await expect(projector.getByTestId('research-step')).toHaveText('Stap 2 van 10');
});

test('a programme with a video: the projector switches between the presentation and the video', async ({ browser }) => {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-video-'));
  cpSync(join(PROJECT_ROOT, 'content'), dir, { recursive: true });
  mkdirSync(join(dir, 'media'), { recursive: true });
  writeFileSync(join(dir, 'media', 'onderzoek.mp4'), Buffer.from('bytes'));
  const file = join(dir, 'programmes', 'tienminutengesprekken.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('    quickscan: true\n', '    quickscan: true\n    video: onderzoek.mp4\n'));
  const server = await startServer({ content: loadContent(dir), mediaDir: join(dir, 'media') });
  try {
    const { code, hostToken } = await createSession(server.url);
    const context = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: { width: 1920, height: 1080 } });
    await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [`driegesprek:host:${code}`, hostToken] as const);
    const projector = await context.newPage();
    await projector.goto(`/host/${code}`);
    await projector.getByRole('button', { name: 'Starten' }).click();
    await projector.getByRole('button', { name: 'Volgende' }).click();
    await expect(projector.getByTestId('research-quickscan')).toBeVisible();
    await projector.getByRole('button', { name: 'Video', exact: true }).click();
    await expect(projector.locator('video')).toHaveAttribute('src', '/media/onderzoek.mp4');
    await expect(projector.getByTestId('research-quickscan')).toHaveCount(0);
    await projector.screenshot({ path: `${SCREENSHOT_DIR}research-video.png` });
    await projector.getByRole('button', { name: 'Presentatie', exact: true }).click();
    await expect(projector.getByTestId('research-quickscan')).toBeVisible();
    // While the video plays, the arrow keys move between phases, not through the hidden presentation.
    await projector.getByRole('button', { name: 'Video', exact: true }).click();
    await projector.keyboard.press('ArrowRight');
    await expect(projector.getByRole('heading', { level: 1 })).toHaveText('Dialoog in groepjes');
    await context.close();
  } finally {
    await server.close();
  }
});
