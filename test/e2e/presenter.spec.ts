/**
 * Two screens, one room: the facilitator's presenter view opens the audience screen in a window of
 * its own; the room's screen has nothing to click and no notes; a clicker works on either; B makes
 * it black; with a mirrored screen the presenter view presents the board itself, controls hidden
 * until the mouse moves. The audience screen opens elsewhere only with the host token.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, joinAs, openPhone, openProjector, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
const phaseOf = (page: Page) => page.getByTestId('projector-phase');

/** Nothing to click on the room's screen, and none of the facilitator's notes. */
async function expectNothingForTheRoomToClick(screen: Page, notes: string | null): Promise<void> {
  await expect(screen.getByRole('button')).toHaveCount(0);
  await expect(screen.getByRole('link')).toHaveCount(0);
  await expect(screen.locator('input, select, textarea')).toHaveCount(0);
  if (notes) await expect(screen.locator('body')).not.toContainText(notes);
}

test('the presenter view opens the audience screen; a clicker on either moves the phase; the room sees no controls and no notes', async ({ browser, server }) => {
  const { context, page: presenter, code } = await openProjector(browser, server);
  const phone = await openPhone(browser, server, code);
  await joinAs(phone, 'Anouk');

  // One click opens the audience screen in its own window, to drag onto the projector.
  const [audience] = await Promise.all([context.waitForEvent('page'), presenter.getByTestId('open-screen').click()]);
  await expect(audience).toHaveURL(`${server.url}/host/${code}/screen`);
  await expect(audience.getByTestId('join-code')).toHaveText(code);
  await expectNothingForTheRoomToClick(audience, null);

  // A clicker's PageDown on the audience window starts the session, on the presenter view moves on.
  await audience.keyboard.press('PageDown');
  await expect(phaseOf(audience)).toHaveAttribute('data-phase-index', '0');
  await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '0');
  await presenter.bringToFront();
  await expect(presenter.getByTestId('presenter-bar')).toHaveAttribute('data-phase-index', '0');
  const notes = ((await presenter.getByTestId('notes').locator('li').first().textContent()) ?? '').trim();
  expect(notes.length, 'the intro has notes for the facilitator').toBeGreaterThan(20);
  await expectNothingForTheRoomToClick(audience, notes);
  await presenter.keyboard.press('PageDown');
  await expect(phaseOf(audience)).toHaveAttribute('data-phase-index', '1');
  await expect(presenter.getByTestId('presenter-bar')).toHaveAttribute('data-phase-index', '1');
  // And back, with the clicker's PageUp on the audience window.
  await audience.keyboard.press('PageUp');
  await expect(phaseOf(audience)).toHaveAttribute('data-phase-index', '0');
  await expect(presenter.getByTestId('presenter-bar')).toHaveAttribute('data-phase-index', '0');

  // B (or a clicker's black-screen key) blacks out the room's screen, from either window; the presenter sees it.
  await audience.keyboard.press('b');
  await expect(audience.getByTestId('blank-screen')).toBeVisible();
  await expect(presenter.getByTestId('blank-badge')).toHaveText('Zwart voor de zaal');
  await audience.screenshot({ path: `${SCREENSHOT_DIR}presenter-audience-blank.png` });
  await presenter.keyboard.press('.');
  await expect(audience.getByTestId('blank-screen')).toHaveCount(0);
  await expect(presenter.getByTestId('blank-badge')).toHaveCount(0);
});

test('with a mirrored screen the presenter view presents: the board full size, the controls hidden until the mouse moves', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  const phone = await openPhone(browser, server, code);
  await joinAs(phone, 'Bram');
  await presenter.getByRole('button', { name: 'Starten' }).click();
  await expect(phaseOf(screen)).toHaveAttribute('data-phase-index', '0');
  await expect(presenter.getByTestId('presenter-bar')).toHaveAttribute('data-phase-index', '0');

  await presenter.getByRole('button', { name: 'Presenteren op dit scherm' }).click();
  const bar = presenter.getByTestId('presenting-bar');
  await expect(phaseOf(presenter)).toBeVisible();
  // Nothing for the room to see but the board: no control, no notes.
  await expect(bar).toBeHidden();
  await expect(presenter.getByRole('button').filter({ visible: true })).toHaveCount(0);
  await expect(presenter.getByTestId('notes')).toHaveCount(0);
  await presenter.screenshot({ path: `${SCREENSHOT_DIR}presenter-mirrored.png` });

  // The clicker keeps working while the controls are hidden.
  await presenter.keyboard.press('PageDown');
  await expect(phaseOf(presenter)).toHaveAttribute('data-phase-index', '1');
  await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '1');

  // A mouse move brings the slim bar back; Escape ends presenting.
  await presenter.mouse.move(300, 300);
  await expect(bar).toBeVisible();
  await expect(bar.getByRole('button', { name: 'Stoppen met presenteren' })).toBeVisible();
  await presenter.keyboard.press('Escape');
  await expect(presenter.getByTestId('presenting-bar')).toHaveCount(0);
  await expect(presenter.getByTestId('notes')).toBeVisible();
});

test('the audience screen on another computer opens only with the host token, carried in the link', async ({ browser, server }) => {
  const { page: presenter, code } = await openProjector(browser, server);
  const hostToken = (await presenter.evaluate((key) => localStorage.getItem(key), `driegesprek:host:${code}`)) ?? '';
  const elsewhere = await browser.newContext({ locale: 'nl-NL', baseURL: server.url, viewport: { width: 1280, height: 720 } });
  try {
    const refused = 'Dit apparaat mag deze sessie niet leiden.';
    const open = async (fragment: string) => {
      const page = await elsewhere.newPage();
      await page.goto(`/host/${code}/screen${fragment}`);
      return page;
    };
    // Without the token: refused, as for anyone who guesses the address.
    await expect((await open('')).getByRole('heading', { level: 1 })).toHaveText(refused);
    // With a wrong one: refused too, in the words for a code that does not exist (the server never says it does).
    const wrong = await open(`#host=${'x'.repeat(22)}`);
    await expect(wrong.getByRole('heading', { level: 1 })).toHaveText(
      'Deze sessie bestaat niet (meer), of deze computer heeft niet de sleutel om haar te leiden. Open de sessie op de computer waarop je haar startte.',
    );
    await expect(wrong.getByTestId('stage')).toHaveCount(0);
    // With the presenter's link: the screen, and the token leaves the address bar at once.
    const projector = await open(`#host=${hostToken}`);
    await expect(projector.getByTestId('join-code')).toHaveText(code);
    expect(new URL(projector.url()).hash).toBe('');
    await projector.reload();
    await expect(projector.getByTestId('join-code')).toHaveText(code);
  } finally {
    await elsewhere.close();
  }
});
