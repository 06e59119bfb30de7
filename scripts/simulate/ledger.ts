/** What the bots and the host wrote during a walk, so that the screens and the report can be checked against it. */
import type { Consent, SessionReport, StatementsRoundView, VoteChoice, VoteCounts } from '../../server/protocol/views.ts';
import { voteShares } from '../../common/voteShares.ts';
import type { TopStatementsView } from '../../server/protocol/views.ts';
import { MIN_VOTES } from '../../server/session/statements/statements.ts';

/**
 * One vote held on a statement: per bot (by index) the last choice the server acknowledged, null
 * for a bot that did not vote in it. A vote sent again after a lost ack is one vote.
 */
export interface LedgerPoll {
  round: 1 | 2;
  choices: (VoteChoice | null)[];
}

/** A statements phase as the bots voted in it, in the order of the programme. */
export interface LedgerStatements {
  /** The phase's index in the programme. */
  phaseIndex: number;
  title: string;
  items: { text: string; polls: LedgerPoll[] }[];
}

export interface Ledger {
  /** Every dialogue answer that the server accepted, one per bot. */
  dialogue: string[];
  /** How many answers the host marked as tips in the plenary. */
  tips: number;
  evaluation: { listTitle: string; questionId: string; question: string; text: string }[];
  /** Per bot (by index): its personal action points, each starting with its name, and what it let the report hold. */
  points: { name: string; consent: Consent; texts: string[] }[];
  team: string[];
  /**
   * Once the quickscan was walked: what the report's quickscan must be, worked out from what the bots
   * sent (null while the team's figures are hidden, the report then has no quickscan).
   */
  quickscan: null | { inReport: SessionReport['quickscan'] };
  /** Every statements phase walked (statements.ts). */
  statements: LedgerStatements[];
  /**
   * The statements the dialogue's groups must be shown (a dialogue with topStatements), worked out
   * from the bots' votes; null for a dialogue that asks for none.
   */
  topStatements: null | { text: string; agreePercent: number }[];
}

export const emptyLedger = (): Ledger => ({ dialogue: [], tips: 0, evaluation: [], points: [], team: [], quickscan: null, statements: [], topStatements: null });

/** How often each item occurs: answers may repeat between bots, so compare counts, not sets. */
export const tally = (items: string[]) => items.reduce((counts, item) => counts.set(item, (counts.get(item) ?? 0) + 1), new Map<string, number>());

export const sumOf = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0);

/** A closed vote as the projector and the report must show it: how many voted and, from MIN_VOTES votes on, how. */
export function expectedRound({ round, choices }: LedgerPoll): StatementsRoundView {
  const cast = choices.filter((choice): choice is VoteChoice => choice !== null);
  if (cast.length < MIN_VOTES) return { round, open: false, votes: cast.length, counts: null };
  const counts: VoteCounts = { agree: 0, disagree: 0, unsure: 0 };
  for (const choice of cast) counts[choice] += 1;
  return { round, open: false, votes: cast.length, counts };
}

/** What the report's statements must be after the walk: the phases that held a vote, each statement with its votes. */
export const expectedStatements = (ledger: Ledger): SessionReport['statements'] =>
  ledger.statements
    .filter((phase) => phase.items.some((item) => item.polls.length))
    .map((phase) => ({ title: phase.title, items: phase.items.map((item) => ({ text: item.text, rounds: item.polls.map(expectedRound) })) }));

/**
 * The `wanted` statements a dialogue or plenary in phase `phaseIndex` must show, worked out from the
 * bots' votes in the nearest statements phase before it: per statement its latest vote with a
 * distribution (MIN_VOTES or more), by share of agree, the earlier statement first on a tie;
 * statements nobody agreed with are left out.
 */
export function expectedTopStatements(ledger: Ledger, phaseIndex: number, wanted: number): TopStatementsView['statements'] {
  const phase = ledger.statements.filter((candidate) => candidate.phaseIndex < phaseIndex).at(-1);
  if (!phase) return [];
  const candidates = phase.items.flatMap((item, index) => {
    const round = item.polls.map(expectedRound).reverse().find((candidate) => candidate.counts !== null);
    return round?.counts && round.counts.agree > 0 ? [{ index, text: item.text, round: round.round, votes: round.votes, counts: round.counts }] : [];
  });
  return candidates
    .sort((a, b) => b.counts.agree * a.votes - a.counts.agree * b.votes || a.index - b.index)
    .slice(0, wanted)
    .map(({ index, text, round, votes, counts }) => ({ index, text, round, votes, agreePercent: voteShares(counts).agree }));
}
