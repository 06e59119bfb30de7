/** A statements phase inside a session: the phase on screen with its statements and its state. */
import type { VoteCounts } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import type { Phase } from '../programme/programme.ts';
import { currentPhaseOf } from '../programme/queries.ts';
import { pollsOf, tally, type Round, type StatementsState } from './statements.ts';

/** The statements phase on screen, its state and the statement shown; null in any other phase. */
export function activeStatements(context: SessionContext): { state: StatementsState; phase: Phase; statement: Phase['statements'][number] } | null {
  const phase = currentPhaseOf(context);
  const state = context.statements;
  if (phase?.kind !== 'statements' || state.phaseIndex !== context.phaseIndex) return null;
  const statement = phase.statements[state.statement];
  return statement ? { state, phase, statement } : null;
}

/** How much a statement was agreed with: its latest closed vote that counted (MIN_VOTES or more). */
export interface Agreement {
  /** 0-based, in its statements phase. */
  index: number;
  text: string;
  round: Round;
  votes: number;
  counts: VoteCounts;
}

/** The statements phase nearest before `phaseIndex`, or -1 when there is none. */
export function statementsPhaseBefore(phases: readonly Phase[], phaseIndex: number): number {
  for (let index = Math.min(phaseIndex, phases.length) - 1; index >= 0; index--) if (phases[index]?.kind === 'statements') return index;
  return -1;
}

/** A statement's latest closed vote with a distribution (a second vote over the first), or null. */
export function agreementOf(state: StatementsState, phaseIndex: number, statement: number, text: string): Agreement | null {
  for (const poll of pollsOf(state, phaseIndex, statement).reverse()) {
    const { votes, counts } = tally(state, poll);
    if (counts) return { index: statement, text, round: poll.round, votes, counts };
  }
  return null;
}

/**
 * The `count` statements of the statements phase nearest before `phaseIndex` that the room agreed
 * with most: by the share of "eens" in each statement's latest closed vote of at least MIN_VOTES
 * votes; on a tie the earlier statement first. A statement without such a vote, or that nobody
 * agreed with, is not a belief the team holds: it is left out, so the list may be shorter than
 * `count`, or empty when nothing was voted on yet.
 */
export function mostAgreed(phases: readonly Phase[], state: StatementsState, phaseIndex: number, count: number): Agreement[] {
  const from = statementsPhaseBefore(phases, phaseIndex);
  if (from === -1) return [];
  const candidates = (phases[from]?.statements ?? []).flatMap((statement, index) => agreementOf(state, from, index, statement.text) ?? []);
  return candidates
    .filter((candidate) => candidate.counts.agree > 0)
    .sort((a, b) => b.counts.agree * a.votes - a.counts.agree * b.votes || a.index - b.index)
    .slice(0, count);
}
