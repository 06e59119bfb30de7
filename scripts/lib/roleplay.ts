/**
 * Role-play helpers shared by the integration tests and the simulator: finding a card set's cards
 * in content/, and checking that a screen never got the text of a card it may not see.
 */
import type { Card, CardSet, Content } from '../../server/content/types.ts';
import type { PhoneView, PlayRole, RoleplaySettingsView } from '../../server/protocol/views.ts';

/** Dutch role names, as the facilitator says them. */
export const ROLE_NL: Record<PlayRole, string> = { mentor: 'mentor', parent: 'ouder', student: 'leerling', observer: 'waarnemer' };
export const ROLE_ORDER: PlayRole[] = ['mentor', 'parent', 'student', 'observer'];

export const SETTINGS: RoleplaySettingsView = {
  cardSetId: 'thuissituatie',
  format: 'auto',
  observers: true,
  rounds: 2,
  minutesPerRound: 5,
  observersSeeCards: true,
};

/** The card set a projector offers as `{ id, title }`, looked up in content/ (any language). */
export function findCardSet(content: Content, id: string, title?: string): CardSet | null {
  const sets = [...content.cardSets.values()].filter((set) => set.id === id);
  return sets.find((set) => title === undefined || set.title === title) ?? null;
}

export type CardField = 'keepsHtml' | 'wantsHtml';

/** A string as it appears inside a JSON text (quotes and backslashes escaped). */
const asJson = (text: string) => JSON.stringify(text).slice(1, -1);

/** Every card object (anything with a `keepsHtml`) anywhere in `value`, by id. */
export function cardIdsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) cardIdsIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    if ('keepsHtml' in value) found.add('id' in value && typeof value.id === 'string' ? value.id : '(zonder id)');
    for (const item of Object.values(value)) cardIdsIn(item, found);
  }
  return found;
}

export interface Leak {
  cardId: string;
  how: 'card' | CardField;
}

/**
 * What `payloads` show of `cards` beyond the ids in `allowed`: a card object with another id, or
 * the text (`fields`) of a card that is not allowed. A text shared with an allowed card is no leak.
 */
export function leaks(payloads: unknown[], cards: Card[], allowed: ReadonlySet<string>, fields: CardField[] = ['keepsHtml', 'wantsHtml']): Leak[] {
  const found = new Map<string, Leak>();
  const allowedTexts = new Set(cards.filter((card) => allowed.has(card.id)).flatMap((card) => fields.map((field) => card[field])));
  for (const payload of payloads) {
    for (const id of cardIdsIn(payload)) if (!allowed.has(id)) found.set(`${id}|card`, { cardId: id, how: 'card' });
    const text = JSON.stringify(payload);
    for (const card of cards) {
      if (allowed.has(card.id)) continue;
      for (const field of fields) {
        if (allowedTexts.has(card[field])) continue;
        if (text.includes(asJson(card[field]))) found.set(`${card.id}|${field}`, { cardId: card.id, how: field });
      }
    }
  }
  return [...found.values()];
}

export interface SeatOf {
  participantId: string;
  groupId: string;
  role: PlayRole;
  cardId: string | null;
}

/** The seat a phone's view shows for itself, or null. */
export function seatOf(view: PhoneView | undefined): SeatOf | null {
  const seat = view?.roleplay?.seat;
  const participantId = view?.me?.id;
  if (!seat || !participantId) return null;
  return { participantId, groupId: seat.groupId, role: seat.role, cardId: seat.card?.id ?? null };
}

/**
 * The cards a participant may see in a round: its own, and — when it observes and observers may
 * see cards — those of everyone in its group.
 */
export function allowedCards(me: SeatOf | null, seats: Iterable<SeatOf>, observersSeeCards: boolean): Set<string> {
  const allowed = new Set<string>();
  if (!me) return allowed;
  if (me.cardId) allowed.add(me.cardId);
  if (me.role === 'observer' && observersSeeCards) {
    for (const seat of seats) if (seat.groupId === me.groupId && seat.cardId) allowed.add(seat.cardId);
  }
  return allowed;
}
