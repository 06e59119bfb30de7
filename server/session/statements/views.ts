/**
 * What each screen sees of a statements phase: the projector the statement on screen and its votes
 * counted (the presenter view its notes too); a phone the statement and its own vote. Nobody ever
 * sees who voted what, and no counts below MIN_VOTES votes.
 */
import type { StatementsPhoneView, StatementsProjectorView, StatementsRoundView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import { activeStatements } from './queries.ts';
import { MIN_VOTES, pollsOf, tally, type StatementsState } from './statements.ts';

/** The votes held on one statement, counted. */
export function roundsOf(state: StatementsState, phaseIndex: number, statement: number): StatementsRoundView[] {
  return pollsOf(state, phaseIndex, statement).map((poll) => ({ round: poll.round, open: poll.open, ...tally(state, poll) }));
}

export function toStatementsProjectorView(context: SessionContext): StatementsProjectorView | null {
  const active = activeStatements(context);
  if (!active) return null;
  const { state, phase, statement } = active;
  return {
    index: state.statement,
    count: phase.statements.length,
    text: statement.text,
    notesHtml: statement.notesHtml,
    rounds: roundsOf(state, state.phaseIndex, state.statement),
    participantCount: context.participants.length,
    minVotes: MIN_VOTES,
  };
}

/** What toStatementsPhoneView reads of the context: its view is the same as long as these are (see ../views.ts). */
export const statementsPhoneReads = ['statements', 'phaseIndex', 'programme'] as const satisfies readonly (keyof SessionContext)[];

export function toStatementsPhoneView(context: SessionContext, participantId: string): StatementsPhoneView | null {
  const active = activeStatements(context);
  if (!active) return null;
  const { state, phase, statement } = active;
  const poll = pollsOf(state, state.phaseIndex, state.statement).at(-1);
  const mine = poll
    ? (state.votes.find(
        (vote) => vote.participantId === participantId && vote.phaseIndex === poll.phaseIndex && vote.statement === poll.statement && vote.round === poll.round,
      )?.choice ?? null)
    : null;
  return {
    phaseIndex: state.phaseIndex,
    index: state.statement,
    count: phase.statements.length,
    text: statement.text,
    vote: poll ? { round: poll.round, open: poll.open, mine } : null,
  };
}
