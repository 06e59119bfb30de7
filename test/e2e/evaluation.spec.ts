/** The evaluation: phones answer the questions, the room's screen shows the answers without names. */
import { fileURLToPath } from 'node:url';
import { expect, joinAs, openPhone, openProjector, presenterTo, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

test('evaluation answers from the phones appear on the room’s screen without names', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  const phones = [];
  for (const name of ['Anouk', 'Bram']) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.push(phone);
  }
  await presenterTo(presenter, 5);
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Evaluatie');

  const [anouk, bram] = phones as [(typeof phones)[number], (typeof phones)[number]];
  await expect(anouk.getByTestId('phone-evaluation')).toBeVisible();
  const first = anouk.getByTestId('phone-evaluation').locator('form').first();
  await first.getByRole('textbox').fill('Stil blijven na een vraag was moeilijk.');
  await first.getByRole('button', { name: 'Versturen' }).click();
  await expect(first.getByText('Stil blijven na een vraag was moeilijk.')).toBeVisible();
  const bramsFirst = bram.getByTestId('phone-evaluation').locator('form').first();
  await bramsFirst.getByRole('textbox').fill('Ik liet de ouder eerst uitpraten.');
  await bramsFirst.getByRole('button', { name: 'Versturen' }).click();
  // Each phone keeps only its own answers.
  await expect(bram.getByText('Stil blijven na een vraag was moeilijk.')).toHaveCount(0);
  await anouk.screenshot({ path: `${SCREENSHOT_DIR}evaluation-phone.png` });

  const wall = screen.getByTestId('feedback-wall');
  await expect(wall.getByRole('heading', { name: 'Jullie antwoorden (zonder namen)' })).toBeVisible();
  await expect(wall.getByTestId('evaluation-answer')).toHaveText(['Stil blijven na een vraag was moeilijk.', 'Ik liet de ouder eerst uitpraten.']);
  await expect(wall).not.toContainText('Anouk');
  await expect(wall).not.toContainText('Bram');
  await screen.screenshot({ path: `${SCREENSHOT_DIR}evaluation-audience.png` });
});
