/** The evaluation: phones answer the questions, the projector shows the answers without names. */
import { fileURLToPath } from 'node:url';
import { expect, joinAs, openPhone, openProjector, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

test('evaluation answers from the phones appear on the projector without names', async ({ browser, server }) => {
  const { page: projector, code } = await openProjector(browser, server);
  const phones = [];
  for (const name of ['Anouk', 'Bram']) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.push(phone);
  }
  await projector.getByRole('button', { name: 'Starten' }).click();
  for (let step = 0; step < 5; step++) await projector.getByRole('button', { name: 'Volgende' }).click();
  await expect(projector.getByRole('heading', { level: 1 })).toHaveText('Evaluatie');

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

  const wall = projector.getByTestId('feedback-wall');
  await expect(wall.getByRole('heading', { name: 'Jullie antwoorden (zonder namen)' })).toBeVisible();
  await expect(wall.getByTestId('evaluation-answers').first()).toContainText('Stil blijven na een vraag was moeilijk.');
  await expect(wall.getByTestId('evaluation-answers').first()).toContainText('Ik liet de ouder eerst uitpraten.');
  await expect(wall).not.toContainText('Anouk');
  await expect(wall).not.toContainText('Bram');
  await projector.screenshot({ path: `${SCREENSHOT_DIR}evaluation-projector.png` });
});
