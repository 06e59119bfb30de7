/** Dialogue in small groups on shared flip-overs, then the plenary wall with tips and a spotlight. */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, joinAs, openPhone, openProjector, presenterTo, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor'];

const groupLine = (phone: Page) => phone.getByTestId('dialogue-group');
const question = (phone: Page, id: string) => phone.locator(`[data-testid="dialogue-question"][data-question-id="${id}"]`);

test('groups write on their own flip-over; the plenary shows every answer, keeps tips and spotlights one', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  const phones: Page[] = [];
  for (const name of NAMES) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.push(phone);
  }
  await presenterTo(presenter, 2);
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Dialoog in groepjes');
  await expect(phones[0]!.getByText('De begeleider maakt zo de groepjes. Even geduld.')).toBeVisible();

  await presenter.getByRole('button', { name: 'Groepjes maken' }).click();
  const cards = screen.getByTestId('dialogue-group-card');
  await expect(cards).toHaveCount(2);

  // Each phone knows its group; find two mates and someone of the other group.
  const groupOf = async (phone: Page) => ((await groupLine(phone).innerText()).match(/Groepje (\d)/) ?? [])[1];
  await expect(groupLine(phones[0]!)).toContainText('Jij zit in Groepje');
  const groups = await Promise.all(phones.map(groupOf));
  const writer = phones[0]!;
  const mate = phones[groups.findIndex((group, index) => index > 0 && group === groups[0])]!;
  const other = phones[groups.findIndex((group) => group !== groups[0])]!;
  await writer.screenshot({ path: `${SCREENSHOT_DIR}dialogue-phone-empty.png` });

  const first = question(writer, 'helpen-hinderen');
  await first.getByLabel('Jullie antwoord').fill('Een rustige plek en de tijd nemen helpt.');
  await first.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(first.getByText('Een rustige plek en de tijd nemen helpt.')).toBeVisible();
  // The group mate sees it live, with the writer's name; the other group never does.
  const seen = question(mate, 'helpen-hinderen').getByRole('listitem').filter({ hasText: 'Een rustige plek' });
  await expect(seen).toContainText('Anouk');
  await expect(seen.getByRole('button', { name: 'Wijzigen' })).toHaveCount(0);
  await expect(other.getByText('Een rustige plek')).toHaveCount(0);
  await expect(cards.filter({ hasText: 'Anouk' }).locator('.progress li').first()).toContainText('1');
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}dialogue-presenter.png` });

  // The writer edits; the mate sees the new text.
  await first.getByRole('button', { name: 'Wijzigen' }).click();
  await first.getByRole('textbox', { name: 'Wijzigen' }).fill('Een rustige plek, de tijd nemen en eerst luisteren helpt.');
  await first.getByRole('button', { name: 'Opslaan' }).click();
  await expect(question(mate, 'helpen-hinderen')).toContainText('eerst luisteren helpt');
  await question(mate, 'perspectief').getByLabel('Jullie antwoord').fill('Vraag wat de ouder thuis ziet.');
  await question(mate, 'perspectief').getByRole('button', { name: 'Toevoegen' }).click();
  await question(other, 'oplossingen').getByLabel('Jullie antwoord').fill('Stuur vooraf een agenda.');
  await question(other, 'oplossingen').getByRole('button', { name: 'Toevoegen' }).click();
  await expect(question(writer, 'perspectief')).toContainText('Vraag wat de ouder thuis ziet.');
  await writer.screenshot({ path: `${SCREENSHOT_DIR}dialogue-phone-flipover.png`, fullPage: true });
  await screen.screenshot({ path: `${SCREENSHOT_DIR}dialogue-audience.png` });

  // The plenary: every answer per question with its group, never its author.
  await presenter.getByRole('button', { name: 'Volgende' }).click();
  const wall = screen.getByTestId('plenary-wall');
  await expect(wall.getByTestId('wall-answer')).toHaveCount(3);
  await expect(wall).toContainText('Stuur vooraf een agenda.');
  for (const name of NAMES) await expect(wall).not.toContainText(name);
  // The presenter keeps a tip from its list of answers; the room sees the star, the group too.
  const agenda = presenter.getByTestId('panel-answer').filter({ hasText: 'Stuur vooraf een agenda.' });
  await agenda.getByRole('button', { name: '★ Als tip bewaren' }).click();
  await expect(agenda.getByRole('button', { name: '★ Geen tip meer' })).toBeVisible();
  await expect(wall.getByTestId('wall-answer').filter({ hasText: 'Stuur vooraf een agenda.' })).toContainText('★ Tip');
  await expect(question(other, 'oplossingen')).toContainText('★ Tip');
  // No more writing in the plenary.
  await expect(question(other, 'oplossingen').getByLabel('Jullie antwoord')).toHaveCount(0);
  await screen.screenshot({ path: `${SCREENSHOT_DIR}plenary-audience.png` });
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}plenary-presenter.png` });

  await agenda.getByRole('button', { name: 'Groot tonen' }).click();
  await expect(screen.getByTestId('spotlight')).toContainText('Stuur vooraf een agenda.');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}plenary-spotlight.png` });
  await presenter.getByRole('button', { name: 'Terug naar alles' }).first().click();
  await expect(wall.getByTestId('wall-answer')).toHaveCount(3);
});
