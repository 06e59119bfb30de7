import type { Page } from '@playwright/test';
import { expect, joinAs, newPhone, openPhone, openProjector, test } from './fixtures.ts';

/** The phases of content/programmes/tienminutengesprekken.md, in order. */
const PHASES = ['Introductie', 'Het onderzoek', 'Dialoog in groepjes', 'Plenair', 'Oefenen', 'Evaluatie', 'Actiepunten'];

/** "4:05" + 1 minute → "5:05". */
function plusOneMinute(clock: string): string {
  const match = /^(\d+):(\d\d)$/.exec(clock);
  if (!match) throw new Error(`not a countdown clock: ${clock}`);
  return `${Number(match[1]) + 1}:${match[2]}`;
}

async function expectProjectorPhase(screen: Page, index: number): Promise<void> {
  const phase = screen.getByTestId('projector-phase');
  await expect(phase).toHaveAttribute('data-phase-index', String(index));
  await expect(phase.getByRole('heading', { level: 1 })).toHaveText(PHASES[index] ?? '');
  await expect(phase.getByText(`Fase ${index + 1} van 7`)).toBeVisible();
}

async function expectPhonePhase(phone: Page, index: number): Promise<void> {
  const phase = phone.getByTestId('phone-phase');
  await expect(phase).toHaveAttribute('data-phase-index', String(index));
  await expect(phase.getByRole('heading', { level: 1 })).toHaveText(PHASES[index] ?? '');
  await expect(phase.getByText(`Fase ${index + 1} van 7`, { exact: true })).toBeVisible();
}

async function expectEveryonePhase(screen: Page, phones: Page[], index: number): Promise<void> {
  await expectProjectorPhase(screen, index);
  for (const phone of phones) await expectPhonePhase(phone, index);
}

/** Leaves the phase on the presenter view: "Volgende", or in the research phase the way past its presentation. */
async function nextPhase(presenter: Page, index: number): Promise<void> {
  if (index === 1) await presenter.getByRole('button', { name: 'Presentatie overslaan' }).click();
  else await presenter.getByRole('button', { name: 'Volgende' }).click();
}

test('a facilitator walks three phones through every phase', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  await expect(screen.getByTestId('join-code')).toHaveText(code);
  await expect(screen.getByText('Nog niemand. Wie scant als eerste?')).toBeVisible();

  const names = ['Anouk', 'Bram', 'Chaima'];
  const phones: Page[] = [];
  for (const [i, name] of names.entries()) {
    const phone = await openPhone(browser, server, code);
    await expect(phone.getByText(`Je doet mee met sessie ${code}`)).toBeVisible();
    await joinAs(phone, name);
    await expect(phone.getByRole('heading', { name: `Welkom, ${name}!` })).toBeVisible();
    // The room's screen lists every name as it arrives.
    await expect(screen.getByTestId('participants').getByRole('listitem')).toHaveText(names.slice(0, i + 1));
    await expect(screen.getByText(i === 0 ? '1 deelnemer' : `${i + 1} deelnemers`)).toBeVisible();
    phones.push(phone);
  }

  await presenter.getByRole('button', { name: 'Starten' }).click();
  await expectEveryonePhase(screen, phones, 0);
  await expect(presenter.getByRole('button', { name: 'Vorige' })).toBeDisabled();
  for (const phone of phones) await expect(phone.getByTestId('countdown')).toHaveAttribute('data-state', 'running');

  for (let index = 0; index < PHASES.length - 1; index++) {
    await expectEveryonePhase(screen, phones, index);
    // The keys act on the presenter's own view of the session: let it catch up first.
    await expect(presenter.getByTestId('presenter-bar')).toHaveAttribute('data-phase-index', String(index));

    if (index === 1) {
      // Pause: the countdown freezes everywhere; "+1 min" adds exactly a minute; "Verder" resumes.
      await presenter.getByRole('button', { name: 'Pauze' }).click();
      const clocks = [screen, ...phones].map((page) => page.getByTestId('countdown'));
      for (const clock of clocks) {
        await expect(clock).toHaveAttribute('data-state', 'paused');
        await expect(clock.getByText('Gepauzeerd')).toBeVisible();
      }
      const before = (await screen.getByTestId('countdown').getByRole('timer').textContent()) ?? '';
      await presenter.getByRole('button', { name: '+1 min', exact: true }).click();
      for (const clock of clocks) await expect(clock.getByRole('timer')).toHaveText(plusOneMinute(before));
      await presenter.getByRole('button', { name: 'Verder' }).click();
      for (const clock of clocks) {
        await expect(clock).toHaveAttribute('data-state', 'running');
        await expect(clock.getByText('Tijd over')).toBeVisible();
      }
    }

    if (index === 2) {
      // "Vorige" goes back one phase, and on again.
      await presenter.getByRole('button', { name: 'Vorige' }).click();
      await expectEveryonePhase(screen, phones, 1);
      await nextPhase(presenter, 1);
      await expectEveryonePhase(screen, phones, 2);
    }

    if (index === 3) {
      // The same with the arrow keys, on the presenter view and on the audience screen alike.
      await presenter.keyboard.press('ArrowLeft');
      await expectEveryonePhase(screen, phones, 2);
      await screen.keyboard.press('ArrowRight');
      await expectEveryonePhase(screen, phones, 3);
    }

    // Odd phases by button, even ones by key; the research phase (1) is left by its skip button,
    // since there the arrow keys step through its presentation first.
    if (index % 2 === 1) await nextPhase(presenter, index);
    else await presenter.keyboard.press('ArrowRight');
  }

  await expectEveryonePhase(screen, phones, PHASES.length - 1);
  await expect(presenter.getByRole('button', { name: 'Volgende' })).toBeDisabled();

  await presenter.getByRole('button', { name: 'Afronden' }).click();
  await expect(screen.getByTestId('projector-closed')).toBeVisible();
  await expect(screen.getByRole('heading', { name: 'De sessie is afgelopen' })).toBeVisible();
  await expect(screen.getByRole('heading', { name: 'Zo verliep de sessie' })).toBeVisible();
  // Every phase ran, for seconds: not "0 min".
  await expect(screen.getByRole('row', { name: 'Introductie 5 min < 1 min' })).toBeVisible();
  await expect(screen.getByRole('row', { name: 'Actiepunten 8 min < 1 min' })).toBeVisible();
  for (const phone of phones) {
    await expect(phone.getByRole('heading', { name: 'De sessie is afgelopen' })).toBeVisible();
    await expect(phone.getByText('Bedankt voor het meedoen!')).toBeVisible();
  }
});

test('a phone that reloads keeps its name and seat', async ({ browser, server }) => {
  const { page: presenter, screen, code } = await openProjector(browser, server);
  const phone = await openPhone(browser, server, code);
  await joinAs(phone, 'Dirk');
  const seats = screen.getByTestId('participants').getByRole('listitem');
  await expect(seats).toHaveText(['Dirk']);

  // A reload in the lobby: welcomed back by name, still one seat, shown online again.
  await phone.reload();
  await expect(phone.getByRole('heading', { name: 'Welkom, Dirk!' })).toBeVisible();
  await expect(phone.getByTestId('my-name')).toHaveText('Dirk');
  await expect(phone.getByLabel('Je voornaam')).toHaveCount(0);
  await expect(screen.getByText('1 deelnemer')).toBeVisible();
  await expect(seats).toHaveText(['Dirk']);
  await expect(seats.locator('.offline')).toHaveCount(0);

  // A reload during a phase: straight back into the phase, no name asked.
  await presenter.getByRole('button', { name: 'Starten' }).click();
  await expectPhonePhase(phone, 0);
  await phone.reload();
  await expectPhonePhase(phone, 0);
  await expect(phone.getByTestId('my-name')).toHaveText('Dirk');
  await expect(phone.getByLabel('Je voornaam')).toHaveCount(0);

  // The reloaded phone still follows the facilitator.
  await presenter.getByRole('button', { name: 'Volgende' }).click();
  await expectPhonePhase(phone, 1);
});

test('join errors are clear', async ({ browser, server }) => {
  const home = await newPhone(browser, server);
  await home.goto('/');
  await home.getByLabel('Code van de sessie').fill('ZZZZZZ');
  await home.getByRole('button', { name: 'Verder' }).click();
  await expect(home.getByRole('alert')).toHaveText('Deze code kennen we niet. Kijk nog eens op het scherm voorin. Klopt hij toch? Wacht dan een minuut.');

  const { page: presenter, screen, code } = await openProjector(browser, server);
  const phone = await openPhone(browser, server, code);
  await phone.getByRole('button', { name: 'Meedoen', exact: true }).click();
  await expect(phone.getByRole('alert')).toHaveText('Vul je voornaam in.');
  await expect(screen.getByText('Nog niemand. Wie scant als eerste?')).toBeVisible();

  await presenter.getByRole('button', { name: 'Afronden' }).click();
  await expect(screen.getByTestId('projector-closed')).toBeVisible();
  await expect(screen.getByRole('row', { name: 'Introductie 5 min niet gehouden' })).toBeVisible();

  const late = await openPhone(browser, server, code);
  await expect(late.getByRole('alert')).toHaveText('Deze sessie is al afgelopen.');
  await expect(late.getByRole('link', { name: 'Naar de startpagina' })).toBeVisible();
  await expect(late.getByLabel('Je voornaam')).toHaveCount(0);

  // The home page says the same for that code.
  await home.getByLabel('Code van de sessie').fill(code.toLowerCase());
  await home.getByRole('button', { name: 'Verder' }).click();
  await expect(home.getByRole('alert')).toHaveText('Deze sessie is al afgelopen.');
});

test('the language toggle switches to English', async ({ browser, server }) => {
  const { code } = await openProjector(browser, server);
  const phone = await openPhone(browser, server, code);
  await expect(phone.getByLabel('Je voornaam')).toBeVisible();

  await phone.getByRole('button', { name: 'English' }).click();
  await expect(phone.getByLabel('Your first name')).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en');

  // The choice sticks across a reload, and the toggle leads back to Dutch.
  await phone.reload();
  await expect(phone.getByLabel('Your first name')).toBeVisible();
  await phone.getByRole('button', { name: 'Nederlands' }).click();
  await expect(phone.getByLabel('Je voornaam')).toBeVisible();
});
