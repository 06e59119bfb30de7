/**
 * Action points: personal points that stay on the phone (in the report only with consent), the team's
 * votes on the plenary tips, the report (page, Markdown, PDF) and the follow-up meeting it starts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Download, Page } from '@playwright/test';
import { isoDate } from '../../common/dates.ts';
import { expect, joinAs, newPhone, openPhone, openProjector, openScreen, presenterTo, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

const ANSWERS = {
  'helpen-hinderen': 'Een rustige plek en de tijd nemen helpt.',
  oplossingen: 'Stuur vooraf een agenda.',
  perspectief: 'Vraag wat de ouder thuis ziet.',
} as const;
const TEAM_TIP = ANSWERS.oplossingen;
const OTHER_TIP = ANSWERS.perspectief;

const EVALUATION = {
  Anouk: { questionId: 'moeilijk-makkelijk', text: 'Stil blijven na een vraag was moeilijk.' },
  Bram: { questionId: 'anders-dan-normaal', text: 'Ik liet de ouder eerst uitpraten.' },
  Chaima: { questionId: 'hielp', text: 'Doorvragen op wat thuis goed gaat hielp.' },
} as const;

const POINTS = {
  Anouk: 'Anouk: ik stuur ouders vooraf drie vragen',
  Bram: 'Bram: ik vraag in elk gesprek hoe het huiswerk thuis gaat',
  Chaima: 'Chaima: ik begin elk gesprek met wat goed gaat',
} as const;
type Name = keyof typeof POINTS;
const NAMES = Object.keys(POINTS) as Name[];

/** The day as the app writes it: "23 november 2026". */
const today = () => new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long' }).format(new Date());

const dialogueQuestion = (phone: Page, id: string) => phone.locator(`[data-testid="dialogue-question"][data-question-id="${id}"]`);
const phoneTip = (phone: Page, text: string) => phone.getByTestId('phone-tips').getByRole('listitem').filter({ hasText: text });
const myPoint = (phone: Page, text: string) => phone.getByTestId('my-action-points').getByRole('listitem').filter({ hasText: text });

async function textOf(download: Download): Promise<string> {
  return readFile(await download.path(), 'utf8');
}

/**
 * Last time's report (.md) as the first test downloads one, front matter and all: held today, with
 * the team's point and Anouk's own point under her name. (reportMarkdown → parseReport, the way
 * there and back, is tested in test/unit/report.test.ts.)
 */
const lastTimesReport = () =>
  [
    '---',
    'report: driegesprek',
    'version: 1',
    `date: "${isoDate(Date.now())}"`,
    'programme: "Tienminutengesprekken"',
    'team:',
    `  - "${TEAM_TIP}"`,
    'personal:',
    '  - name: "Anouk"',
    '    points:',
    `      - "${POINTS.Anouk}"`,
    '---',
    '',
    '# Verslag: Tienminutengesprekken',
    '',
  ].join('\n');
/** A report's front matter, from the opening `---` to the closing one. */
const frontMatter = (markdown: string) => markdown.slice(0, markdown.indexOf('\n---\n') + '\n---'.length);

test('phones keep their own action points, the team votes on the tips and the report holds only what was agreed', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const { context: presenterContext, page: presenter, screen, code } = await openProjector(browser, server);
  const phones = {} as Record<Name, Page>;
  for (const name of NAMES) {
    phones[name] = await openPhone(browser, server, code);
    await joinAs(phones[name], name);
  }
  const { Anouk: anouk, Bram: bram, Chaima: chaima } = phones;
  const heading = screen.getByRole('heading', { level: 1 });

  // Introduction → research → dialogue.
  await presenterTo(presenter, 0);
  await expect(heading).toHaveText('Introductie');
  await presenter.keyboard.press('ArrowRight');
  await expect(heading).toHaveText('Het onderzoek');
  await presenterTo(presenter, 2);
  await expect(heading).toHaveText('Dialoog in groepjes');
  await presenter.getByRole('button', { name: 'Groepjes maken' }).click();
  const writers: [Name, keyof typeof ANSWERS][] = [
    ['Anouk', 'helpen-hinderen'],
    ['Bram', 'oplossingen'],
    ['Chaima', 'perspectief'],
  ];
  for (const [name, questionId] of writers) {
    const phone = phones[name];
    await expect(phone.getByTestId('dialogue-group')).toContainText('Jij zit in Groepje');
    const form = dialogueQuestion(phone, questionId);
    await form.getByLabel('Jullie antwoord').fill(ANSWERS[questionId]);
    await form.getByRole('button', { name: 'Toevoegen' }).click();
    // Only an answer the server has is the writer's to change.
    await expect(form.getByRole('listitem').filter({ hasText: ANSWERS[questionId] }).getByRole('button', { name: 'Wijzigen' })).toBeVisible();
  }

  // Plenary: two answers become tips.
  await presenter.keyboard.press('ArrowRight');
  await expect(heading).toHaveText('Plenair');
  const wall = screen.getByTestId('plenary-wall');
  await expect(wall.getByTestId('wall-answer')).toHaveCount(3);
  for (const tip of [TEAM_TIP, OTHER_TIP]) {
    const answer = presenter.getByTestId('panel-answer').filter({ hasText: tip });
    await answer.getByRole('button', { name: '★ Als tip bewaren' }).click();
    await expect(answer.getByRole('button', { name: '★ Geen tip meer' })).toBeVisible();
  }

  // The role play is skipped; the evaluation gets one answer from each phone.
  await presenter.keyboard.press('ArrowRight');
  await expect(heading).toHaveText('Oefenen');
  await presenter.keyboard.press('ArrowRight');
  await expect(heading).toHaveText('Evaluatie');
  for (const name of NAMES) {
    const { questionId, text } = EVALUATION[name];
    const form = phones[name].getByTestId('phone-evaluation').locator(`form[data-question-id="${questionId}"]`);
    await form.getByRole('textbox').fill(text);
    await form.getByRole('button', { name: 'Versturen' }).click();
    await expect(form.getByText(text)).toBeVisible();
  }
  const feedbackWall = screen.getByTestId('feedback-wall');
  for (const name of NAMES) await expect(feedbackWall).toContainText(EVALUATION[name].text);

  // Action points.
  await presenter.keyboard.press('ArrowRight');
  await expect(heading).toHaveText('Actiepunten');
  const board = screen.getByTestId('actions-board');
  await expect(board.getByTestId('action-writers')).toHaveText('0 van 3 hebben een eigen actiepunt');
  for (const name of NAMES) {
    const phone = phones[name];
    const actions = phone.getByTestId('phone-actions');
    await expect(actions.getByRole('heading', { name: 'Mijn actiepunten' })).toBeVisible();
    // Private unless the participant says otherwise.
    await expect(actions.getByRole('radio', { name: 'Nee, alleen voor mij' })).toBeChecked();
    await actions.getByLabel('Nieuw actiepunt').fill(POINTS[name]);
    await actions.getByRole('button', { name: 'Toevoegen' }).click();
    // Deletable once the server has it.
    await expect(myPoint(phone, POINTS[name]).getByRole('button', { name: 'Verwijderen' })).toBeVisible();
    await expect(actions.getByLabel('Nieuw actiepunt')).toHaveValue('');
  }
  await anouk.getByRole('radio', { name: 'Ja, met mijn naam' }).check();
  await bram.getByRole('radio', { name: 'Ja, zonder mijn naam' }).check();
  await expect(anouk.getByRole('radio', { name: 'Ja, met mijn naam' })).toBeChecked();
  await expect(bram.getByRole('radio', { name: 'Ja, zonder mijn naam' })).toBeChecked();
  await expect(chaima.getByRole('radio', { name: 'Nee, alleen voor mij' })).toBeChecked();
  // Each phone sees only its own points.
  await expect(anouk.getByTestId('my-action-points').getByRole('listitem')).toHaveCount(1);
  await expect(anouk.getByText(POINTS.Bram)).toHaveCount(0);
  await expect(bram.getByText(POINTS.Chaima)).toHaveCount(0);

  // Votes: Anouk and Bram back the agenda, Chaima the other tip.
  for (const [name, tip] of [
    ['Anouk', TEAM_TIP],
    ['Bram', TEAM_TIP],
    ['Chaima', OTHER_TIP],
  ] as const) {
    const item = phoneTip(phones[name], tip);
    await item.getByRole('button', { name: 'Steunen' }).click();
    await expect(item.getByRole('button', { name: '✓ Gesteund' })).toBeVisible();
  }
  await expect(phoneTip(chaima, TEAM_TIP).getByRole('button', { name: 'Steunen' })).toBeVisible();
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}actions-phone-voted.png`, fullPage: true });

  // The room's screen counts votes and writers; neither of the facilitator's screens shows what anyone wrote.
  const teamTip = board.getByTestId('action-tip').filter({ hasText: TEAM_TIP });
  await expect(teamTip).toContainText('2 stemmen');
  await expect(board.getByTestId('action-tip').filter({ hasText: OTHER_TIP })).toContainText('1 stem');
  await expect(board.getByTestId('action-tip').first()).toContainText(TEAM_TIP);
  await expect(board.getByTestId('action-writers')).toHaveText('3 van 3 hebben een eigen actiepunt');
  for (const page of [presenter, screen]) {
    for (const name of NAMES) await expect(page.locator('body')).not.toContainText(POINTS[name]);
    await expect(page.locator('body')).not.toContainText('ik stuur ouders vooraf');
  }

  const choice = presenter.getByTestId('actions-panel').getByRole('listitem').filter({ hasText: TEAM_TIP });
  await choice.getByRole('button', { name: 'Kies als teamactiepunt' }).click();
  await expect(choice.getByRole('button', { name: '★ Teamactiepunt' })).toBeVisible();
  await expect(board.getByTestId('team-points').getByRole('listitem')).toHaveText([TEAM_TIP]);
  for (const name of NAMES) {
    await expect(phoneTip(phones[name], TEAM_TIP)).toContainText('★ Teamactiepunt');
    await expect(phoneTip(phones[name], OTHER_TIP)).not.toContainText('★ Teamactiepunt');
  }
  await expect(presenter.getByTestId('actions-panel').getByRole('link', { name: 'Verslag ↗' })).toHaveAttribute('href', `/host/${code}/report`);
  for (const page of [presenter, screen]) for (const name of NAMES) await expect(page.locator('body')).not.toContainText(POINTS[name]);
  await screen.screenshot({ path: `${SCREENSHOT_DIR}actions-audience.png` });
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}actions-presenter.png` });

  // Keeping: the download holds my points and the team's, nobody else's.
  const [download] = await Promise.all([anouk.waitForEvent('download'), anouk.getByRole('button', { name: 'Downloaden' }).click()]);
  expect(download.suggestedFilename()).toBe('mijn-actiepunten.txt');
  const kept = await textOf(download);
  expect(kept).toContain(`Mijn actiepunten (Driegesprek, ${today()})`);
  expect(kept).toContain(`- ${POINTS.Anouk}`);
  expect(kept).toContain(`Teamactiepunten:\n- ${TEAM_TIP}`);
  expect(kept).not.toContain(POINTS.Bram);
  expect(kept).not.toContain(POINTS.Chaima);

  // The end: the phone keeps showing its own points, read only.
  await presenter.getByRole('button', { name: 'Afronden' }).click();
  await expect(screen.getByTestId('projector-closed')).toBeVisible();
  for (const name of NAMES) {
    const phone = phones[name];
    await expect(phone.getByRole('heading', { name: 'De sessie is afgelopen' })).toBeVisible();
    const actions = phone.getByTestId('phone-actions');
    await expect(actions.getByTestId('my-action-points')).toHaveText([POINTS[name]]);
    await expect(actions.getByText('Je actiepunten staan alleen hier. Kopieer of download ze nu.')).toBeVisible();
    await expect(actions.getByRole('button', { name: 'Kopiëren' })).toBeVisible();
    await expect(actions.getByRole('button', { name: 'Downloaden' })).toBeVisible();
    await expect(actions.getByRole('button', { name: 'Verwijderen' })).toHaveCount(0);
    await expect(actions.getByLabel('Nieuw actiepunt')).toHaveCount(0);
    await expect(actions.getByRole('radio')).toHaveCount(0);
    await expect(actions).toContainText(TEAM_TIP);
  }
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}actions-phone-closed.png`, fullPage: true });
  const [closedDownload] = await Promise.all([chaima.waitForEvent('download'), chaima.getByRole('button', { name: 'Downloaden' }).click()]);
  expect(await textOf(closedDownload)).toContain(`- ${POINTS.Chaima}`);

  // The report opens in a new tab of the facilitator's browser (it has the host token).
  const [report] = await Promise.all([
    presenterContext.waitForEvent('page'),
    presenter.getByTestId('open-report').click(),
  ]);
  await expect(report).toHaveURL(`${server.url}/host/${code}/report`);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('Verslag: Tienminutengesprekken');
  await expect(report.getByTestId('report-team')).toHaveText(TEAM_TIP);
  await expect(report.getByRole('heading', { name: 'Anouk', level: 3 })).toBeVisible();
  await expect(report.getByRole('heading', { name: 'Zonder naam', level: 3 })).toBeVisible();
  await expect(report.getByRole('button', { name: 'Afdrukken of opslaan als pdf' })).toBeVisible();
  await expect(report.getByTestId('report')).not.toContainText(POINTS.Chaima);
  await report.screenshot({ path: `${SCREENSHOT_DIR}actions-report.png`, fullPage: true });
  await report.pdf({ path: `${SCREENSHOT_DIR}report.pdf`, preferCSSPageSize: true, printBackground: true });

  const [markdownDownload] = await Promise.all([report.waitForEvent('download'), report.getByTestId('download-report').click()]);
  expect(markdownDownload.suggestedFilename()).toMatch(new RegExp(`^verslag-\\d{4}-\\d{2}-\\d{2}-${code}\\.md$`));
  const markdown = await textOf(markdownDownload);
  expect(markdown).toMatch(/^---\nreport: driegesprek\nversion: 1\n/);
  expect(markdown).toContain('# Verslag: Tienminutengesprekken');
  expect(markdown).toContain('3 deelnemers');
  for (const text of Object.values(ANSWERS)) expect(markdown).toContain(`- ${text} (groepje `);
  expect(markdown).toContain(`## Tips uit het plenaire deel\n\n- ${TEAM_TIP}\n- ${OTHER_TIP}\n`);
  expect(markdown).toContain('## Evaluatie (zonder namen)');
  for (const name of NAMES) expect(markdown).toContain(`- ${EVALUATION[name].text}`);
  expect(markdown).toContain(`## Teamactiepunten\n\n- ${TEAM_TIP}\n`);
  expect(markdown).toContain(`team:\n  - "${TEAM_TIP}"\n`);
  expect(markdown).toContain(`### Anouk\n\n- ${POINTS.Anouk}\n`);
  expect(markdown).toContain(`### Zonder naam\n\n- ${POINTS.Bram}\n`);
  expect(markdown).not.toContain(POINTS.Chaima);
  // No names but Anouk's: Bram's name is only in the text he wrote himself, Chaima's nowhere.
  expect(markdown.replaceAll(POINTS.Bram, '')).not.toContain('Bram');
  expect(markdown).not.toContain('Chaima');
  expect(markdown).not.toContain('### Bram');
  // Its front matter is the one the follow-up meeting below starts from.
  expect(frontMatter(markdown)).toBe(frontMatter(lastTimesReport()));
});

test('a follow-up meeting started from the report looks back at the team and personal action points', async ({ browser, server }, testInfo) => {
  const reportFile = testInfo.outputPath('verslag-vorige-keer.md');
  await writeFile(reportFile, lastTimesReport());

  // The home page: choose last time's report, then start.
  // A facilitator's browser (1920×1080); its first session stays unused.
  const { context, page: unused } = await openProjector(browser, server);
  await unused.close();
  const home = await context.newPage();
  await home.goto('/');
  await home.getByLabel('Vervolgbijeenkomst? Kies het verslag van vorige keer (.md)').setInputFiles(reportFile);
  await expect(home.getByRole('status')).toContainText(`Verslag van ${today()}: 1 teamactiepunt, 1 deelnemer met eigen actiepunten`);
  await home.screenshot({ path: `${SCREENSHOT_DIR}actions-followup-home.png`, fullPage: true });
  await home.getByRole('button', { name: 'Nieuwe sessie starten' }).click();
  await expect(home).toHaveURL(/\/host\/[A-Z0-9]{6}$/);
  const code = new URL(home.url()).pathname.split('/').at(-1) ?? '';
  const presenter = home;
  const hostToken = (await home.evaluate((key) => localStorage.getItem(key), `driegesprek:host:${code}`)) ?? '';
  const screen = await openScreen(browser, server, code, hostToken);
  await expect(screen.getByTestId('join-code')).toHaveText(code);

  // In the lobby: Anouk sees her own point and the team's, Chaima only the team's.
  const anouk = await newPhone(browser, server);
  await anouk.goto(`/s/${code}`);
  await joinAs(anouk, 'Anouk');
  const anouksLookBack = anouk.getByTestId('phone-look-back');
  await expect(anouksLookBack.getByRole('heading', { name: `Terugblik op ${today()}` })).toBeVisible();
  await expect(anouksLookBack.getByRole('heading', { name: 'Jouw actiepunten van vorige keer' })).toBeVisible();
  await expect(anouksLookBack.getByTestId('look-back-mine')).toHaveText(POINTS.Anouk);
  await expect(anouksLookBack.getByRole('heading', { name: 'Teamactiepunten van vorige keer' })).toBeVisible();
  await expect(anouksLookBack.getByTestId('look-back-team')).toHaveText(TEAM_TIP);

  const chaima = await openPhone(browser, server, code);
  await joinAs(chaima, 'Chaima');
  const chaimasLookBack = chaima.getByTestId('phone-look-back');
  await expect(chaimasLookBack.getByTestId('look-back-team')).toHaveText(TEAM_TIP);
  await expect(chaimasLookBack.getByTestId('look-back-mine')).toHaveCount(0);
  await expect(chaimasLookBack.getByText('Jouw actiepunten van vorige keer')).toHaveCount(0);
  await expect(chaima.locator('body')).not.toContainText(POINTS.Anouk);

  // The first phase: the room's screen looks back too, without personal points.
  await presenter.getByRole('button', { name: 'Starten' }).click();
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Introductie');
  const screenLookBack = screen.getByTestId('projector-look-back');
  await expect(screenLookBack.getByRole('heading', { name: `Terugblik op ${today()}` })).toBeVisible();
  await expect(screenLookBack.getByRole('listitem')).toHaveText([TEAM_TIP]);
  await expect(screenLookBack).toContainText('1 collega hield eigen actiepunten bij');
  for (const page of [presenter, screen]) await expect(page.locator('body')).not.toContainText(POINTS.Anouk);
  await expect(anouk.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '0');
  await expect(anouksLookBack.getByTestId('look-back-mine')).toHaveText(POINTS.Anouk);
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}actions-lookback-phone.png`, fullPage: true });
  await screen.screenshot({ path: `${SCREENSHOT_DIR}actions-lookback-audience.png` });

  // The look back belongs to the first phase only.
  await expect(presenter.getByTestId('presenter-bar')).toHaveAttribute('data-phase-index', '0');
  await presenter.keyboard.press('ArrowRight');
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Het onderzoek');
  await expect(screenLookBack).toHaveCount(0);
  await expect(anouk.getByTestId('phone-look-back')).toHaveCount(0);
});
