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

  const { page: presenter, screen, code } = await openProjector(browser, server);
  await expect(screen.getByTestId('join-code')).toHaveText(code);

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

  await expect(screen.getByTestId('participants').getByRole('listitem')).toHaveText(names);
  await expect(screen.getByText('3 deelnemers')).toBeVisible();
  await shoot(screen, 'audience-lobby');
  await shoot(presenter, 'presenter-lobby');

  await presenter.getByRole('button', { name: 'Starten' }).click();
  await expect(screen.getByTestId('projector-phase')).toHaveAttribute('data-phase-index', '0');
  await shoot(presenter, 'presenter-intro');
  await presenter.getByRole('button', { name: 'Volgende' }).click();
  const phase = screen.getByTestId('projector-phase');
  await expect(phase).toHaveAttribute('data-phase-index', '1');
  await expect(phase.getByRole('heading', { level: 1 })).toHaveText('Het onderzoek');
  await expect(screen.getByText('Fase 2 van 7')).toBeVisible();
  await expect(presenter.getByRole('button', { name: 'Notities verbergen' })).toHaveAttribute('aria-pressed', 'true');
  await expect(presenter.getByTestId('notes')).toBeVisible();
  await expect(screen.getByTestId('late-join')).toContainText(code);
  await shoot(screen, 'audience-phase-2');
  await shoot(presenter, 'presenter-phase-2');

  const phonePhase = first.getByTestId('phone-phase');
  await expect(phonePhase).toHaveAttribute('data-phase-index', '1');
  await expect(phonePhase.getByRole('heading', { level: 1 })).toHaveText('Het onderzoek');
  await expect(first.getByText('Fase 2 van 7', { exact: true })).toBeVisible();
  await shoot(first, 'phone-phase-2');

  await first.getByLabel('Nieuwe aantekening').fill('42% van de ouders mist een agenda. Volgende keer stuur ik die vooraf.');
  await first.getByRole('button', { name: 'Bewaren' }).click();
  await expect(first.getByTestId('my-notes')).toContainText('Fase 2');
  await shoot(first, 'phone-notes');

  await presenter.getByRole('button', { name: /Deelnemers/ }).click();
  await presenter.getByRole('complementary').getByRole('radio', { name: 'Op slot', exact: true }).check();
  await expect(presenter.getByTestId('people-button')).toContainText('Op slot');
  await shoot(presenter, 'presenter-people');
  await presenter.getByRole('button', { name: 'Sluiten' }).click();

  await presenter.getByRole('button', { name: 'Notities verbergen' }).click();
  await expect(presenter.getByTestId('notes')).toHaveCount(0);
  await shoot(presenter, 'presenter-phase-2-no-notes');
  await presenter.getByRole('button', { name: 'Notities' }).click();

  // Jump the server past the 8-minute deadline; pause and resume bring the new time to every screen.
  serverClock.skewMs = 9 * 60_000;
  await presenter.getByRole('button', { name: 'Pauze' }).click();
  await presenter.getByRole('button', { name: 'Verder' }).click();
  await expect(screen.getByTestId('countdown')).toHaveAttribute('data-state', 'overtime');
  await expect(screen.getByText('Uitloop')).toBeVisible();
  await expect(first.getByTestId('countdown')).toHaveAttribute('data-state', 'overtime');
  await shoot(screen, 'audience-overtime');
  await shoot(presenter, 'presenter-overtime');
  await shoot(first, 'phone-overtime');

  // Presenting on a mirrored screen: the room's board full size, the controls only after a key.
  await presenter.getByRole('button', { name: 'Presenteren op dit scherm' }).click();
  await expect(presenter.getByTestId('stage')).toBeVisible();
  await shoot(presenter, 'presenter-presenting');
  await presenter.mouse.move(400, 400);
  await expect(presenter.getByTestId('presenting-bar')).toHaveClass(/visible/);
  await shoot(presenter, 'presenter-presenting-bar');
  await presenter.getByRole('button', { name: 'Stoppen met presenteren' }).click();

  await presenter.getByRole('button', { name: 'Afronden' }).click();
  await expect(screen.getByTestId('projector-closed')).toBeVisible();
  await expect(first.getByRole('heading', { name: 'De sessie is afgelopen' })).toBeVisible();
  await shoot(screen, 'audience-closed');
  await shoot(presenter, 'presenter-closed');
  await shoot(first, 'phone-closed');
});
