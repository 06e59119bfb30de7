/**
 * The role-play phase: forming small groups, rotating the roles per round and dealing the cards.
 *
 * Everything here is pure and deterministic: the same input (including `seed`) gives the same
 * output, nothing reads the clock or Math.random, and no input is mutated.
 *
 * Group shapes
 * - A group "plays" 2 (mentor + parent) or 3 (mentor + parent + student) people; with observers on,
 *   each group also gets one observer seat. Anyone beyond that observes.
 * - Odd counts: people left over after cutting full groups are spread one each over the groups as
 *   extra observers — except
 *     · when the leftovers can play on their own (as many as `players`), they form their own group
 *       (it only lacks its observer), and
 *     · when there are more leftovers than groups (5 people in trios, 6 in trios with observers),
 *       everyone is split as evenly as possible over one group more, so nobody waits in a crowd.
 * - Pairs with observers off: the one leftover person joins a pair, and that group of exactly 3
 *   plays as a trio (mentor + parent + student) instead of leaving someone idle. Because a group
 *   does not carry this, `rolesForRound` and `dealRound` take `observers` (default true) and apply
 *   the rule through `playersInGroup`.
 */
import type { Card, CardRole } from '../content/types.ts';

export type Format = 'pairs' | 'trios' | 'auto';
export type PlayRole = CardRole;
export interface Group {
  id: string;
  /** Participant ids; order matters: it drives the rotation. */
  members: string[];
}
export interface Seat {
  groupId: string;
  role: PlayRole;
  cardId: string | null;
}
/** participantId → seat, for one round. */
export type Deal = Record<string, Seat>;

/** Minutes of feedback after each conversation. */
export const FEEDBACK_MINUTES = 2;

// --- seeded randomness -------------------------------------------------------------------------

/** mulberry32: a small 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: a 32-bit seed derived from text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// --- forming groups ----------------------------------------------------------------------------

/** People who would end up as extra observers beyond the regular group size (see the module comment). */
function leftovers(headCount: number, players: 2 | 3, observers: boolean): number {
  const rest = headCount % (players + (observers ? 1 : 0));
  return rest >= players ? 0 : rest;
}

/**
 * Players per group (2 for pairs: mentor + parent; 3 for trios: + student).
 * 'auto': fewer than 4 people → pairs; otherwise whichever leaves fewer people over as extra
 * observers (a remainder that can play on its own does not count), tie → trios.
 */
export function playersPerGroup(format: Format, headCount: number, observers: boolean): 2 | 3 {
  if (format === 'pairs') return 2;
  if (format === 'trios') return 3;
  if (headCount < 4) return 2;
  return leftovers(headCount, 3, observers) <= leftovers(headCount, 2, observers) ? 3 : 2;
}

/** The group sizes `formGroups` makes for a head count, largest first. */
export function groupSizes(headCount: number, format: Format, observers: boolean): number[] {
  const n = Math.max(0, Math.floor(headCount));
  if (n === 0) return [];
  if (n < 2) return [n];
  const players = playersPerGroup(format, n, observers);
  const size = players + (observers ? 1 : 0);
  const full = Math.floor(n / size);
  const rest = n % size;
  if (rest === 0) return Array<number>(full).fill(size);
  // The leftovers can play by themselves: their own group, without an observer.
  if (rest >= players) return [...Array<number>(full).fill(size), rest];
  // One each as extra observers (pairs without observers: the group of 3 plays as a trio).
  if (rest <= full) return Array.from({ length: full }, (_, i) => size + (i < rest ? 1 : 0));
  // More leftovers than groups: split everyone evenly over one group more.
  const count = full + 1;
  return Array.from({ length: count }, (_, i) => Math.floor(n / count) + (i < n % count ? 1 : 0));
}

/**
 * Shuffles the participants with the seed and cuts them into groups of the sizes `groupSizes`
 * gives. Ids 'g1', 'g2', … in order. Duplicate ids count once; no participants → no groups;
 * one participant → one group (they play mentor).
 */
export function formGroups(participantIds: string[], options: { format: Format; observers: boolean; seed: number }): Group[] {
  const people = shuffled([...new Set(participantIds)], options.seed);
  const groups: Group[] = [];
  let at = 0;
  for (const size of groupSizes(people.length, options.format, options.observers)) {
    groups.push({ id: `g${groups.length + 1}`, members: people.slice(at, at + size) });
    at += size;
  }
  return groups;
}

// --- roles -------------------------------------------------------------------------------------

/**
 * How many members of a group of `size` play (the rest observe): `players`, or fewer if the group
 * is smaller — except that with observers off a pairs group of exactly 3 plays as a trio.
 */
export function playersInGroup(size: number, players: 2 | 3, observers = true): number {
  if (players === 2 && !observers && size === 3) return 3;
  return Math.min(players, size);
}

const PLAYING: PlayRole[] = ['mentor', 'parent', 'student'];

/**
 * Roles for one round: member index (round % size) is mentor, the next parent, the next student
 * (if the group plays 3, see `playersInGroup`), the rest observers. Over `size` rounds everyone is
 * mentor once.
 */
export function rolesForRound(group: Group, players: 2 | 3, round: number, options: { observers?: boolean } = {}): Record<string, PlayRole> {
  const size = group.members.length;
  if (size === 0) return {};
  const playing = playersInGroup(size, players, options.observers ?? true);
  const first = ((Math.trunc(round) % size) + size) % size;
  return Object.fromEntries(
    group.members.map((id, index) => {
      const step = (index - first + size) % size;
      return [id, step < playing ? (PLAYING[step] as PlayRole) : 'observer'];
    }),
  );
}

// --- dealing -----------------------------------------------------------------------------------

/**
 * Min-cost assignment of every row to a distinct column (rows ≤ columns), Hungarian method with
 * potentials. Returns the column of each row.
 */
function assign(cost: number[][], columns: number): number[] {
  const rows = cost.length;
  const u = new Array<number>(rows + 1).fill(0);
  const v = new Array<number>(columns + 1).fill(0);
  const owner = new Array<number>(columns + 1).fill(0); // column → row (1-based), 0 = free
  const way = new Array<number>(columns + 1).fill(0);
  const at = (array: number[], i: number) => array[i] as number;
  for (let row = 1; row <= rows; row++) {
    owner[0] = row;
    let column = 0;
    const minimum = new Array<number>(columns + 1).fill(Infinity);
    const used = new Array<boolean>(columns + 1).fill(false);
    do {
      used[column] = true;
      const current = at(owner, column);
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= columns; j++) {
        if (used[j]) continue;
        const reduced = at(cost[current - 1] as number[], j - 1) - at(u, current) - at(v, j);
        if (reduced < at(minimum, j)) {
          minimum[j] = reduced;
          way[j] = column;
        }
        if (at(minimum, j) < delta) {
          delta = at(minimum, j);
          next = j;
        }
      }
      for (let j = 0; j <= columns; j++) {
        if (used[j]) {
          u[at(owner, j)] = at(u, at(owner, j)) + delta;
          v[j] = at(v, j) - delta;
        } else minimum[j] = at(minimum, j) - delta;
      }
      column = next;
    } while (at(owner, column) !== 0);
    do {
      const previous = at(way, column);
      owner[column] = at(owner, previous);
      column = previous;
    } while (column !== 0);
  }
  const result = new Array<number>(rows).fill(0);
  for (let j = 1; j <= columns; j++) if (at(owner, j) !== 0) result[at(owner, j) - 1] = j - 1;
  return result;
}

interface Player {
  id: string;
  groupId: string;
}

/**
 * Gives each player one card from `pool`, in order of importance:
 * 1. nobody gets a card they held before (or the one they held least often),
 * 2. as few players as possible share a card this round (different groups, different cards),
 * 3. a group sees a card again as late as possible,
 * 4. the seed decides between the rest.
 */
function dealCards(players: Player[], pool: string[], history: { held: (id: string, card: string) => number; inGroup: (group: string, card: string) => number; rounds: number }, salt: string): Map<string, string> {
  const dealt = new Map<string, string>();
  const n = players.length;
  if (n === 0 || pool.length === 0) return dealt;
  // Weights: each level outweighs the largest possible total of all levels below it.
  const TIE = 1024;
  const groupWeight = n * TIE;
  const duplicateWeight = n * history.rounds * groupWeight + n * TIE;
  const repeatWeight = ((n * (n - 1)) / 2) * duplicateWeight + n * history.rounds * groupWeight + n * TIE;
  // Column c * n + k is the (k+1)-th copy of card c this round; later copies cost more.
  const cost = players.map((player) => {
    const row: number[] = [];
    for (const card of pool) {
      const base =
        history.held(player.id, card) * repeatWeight +
        history.inGroup(player.groupId, card) * groupWeight +
        Math.floor(mulberry32(hash(`${salt}|${player.id}|${card}`))() * TIE);
      for (let copy = 0; copy < n; copy++) row.push(base + copy * duplicateWeight);
    }
    return row;
  });
  assign(cost, pool.length * n).forEach((column, index) => {
    dealt.set((players[index] as Player).id, pool[Math.floor(column / n)] as string);
  });
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

  const seats = new Map<string, { groupId: string; role: PlayRole }>();
  for (const group of groups) {
    const members = [...new Set(group.members)].filter((id) => !seats.has(id));
    const settled = latest === undefined ? members : members.filter((id) => Object.hasOwn(latest, id));
    const rotating = settled.length >= 2 ? settled : members;
    const roles = rolesForRound({ id: group.id, members: rotating }, players, round, { observers });
    for (const id of members) {
      const role = roles[id] ?? 'observer';
      // No student cards in the set: the student seat becomes an observer seat.
      seats.set(id, { groupId: group.id, role: role === 'student' && !hasStudents ? 'observer' : role });
    }
  }

  const held = new Map<string, number>();
  const seen = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const deal of previous) {
    const shown = new Set<string>(); // a card counts once per group per round, however many held it
    for (const [id, seat] of Object.entries(deal)) {
      if (seat.cardId === null) continue;
      bump(held, `${id}\u0000${seat.cardId}`);
      shown.add(`${seat.groupId}\u0000${seat.cardId}`);
    }
    for (const key of shown) bump(seen, key);
  }
  const history = {
    held: (id: string, card: string) => held.get(`${id}\u0000${card}`) ?? 0,
    inGroup: (group: string, card: string) => seen.get(`${group}\u0000${card}`) ?? 0,
    rounds: previous.length,
  };

  const cardOf = new Map<string, string>();
  for (const role of ['mentor', 'parent', 'student', 'observer'] as const) {
    const players = [...seats].filter(([, seat]) => seat.role === role).map(([id, seat]) => ({ id, groupId: seat.groupId }));
    for (const [id, card] of dealCards(players, pools.get(role) ?? [], history, `${seed}|${round}|${role}`)) cardOf.set(id, card);
  }
  return Object.fromEntries([...seats].map(([id, seat]) => [id, { ...seat, cardId: cardOf.get(id) ?? null }]));
}

// --- changing groups ---------------------------------------------------------------------------

const copy = (groups: Group[]): Group[] => groups.map((group) => ({ id: group.id, members: [...group.members] }));

function smallest(groups: Group[], except?: string): Group | undefined {
  let best: Group | undefined;
  for (const group of groups) {
    if (group.id === except) continue;
    if (!best || group.members.length < best.members.length) best = group;
  }
  return best;
}

function freshId(groups: Group[]): string {
  let n = groups.length + 1;
  while (groups.some((group) => group.id === `g${n}`)) n++;
  return `g${n}`;
}

/**
 * Adds a latecomer at the end of the smallest group (first of equals), or in a new group if there
 * is none. `dealRound` seats them as observer in the round they join and lets them play after.
 * Someone already in a group stays where they are.
 */
export function addLateJoiner(groups: Group[], participantId: string): Group[] {
  const next = copy(groups);
  if (next.some((group) => group.members.includes(participantId))) return next;
  const target = smallest(next);
  if (target) target.members.push(participantId);
  else next.push({ id: freshId(next), members: [participantId] });
  return next;
}

/**
 * Takes a participant out. A group that keeps 2 or more members plays on (the rotation closes
 * up); one left with a single member is merged into the smallest other group (that member joins
 * at the end); an empty group disappears. A lone last group keeps its single member.
 */
export function removeMember(groups: Group[], participantId: string): Group[] {
  const next = copy(groups).map((group) => ({ ...group, members: group.members.filter((id) => id !== participantId) }));
  const source = groups.find((group) => group.members.includes(participantId));
  if (!source) return next;
  const left = next.find((group) => group.id === source.id) as Group;
  if (left.members.length >= 2) return next;
  const target = smallest(next.filter((group) => group.members.length > 0), left.id);
  if (!target) return next.filter((group) => group.members.length > 0);
  target.members.push(...left.members);
  return next.filter((group) => group !== left);
}

/**
 * Moves a participant to the end of another group. The facilitator decides, so a group left with
 * one member stays as it is (it may be being rebuilt); a group left empty disappears. An unknown
 * participant or group, or a move to the own group, changes nothing.
 */
export function moveMember(groups: Group[], participantId: string, toGroupId: string): Group[] {
  const next = copy(groups);
  const from = next.find((group) => group.members.includes(participantId));
  const to = next.find((group) => group.id === toGroupId);
  if (!to || from === to) return next;
  // No group yet (their phone was away when the groups were made): the move puts them in one.
  if (from) from.members = from.members.filter((id) => id !== participantId);
  to.members.push(participantId);
  return next.filter((group) => group.members.length > 0);
}

/**
 * Rounds that fit the phase: each takes `minutesPerRound` of conversation plus FEEDBACK_MINUTES of
 * feedback. At least 1, at most the largest group's size (so everyone can be mentor once).
 */
export function defaultRounds(phaseMinutes: number, minutesPerRound: number, groups: Group[]): number {
  const perRound = Math.max(0, minutesPerRound) + FEEDBACK_MINUTES;
  const fit = Number.isFinite(phaseMinutes) ? Math.floor(Math.max(0, phaseMinutes) / perRound) : 1;
  const largest = Math.max(0, ...groups.map((group) => group.members.length));
  return Math.max(1, Math.min(fit, largest));
}
