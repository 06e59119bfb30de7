/**
 * The simulator's checks for a statements phase, on written-out values: the report against the
 * bots' last acknowledged votes (a vote counted twice, a distribution below 3 votes, a Markdown line
 * that does not say what the figures say), the privacy scan of the screens' views, and which
 * acknowledged votes a crash rehearsal may expect back after a restart.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../common/i18n/en.ts';
import { nl } from '../../common/i18n/nl.ts';
import { reportMarkdown } from '../../common/reportMarkdown.ts';
import type { PhoneView, ProjectorView, SessionReport, StatementsProjectorView, VoteChoice } from '../../server/protocol/views.ts';
import type { Sent } from '../../scripts/lib/clients.ts';
import { checkReport } from '../../scripts/simulate/checks.ts';
import { stillStanding } from '../../scripts/simulate/crash.ts';
import { emptyLedger, expectedRound, expectedTopStatements, type Ledger } from '../../scripts/simulate/ledger.ts';
import { choiceOf, statementLeaks } from '../../scripts/simulate/statements.ts';

/** Three voted: two agree, one disagrees; the fourth bot did not vote. */
const VOTES: (VoteChoice | null)[] = ['agree', 'agree', 'disagree', null];

function ledgerWith(polls: { round: 1 | 2; choices: (VoteChoice | null)[] }[]): Ledger {
  return { ...emptyLedger(), statements: [{ phaseIndex: 1, title: 'Stellingen', items: [{ text: 'Ouders weten wat er op school gebeurt.', polls }] }] };
}

function reportWith(statements: SessionReport['statements'], language: 'nl' | 'en' = 'nl'): SessionReport {
  return {
    code: 'ABC234',
    programmeTitle: 'Stellingen',
    language,
    createdAt: Date.UTC(2026, 11, 6),
    closedAt: Date.UTC(2026, 11, 6, 1),
    participantCount: 4,
    phases: [{ kind: 'statements', title: 'Stellingen', plannedMinutes: 15, usedMinutes: 12 }],
    dialogue: null,
    tips: [],
    evaluation: [],
    feedback: [],
    teamActionPoints: [],
    personalActionPoints: [],
    lookBack: null,
    quickscan: null,
    statements,
  };
}

const item = (rounds: SessionReport['statements'][number]['items'][number]['rounds']) => [{ title: 'Stellingen', items: [{ text: 'Ouders weten wat er op school gebeurt.', rounds }] }];
const check = (report: SessionReport, ledger: Ledger, markdown = reportMarkdown(report, report.language === 'en' ? en : nl, report.language)) =>
  checkReport(markdown, report, ledger, report.language === 'en' ? en : nl);

describe("the report's statements against the bots' votes", () => {
  it('finds nothing wrong when the report counts each last vote once, in either language', () => {
    const ledger = ledgerWith([{ round: 1, choices: VOTES }]);
    expect(expectedRound({ round: 1, choices: VOTES })).toEqual({ round: 1, open: false, votes: 3, counts: { agree: 2, disagree: 1, unsure: 0 } });
    const rounds = [{ round: 1 as const, open: false, votes: 3, counts: { agree: 2, disagree: 1, unsure: 0 } }];
    expect(check(reportWith(item(rounds)), ledger)).toEqual([]);
    expect(check(reportWith(item(rounds), 'en'), ledger)).toEqual([]);
  });

  it('finds a vote counted twice', () => {
    const ledger = ledgerWith([{ round: 1, choices: VOTES }]);
    const problems = check(reportWith(item([{ round: 1, open: false, votes: 4, counts: { agree: 3, disagree: 1, unsure: 0 } }])), ledger);
    expect(problems).toEqual([
      'stelling 1: verwacht "Eerste stemming (3 stemmen): eens 2 (67%) · oneens 1 (33%) · weet ik niet 0 (0%)", het verslag zegt "Eerste stemming (4 stemmen): eens 3 (75%) · oneens 1 (25%) · weet ik niet 0 (0%)"',
      'stelling 1 in de Markdown: ["- Eerste stemming (4 stemmen): eens 3 (75%) · oneens 1 (25%) · weet ik niet 0 (0%)"], verwacht ["- Eerste stemming (3 stemmen): eens 2 (67%) · oneens 1 (33%) · weet ik niet 0 (0%)"]',
    ]);
  });

  it('finds a distribution of fewer than 3 votes, and a second vote the bots never held', () => {
    const two = ledgerWith([{ round: 1, choices: ['agree', 'disagree', null, null] }]);
    expect(check(reportWith(item([{ round: 1, open: false, votes: 2, counts: null }])), two)).toEqual([]);
    expect(check(reportWith(item([{ round: 1, open: false, votes: 2, counts: { agree: 1, disagree: 1, unsure: 0 } }])), two)[0]).toMatch(
      /^stelling 1: verwacht "Eerste stemming \(2 stemmen\): te weinig stemmen voor een uitslag \(minder dan 3\)"/,
    );
    const extra = item([
      { round: 1, open: false, votes: 2, counts: null },
      { round: 2, open: false, votes: 0, counts: null },
    ]);
    expect(check(reportWith(extra), two)).toContain('stelling 1: 1 stemmingen te veel in het verslag');
  });

  it('finds a Markdown file that does not say what the figures say, and a phase that is missing', () => {
    const ledger = ledgerWith([{ round: 1, choices: VOTES }]);
    const report = reportWith(item([{ round: 1, open: false, votes: 3, counts: { agree: 2, disagree: 1, unsure: 0 } }]));
    const edited = reportMarkdown(report, nl, 'nl').replace('eens 2 (67%)', 'eens 3 (67%)');
    expect(check(report, ledger, edited)).toHaveLength(1);
    expect(check(reportWith([]), ledger)).toEqual(['stellingenfasen in het verslag: "", gestemd in: "Stellingen"', 'het hoofdstuk "Stellingen: Stellingen" ontbreekt']);
  });
});

describe('the statements a dialogue must show (topStatements)', () => {
  const ledger: Ledger = {
    ...emptyLedger(),
    statements: [
      {
        phaseIndex: 1,
        title: 'Stellingen',
        items: [
          // 2 of 3 agree (67%).
          { text: 'A', polls: [{ round: 1, choices: ['agree', 'agree', 'disagree', null] }] },
          // Nobody agrees: never a belief the team holds.
          { text: 'B', polls: [{ round: 1, choices: ['disagree', 'unsure', 'disagree', 'disagree'] }] },
          // A second vote of 2 votes has no result: the first vote (3 of 4 agree, 75%) counts.
          { text: 'C', polls: [{ round: 1, choices: ['agree', 'agree', 'agree', 'disagree'] }, { round: 2, choices: ['disagree', 'disagree', null, null] }] },
          // 2 of 3 as well: a tie with A, and A came first.
          { text: 'D', polls: [{ round: 1, choices: [null, 'agree', 'unsure', 'agree'] }] },
          // Too few votes for a result at all.
          { text: 'E', polls: [{ round: 1, choices: ['agree', null, null, 'agree'] }] },
        ],
      },
    ],
  };

  it('takes the latest vote with a result, most agreement first, the earlier statement on a tie, and leaves out what nobody agreed with', () => {
    expect(expectedTopStatements(ledger, 2, 3)).toEqual([
      { index: 2, text: 'C', round: 1, votes: 4, agreePercent: 75 },
      { index: 0, text: 'A', round: 1, votes: 3, agreePercent: 67 },
      { index: 3, text: 'D', round: 1, votes: 3, agreePercent: 67 },
    ]);
    expect(expectedTopStatements(ledger, 2, 9).map((statement) => statement.text)).toEqual(['C', 'A', 'D']);
    // Only a statements phase before the dialogue counts.
    expect(expectedTopStatements(ledger, 1, 2)).toEqual([]);
  });
});

describe('privacy of the statements on the screens', () => {
  const board = (rounds: StatementsProjectorView['rounds']): ProjectorView =>
    ({ statements: { index: 0, count: 3, text: 'Stelling', notesHtml: '', rounds, participantCount: 4, minVotes: 3 } }) as ProjectorView;
  const phone = (statements: object): PhoneView => ({ statements }) as PhoneView;

  it('accepts counts once closed with 3 votes or more, and a phone with its own vote only', () => {
    const host = [board([{ round: 1, open: true, votes: 3, counts: null }]), board([{ round: 1, open: false, votes: 3, counts: { agree: 2, disagree: 1, unsure: 0 } }])];
    expect(statementLeaks(host, [[phone({ phaseIndex: 1, index: 0, count: 3, text: 'Stelling', vote: { round: 1, open: true, mine: 'agree' } })]])).toEqual([]);
  });

  it('finds counts while the vote is open, counts below 3 votes, and fields a screen must not get', () => {
    const host = [
      board([{ round: 1, open: true, votes: 3, counts: { agree: 3, disagree: 0, unsure: 0 } }]),
      board([{ round: 1, open: false, votes: 2, counts: { agree: 1, disagree: 1, unsure: 0 } }]),
      { statements: { ...board([]).statements!, voters: ['Anouk'] } } as unknown as ProjectorView,
    ];
    expect(statementLeaks(host, [[phone({ phaseIndex: 1, index: 0, count: 3, text: 'Stelling', vote: null, votes: [] })]])).toEqual([
      'het grote scherm toonde een verdeling terwijl stemming 1 nog open was',
      'het grote scherm toonde een verdeling bij 2 stemmen',
      'het grote scherm kreeg andere velden: count, index, minVotes, notesHtml, participantCount, rounds, text, voters',
      'Anouk kreeg andere velden: count, index, phaseIndex, text, vote, votes',
    ]);
  });
});

describe('the votes a restarted server must still have', () => {
  const vote = (key: string, choice: VoteChoice, statement = 0): Sent => ({ event: 'phone:statementVote', payload: { key, phaseIndex: 1, statement, round: 1, choice } });
  const sentOf = (bot: number, sent: Sent) => ({ bot, payload: (sent as Extract<Sent, { event: 'phone:statementVote' }>).payload });

  it('expects only the last acknowledged vote per bot and poll; a later vote sent but not acknowledged may stand in its place', () => {
    const first = vote('a', 'agree');
    const changed = vote('b', 'disagree');
    const other = vote('c', 'unsure', 1);
    const late = vote('d', 'agree', 1);
    const note: Sent = { event: 'phone:addNote', payload: { key: 'n', text: 'notitie', phaseIndex: 1 } };
    const acknowledged = [
      { bot: 0, sent: first },
      { bot: 1, sent: other },
      { bot: 0, sent: changed },
      { bot: 2, sent: note },
    ];
    const standing = stillStanding(acknowledged, [sentOf(0, first), sentOf(1, other), sentOf(0, changed), sentOf(1, late)]);
    expect(standing).toEqual([
      { bot: 1, sent: other, orLater: [late] },
      { bot: 0, sent: changed, orLater: [] },
      { bot: 2, sent: note, orLater: [] },
    ]);
  });
});

it("spreads the bots' votes: every statement gets more than one choice among 12 bots, and the second vote moves some", () => {
  for (let statement = 0; statement < 6; statement++) {
    const first = Array.from({ length: 12 }, (_, bot) => choiceOf(bot, statement, 1));
    expect(new Set(first).size, `statement ${statement + 1}`).toBeGreaterThan(1);
    expect(first.some((choice, bot) => choice !== choiceOf(bot, statement, 2)), `statement ${statement + 1}`).toBe(true);
  }
});
