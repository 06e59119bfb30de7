/**
 * A dialogue that talks about the statements the room agreed with most (`topStatements: N`): which
 * N of the nearest earlier statements phase, table-style (ties, too few votes, a second vote over the
 * first, removed participants), and that the projector and the phones get their texts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { ContentError, loadContent } from '../../server/content/loadContent.ts';
import type { VoteChoice } from '../../server/protocol/views.ts';
import type { Phase, Programme } from '../../server/session/programme/programme.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import { mostAgreed, statementsPhaseBefore } from '../../server/session/statements/queries.ts';
import { emptyStatements, leave, type Poll, type Round, type StatementsState, type StatementVote } from '../../server/session/statements/statements.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { toReport } from '../../server/session/report/report.ts';
import { reportMarkdown } from '../../common/reportMarkdown.ts';
import { nl } from '../../common/i18n/nl.ts';
import { en } from '../../common/i18n/en.ts';
import { seatedSession } from '../helpers/seatedSession.ts';

const phase = (kind: Phase['kind'], statements = 0, topStatements?: number): Phase => ({
  kind,
  title: kind,
  minutes: 5,
  notesHtml: '',
  projectorHtml: '',
  phoneHtml: '',
  questions: [],
  cardsets: [],
  research: null,
  quickscan: false,
  video: null,
  statements: Array.from({ length: statements }, (_, index) => ({ text: `Stelling ${index + 1}`, notesHtml: '' })),
  ...(topStatements ? { topStatements } : {}),
});

/** Intro, six statements, the dialogue (phase 2). */
const PHASES = [phase('intro'), phase('statements', 6), phase('dialogue', 0, 2)];
const CHOICE: Record<string, VoteChoice> = { a: 'agree', d: 'disagree', u: 'unsure' };

/**
 * A poll written as its votes: "aadu" is two agree, one disagree, one unsure, by p0, p1, p2 and p3;
 * a trailing "…" keeps the vote open.
 */
interface PollSpec {
  statement: number;
  round?: Round;
  votes: string;
  phaseIndex?: number;
}

function stateOf(polls: PollSpec[]): StatementsState {
  const state = emptyStatements();
  let key = 0;
  for (const { statement, round = 1, votes, phaseIndex = 1 } of polls) {
    const open = votes.endsWith('…');
    const poll: Poll = { phaseIndex, statement, round, open };
    state.polls.push(poll);
    [...votes.replace('…', '')].forEach((letter, n) => {
      const vote: StatementVote = { participantId: `p${n}`, key: `k${++key}`, phaseIndex, statement, round, choice: CHOICE[letter]!, at: key };
      state.votes.push(vote);
    });
  }
  return state;
}

const chosen = (polls: PollSpec[], wanted = 2, phases = PHASES, at = 2) => mostAgreed(phases, stateOf(polls), at, wanted).map((agreement) => agreement.index);

describe('the statements the room agreed with most', () => {
  it.each([
    {
      what: 'the two with the largest share of agree, best first',
      polls: [
        { statement: 0, votes: 'aadd' },
        { statement: 1, votes: 'aaaa' },
        { statement: 2, votes: 'aaad' },
        { statement: 3, votes: 'dddd' },
      ],
      top: [1, 2],
    },
    {
      what: 'on a tie the earlier statement first',
      polls: [
        { statement: 0, votes: 'aad' },
        { statement: 1, votes: 'aad' },
        { statement: 2, votes: 'aaad' },
      ],
      top: [2, 0],
    },
    {
      what: 'a tie in share with different numbers of votes: the earlier first',
      polls: [
        { statement: 4, votes: 'aaaaaadddd' },
        { statement: 5, votes: 'aaadd' },
      ],
      top: [4, 5],
    },
    {
      what: 'the share of all votes: "weet ik niet" counts as not agreeing',
      polls: [
        { statement: 0, votes: 'aauuuu' },
        { statement: 1, votes: 'aadd' },
      ],
      top: [1, 0],
    },
    {
      what: 'no statement with fewer than 3 votes, however agreed: the list is shorter',
      polls: [
        { statement: 0, votes: 'aa' },
        { statement: 1, votes: 'aad' },
      ],
      top: [1],
    },
    { what: 'nothing when no vote had 3 votes', polls: [{ statement: 0, votes: 'aa' }, { statement: 1, votes: 'a' }], top: [] },
    { what: 'nothing before any vote', polls: [], top: [] },
    {
      what: 'no statement nobody agreed with',
      polls: [
        { statement: 0, votes: 'ddd' },
        { statement: 1, votes: 'uuuu' },
        { statement: 2, votes: 'dda' },
      ],
      top: [2],
    },
    {
      what: 'a second vote counts over the first',
      polls: [
        { statement: 0, votes: 'aaaa' },
        { statement: 0, round: 2, votes: 'addd' },
        { statement: 1, votes: 'aad' },
        { statement: 2, votes: 'addd' },
      ],
      top: [1, 0],
    },
    {
      what: 'a second vote still open does not count yet: the first does',
      polls: [
        { statement: 0, votes: 'aaaa' },
        { statement: 0, round: 2, votes: 'dddd…' },
        { statement: 1, votes: 'aad' },
      ],
      top: [0, 1],
    },
    {
      what: 'a second vote with fewer than 3 votes: the first counts',
      polls: [
        { statement: 0, votes: 'ddda' },
        { statement: 0, round: 2, votes: 'aa' },
        { statement: 1, votes: 'aad' },
      ],
      top: [1, 0],
    },
    {
      what: 'a first vote still open does not count',
      polls: [
        { statement: 0, votes: 'aaaa…' },
        { statement: 1, votes: 'ada' },
      ],
      top: [1],
    },
    {
      what: 'votes of another statements phase do not count',
      polls: [
        { statement: 0, votes: 'aaaa', phaseIndex: 0 },
        { statement: 1, votes: 'aad' },
      ],
      top: [1],
    },
  ] satisfies { what: string; polls: PollSpec[]; top: number[] }[])('$what: $top', ({ polls, top }) => {
    expect(chosen(polls)).toEqual(top);
  });

  it.each([
    { wanted: 1, top: [1] },
    { wanted: 2, top: [1, 2] },
    { wanted: 3, top: [1, 2, 0] },
    { wanted: 6, top: [1, 2, 0] },
  ])('takes as many as the phase asks ($wanted): $top', ({ wanted, top }) => {
    const polls = [
      { statement: 0, votes: 'aadd' },
      { statement: 1, votes: 'aaaa' },
      { statement: 2, votes: 'aaad' },
    ];
    expect(chosen(polls, wanted)).toEqual(top);
  });

  it('leaves out the votes of a participant who was removed', () => {
    // p0 agreed everywhere; without them statement 0 has 2 votes (too few) and statement 1 one agree in 3.
    const state = leave(stateOf([{ statement: 0, votes: 'aaa' }, { statement: 1, votes: 'aadd' }, { statement: 2, votes: 'adda' }]), 'p0');
    expect(mostAgreed(PHASES, state, 2, 2).map(({ index, votes, counts }) => ({ index, votes, agree: counts.agree }))).toEqual([
      { index: 1, votes: 3, agree: 1 },
      { index: 2, votes: 3, agree: 1 },
    ]);
  });

  it.each([
    { what: 'the statements phase right before', phases: [phase('statements', 2), phase('dialogue', 0, 2)], at: 1, from: 0 },
    { what: 'the nearest of two before', phases: [phase('statements', 2), phase('intro'), phase('statements', 2), phase('dialogue', 0, 2)], at: 3, from: 2 },
    { what: 'none after the phase', phases: [phase('intro'), phase('dialogue', 0, 2), phase('statements', 2)], at: 1, from: -1 },
    { what: 'none at all', phases: [phase('intro'), phase('dialogue', 0, 2)], at: 1, from: -1 },
  ])('reads $what', ({ phases, at, from }) => {
    expect(statementsPhaseBefore(phases, at)).toBe(from);
  });
});

const FIXTURE = join(import.meta.dirname, '../fixtures/content-statements');
const base = loadContent(FIXTURE).programmes.get('nl/stellingen')!;
const STATEMENTS = base.phases[1]!;
/** The fixture's welcome and three statements, then a dialogue and a plenary that ask for the top two. */
const programme: Programme = {
  ...base,
  phases: [base.phases[0]!, STATEMENTS, { ...phase('dialogue', 0, 2), title: 'Dialoog' }, { ...phase('plenary', 0, 2), title: 'Plenair' }, base.phases[2]!],
};
const PEOPLE = ['Anouk', 'Bram', 'Chaima', 'Daan'];

function session() {
  const { actor, send, now } = seatedSession(programme, PEOPLE, 1);
  const online = new Set(PEOPLE.map((_, n) => `p${n}`));
  const projector = () => toProjectorView(actor.getSnapshot(), { joinUrl: 'http://x/s/ABC234', online, now: now() }).dialogue;
  const phone = (n: number) => toPhoneView(actor.getSnapshot(), `p${n}`, now()).dialogue;
  /** One statement's vote: each letter the choice of p0, p1, … */
  const voteOn = (statement: number, votes: string) => {
    while (actor.getSnapshot().context.statements.statement < statement) send({ type: 'statementMove', delta: 1 });
    send({ type: 'statementOpen' });
    [...votes].forEach((letter, n) =>
      send({ type: 'statementVote', participantId: `p${n}`, key: `s${statement}-p${n}`, phaseIndex: 1, statement, round: 1, choice: CHOICE[letter]! }),
    );
    send({ type: 'statementClose' });
  };
  return { actor, send, projector, phone, voteOn };
}

describe('the dialogue shows the statements the room agreed with most', () => {
  it('on the projector with their share of agree, on every phone of a group with their texts', () => {
    const { send, projector, phone, voteOn } = session();
    voteOn(0, 'aadd');
    voteOn(1, 'aaad');
    voteOn(2, 'aaaa');
    send({ type: 'next' });
    const texts = [STATEMENTS.statements[2]!.text, STATEMENTS.statements[1]!.text];
    expect(projector()!.topStatements).toEqual({
      wanted: 2,
      statements: [
        { index: 2, text: texts[0], round: 1, votes: 4, agreePercent: 100 },
        { index: 1, text: texts[1], round: 1, votes: 4, agreePercent: 75 },
      ],
    });
    // A phone's flip-over comes with the groups.
    expect(phone(0)).toBeNull();
    send({ type: 'dialogueStart', present: ['p0', 'p1', 'p2', 'p3'], seed: 1 });
    for (const n of [0, 3]) expect(phone(n)!.topStatements!.statements.map((statement) => statement.text)).toEqual(texts);
    // The plenary asks for them too.
    send({ type: 'next' });
    expect(projector()!.mode).toBe('plenary');
    expect(phone(1)!.topStatements!.statements.map((statement) => statement.text)).toEqual(texts);
  });

  it('names them in the report\'s dialogue section, in both languages', () => {
    const { actor, send, voteOn } = session();
    voteOn(0, 'aadd');
    voteOn(1, 'aaad');
    voteOn(2, 'aaaa');
    send({ type: 'next' });
    send({ type: 'dialogueStart', present: ['p0', 'p1', 'p2', 'p3'], seed: 1 });
    send({ type: 'end' });
    const report = toReport(actor.getSnapshot().context, 100_000);
    expect(report.dialogue!.topStatements).toEqual([
      { text: STATEMENTS.statements[2]!.text, agreePercent: 100 },
      { text: STATEMENTS.statements[1]!.text, agreePercent: 75 },
    ]);
    expect(reportMarkdown(report, nl, 'nl-NL')).toContain(
      [
        '## Dialoog in groepjes',
        '',
        'De groepjes praatten over de 2 stellingen waar het team het het meest mee eens was:',
        '',
        `- „${STATEMENTS.statements[2]!.text}” (100% eens)`,
        `- „${STATEMENTS.statements[1]!.text}” (75% eens)`,
      ].join('\n'),
    );
    expect(reportMarkdown(report, en, 'en-GB')).toContain('The groups talked about the 2 statements the team agreed with most:');
  });

  it('shows no statements, and says so by an empty list, when no vote counted', () => {
    const { send, projector, voteOn } = session();
    voteOn(0, 'aa');
    send({ type: 'next' });
    expect(projector()!.topStatements).toEqual({ wanted: 2, statements: [] });
  });

  it('follows a participant removed after the vote', () => {
    const { send, projector, voteOn } = session();
    voteOn(0, 'aaa');
    voteOn(1, 'dadd');
    send({ type: 'next' });
    expect(projector()!.topStatements!.statements.map((statement) => statement.index)).toEqual([0, 1]);
    send({ type: 'kick', participantId: 'p0' });
    // Statement 1 keeps 3 votes (one agree); statement 0 has 2 left: too few to count.
    expect(projector()!.topStatements!.statements).toEqual([{ index: 1, text: STATEMENTS.statements[1]!.text, round: 1, votes: 3, agreePercent: 33 }]);
  });

  it('is not there in a dialogue that does not ask for it', () => {
    const plain: Programme = { ...programme, phases: programme.phases.map((p) => (p.kind === 'dialogue' ? phase('dialogue') : p)) };
    const actor = createActor(sessionMachine, { input: { code: 'ABC234', hostTokenHash: 'h', programme: plain, capacity: 60, at: 1 } }).start();
    actor.send({ type: 'start', at: 2 });
    actor.send({ type: 'next', at: 3 });
    actor.send({ type: 'next', at: 4 });
    expect(toProjectorView(actor.getSnapshot(), { joinUrl: 'http://x/s/ABC234', online: new Set(), now: 5 }).dialogue!.topStatements).toBeNull();
  });
});

describe('topStatements in a programme file', () => {
  const head = ['---', 'id: p', 'title: P', 'language: nl', 'phases:'];
  function problems(...phases: string[]) {
    const root = mkdtempSync(join(tmpdir(), 'driegesprek-top-'));
    mkdirSync(join(root, 'programmes'));
    writeFileSync(join(root, 'programmes', 'p.md'), [...head, ...phases, '---', ''].join('\n'));
    try {
      const phase = [...loadContent(root).programmes.values()][0]!.phases.at(-1)!;
      return phase.topStatements ?? null;
    } catch (error) {
      if (error instanceof ContentError) return error.problems.map(({ file, line, field, message }) => ({ file: file.split('/').pop(), line, field, message }));
      throw error;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const statements = ['  - kind: statements', '    title: Stellingen', '    minutes: 10', '    statements:', '      - text: Een.', '      - text: Twee.', '      - text: Drie.'];
  const dialogue = (top: string, kind = 'dialogue') => [`  - kind: ${kind}`, '    title: Dialoog', '    minutes: 10', `    topStatements: ${top}`];

  it.each([
    { what: 'a dialogue after statements', lines: [...statements, ...dialogue('2')], top: 2 },
    { what: 'a plenary after statements', lines: [...statements, ...dialogue('3', 'plenary')], top: 3 },
    { what: 'a dialogue without it', lines: [...statements, '  - kind: dialogue', '    title: Dialoog', '    minutes: 10'], top: null },
  ])('loads $what: $top', ({ lines, top }) => {
    expect(problems(...lines)).toEqual(top);
  });

  it.each([
    { what: 'zero', lines: [...statements, ...dialogue('0')], line: 16, message: /positief getal/ },
    { what: 'a fraction', lines: [...statements, ...dialogue('1.5')], line: 16, message: /heel getal/ },
    { what: 'a text', lines: [...statements, ...dialogue('twee')], line: 16, message: /getal/ },
    { what: 'another kind of phase', lines: [...statements, ...dialogue('2', 'roleplay')], line: 16, message: /alleen bij een fase met kind: dialogue of plenary/ },
    { what: 'no statements phase before it', lines: [...dialogue('2'), ...statements], line: 9, message: /geen fase met stellingen.*vóór deze fase/ },
    { what: 'more than there are statements', lines: [...statements, ...dialogue('4')], line: 16, message: /\(fase 1\) heeft maar 3 stellingen/ },
  ])('names the file, line and field of $what', ({ lines, line, message }) => {
    const found = problems(...lines);
    expect(found).toHaveLength(1);
    expect(found).toMatchObject([{ file: 'p.md', line, field: expect.stringMatching(/^phases\.\d\.topStatements$/) }]);
    expect((found as { message: string }[])[0]!.message).toMatch(message);
  });
});
