/**
 * What an observer sees, said truthfully: by default the observer's phone shows the cards of the
 * group, secrets included, and says so; the players' phones say the observer reads along; the
 * library says the same. With the facilitator's "observers see the cards" off, none of it is there.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { hostClient } from '../../scripts/lib/clients.ts';
import { SETTINGS } from '../../scripts/lib/roleplay.ts';
import { loadContent } from '../../server/content/loadContent.ts';
import type { PlayRole } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession, expect, joinAs, openPhone, test, type RunningServer } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
const ROLE_OF: Record<string, PlayRole> = { 'Jouw rol: Mentor': 'mentor', 'Jouw rol: Ouder': 'parent', 'Jouw rol: Leerling': 'student', 'Jouw rol: Waarnemer': 'observer' };
const OBSERVER_SEES = 'Je ziet hieronder de kaarten van je groepje, ook wat de spelers voor zich houden.';
const OBSERVER_READS = 'De waarnemer in je groepje leest je hele kaart mee, ook wat je voor je houdt.';
const cardSet = loadContent(`${PROJECT_ROOT}content`).cardSets.get('nl/thuissituatie');
/** A secret (`keeps`) as plain text, to look for on a screen. */
const secretOf = (cardId: string) => (cardSet?.cards.find((card) => card.id === cardId && card.role !== 'mentor')?.keepsHtml ?? '').replace(/<[^>]+>/g, '');

/** Four phones in one group of four (mentor, parent, student, observer), cards dealt; by role. */
async function dealtGroup(browser: Parameters<typeof openPhone>[0], server: RunningServer, observersSeeCards: boolean): Promise<Map<PlayRole, Page>> {
  const { code, hostToken } = await createSession(server);
  const host = hostClient(server.url, code, hostToken);
  await host.connected();
  const phones: Page[] = [];
  for (const name of ['Anouk', 'Bram', 'Chaima', 'Daan']) {
    const phone = await openPhone(browser, server, code);
    await joinAs(phone, name);
    phones.push(phone);
  }
  const send = async (result: Promise<unknown>) => expect(await result).toMatchObject({ ok: true });
  await send(host.socket.emitWithAck('host:start', {}));
  for (let phase = 1; phase <= 4; phase++) await send(host.socket.emitWithAck('host:next', {}));
  await send(host.socket.emitWithAck('host:roleplaySetup', { ...SETTINGS, format: 'trios', observers: true, observersSeeCards }));
  await send(host.socket.emitWithAck('host:roleplayStartRound', {}));
  host.close();
  const byRole = new Map<PlayRole, Page>();
  for (const phone of phones) {
    const heading = phone.getByRole('heading', { level: 2, name: /^Jouw rol:/ });
    await expect(heading).toBeVisible();
    byRole.set(ROLE_OF[(await heading.textContent()) ?? ''] as PlayRole, phone);
  }
  expect([...byRole.keys()].sort()).toEqual(['mentor', 'observer', 'parent', 'student']);
  return byRole;
}

test('by default the observer reads the group’s cards, secrets included, and every phone says so', async ({ browser, server }) => {
  const phones = await dealtGroup(browser, server, true);
  const observer = phones.get('observer')!;
  await expect(observer.getByTestId('observer-sees')).toContainText(OBSERVER_SEES);
  const cards = observer.getByTestId('my-group').getByTestId('role-card');
  await expect(cards).toHaveCount(3);
  for (const id of await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-card-id') ?? ''))) {
    const secret = secretOf(id);
    if (secret) await expect(observer.getByTestId('my-group'), `the observer reads what ${id} keeps`).toContainText(secret);
  }
  for (const role of ['mentor', 'parent', 'student'] as const) {
    await expect(phones.get(role)!.getByTestId('phone-roleplay'), `the ${role} is told the observer reads along`).toContainText(OBSERVER_READS);
  }
  await observer.screenshot({ path: `${SCREENSHOT_DIR}observer-phone.png`, fullPage: true });
  await phones.get('parent')!.screenshot({ path: `${SCREENSHOT_DIR}observer-parent-phone.png`, fullPage: true });

  // The library says the same to a trainer.
  const library = phones.get('mentor')!;
  await library.goto('/library/sets/nl/thuissituatie');
  await expect(library.getByText('Wat iemand voor zich houdt, zien alleen die speler en de waarnemer van het groepje.')).toBeVisible();
});

test('with "observers see the cards" off, the observer sees none and nobody is told otherwise', async ({ browser, server }) => {
  const phones = await dealtGroup(browser, server, false);
  const observer = phones.get('observer')!;
  await expect(observer.getByTestId('my-group').getByTestId('role-card')).toHaveCount(0);
  await expect(observer.getByTestId('observer-sees')).toHaveCount(0);
  for (const role of ['mentor', 'parent', 'student'] as const) {
    const roleplay = phones.get(role)!.getByTestId('phone-roleplay');
    await expect(roleplay).toContainText('Laat deze kaart niet aan je medespelers zien.');
    await expect(roleplay).not.toContainText('De waarnemer in je groepje');
  }
});
