/** Screenshots of the main screens, for review by eye: test/e2e/screenshots/*.png (gitignored). */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, joinAs, newPhone, openPhone, openProjector, serverClock, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, animations: 'disabled' });
}

test('screenshots of the projector and the phone', async ({ browser, server }) => {
  const home = await newPhone(browser, server);
  await home.goto('/');
  await expect(home.getByRole('heading', { name: 'Driegesprek', level: 1 })).toBeVisible();
  await expect(home.getByLabel('Code van de sessie')).toBeVisible();
  await expect(home.getByRole('button', { name: 'Nieuwe sessie starten' })).toBeVisible();
  await shoot(home, 'home-phone');

  const { page: projector, code } = await openProjector(browser, server);
  await expect(projector.getByTestId('join-code')).toHaveText(code);

  const names = ['Anouk', 'Bram', 'Chaima'];
  const phones: Page[] = [];
  for (let i = 0; i < names.length; i++) phones.push(await openPhone(browser, server, code));
  const [first] = phones;
  if (!first) throw new Error('no phone');

  await expect(first.getByLabel('Je voornaam')).toBeVisible();
  await expect(first.getByText(`Je doet mee met sessie ${code}`)).toBeVisible();
  await shoot(first, 'phone-join');

  for (const [i, phone] of phones.entries()) await joinAs(phone, names[i] ?? '');
  await expect(first.getByRole('heading', { name: 'Welkom, Anouk!' })).toBeVisible();
  await shoot(first, 'phone-lobby');

  await expect(projector.getByTestId('participants').getByRole('listitem')).toHaveText(names);
  await expect(projector.getByText('3 deelnemers')).toBeVisible();
  await shoot(projector, 'projector-lobby');

  await projector.getByRole('button', { name: 'Starten' }).click();
  await expect(projector.getByTestId('projector-phase')).toHaveAttribute('data-phase-index', '0');
  await projector.getByRole('button', { name: 'Volgende' }).click();
  const phase = projector.getByTestId('projector-phase');
  await expect(phase).toHaveAttribute('data-phase-index', '1');
  await expect(phase.getByRole('heading', { level: 1 })).toHaveText('Het onderzoek');
  await expect(projector.getByText('Fase 2 van 7')).toBeVisible();
  await expect(projector.getByRole('button', { name: 'Notities' })).toHaveAttribute('aria-pressed', 'false');
  await expect(projector.getByRole('complementary', { name: 'Notities' })).toHaveCount(0);
  await expect(projector.getByTestId('late-join')).toContainText(code);
  await shoot(projector, 'projector-phase-2');

  const phonePhase = first.getByTestId('phone-phase');
  await expect(phonePhase).toHaveAttribute('data-phase-index', '1');
  await expect(phonePhase.getByRole('heading', { level: 1 })).toHaveText('Het onderzoek');
  await expect(first.getByText('Fase 2 van 7', { exact: true })).toBeVisible();
  await shoot(first, 'phone-phase-2');

  await first.getByLabel('Nieuwe aantekening').fill('42% van de ouders mist een agenda. Volgende keer stuur ik die vooraf.');
  await first.getByRole('button', { name: 'Bewaren' }).click();
  await expect(first.getByTestId('my-notes')).toContainText('Fase 2');
  await shoot(first, 'phone-notes');

  await projector.getByRole('button', { name: /Deelnemers/ }).click();
  await projector.getByLabel(/Sessie op slot/).check();
  await expect(projector.getByText('Op slot. Wie al meedoet')).toBeVisible();
  await shoot(projector, 'projector-people');
  await projector.getByRole('button', { name: 'Sluiten' }).click();

  await projector.getByRole('button', { name: 'Notities' }).click();
  await expect(projector.getByRole('complementary', { name: 'Notities' })).toBeVisible();
  await shoot(projector, 'projector-phase-2-notes');
  await projector.getByRole('button', { name: 'Notities verbergen' }).click();

  // Jump the server past the 8-minute deadline; pause and resume bring the new time to every screen.
  serverClock.skewMs = 9 * 60_000;
  await projector.getByRole('button', { name: 'Pauze' }).click();
  await projector.getByRole('button', { name: 'Verder' }).click();
  await expect(projector.getByTestId('countdown')).toHaveAttribute('data-state', 'overtime');
  await expect(projector.getByText('Uitloop')).toBeVisible();
  await expect(first.getByTestId('countdown')).toHaveAttribute('data-state', 'overtime');
  await shoot(projector, 'projector-overtime');
  await shoot(first, 'phone-overtime');

  await projector.getByRole('button', { name: 'Afronden' }).click();
  await expect(projector.getByTestId('projector-closed')).toBeVisible();
  await expect(first.getByRole('heading', { name: 'De sessie is afgelopen' })).toBeVisible();
  await shoot(projector, 'projector-closed');
  await shoot(first, 'phone-closed');
});
