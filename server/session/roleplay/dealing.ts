/**
 * Dealing the role cards for one round: a role per seat (see `rolesForRound`) and a card per role,
 * spread so that nobody holds a card twice and groups see different cards where the set allows.
 * Pure and deterministic: the same input (including `seed`) gives the same deal.
 */
import type { Card } from '../../content/types.ts';
import { spreadAssignment } from '../../lib/assignment.ts';
import { hashText, mulberry32 } from '../../lib/random.ts';
import type { Group } from '../seats/seats.ts';
import { rolesForRound, type PlayRole } from './groups.ts';

export interface Seat {
  groupId: string;
  role: PlayRole;
  cardId: string | null;
}
/** participantId → seat, for one round. */
export type Deal = Record<string, Seat>;

interface Player {
  id: string;
  groupId: string;
}

/** How often each player held each card before, and in how many rounds each group saw it: by player or group id, then card id. */
interface History {
  held: Map<string, Map<string, number>>;
  seen: Map<string, Map<string, number>>;
  rounds: number;
}

/**
 * Gives each player one card from `pool`, in order of importance:
 * 1. nobody gets a card they held before (or the one they held least often),
 * 2. as few players as possible share a card this round (different groups, different cards),
 * 3. a group sees a card again as late as possible,
 * 4. the seed decides between the rest.
 */
function dealCards(players: Player[], pool: string[], history: History, salt: string): Map<string, string> {
  const dealt = new Map<string, string>();
  const n = players.length;
  if (n === 0 || pool.length === 0) return dealt;
  // Weights: each level outweighs the largest possible total of all levels below it.
  const TIE = 1024;
  const groupWeight = n * TIE;
  const duplicateWeight = n * history.rounds * groupWeight + n * TIE;
  const repeatWeight = ((n * (n - 1)) / 2) * duplicateWeight + n * history.rounds * groupWeight + n * TIE;
  // A card's k-th holder this round adds (k − 1) × duplicateWeight (spreadAssignment's crowding).
  const saltHash = hashText(`${salt}|`);
  const cardHashes = pool.map((card) => hashText(card));
  const cost = players.map((player) => {
    const held = history.held.get(player.id);
    const seen = history.seen.get(player.groupId);
    const playerHash = hashText(player.id, saltHash);
    return pool.map(
      (card, index) =>
        (held?.get(card) ?? 0) * repeatWeight +
        (seen?.get(card) ?? 0) * groupWeight +
        Math.floor(mulberry32(playerHash ^ (cardHashes[index] as number))() * TIE),
    );
  });
  spreadAssignment(cost, duplicateWeight).forEach((column, index) => dealt.set((players[index] as Player).id, pool[column] as string));
  return dealt;
}

/**
 * Seats every member of every group for one round: a role (see `rolesForRound`) and a card.
 *
 * - The mentor gets the set's mentor card, parents parent cards, students student cards, observers
 *   the observer card; a role without cards in the set gets `cardId: null`.
 * - If the set has no student cards, a would-be student observes instead.
 * - Cards are spread so that different groups get different cards as far as the set allows, and
 *   nobody receives a card they held in `previous` rounds when another is available.
 * - `previous` holds the deals of the earlier rounds, oldest first. A member without a seat in the
 *   latest of them joined late: they observe this round (the others rotate as if they were not
 *   there, so re-dealing the current round after a late join changes nobody else's seat) and play
 *   from the next round on. If that would leave fewer than 2 players in the group, they play at once.
 * - `observers` (default true) is the setting the groups were formed with; see `playersInGroup`.
 */
export function dealRound(input: { groups: Group[]; players: 2 | 3; round: number; cards: Card[]; previous: Deal[]; seed: number; observers?: boolean }): Deal {
  const { groups, players, round, cards, previous, seed } = input;
  const observers = input.observers ?? true;
  const latest = previous.at(-1);
  const pools = new Map<PlayRole, string[]>();
  for (const card of cards) {
    const pool = pools.get(card.role) ?? [];
    if (!pool.includes(card.id)) pool.push(card.id);
    pools.set(card.role, pool);
  }
  const hasStudents = (pools.get('student') ?? []).length > 0;

  /** Each member's seat, its card still to come. */
  const seats = new Map<string, Seat>();
  /** The players of each role, in the order of their seats. */
  const playing = new Map<PlayRole, Player[]>();
  for (const group of groups) {
    const members = [...new Set(group.members)].filter((id) => !seats.has(id));
    const settled = latest === undefined ? members : members.filter((id) => Object.hasOwn(latest, id));
    const rotating = settled.length >= 2 ? settled : members;
    const roles = rolesForRound({ id: group.id, members: rotating }, players, round, { observers });
    for (const id of members) {
      const role = roles.get(id) ?? 'observer';
      // No student cards in the set: the student seat becomes an observer seat.
      const seat: Seat = { groupId: group.id, role: role === 'student' && !hasStudents ? 'observer' : role, cardId: null };
      seats.set(id, seat);
      const players = playing.get(seat.role);
      if (players) players.push({ id, groupId: group.id });
      else playing.set(seat.role, [{ id, groupId: group.id }]);
    }
  }

  // A card counts once per group per round, however many in it held it.
  const history: History = { held: new Map(), seen: new Map(), rounds: previous.length };
  const bump = (map: Map<string, Map<string, number>>, key: string, card: string) => {
    let cards = map.get(key);
    if (!cards) map.set(key, (cards = new Map()));
    cards.set(card, (cards.get(card) ?? 0) + 1);
  };
  for (const deal of previous) {
    const shown = new Map<string, Set<string>>();
    for (const id in deal) {
      const seat = deal[id]!;
      if (seat.cardId === null) continue;
      bump(history.held, id, seat.cardId);
      const cards = shown.get(seat.groupId);
      if (cards) cards.add(seat.cardId);
      else shown.set(seat.groupId, new Set([seat.cardId]));
    }
    for (const [group, cards] of shown) for (const card of cards) bump(history.seen, group, card);
  }

  for (const [role, players] of playing) for (const [id, card] of dealCards(players, pools.get(role) ?? [], history, `${seed}|${round}|${role}`)) seats.get(id)!.cardId = card;
  const deal: Deal = {};
  for (const [id, seat] of seats) deal[id] = seat;
  return deal;
}

