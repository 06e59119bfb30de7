/**
 * The bot phones: their names and joining a session (rehearse.ts adds them to someone else's).
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
