/**
 * Role-play groups: forming them from the people present, rotating the roles per round, and
 * changing them when someone comes late, leaves or is moved. Dealing the cards is in ./dealing.ts.
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
import type { CardRole } from '../../content/types.ts';
import { shuffled } from '../../lib/random.ts';
import type { Group } from '../seats/seats.ts';

export type Format = 'pairs' | 'trios' | 'auto';
export type PlayRole = CardRole;

/** Minutes of feedback after each conversation. */
export const FEEDBACK_MINUTES = 2;

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
export function rolesForRound(group: Group, players: 2 | 3, round: number, options: { observers?: boolean } = {}): Map<string, PlayRole> {
  const roles = new Map<string, PlayRole>();
  const size = group.members.length;
  if (size === 0) return roles;
  const playing = playersInGroup(size, players, options.observers ?? true);
  const first = ((Math.trunc(round) % size) + size) % size;
  group.members.forEach((id, index) => {
    const step = (index - first + size) % size;
    roles.set(id, step < playing ? (PLAYING[step] as PlayRole) : 'observer');
  });
  return roles;
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
