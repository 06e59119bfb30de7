import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Card, CardRole } from '../../server/content/types.ts';
import { addLateJoiner, defaultRounds, formGroups, groupSizes, moveMember, playersInGroup, playersPerGroup, removeMember, rolesForRound, type Format, type PlayRole } from '../../server/session/roleplay/groups.ts';
import { dealRound, type Deal } from '../../server/session/roleplay/dealing.ts';
import type { Group } from '../../server/session/seats/seats.ts';

const card = (id: string, role: CardRole): Card => ({ id, role, title: id, wantsHtml: '', keepsHtml: '', tipHtml: '' });
const cardsOf = (role: CardRole, count: number, prefix: string = role) => Array.from({ length: count }, (_, i) => card(`${prefix}-${i + 1}`, role));

/** Shaped like thuissituatie after loading: 1 mentor, 5 parent, 4 student (leerlingen), 1 observer (waarnemer). */
const realSet: Card[] = [card('mentor', 'mentor'), ...cardsOf('parent', 5, 'ouder'), ...cardsOf('student', 4, 'leerling'), card('waarnemer', 'observer')];
/** Enough cards of every role that nobody ever needs to repeat one or share one. */
const richSet: Card[] = (['mentor', 'parent', 'student', 'observer'] as const).flatMap((role) => cardsOf(role, 48));

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);
const sorted = (list: string[]) => [...list].sort();
const everyone = (groups: Group[]) => groups.flatMap((group) => group.members);

interface Setup {
  count: number;
  format: Format;
  observers: boolean;
  seed: number;
  rounds: number;
}
const setup = fc.record({
  count: fc.integer({ min: 2, max: 40 }),
  format: fc.constantFrom<Format>('pairs', 'trios', 'auto'),
  observers: fc.boolean(),
  seed: fc.integer(),
  rounds: fc.integer({ min: 1, max: 8 }),
});

/** Forms the groups and deals `rounds` rounds, each seeing the deals before it. */
function play({ count, format, observers, seed, rounds }: Setup, cards: Card[] = realSet) {
  const people = ids(count);
  const groups = formGroups(people, { format, observers, seed });
  const players = playersPerGroup(format, count, observers);
  const deals: Deal[] = [];
  for (let round = 0; round < rounds; round++) deals.push(dealRound({ groups, players, round, cards, previous: deals, seed, observers }));
  return { people, groups, players, deals };
}

const roleOf = (cards: Card[], id: string | null) => cards.find((c) => c.id === id)?.role;

/**
 * Checks the card rules where the set has enough cards: for each role and round, when the pool is
 * at least the number of people in that role plus the most cards of that role any of them held
 * before, nobody repeats a card and nobody shares one.
 */
function checkCards(deals: Deal[], cards: Card[], roles: PlayRole[]): { checked: number } {
  let checked = 0;
  deals.forEach((deal, round) => {
    for (const role of roles) {
      const pool = cards.filter((c) => c.role === role).length;
      const seated = Object.entries(deal).filter(([, seat]) => seat.role === role);
      const before = (id: string) => new Set(deals.slice(0, round).flatMap((d) => (d[id] && roleOf(cards, d[id].cardId) === role ? [d[id].cardId] : [])));
      const most = Math.max(0, ...seated.map(([id]) => before(id).size));
      if (seated.length === 0 || pool < seated.length + most) continue;
      checked++;
      for (const [id, seat] of seated) expect(before(id).has(seat.cardId)).toBe(false);
      expect(new Set(seated.map(([, seat]) => seat.cardId)).size).toBe(seated.length);
    }
  });
  return { checked };
}

describe('forming groups', () => {
  const shape = (count: number, format: Format, observers: boolean) => {
    const players = playersPerGroup(format, count, observers);
    return formGroups(ids(count), { format, observers, seed: 1 }).map((group) => {
      const size = group.members.length;
      const playing = playersInGroup(size, players, observers);
      return playing === size ? `${size}` : `${playing}+${size - playing}`;
    });
  };

  // '2+1' = 2 play (mentor, parent) and 1 observes; '3' = a trio without observer.
  it.each<[number, Format, boolean, string[]]>([
    [1, 'pairs', false, ['1']],
    [2, 'pairs', false, ['2']],
    [3, 'pairs', false, ['3']],
    [5, 'pairs', false, ['3', '2']],
    [7, 'pairs', false, ['3', '2', '2']],
    [9, 'pairs', false, ['3', '2', '2', '2']],
    [2, 'pairs', true, ['2']],
    [3, 'pairs', true, ['2+1']],
    [5, 'pairs', true, ['2+1', '2']],
    [7, 'pairs', true, ['2+2', '2+1']],
    [9, 'pairs', true, ['2+1', '2+1', '2+1']],
    [2, 'trios', false, ['2']],
    [3, 'trios', false, ['3']],
    [5, 'trios', false, ['3', '2']],
    [7, 'trios', false, ['3+1', '3']],
    [9, 'trios', false, ['3', '3', '3']],
    [2, 'trios', true, ['2']],
    [3, 'trios', true, ['3']],
    [5, 'trios', true, ['3+2']],
    [7, 'trios', true, ['3+1', '3']],
    [9, 'trios', true, ['3+2', '3+1']],
    [2, 'auto', false, ['2']],
    [3, 'auto', false, ['3']],
    [5, 'auto', false, ['3', '2']],
    [7, 'auto', false, ['3+1', '3']],
    [9, 'auto', false, ['3', '3', '3']],
    [2, 'auto', true, ['2']],
    [3, 'auto', true, ['2+1']],
    [5, 'auto', true, ['2+1', '2']],
    [7, 'auto', true, ['3+1', '3']],
    [9, 'auto', true, ['2+1', '2+1', '2+1']],
  ])('%i people, %s, observers %s → %j', (count, format, observers, expected) => {
    expect(shape(count, format, observers)).toEqual(expected);
  });

  it.each<[number, boolean, 2 | 3]>([
    [3, false, 2], // fewer than 4: always pairs
    [3, true, 2],
    [4, false, 2], // pairs leave 0, trios 1
    [6, false, 3], // both 0: trios
    [8, true, 3], // both leave 0 (pairs' 2 left over play as a pair): trios
    [6, true, 2], // pairs 0, trios 2
  ])('auto with %i people, observers %s plays %i', (count, observers, expected) => {
    expect(playersPerGroup('auto', count, observers)).toBe(expected);
  });

  it('makes no groups of nobody, and one of a single person, who plays mentor', () => {
    expect(formGroups([], { format: 'auto', observers: true, seed: 3 })).toEqual([]);
    const groups = formGroups(['solo'], { format: 'trios', observers: true, seed: 3 });
    expect(groups).toEqual([{ id: 'g1', members: ['solo'] }]);
    expect(dealRound({ groups, players: 3, round: 0, cards: realSet, previous: [], seed: 3 })).toEqual({ solo: { groupId: 'g1', role: 'mentor', cardId: 'mentor' } });
  });

  it('puts everyone in exactly one group, ids g1…, sizes as groupSizes says, the same for the same seed', () => {
    fc.assert(
      fc.property(setup, ({ count, format, observers, seed }) => {
        const people = ids(count);
        const groups = formGroups(people, { format, observers, seed });
        expect(sorted(everyone(groups))).toEqual(sorted(people));
        expect(groups.map((group) => group.id)).toEqual(groups.map((_, i) => `g${i + 1}`));
        expect(groups.map((group) => group.members.length)).toEqual(groupSizes(count, format, observers));
        for (const group of groups) expect(group.members.length).toBeGreaterThanOrEqual(2);
        expect(formGroups(people, { format, observers, seed })).toEqual(groups);
      }),
    );
  });

  it('shuffles: different seeds give different groups', () => {
    const people = ids(20);
    const first = formGroups(people, { format: 'pairs', observers: false, seed: 1 });
    expect(formGroups(people, { format: 'pairs', observers: false, seed: 2 })).not.toEqual(first);
  });
});

describe('roles per round', () => {
  const group: Group = { id: 'g1', members: ['a', 'b', 'c', 'd'] };
  it.each<[string, Group, 2 | 3, number, boolean, Record<string, PlayRole>]>([
    ['pair', { id: 'g1', members: ['a', 'b'] }, 2, 0, true, { a: 'mentor', b: 'parent' }],
    ['pair, next round', { id: 'g1', members: ['a', 'b'] }, 2, 1, true, { a: 'parent', b: 'mentor' }],
    ['pair with observer', { id: 'g1', members: ['a', 'b', 'c'] }, 2, 0, true, { a: 'mentor', b: 'parent', c: 'observer' }],
    ['pairs of 3 without observers play as a trio', { id: 'g1', members: ['a', 'b', 'c'] }, 2, 0, false, { a: 'mentor', b: 'parent', c: 'student' }],
    ['… rotating', { id: 'g1', members: ['a', 'b', 'c'] }, 2, 2, false, { a: 'parent', b: 'student', c: 'mentor' }],
    ['pairs of 4 without observers: the 4th observes', group, 2, 0, false, { a: 'mentor', b: 'parent', c: 'observer', d: 'observer' }],
    ['trio with observer', group, 3, 1, true, { a: 'observer', b: 'mentor', c: 'parent', d: 'student' }],
    ['trio, round past the size wraps', group, 3, 6, true, { a: 'student', b: 'observer', c: 'mentor', d: 'parent' }],
    ['trios format, only 2 members', { id: 'g1', members: ['a', 'b'] }, 3, 0, true, { a: 'mentor', b: 'parent' }],
    ['a single member is mentor', { id: 'g1', members: ['a'] }, 3, 5, true, { a: 'mentor' }],
  ])('%s', (_name, g, players, round, observers, expected) => {
    expect(Object.fromEntries(rolesForRound(g, players, round, { observers }))).toEqual(expected);
  });
});

describe('dealing a round', () => {
  it('gives every participant exactly one seat per round, in their own group', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { people, groups, deals } = play(s);
        for (const deal of deals) {
          expect(sorted(Object.keys(deal))).toEqual(sorted(people));
          for (const group of groups) for (const id of group.members) expect(deal[id]?.groupId).toBe(group.id);
        }
      }),
    );
  });

  it('gives every group exactly one mentor and one parent, and at most one student', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { groups, deals } = play(s);
        for (const deal of deals) {
          for (const group of groups) {
            const roles = group.members.map((id) => deal[id]?.role);
            expect(roles.filter((role) => role === 'mentor')).toHaveLength(1);
            expect(roles.filter((role) => role === 'parent')).toHaveLength(1);
            expect(roles.filter((role) => role === 'student').length).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it('rotates: over n rounds a group has min(n, size) different mentors', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { groups, deals } = play(s);
        for (const group of groups) {
          const mentors = new Set(deals.map((deal) => group.members.find((id) => deal[id]?.role === 'mentor')));
          expect(mentors.size).toBe(Math.min(s.rounds, group.members.length));
        }
      }),
    );
  });

  it('gives the mentor the mentor card, observers the observer card, everyone a card of their role', () => {
    fc.assert(
      fc.property(setup, (s) => {
        for (const seat of play(s).deals.flatMap((deal) => Object.values(deal))) {
          expect(roleOf(realSet, seat.cardId)).toBe(seat.role);
          if (seat.role === 'mentor') expect(seat.cardId).toBe('mentor');
          if (seat.role === 'observer') expect(seat.cardId).toBe('waarnemer');
        }
      }),
    );
  });

  it('never gives anyone the same card twice when the set has enough cards', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { deals } = play(s, richSet);
        for (const id of Object.keys(deals[0] ?? {})) {
          const held = deals.map((deal) => deal[id]?.cardId);
          expect(new Set(held).size).toBe(held.length);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('with the real set, repeats and shares no card while there are enough', () => {
    let checked = 0;
    fc.assert(
      fc.property(setup, (s) => {
        checked += checkCards(play(s).deals, realSet, ['mentor', 'parent', 'student', 'observer']).checked;
      }),
    );
    expect(checked).toBeGreaterThan(0);
  });

  it('gives different groups different parent cards while there are enough, and spreads them evenly when not', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { deals, groups } = play(s);
        const first = Object.values(deals[0] ?? {})
          .filter((seat) => seat.role === 'parent')
          .map((seat) => seat.cardId);
        expect(first).toHaveLength(groups.length);
        const uses = ['ouder-1', 'ouder-2', 'ouder-3', 'ouder-4', 'ouder-5'].map((id) => first.filter((c) => c === id).length);
        expect(Math.max(...uses) - Math.min(...uses)).toBeLessThanOrEqual(1);
        if (groups.length <= 5) expect(new Set(first).size).toBe(groups.length);
        checkCards(deals, realSet, ['parent']);
      }),
    );
  });

  it('makes a would-be student an observer when the set has no student cards', () => {
    const groups: Group[] = [{ id: 'g1', members: ['a', 'b', 'c'] }];
    const cards = realSet.filter((c) => c.role !== 'student');
    expect(dealRound({ groups, players: 3, round: 0, cards, previous: [], seed: 1 })).toEqual({
      a: { groupId: 'g1', role: 'mentor', cardId: 'mentor' },
      b: expect.objectContaining({ role: 'parent' }),
      c: { groupId: 'g1', role: 'observer', cardId: 'waarnemer' },
    });
  });

  it('seats observers without a card when the set has no observer card', () => {
    const groups: Group[] = [{ id: 'g1', members: ['a', 'b', 'c'] }];
    const cards = realSet.filter((c) => c.role !== 'observer');
    expect(dealRound({ groups, players: 2, round: 0, cards, previous: [], seed: 1 }).c).toEqual({ groupId: 'g1', role: 'observer', cardId: null });
  });

  it('is deterministic and leaves its input alone', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { groups, players, deals } = play(s);
        const input = { groups, players, round: s.rounds, cards: realSet, previous: deals, seed: s.seed, observers: s.observers };
        const before = structuredClone(input);
        const deal = dealRound(input);
        expect(input).toEqual(before);
        expect(dealRound(structuredClone(input))).toEqual(deal);
      }),
      { numRuns: 30 },
    );
  });
});

describe('changing groups', () => {
  const pick = fc.record({ s: setup, which: fc.nat(), target: fc.nat() });

  it('adds a latecomer to the smallest group; they observe the round they join, the others keep their seats, and they play later', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { groups, players, deals } = play(s);
        const joined = addLateJoiner(groups, 'late');
        const smallest = Math.min(...groups.map((group) => group.members.length));
        const home = joined.find((group) => group.members.includes('late')) as Group;
        expect(home.members).toHaveLength(smallest + 1);
        expect(sorted(everyone(joined))).toEqual(sorted([...everyone(groups), 'late']));
        expect(everyone(groups)).not.toContain('late');

        // Re-deal the last round with the latecomer in: only their seat is new.
        const round = s.rounds - 1;
        const common = { players, cards: realSet, seed: s.seed, observers: s.observers };
        const redealt = dealRound({ ...common, groups: joined, round, previous: deals.slice(0, round) });
        if (round > 0) {
          expect(redealt.late).toEqual({ groupId: home.id, role: 'observer', cardId: 'waarnemer' });
          const { late: _late, ...others } = redealt;
          expect(others).toEqual(deals[round]);
        }
        // From then on they rotate in: mentor within the group's size in rounds.
        const later = [...deals.slice(0, round), redealt];
        for (let r = round + 1; r <= round + home.members.length; r++) later.push(dealRound({ ...common, groups: joined, round: r, previous: later }));
        expect(later.slice(round + 1).some((deal) => deal.late?.role === 'mentor')).toBe(true);
      }),
    );
  });

  it('starts a group for a latecomer when there is none, and leaves a member where they are', () => {
    expect(addLateJoiner([], 'a')).toEqual([{ id: 'g1', members: ['a'] }]);
    const groups: Group[] = [{ id: 'g1', members: ['a', 'b'] }];
    expect(addLateJoiner(groups, 'a')).toEqual(groups);
  });

  it('removes a member for good and keeps every group at 2 or more where it can', () => {
    fc.assert(
      fc.property(pick, ({ s, which }) => {
        const { people, groups } = play({ ...s, rounds: 1 });
        const gone = people[which % people.length] as string;
        const before = structuredClone(groups);
        const after = removeMember(groups, gone);
        expect(groups).toEqual(before);
        expect(everyone(after)).not.toContain(gone);
        expect(sorted(everyone(after))).toEqual(sorted(people.filter((id) => id !== gone)));
        expect(new Set(after.map((group) => group.id)).size).toBe(after.length);
        if (after.length > 1) for (const group of after) expect(group.members.length).toBeGreaterThanOrEqual(2);
        // Dealing goes on without them, still one mentor per group.
        const deal = dealRound({ groups: after, players: playersPerGroup(s.format, s.count, s.observers), round: 1, cards: realSet, previous: [], seed: s.seed, observers: s.observers });
        expect(Object.keys(deal)).not.toContain(gone);
        for (const group of after) expect(group.members.filter((id) => deal[id]?.role === 'mentor')).toHaveLength(1);
      }),
    );
  });

  it.each<[string, Group[], string, Group[]]>([
    ['a trio plays on as a pair', [{ id: 'g1', members: ['a', 'b', 'c'] }, { id: 'g2', members: ['d', 'e'] }], 'b', [{ id: 'g1', members: ['a', 'c'] }, { id: 'g2', members: ['d', 'e'] }]],
    [
      'a pair left with one merges into the smallest other group',
      [{ id: 'g1', members: ['a', 'b'] }, { id: 'g2', members: ['c', 'd', 'e'] }, { id: 'g3', members: ['f', 'g'] }],
      'a',
      [{ id: 'g2', members: ['c', 'd', 'e'] }, { id: 'g3', members: ['f', 'g', 'b'] }],
    ],
    ['the last group keeps its single member', [{ id: 'g1', members: ['a', 'b'] }], 'a', [{ id: 'g1', members: ['b'] }]],
    ['an unknown id changes nothing', [{ id: 'g1', members: ['a', 'b'] }], 'x', [{ id: 'g1', members: ['a', 'b'] }]],
  ])('remove: %s', (_name, groups, id, expected) => {
    expect(removeMember(groups, id)).toEqual(expected);
  });

  it('moves a member and keeps everyone exactly once', () => {
    fc.assert(
      fc.property(pick, ({ s, which, target }) => {
        const { people, groups } = play({ ...s, rounds: 1 });
        const who = people[which % people.length] as string;
        const to = (groups[target % groups.length] as Group).id;
        const before = structuredClone(groups);
        const after = moveMember(groups, who, to);
        expect(groups).toEqual(before);
        expect(sorted(everyone(after))).toEqual(sorted(people));
        expect(after.find((group) => group.id === to)?.members).toContain(who);
        for (const group of after) expect(group.members.length).toBeGreaterThan(0);
      }),
    );
  });

  it.each<[string, Group[], string, string, Group[]]>([
    ['to the end of the other group', [{ id: 'g1', members: ['a', 'b', 'c'] }, { id: 'g2', members: ['d', 'e'] }], 'a', 'g2', [{ id: 'g1', members: ['b', 'c'] }, { id: 'g2', members: ['d', 'e', 'a'] }]],
    ['an emptied group disappears', [{ id: 'g1', members: ['a'] }, { id: 'g2', members: ['d', 'e'] }], 'a', 'g2', [{ id: 'g2', members: ['d', 'e', 'a'] }]],
    ['to an unknown group changes nothing', [{ id: 'g1', members: ['a', 'b'] }], 'a', 'g9', [{ id: 'g1', members: ['a', 'b'] }]],
  ])('move: %s', (_name, groups, id, to, expected) => {
    expect(moveMember(groups, id, to)).toEqual(expected);
  });
});

describe('default number of rounds', () => {
  const sized = (...sizes: number[]): Group[] => sizes.map((size, i) => ({ id: `g${i + 1}`, members: ids(size).map((id) => `${i}${id}`) }));
  it.each<[number, number, Group[], number]>([
    [45, 10, sized(3, 3), 3], // 45 / (10 + 2) = 3
    [30, 10, sized(3, 3), 2],
    [90, 10, sized(3, 2), 3], // 7 fit, but 3 is enough for everyone to be mentor
    [60, 8, sized(4, 3), 4],
    [5, 10, sized(2), 1], // none fit: still 1
    [0, 10, [], 1],
  ])('%i minutes, %i per conversation → %i', (phase, perRound, groups, expected) => {
    expect(defaultRounds(phase, perRound, groups)).toBe(expected);
  });
});
