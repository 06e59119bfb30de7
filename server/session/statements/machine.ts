/**
 * A statements phase's part of the session machine: the facilitator moves through the statements
 * and opens and closes the votes; seated phones vote while a vote is open. A vote never stays open
 * off screen: a phase change and the end close it.
 */
import type { SessionContext } from '../context.ts';
import { update, type Guard } from '../parts.ts';
import { currentPhaseOf } from '../programme/queries.ts';
import { isSeated } from '../seats/queries.ts';
import { activeStatements } from './queries.ts';
import * as statements from './statements.ts';
import type { StatementsState } from './statements.ts';

/** Applies `change` to the statements phase on screen. */
const withStatements = (context: SessionContext, change: (state: StatementsState, count: number) => StatementsState) => {
  const active = activeStatements(context);
  return active ? { statements: change(active.state, active.phase.statements.length) } : {};
};

export const statementsGuards = {
  isStatementsOnScreen: ({ context }) => activeStatements(context) !== null,
  canOpenStatementVote: ({ context }) => {
    const active = activeStatements(context);
    return active !== null && statements.latestPoll(active.state)?.open !== true;
  },
  canCloseStatementVote: ({ context }) => {
    const active = activeStatements(context);
    return active !== null && statements.latestPoll(active.state)?.open === true;
  },
  canVoteAgain: ({ context }) => {
    const active = activeStatements(context);
    return active !== null && statements.canVoteAgain(active.state);
  },
  canMoveStatement: ({ context, event }) => {
    const active = activeStatements(context);
    if (event.type !== 'statementMove' || !active) return false;
    const to = active.state.statement + event.delta;
    return to >= 0 && to < active.phase.statements.length;
  },
  /** A vote while its poll is open; or the very vote again (a repeat after a lost ack), which changes nothing. */
  canVoteOnStatement: ({ context, event }) =>
    event.type === 'statementVote' &&
    isSeated(context, event.participantId) &&
    (statements.hasVote(context.statements, event.participantId, event.key) || statements.isOpen(context.statements, event)),
} satisfies Record<string, Guard>;

export const statementsActions = {
  /** After a phase change: a statements phase comes on screen. */
  enterStatements: update(({ context }) =>
    currentPhaseOf(context)?.kind === 'statements' ? { statements: statements.enter(context.statements, context.phaseIndex) } : {},
  ),
  /** Before the phase changes, and at the end. */
  closeStatementVotes: update(({ context }) => {
    const closed = statements.closeAll(context.statements);
    return closed === context.statements ? {} : { statements: closed };
  }),
  leaveStatements: update(({ context, event }) => (event.type === 'kick' ? { statements: statements.leave(context.statements, event.participantId) } : {})),
  openStatementVote: update(({ context }) => withStatements(context, statements.open)),
  closeStatementVote: update(({ context }) => withStatements(context, statements.close)),
  voteAgain: update(({ context }) => withStatements(context, statements.voteAgain)),
  moveStatement: update(({ context, event }) =>
    event.type === 'statementMove' ? withStatements(context, (state, count) => statements.move(state, event.delta, count)) : {},
  ),
  voteOnStatement: update(({ context, event }) => {
    if (event.type !== 'statementVote') return {};
    const { participantId, key, phaseIndex, statement, round, choice, at } = event;
    const next = statements.vote(context.statements, { participantId, key, phaseIndex, statement, round, choice, at });
    return next === context.statements ? {} : { statements: next };
  }),
};
