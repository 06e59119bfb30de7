/**
 * The bot phones: their names, joining a session, and following someone else's session (--code).
 * A bot reconnects as a phone does (same token, same seat, the phone's back-off) and sends through
 * `Client.request`, which sends again what a lost connection left unacknowledged, with the same key.
 */
import type { PhoneView } from '../../server/protocol/views.ts';
import { joinedPhone, BROWSER_RECONNECT, type Client } from '../lib/clients.ts';

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet', 'Koen', 'Lotte', 'Mees', 'Noor', 'Omar', 'Pien'];

/** How long a bot or the host waits for a view before the walk calls it a failure. */
export const PHASE_TIMEOUT_MS = 10_000;

export type Bot = Client<PhoneView>;

/** Bot 0 is Anouk, bot 16 "Anouk 2": names repeat with a number once the list runs out. */
export const botName = (index: number) => `${NAMES[index % NAMES.length]}${index >= NAMES.length ? ` ${Math.floor(index / NAMES.length) + 1}` : ''}`;

/** The first names in use by `count` bots, without numbers: what a name scan on the projector looks for. */
export const firstNames = (count: number) => [...new Set(Array.from({ length: count }, (_, index) => pick(NAMES, index)))];

/** The bot's item from a list, going round when there are more bots than items. */
export const pick = <T>(items: T[], index: number): T => items[index % items.length] as T;

export async function joinBots(url: string, code: string, count: number): Promise<Bot[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => joinedPhone(url, code, botName(index), undefined, BROWSER_RECONNECT)));
}

export const sawPhase = (bot: Bot, index: number) => bot.views.some((view) => view.phase?.index === index);

/**
 * Adds `count` bots to a session someone else runs, so a facilitator can rehearse alone; prints the
 * phase the first bot shows. Resolves when the session closes or on Ctrl-C.
 */
export async function rehearse(url: string, code: string, count: number): Promise<void> {
  const bots = await joinBots(url, code, count);
  console.log(`${bots.length} bots doen mee met ${code}. Stop met Ctrl-C.`);
  let resolve = () => {};
  const done = new Promise<void>((settle) => (resolve = settle));
  let shown: number | null = null;
  const report = (view: PhoneView) => {
    const index = view.status === 'closed' ? -2 : (view.phase?.index ?? -1);
    if (index === shown) return;
    shown = index;
    console.log(view.status === 'closed' ? 'Sessie afgesloten.' : view.phase ? `Fase ${view.phase.index + 1}: ${view.phase.title}` : 'Wachten in de lobby…');
    if (view.status === 'closed') resolve();
  };
  const first = bots[0];
  if (first?.last) report(first.last);
  first?.listen(report);
  process.on('SIGINT', () => {
    for (const bot of bots) bot.close();
    resolve();
  });
  return done;
}
