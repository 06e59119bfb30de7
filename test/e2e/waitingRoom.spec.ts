/**
 * The wachtkamer as a facilitator and a late mentor meet it: the facilitator turns it on before the
 * start; a phone that joins after the start sees that it waits (also after a reload); the presenter
 * view shows who waits, with "Binnenlaten" and "Weigeren", where the facilitator looks; the room's
 * screen never shows the names. Let in, the phone is in the running session; refused, it is told
 * kindly and stays out.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expectAccessible, expectPhoneSized } from '../helpers/accessibility.ts';
import { expect, joinAs, openPhone, openProjector, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** Types a name and presses "Meedoen", as a phone does; it does not wait for a seat. */
async function askToJoin(phone: Page, name: string): Promise<void> {
  await phone.getByLabel('Je voornaam').fill(name);
  await phone.getByRole('button', { name: 'Meedoen', exact: true }).click();
}

test('with the wachtkamer on, a late phone waits until the facilitator lets it in; a refused one is told and stays out', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  const anouk = await openPhone(browser, server, code);
  await joinAs(anouk, 'Anouk');

  // Before the start, in the lobby panel: who may join, three choices, open by default.
  const lobby = presenter.getByTestId('lobby-panel');
  await expect(lobby.getByRole('radio', { name: 'Open', exact: true })).toBeChecked();
  await lobby.getByRole('radio', { name: 'Wachtkamer', exact: true }).check();
  await expect(lobby.getByRole('radio', { name: 'Wachtkamer', exact: true })).toBeChecked();
  await expect(presenter.getByTestId('people-button')).toContainText('Wachtkamer aan');
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}waiting-presenter-lobby.png` });
  // The lobby itself stays open: a phone before the start joins at once.
  const bram = await openPhone(browser, server, code);
  await joinAs(bram, 'Bram');
  await presenter.getByRole('button', { name: 'Starten' }).click();
  await expect(presenter.getByTestId('presenter-bar')).toHaveAttribute('data-phase-index', '0');

  // After the start a new phone waits, and says so.
  const daan = await openPhone(browser, server, code);
  await askToJoin(daan, 'Daan');
  const waitingScreen = daan.getByTestId('phone-waiting');
  await expect(waitingScreen).toContainText('Je bent in de wachtkamer.');
  await expect(waitingScreen).toContainText('De begeleider laat je zo binnen.');
  await expect(daan.getByTestId('phone-phase')).toHaveCount(0);
  // A reload finds it waiting again (its token), not asked its name.
  await daan.reload();
  await expect(daan.getByTestId('phone-waiting')).toContainText('Hoi Daan!');
  await expect(daan.getByLabel('Je voornaam')).toHaveCount(0);

  const fleur = await openPhone(browser, server, code);
  await askToJoin(fleur, 'Fleur');
  await expect(fleur.getByTestId('phone-waiting')).toBeVisible();

  // The presenter view shows who waits at the top of its side column, and a count beside the people.
  const panel = presenter.getByTestId('waiting-panel');
  await expect(panel.getByRole('heading')).toHaveText('Wachtkamer (2)');
  await expect(panel.getByTestId('waiting-list').locator('li')).toHaveText([/Daan/, /Fleur/]);
  await expect(presenter.getByTestId('waiting-badge')).toHaveText('2 in de wachtkamer');
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}waiting-presenter.png` });
  await expectAccessible(presenter, 'presenter with two in the wachtkamer');
  await daan.screenshot({ path: `${SCREENSHOT_DIR}waiting-phone.png`, animations: 'disabled' });
  await expectAccessible(daan, 'phone in the wachtkamer');
  await expectPhoneSized(daan, 'phone in the wachtkamer');

  // The room's screen never shows who waits, and has nothing to click.
  await expect(screen.getByTestId('projector-phase')).toHaveAttribute('data-phase-index', '0');
  for (const name of ['Daan', 'Fleur']) await expect(screen.locator('body')).not.toContainText(name);
  await expect(screen.getByRole('button')).toHaveCount(0);

  // Presenting on a mirrored screen, the room sees no names; the controls, when the mouse moves, only a count.
  await presenter.getByRole('button', { name: 'Presenteren op dit scherm' }).click();
  await expect(presenter.getByTestId('presenting-bar')).toBeHidden();
  for (const name of ['Daan', 'Fleur']) await expect(presenter.locator('body')).not.toContainText(name);
  await presenter.mouse.move(400, 400);
  await presenter.mouse.move(420, 420);
  const count = presenter.getByTestId('presenting-bar').getByRole('button', { name: '2 in de wachtkamer' });
  await expect(count).toBeVisible();
  await count.click();
  await expect(panel).toBeVisible();

  // The people panel shows them too, with the three choices.
  await presenter.getByTestId('people-button').click();
  const people = presenter.getByRole('complementary');
  await expect(people.getByTestId('waiting-list').locator('li')).toHaveCount(2);
  await expect(people.getByRole('radio', { name: 'Wachtkamer', exact: true })).toBeChecked();
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}waiting-presenter-people.png` });
  await people.getByRole('button', { name: 'Sluiten' }).click();

  // Binnenlaten: Daan's phone is in the running session, with its name.
  await panel.getByRole('button', { name: 'Daan binnenlaten' }).click();
  await expect(daan.getByTestId('my-name')).toHaveText('Daan');
  await expect(daan.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '0');
  await expect(panel.getByRole('heading')).toHaveText('Wachtkamer (1)');
  await expect(presenter.getByTestId('people-button')).toContainText('Deelnemers (3)');

  // Weigeren (after a confirm, accepted by the fixture): Fleur's phone is told kindly, and a reload does not bring her back.
  await panel.getByRole('button', { name: 'Fleur weigeren' }).click();
  await expect(fleur.getByRole('heading', { name: 'Je doet niet mee met deze sessie' })).toBeVisible();
  await expect(fleur.getByText('De begeleider heeft je deze keer niet binnengelaten.')).toBeVisible();
  await expect(presenter.getByTestId('waiting-panel')).toHaveCount(0);
  await expect(presenter.getByTestId('waiting-badge')).toHaveCount(0);
  await fleur.reload();
  await expect(fleur.getByText('De begeleider heeft je deze keer niet binnengelaten.')).toBeVisible();
  await expect(fleur.getByTestId('phone-waiting')).toHaveCount(0);
  await fleur.screenshot({ path: `${SCREENSHOT_DIR}waiting-phone-refused.png` });
  await expectAccessible(fleur, 'phone not let in');
  await expect(screen.locator('body')).not.toContainText('Fleur');
});
