import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loadContent.ts';
import type { Figures, ResearchData } from '../../server/content/types.ts';
import {
  emptyQuickscan,
  EXPERIENCE_COUNTED_FROM,
  leave,
  QUICKSCAN_MIN_RESPONDENTS,
  rate,
  reveal,
  summarise,
  type QuickscanState,
  type Rating,
} from '../../server/session/research/quickscan.ts';

type Statement = ResearchData['statements'][number];

const none: Figures = { experience: null, importance: null };
const statement = (id: string, mentors: Figures = none, parents: Figures = none, scale: Statement['scale'] = 'vaak'): Statement => ({
  id,
  theme: 'algemeen',
  scale,
  mentor: `Stelling ${id} voor mentoren.`,
  parent: `Stelling ${id} voor ouders.`,
  figures: { mentors, parents },
  takeaway: `Les bij ${id}.`,
});

const statements: Statement[] = [
  statement('s1', { experience: 31, importance: 100 }, { experience: null, importance: 89 }),
  statement('s2', { experience: 17, importance: 98 }),
  statement('s3'),
  statement('s4', none, { experience: 57, importance: null }),
  statement('s5'),
];

let clock = 0;
/** One rating per call; `r(p, s, e, i)` reads "participant p rates statement s with experience e and importance i". */
const r = (participantId: string, statementId: string, experience: Rating | null, importance: Rating | null) => ({
  participantId,
  statementId,
  experience,
  importance,
  at: ++clock,
});

const rateAll = (answers: ReturnType<typeof r>[], state: QuickscanState = emptyQuickscan()) => answers.reduce(rate, state);
const row = (state: QuickscanState, id: string) => summarise(state, statements).statements.find((entry) => entry.id === id)!;
/** Three people who each rated s5 "(bijna) nooit" and "onbelangrijk": enough to show figures without affecting other statements. */
const quorum = () => ['q1', 'q2', 'q3'].map((p) => r(p, 's5', 1, 1));

describe('threshold', () => {
  it('is three respondents', () => expect(QUICKSCAN_MIN_RESPONDENTS).toBe(3));

  it.each<[string, number, boolean, boolean]>([
    ['nobody', 0, false, false],
    ['one person', 1, false, false],
    ['two people', 2, false, false],
    ['three people', 3, false, true],
    ['four people', 4, false, true],
    ['nobody, revealed', 0, true, true],
    ['one person, revealed', 1, true, true],
  ])('%s → shown %s', (_, people, revealed, shown) => {
    const answers = Array.from({ length: people }, (__, i) => r(`p${i + 1}`, 's1', 4, 4));
    const summary = summarise(reveal(rateAll(answers), revealed), statements);
    expect(summary.respondents).toBe(people);
    expect(summary.shown).toBe(shown);
    expect(summary.statements).toHaveLength(statements.length);
    for (const entry of summary.statements) {
      if (shown) expect(entry.team).not.toBeNull();
      else {
        // Hidden: nothing derived from the answers leaves summarise.
        expect(entry.team).toBeNull();
        expect(entry.gap).toBeNull();
        expect(entry.largestGap).toBe(false);
      }
    }
  });

  it('hiding again after a reveal hides the figures again', () => {
    const state = reveal(reveal(rateAll([r('p1', 's1', 4, 4)]), true), false);
    expect(summarise(state, statements).shown).toBe(false);
    expect(row(state, 's1').team).toBeNull();
  });

  it('someone who leaves no longer counts towards the threshold', () => {
    const state = rateAll([r('p1', 's1', 4, 4), r('p2', 's1', 4, 4), r('p3', 's2', 1, 1)]);
    expect(summarise(state, statements).shown).toBe(true);
    expect(summarise(leave(state, 'p3'), statements)).toMatchObject({ respondents: 2, shown: false });
  });
});

describe('respondents', () => {
  it('counts each person once, however many statements they rated', () => {
    const state = rateAll([r('p1', 's1', 4, 4), r('p1', 's2', 1, null), r('p1', 's3', null, 2), r('p2', 's1', 3, 3), r('p2', 's1', 2, 2)]);
    expect(summarise(state, statements).respondents).toBe(2);
  });

  it('a rating with neither scale filled in is not an answer', () => {
    const state = rateAll([r('p1', 's1', null, null), r('p2', 's1', 4, 4)]);
    expect(state.answers).toHaveLength(1);
    expect(summarise(state, statements).respondents).toBe(1);
  });
});

describe('team percentages', () => {
  // Share of a statement's ratings that are 3 or 4, rounded to a whole number; over no ratings null, never 0.
  it.each<[string, (Rating | null)[], number | null]>([
    ['4, 3, 2, 1', [4, 3, 2, 1], 50],
    ['2 of 3 high', [3, 4, 1], 67],
    ['1 of 3 high', [3, 2, 1], 33],
    ['1 of 8 high (12.5 rounds up)', [4, 1, 1, 1, 1, 1, 1, 1], 13],
    ['all 4', [4, 4, 4], 100],
    ['all 3', [3, 3, 3], 100],
    ['all 2', [2, 2, 2], 0],
    ['all 1', [1, 1, 1], 0],
    ['only nulls on this scale', [null, null, null], null],
    ['nulls do not count as low', [4, null, 1], 50],
  ])('%s → %s', (_, ratings, expected) => {
    // Each person also rates the other scale with 2, so every rating below is stored even when null.
    const experience = rateAll(ratings.map((rating, i) => r(`p${i + 1}`, 's1', rating, 2)), reveal(emptyQuickscan(), true));
    expect(row(experience, 's1').team).toEqual({ experience: expected, importance: 0, answers: ratings.length });
    const importance = rateAll(ratings.map((rating, i) => r(`p${i + 1}`, 's1', 2, rating)), reveal(emptyQuickscan(), true));
    expect(row(importance, 's1').team).toEqual({ experience: 0, importance: expected, answers: ratings.length });
  });

  it('a statement fewer than three rated keeps its figures hidden, even when the team is shown; revealing shows them', () => {
    const state = rateAll([...quorum(), r('p1', 's2', 4, 4), r('p2', 's2', 1, 4)]);
    expect(summarise(state, statements).shown).toBe(true);
    expect(row(state, 's2').team).toEqual({ experience: null, importance: null, answers: 2 });
    expect(row(state, 's2').largestGap).toBe(false);
    expect(row(reveal(state, true), 's2').team).toEqual({ experience: 50, importance: 100, answers: 2 });
  });

  it('a statement nobody rated has null figures and zero answers once shown', () => {
    const state = rateAll(quorum());
    expect(row(state, 's3').team).toEqual({ experience: null, importance: null, answers: 0 });
    expect(row(state, 's3').gap).toBeNull();
  });

  it('the answers count counts people who rated either scale', () => {
    const state = rateAll([r('p1', 's1', 4, null), r('p2', 's1', null, 1), r('p3', 's1', 3, 3)]);
    expect(row(state, 's1').team).toEqual({ experience: 100, importance: 50, answers: 3 });
  });
});

describe('a statement about knowing (scale goed)', () => {
  // The research asked "how well do you know …" (niet, nauwelijks, redelijk, goed) and its figure is
  // the share that said "goed": the team's figure counts the same answer, so 4 only.
  const knowing = [statement('kennen', { experience: 31, importance: 100 }, none, 'goed'), statement('vaak', { experience: 90, importance: null })];
  const rowOf = (state: QuickscanState, id: string) => summarise(state, knowing).statements.find((entry) => entry.id === id)!;

  it('counts the experience answers in the top category only', () => {
    expect(EXPERIENCE_COUNTED_FROM).toEqual({ vaak: 3, goed: 4 });
    // Goed, redelijk, nauwelijks, niet: one in four knows it well (on the how-often scale 4 and 3 would make 50%).
    const answers = ([4, 3, 2, 1] as const).flatMap((rating, i) => [r(`p${i + 1}`, 'kennen', rating, 4), r(`p${i + 1}`, 'vaak', rating, 4)]);
    const state = rateAll(answers);
    expect(rowOf(state, 'kennen').team).toEqual({ experience: 25, importance: 100, answers: 4 });
    expect(rowOf(state, 'vaak').team).toEqual({ experience: 50, importance: 100, answers: 4 });
  });

  it.each<[string, Rating[], number]>([
    ['all redelijk', [3, 3, 3], 0],
    ['all goed', [4, 4, 4], 100],
    ['2 of 3 goed', [4, 4, 3], 67],
  ])('%s → %s%% know it well', (_, ratings, expected) => {
    const state = rateAll(ratings.map((rating, i) => r(`p${i + 1}`, 'kennen', rating, 3)));
    expect(rowOf(state, 'kennen').team?.experience).toBe(expected);
  });

  it('importance is counted as for every statement: belangrijk and heel belangrijk', () => {
    const state = rateAll(([4, 3, 2] as const).map((rating, i) => r(`p${i + 1}`, 'kennen', 4, rating)));
    expect(rowOf(state, 'kennen').team).toEqual({ experience: 100, importance: 67, answers: 3 });
  });

  it('its gap is importance minus the share that knows it well', () => {
    const state = rateAll(['p1', 'p2', 'p3', 'p4'].map((p, i) => r(p, 'kennen', i === 0 ? 4 : 3, 4)));
    expect(rowOf(state, 'kennen')).toMatchObject({ gap: 75, largestGap: true });
  });
});

describe('changing an answer', () => {
  it('a later answer replaces the earlier one', () => {
    const state = reveal(rateAll([...quorum(), r('p1', 's1', 1, 1), r('p1', 's1', 4, 3)]), true);
    expect(state.answers.filter((answer) => answer.participantId === 'p1')).toHaveLength(1);
    expect(row(state, 's1').team).toEqual({ experience: 100, importance: 100, answers: 1 });
  });

  it.each<[string, Rating | null, Rating | null, Rating | null, Rating | null]>([
    ['experience only keeps importance', 4, null, 4, 2],
    ['importance only keeps experience', null, 4, 1, 4],
    ['both null keeps both', null, null, 1, 2],
    ['both set replaces both', 3, 3, 3, 3],
  ])('%s', (_, experience, importance, expectedExperience, expectedImportance) => {
    const state = rateAll([r('p1', 's1', 1, 2), r('p1', 's1', experience, importance)]);
    expect(state.answers).toEqual([
      expect.objectContaining({ participantId: 'p1', statementId: 's1', experience: expectedExperience, importance: expectedImportance }),
    ]);
  });

  it('keeps the time of the latest answer', () => {
    const first = r('p1', 's1', 1, 1);
    const second = r('p1', 's1', 2, null);
    expect(rateAll([first, second]).answers[0]?.at).toBe(second.at);
  });

  it('a rating for another statement or by another person is a separate answer', () => {
    const state = rateAll([r('p1', 's1', 1, 1), r('p1', 's2', 4, 4), r('p2', 's1', 4, 4)]);
    expect(state.answers).toHaveLength(3);
  });

  it('does not change the state it was given', () => {
    const before = rateAll([r('p1', 's1', 1, 1)]);
    const copy = structuredClone(before);
    rate(before, r('p1', 's1', 4, 4));
    rate(before, r('p2', 's1', 4, 4));
    leave(before, 'p1');
    reveal(before, true);
    expect(before).toEqual(copy);
  });
});

describe('leave', () => {
  it("removes all of a person's answers and nobody else's", () => {
    const state = rateAll([r('p1', 's1', 4, 4), r('p1', 's2', 4, 4), r('p2', 's1', 1, 1), r('p3', 's1', 1, 1), r('p4', 's1', 1, 1)]);
    const after = leave(state, 'p1');
    expect(after.answers.map((answer) => answer.participantId)).toEqual(['p2', 'p3', 'p4']);
    expect(row(after, 's1').team).toEqual({ experience: 0, importance: 0, answers: 3 });
    expect(row(after, 's2').team).toEqual({ experience: null, importance: null, answers: 0 });
  });

  it('someone who never answered changes nothing', () => {
    const state = rateAll([r('p1', 's1', 4, 4)]);
    expect(leave(state, 'p9')).toEqual(state);
  });
});

describe('largest gaps', () => {
  // Per statement: [experience ratings, importance ratings] of three people → gap = importance% − experience%.
  const scan = (perStatement: Record<string, [Rating, Rating][]>) =>
    rateAll(Object.entries(perStatement).flatMap(([id, pairs]) => pairs.map(([e, i], n) => r(`p${n + 1}`, id, e, i))));
  const low: [Rating, Rating] = [1, 1];
  const gapOf = (high: number): [Rating, Rating][] =>
    // `high` of three people rate importance high while experience stays low.
    [0, 1, 2].map((n) => (n < high ? [1, 4] : low));

  it.each<[string, Record<string, [Rating, Rating][]>, (number | null)[], boolean[]]>([
    [
      'the three largest positive gaps',
      { s1: gapOf(1), s2: gapOf(3), s3: gapOf(2), s4: gapOf(0), s5: [[1, 4], [1, 4], [4, 4]] },
      [33, 100, 67, 0, 67],
      [false, true, true, false, true],
    ],
    [
      'ties go to the earlier statement',
      { s1: gapOf(2), s2: gapOf(2), s3: gapOf(2), s4: gapOf(2), s5: gapOf(3) },
      [67, 67, 67, 67, 100],
      [true, true, false, false, true],
    ],
    [
      'zero and negative gaps never count, even when fewer than three are positive',
      { s1: [[4, 1], [4, 1], [4, 1]], s2: gapOf(0), s3: gapOf(1), s4: [[4, 4], [4, 4], [4, 4]] },
      [-100, 0, 33, 0, null],
      [false, false, true, false, false],
    ],
    ['no gaps at all', { s1: [low, low, low] }, [0, null, null, null, null], [false, false, false, false, false]],
  ])('%s', (_, perStatement, gaps, largest) => {
    const summary = summarise(scan(perStatement), statements);
    expect(summary.shown).toBe(true);
    expect(summary.statements.map((entry) => entry.gap)).toEqual(gaps);
    expect(summary.statements.map((entry) => entry.largestGap)).toEqual(largest);
  });

  it('the gap is the difference of the rounded percentages shown', () => {
    // importance 2 of 3 → 67, experience 1 of 3 → 33: gap 34 (not 33.3…).
    const state = rateAll([r('p1', 's1', 4, 4), r('p2', 's1', 1, 4), r('p3', 's1', 1, 1)]);
    expect(row(state, 's1')).toMatchObject({ team: { experience: 33, importance: 67 }, gap: 34 });
  });

  it('a side without answers gives no gap', () => {
    const state = rateAll([r('p1', 's1', null, 4), r('p2', 's1', null, 4), r('p3', 's1', null, 4)]);
    expect(row(state, 's1')).toMatchObject({ team: { experience: null, importance: 100, answers: 3 }, gap: null, largestGap: false });
  });
});

describe('summarise', () => {
  it("passes the research's figures through, shown or hidden", () => {
    for (const state of [emptyQuickscan(), rateAll(quorum())]) {
      expect(summarise(state, statements).statements.map((entry) => entry.research)).toEqual(
        statements.map((entry) => entry.figures),
      );
    }
  });

  it("lists the statements in the research's order", () => {
    const reversed = [...statements].reverse();
    const state = rateAll(quorum());
    expect(summarise(state, reversed).statements.map((entry) => entry.id)).toEqual(reversed.map((entry) => entry.id));
  });

  it('ignores answers to an unknown statement, also when counting respondents', () => {
    const state = rateAll([r('p1', 's1', 4, 4), r('p2', 's1', 4, 4), r('p3', 'gone', 4, 4), r('p1', 'gone', 1, 1)]);
    const summary = summarise(state, statements);
    expect(summary).toMatchObject({ respondents: 2, shown: false });
    const shown = summarise(reveal(state, true), statements);
    expect(shown.statements.map((entry) => entry.id)).toEqual(statements.map((entry) => entry.id));
    expect(shown.statements.find((entry) => entry.id === 's1')?.team).toEqual({ experience: 100, importance: 100, answers: 2 });
  });

  it('does not let a change to the summary reach the content', () => {
    const summary = summarise(emptyQuickscan(), statements);
    summary.statements[0]!.research.mentors.experience = 0;
    expect(statements[0]!.figures.mentors.experience).toBe(31);
  });

  it('works on the real research: eleven statements, hidden until three answered', () => {
    const research = loadContent(join(import.meta.dirname, '../../content')).research.get('nl/onderzoek-aos')!;
    const hidden = summarise(emptyQuickscan(), research.statements);
    expect(hidden).toMatchObject({ respondents: 0, shown: false });
    expect(hidden.statements).toHaveLength(11);
    expect(hidden.statements[0]).toEqual({
      id: 'thuissituatie-kennen',
      team: null,
      research: { mentors: { experience: 31, importance: 100 }, parents: { experience: null, importance: 89 } },
      gap: null,
      largestGap: false,
    });
    const everyone = research.statements.flatMap((entry) => ['p1', 'p2', 'p3'].map((p) => r(p, entry.id, 2, 4)));
    const shown = summarise(rateAll(everyone), research.statements);
    expect(shown.statements.map((entry) => entry.largestGap)).toEqual([true, true, true, ...Array<boolean>(8).fill(false)]);
  });
});
