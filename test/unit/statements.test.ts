/**
 * Statements phases (stellingen): votes, a change of mind, closing, a second vote, what each screen
 * sees and the rule that fewer than 3 votes show no distribution. Table-style, on a fake clock.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../common/i18n/en.ts';
import { nl } from '../../common/i18n/nl.ts';
import { reportMarkdown } from '../../common/reportMarkdown.ts';
import { voteShares } from '../../common/voteShares.ts';
import { ContentError, loadContent } from '../../server/content/loadContent.ts';
import type { VoteChoice } from '../../server/protocol/views.ts';
import type { RoomEvent } from '../../server/rooms.ts';
import { toReport } from '../../server/session/report/report.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { join as joinLayout, rowsOf, stateOf } from '../../server/store/layout.ts';
import { migrate, SNAPSHOT_SCHEMA_VERSION } from '../../server/store/migrations.ts';
import { persisted } from '../../server/store/snapshots.ts';
import { seatedSession } from '../helpers/seatedSession.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/content-statements');
const programme = loadContent(FIXTURE).programmes.get('nl/stellingen')!;
const PEOPLE = ['Anouk', 'Bram', 'Chaima', 'Daan'];
/** The statements phase of the fixture programme. */
const PHASE = 1;

type Step = RoomEvent;

function session() {
  const { actor, send, now } = seatedSession(programme, PEOPLE, PHASE);
  const projector = () => toProjectorView(actor.getSnapshot(), { joinUrl: 'http://x/s/ABC234', online: new Set(), now: now() }).statements;
  const phone = (n: number) => toPhoneView(actor.getSnapshot(), `p${n}`, now()).statements;
  return { actor, send, projector, phone };
}

let keys = 0;
const vote = (n: number, choice: VoteChoice, { statement = 0, round = 1 as 1 | 2, key = `key-${String(++keys).padStart(8, '0')}` } = {}): Step => ({
  type: 'statementVote',
  participantId: `p${n}`,
  key,
  phaseIndex: PHASE,
  statement,
  round,
  choice,
});

describe('a statements phase', () => {
  it('shows the first statement, without a vote, on the projector and every phone', () => {
    const { projector, phone } = session();
    expect(projector()).toMatchObject({ index: 0, count: 3, text: programme.phases[PHASE]!.statements[0]!.text, rounds: [], participantCount: 4, minVotes: 3 });
    expect(projector()!.notesHtml).toContain('31%');
    expect(phone(0)).toEqual({ phaseIndex: PHASE, index: 0, count: 3, text: programme.phases[PHASE]!.statements[0]!.text, vote: null });
  });

  it.each([
    { what: 'before the vote is open', open: false, event: vote(0, 'agree'), accepted: false },
    { what: 'while it is open', open: true, event: vote(0, 'agree'), accepted: true },
    { what: 'for another statement than the one on screen', open: true, event: vote(0, 'agree', { statement: 1 }), accepted: false },
    { what: 'for a second round that was not opened', open: true, event: vote(0, 'agree', { round: 2 }), accepted: false },
    { what: 'for another phase', open: true, event: { ...vote(0, 'agree'), phaseIndex: 0 }, accepted: false },
    { what: 'from someone without a seat', open: true, event: vote(9, 'agree'), accepted: false },
  ])('takes a vote $what: $accepted', ({ open, event, accepted }) => {
    const { send } = session();
    if (open) expect(send({ type: 'statementOpen' })).toBe(true);
    expect(send(event)).toBe(accepted);
  });

  it('counts one vote per person: a change of mind replaces it, a repeat with the same key changes nothing', () => {
    const { send, projector, phone, actor } = session();
    send({ type: 'statementOpen' });
    send(vote(0, 'agree', { key: 'anouk-one' }));
    send(vote(1, 'agree'));
    send(vote(2, 'disagree'));
    send(vote(0, 'unsure', { key: 'anouk-two' }));
    // A lost ack: the first vote sent again after the change must not undo it.
    expect(send(vote(0, 'agree', { key: 'anouk-one' }))).toBe(true);
    expect(send(vote(0, 'unsure', { key: 'anouk-two' }))).toBe(true);
    expect(actor.getSnapshot().context.statements.votes).toHaveLength(3);
    expect(phone(0)!.vote).toEqual({ round: 1, open: true, mine: 'unsure' });
    expect(phone(3)!.vote).toEqual({ round: 1, open: true, mine: null });
    // While open: how many voted, not how.
    expect(projector()!.rounds).toEqual([{ round: 1, open: true, votes: 3, counts: null }]);
    send({ type: 'statementClose' });
    expect(projector()!.rounds).toEqual([{ round: 1, open: false, votes: 3, counts: { agree: 1, disagree: 1, unsure: 1 } }]);
    expect(phone(0)!.vote).toEqual({ round: 1, open: false, mine: 'unsure' });
  });

  it('refuses a new vote once closed, but acknowledges a repeat of one it has', () => {
    const { send, projector } = session();
    send({ type: 'statementOpen' });
    send(vote(0, 'agree', { key: 'anouk-one' }));
    send({ type: 'statementClose' });
    expect(send(vote(1, 'agree'))).toBe(false);
    expect(send(vote(0, 'disagree'))).toBe(false);
    expect(send(vote(0, 'agree', { key: 'anouk-one' }))).toBe(true);
    expect(projector()!.rounds[0]!.votes).toBe(1);
  });

  it.each([
    { votes: 0, counts: null },
    { votes: 1, counts: null },
    { votes: 2, counts: null },
    { votes: 3, counts: { agree: 2, disagree: 1, unsure: 0 } },
    { votes: 4, counts: { agree: 2, disagree: 2, unsure: 0 } },
  ])('shows the distribution of $votes votes: $counts', ({ votes, counts }) => {
    const { send, projector } = session();
    send({ type: 'statementOpen' });
    for (let n = 0; n < votes; n++) send(vote(n, n % 2 ? 'disagree' : 'agree'));
    send({ type: 'statementClose' });
    expect(projector()!.rounds).toEqual([{ round: 1, open: false, votes, counts }]);
  });

  it('opens a second vote after the first closed, and sets them side by side', () => {
    const { send, projector, phone } = session();
    expect(send({ type: 'statementVoteAgain' })).toBe(false);
    send({ type: 'statementOpen' });
    expect(send({ type: 'statementVoteAgain' })).toBe(false);
    for (const n of [0, 1, 2]) send(vote(n, 'agree'));
    send(vote(3, 'disagree'));
    send({ type: 'statementClose' });
    expect(send({ type: 'statementVoteAgain' })).toBe(true);
    expect(phone(0)!.vote).toEqual({ round: 2, open: true, mine: null });
    // The first round's votes do not count in the second.
    expect(send(vote(0, 'disagree', { round: 1 }))).toBe(false);
    for (const n of [0, 1]) send(vote(n, 'disagree', { round: 2 }));
    send(vote(2, 'agree', { round: 2 }));
    expect(projector()!.rounds).toEqual([
      { round: 1, open: false, votes: 4, counts: { agree: 3, disagree: 1, unsure: 0 } },
      { round: 2, open: true, votes: 3, counts: null },
    ]);
    send({ type: 'statementClose' });
    expect(projector()!.rounds[1]).toEqual({ round: 2, open: false, votes: 3, counts: { agree: 1, disagree: 2, unsure: 0 } });
    // Two rounds at most.
    expect(send({ type: 'statementVoteAgain' })).toBe(false);
  });

  it('opens a vote closed by mistake again, with its votes', () => {
    const { send, projector } = session();
    send({ type: 'statementOpen' });
    send(vote(0, 'agree'));
    send({ type: 'statementClose' });
    expect(send({ type: 'statementClose' })).toBe(false);
    expect(send({ type: 'statementOpen' })).toBe(true);
    expect(projector()!.rounds).toEqual([{ round: 1, open: true, votes: 1, counts: null }]);
  });

  it.each([
    { what: 'the next statement', event: { type: 'statementMove', delta: 1 } as Step, index: 1 },
    { what: 'the next phase', event: { type: 'next' } as Step, index: null },
    { what: 'the previous phase', event: { type: 'back' } as Step, index: null },
    { what: 'the end', event: { type: 'end' } as Step, index: null },
  ])('closes an open vote on $what', ({ event, index }) => {
    const { send, actor, projector } = session();
    send({ type: 'statementOpen' });
    send(vote(0, 'agree'));
    send(event);
    expect(actor.getSnapshot().context.statements.polls.every((poll) => !poll.open)).toBe(true);
    expect(projector()?.index ?? null).toBe(index);
  });

  it('moves between the statements within the list, and keeps each statement\'s votes', () => {
    const { send, projector } = session();
    expect(send({ type: 'statementMove', delta: -1 })).toBe(false);
    send({ type: 'statementOpen' });
    for (const n of [0, 1, 2]) send(vote(n, 'unsure'));
    send({ type: 'statementMove', delta: 1 });
    expect(projector()).toMatchObject({ index: 1, rounds: [] });
    send({ type: 'statementMove', delta: 1 });
    expect(send({ type: 'statementMove', delta: 1 })).toBe(false);
    send({ type: 'statementMove', delta: -1 });
    send({ type: 'statementMove', delta: -1 });
    expect(projector()!.rounds).toEqual([{ round: 1, open: false, votes: 3, counts: { agree: 0, disagree: 0, unsure: 3 } }]);
    // Back to the phase before and on again: the statement on screen stays where it was.
    send({ type: 'statementMove', delta: 1 });
    send({ type: 'back' });
    send({ type: 'next' });
    expect(projector()!.index).toBe(1);
  });

  it('is only there in a statements phase', () => {
    const { send, projector, phone } = session();
    send({ type: 'next' });
    expect(projector()).toBeNull();
    expect(phone(0)).toBeNull();
    expect(send({ type: 'statementOpen' })).toBe(false);
    expect(send({ type: 'statementMove', delta: 1 })).toBe(false);
  });

  it('never shows who voted what: the projector counts, each phone only its own', () => {
    const { send, actor } = session();
    send({ type: 'statementOpen' });
    send(vote(0, 'agree'));
    send(vote(1, 'disagree'));
    send(vote(2, 'unsure'));
    send({ type: 'statementClose' });
    const snapshot = actor.getSnapshot();
    const projector = toProjectorView(snapshot, { joinUrl: '', online: new Set(), now: 0 });
    const json = JSON.stringify(projector.statements);
    for (const id of ['p0', 'p1', 'p2', 'key-']) expect(json).not.toContain(id);
    for (const [n, mine] of (['agree', 'disagree', 'unsure', null] as const).entries()) {
      const view = toPhoneView(snapshot, `p${n}`, 0);
      expect(view.statements!.vote!.mine).toBe(mine);
      // Nothing of the others' votes: not their choices, not the counts.
      expect(Object.keys(view.statements!)).toEqual(['phaseIndex', 'index', 'count', 'text', 'vote']);
      expect(JSON.stringify(view)).not.toMatch(/"p[0-3]\/|key-/);
    }
  });

  it('takes a removed participant\'s votes out', () => {
    const { send, projector } = session();
    send({ type: 'statementOpen' });
    for (const n of [0, 1, 2]) send(vote(n, 'agree'));
    send({ type: 'kick', participantId: 'p2' });
    expect(projector()!.rounds[0]!.votes).toBe(2);
  });

  it('goes into the report as counts, without a distribution below 3 votes', () => {
    const { send, actor } = session();
    send({ type: 'statementOpen' });
    for (const n of [0, 1, 2]) send(vote(n, n ? 'agree' : 'disagree'));
    send({ type: 'statementClose' });
    send({ type: 'statementVoteAgain' });
    send(vote(0, 'agree', { round: 2 }));
    send({ type: 'statementMove', delta: 1 });
    const report = toReport(actor.getSnapshot().context, 100_000);
    expect(report.statements).toEqual([
      {
        title: 'Stellingen',
        items: [
          {
            text: programme.phases[PHASE]!.statements[0]!.text,
            rounds: [
              { round: 1, open: false, votes: 3, counts: { agree: 2, disagree: 1, unsure: 0 } },
              { round: 2, open: false, votes: 1, counts: null },
            ],
          },
          { text: programme.phases[PHASE]!.statements[1]!.text, rounds: [] },
          { text: programme.phases[PHASE]!.statements[2]!.text, rounds: [] },
        ],
      },
    ]);
    expect(JSON.stringify(report.statements)).not.toMatch(/Anouk|Bram|Chaima/);
  });

  it('is stored as rows, one per person and vote, and comes back whole', () => {
    const { send, actor } = session();
    send({ type: 'statementOpen' });
    for (const n of [0, 1, 2]) send(vote(n, 'agree'));
    send(vote(1, 'disagree'));
    const saved = persisted(actor.getSnapshot());
    const rows = rowsOf(saved.context).filter((row) => row.kind === 'statementVote');
    expect(rows.map((row) => row.id)).toEqual(['p0/1/0/1', 'p1/1/0/1', 'p2/1/0/1']);
    const state = stateOf(saved);
    expect((state.context.statements as { votes: unknown[] }).votes).toEqual([]);
    const back = joinLayout(state, { programme: saved.context.programme, library: saved.context.library }, rows.map((row, seq) => ({ kind: row.kind, seq, data: row.data })));
    expect(back.context.statements).toEqual(saved.context.statements);
  });

  it('migrates a session saved before statements phases existed', () => {
    const { actor } = session();
    const { statements: _statements, ...older } = persisted(actor.getSnapshot()).context;
    const phases = older.programme.phases.map(({ statements: _list, ...phase }) => phase);
    const migrated = migrate({ value: {}, context: { ...older, programme: { ...older.programme, phases } } }, SNAPSHOT_SCHEMA_VERSION - 1);
    expect(migrated!.context.statements).toEqual({ phaseIndex: -1, statement: 0, polls: [], votes: [] });
    expect(migrated!.context.programme.phases.every((phase) => Array.isArray(phase.statements))).toBe(true);
  });
});

describe('statements in a programme file', () => {
  const head = ['---', 'id: p', 'title: P', 'language: nl', 'phases:'];
  function problems(...phase: string[]) {
    const root = mkdtempSync(join(tmpdir(), 'driegesprek-statements-'));
    mkdirSync(join(root, 'programmes'));
    writeFileSync(join(root, 'programmes', 'p.md'), [...head, ...phase, '---', ''].join('\n'));
    try {
      loadContent(root);
      return [];
    } catch (error) {
      if (error instanceof ContentError) return error.problems.map(({ file, line, field, message }) => ({ file: file.split('/').pop(), line, field, message }));
      throw error;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const phase = ['  - kind: statements', '    title: Stellingen', '    minutes: 10'];

  it.each([
    { what: 'a statements phase without statements', lines: phase, line: 6, field: 'phases.0.kind', message: /minstens één stelling/ },
    { what: 'an empty list', lines: [...phase, '    statements: []'], line: 6, field: 'phases.0.kind', message: /minstens één stelling/ },
    { what: 'a statement without text', lines: [...phase, '    statements:', '      - notes: Vraag door.'], line: 10, field: 'phases.0.statements.0.text', message: /ontbreekt/ },
    { what: 'a statement too long for the screen', lines: [...phase, '    statements:', `      - text: ${'lang '.repeat(40)}`], line: 10, field: 'phases.0.statements.0.text', message: /hoogstens 160 tekens/ },
    { what: 'a field a statement does not have', lines: [...phase, '    statements:', '      - text: Goed.', '        hint: x'], line: 11, field: 'phases.0.statements.0.hint', message: /onbekend veld/ },
    {
      what: 'statements in another kind of phase',
      lines: ['  - kind: intro', '    title: Welkom', '    minutes: 5', '    statements:', '      - text: Goed.'],
      line: 10,
      field: 'phases.0.statements',
      message: /alleen bij een fase met kind: statements/,
    },
  ])('names the file, line and field of $what', ({ lines, line, field, message }) => {
    const found = problems(...lines);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'p.md', line, field });
    expect(found[0]!.message).toMatch(message);
  });

  it('loads statements with their notes rendered', () => {
    expect(problems(...phase, '    statements:', '      - text: Goed.', '        notes: "**Vraag** door."')).toEqual([]);
  });
});

describe('statements in the report file', () => {
  it('lists each statement with its votes, counts and percentages, and no distribution below 3 votes', () => {
    const { send, actor } = session();
    send({ type: 'statementOpen' });
    for (const n of [0, 1, 2]) send(vote(n, n ? 'agree' : 'disagree'));
    send({ type: 'statementClose' });
    send({ type: 'statementVoteAgain' });
    send(vote(0, 'agree', { round: 2 }));
    send({ type: 'statementClose' });
    const markdown = reportMarkdown(toReport(actor.getSnapshot().context, 100_000), nl, 'nl-NL');
    expect(markdown).toContain(
      [
        '## Stellingen: Stellingen',
        '',
        '### 1. Ik weet genoeg van de thuissituatie van mijn mentorleerlingen.',
        '',
        '- Eerste stemming (3 stemmen): eens 2 (67%) · oneens 1 (33%) · weet ik niet 0 (0%)',
        '- Tweede stemming (1 stem): te weinig stemmen voor een uitslag (minder dan 3)',
        '',
        '### 2. Ouders moeten zelf aangeven als ze hulp nodig hebben bij het begeleiden van hun kind.',
        '',
        'Niet over gestemd.',
      ].join('\n'),
    );
    expect(reportMarkdown(toReport(actor.getSnapshot().context, 100_000), en, 'en-GB')).toContain('- First vote (3 votes): agree 2 (67%) · disagree 1 (33%) · don’t know 0 (0%)');
  });

  it.each([
    [{ agree: 1, disagree: 1, unsure: 1 }, { agree: 34, disagree: 33, unsure: 33 }],
    [{ agree: 2, disagree: 1, unsure: 0 }, { agree: 67, disagree: 33, unsure: 0 }],
    [{ agree: 0, disagree: 0, unsure: 0 }, { agree: 0, disagree: 0, unsure: 0 }],
    [{ agree: 5, disagree: 3, unsure: 3 }, { agree: 46, disagree: 27, unsure: 27 }],
  ])('shares %o as whole percentages that add up: %o', (counts, shares) => {
    expect(voteShares(counts)).toEqual(shares);
  });
});
