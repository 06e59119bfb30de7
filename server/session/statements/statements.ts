/**
 * A statements phase as pure functions on its state: one statement on screen at a time; the
 * facilitator opens a vote, every phone votes agree, disagree or don't know (and may change its
 * mind) until the facilitator closes it; after the talk a second vote may show how the room moved.
 * Votes are anonymous: only their counts leave this feature, and none below MIN_VOTES.
 */
import type { VoteChoice, VoteCounts } from '../../protocol/views.ts';

/** Below this many votes one person's choice could be read off the counts. */
export const MIN_VOTES = 3;

export type Round = 1 | 2;

/** One vote held on one statement of one phase. */
export interface Poll {
  phaseIndex: number;
  statement: number;
  round: Round;
  open: boolean;
}

export interface StatementVote {
  participantId: string;
  /** Made once by the phone for this vote: a send repeated after a lost ack changes nothing. */
  key: string;
  phaseIndex: number;
  statement: number;
  round: Round;
  choice: VoteChoice;
  at: number;
  /** The keys of the votes this one replaced: a late repeat of one of them must not undo the change. */
  earlierKeys?: string[];
}

export interface StatementsState {
  /** The statements phase last on screen (-1: none yet), and its statement on screen. */
  phaseIndex: number;
  statement: number;
  /** Every vote held, in the order they were opened: kept for the report. */
  polls: Poll[];
  votes: StatementVote[];
}

export const emptyStatements = (): StatementsState => ({ phaseIndex: -1, statement: 0, polls: [], votes: [] });

const samePoll = (a: Omit<Poll, 'open'>, b: Omit<Poll, 'open'>) => a.phaseIndex === b.phaseIndex && a.statement === b.statement && a.round === b.round;

/** The votes held on one statement, first round first. */
export const pollsOf = (state: StatementsState, phaseIndex: number, statement: number): Poll[] =>
  state.polls.filter((poll) => poll.phaseIndex === phaseIndex && poll.statement === statement).sort((a, b) => a.round - b.round);

/** The latest vote on the statement on screen, if there was one. */
export const latestPoll = (state: StatementsState): Poll | undefined => pollsOf(state, state.phaseIndex, state.statement).at(-1);

/** A statements phase comes on screen: a phase reached again keeps its statement and its votes. */
export function enter(state: StatementsState, phaseIndex: number): StatementsState {
  return state.phaseIndex === phaseIndex ? state : { ...state, phaseIndex, statement: 0 };
}

/** No vote stays open off screen: moving on, a phase change and the end close it. */
export function closeAll(state: StatementsState): StatementsState {
  return state.polls.some((poll) => poll.open) ? { ...state, polls: state.polls.map((poll) => (poll.open ? { ...poll, open: false } : poll)) } : state;
}

export function move(state: StatementsState, delta: 1 | -1, count: number): StatementsState {
  const statement = Math.min(count - 1, Math.max(0, state.statement + delta));
  return statement === state.statement ? state : { ...closeAll(state), statement };
}

/** Opens the first vote on the statement on screen, or opens the latest again (closed by mistake: the votes stay). */
export function open(state: StatementsState): StatementsState {
  const latest = latestPoll(state);
  if (latest?.open) return state;
  if (latest) return { ...state, polls: state.polls.map((poll) => (poll === latest ? { ...poll, open: true } : poll)) };
  return { ...state, polls: [...state.polls, { phaseIndex: state.phaseIndex, statement: state.statement, round: 1, open: true }] };
}

export function close(state: StatementsState): StatementsState {
  const latest = latestPoll(state);
  return latest?.open ? { ...state, polls: state.polls.map((poll) => (poll === latest ? { ...poll, open: false } : poll)) } : state;
}

/** After the first vote closed: a second one, from scratch, to set beside it. */
export const canVoteAgain = (state: StatementsState) => {
  const latest = latestPoll(state);
  return latest !== undefined && latest.round === 1 && !latest.open;
};

export function voteAgain(state: StatementsState): StatementsState {
  if (!canVoteAgain(state)) return state;
  return { ...state, polls: [...state.polls, { phaseIndex: state.phaseIndex, statement: state.statement, round: 2, open: true }] };
}

const sameSlot = (a: StatementVote, b: Omit<StatementVote, 'key' | 'choice' | 'at' | 'earlierKeys'>) => a.participantId === b.participantId && samePoll(a, b);

/** This exact vote (participant and key) is stored already: a repeated send. */
export const hasVote = (state: StatementsState, participantId: string, key: string) =>
  state.votes.some((vote) => vote.participantId === participantId && (vote.key === key || vote.earlierKeys?.includes(key)));

export const isOpen = (state: StatementsState, poll: Omit<Poll, 'open'>) => state.polls.some((candidate) => candidate.open && samePoll(candidate, poll));

/** One vote per person per poll: a later vote replaces the earlier one in its place; a repeated send changes nothing. */
export function vote(state: StatementsState, vote: StatementVote): StatementsState {
  if (hasVote(state, vote.participantId, vote.key) || !isOpen(state, vote)) return state;
  const earlier = state.votes.find((existing) => sameSlot(existing, vote));
  if (!earlier) return { ...state, votes: [...state.votes, vote] };
  const replacing: StatementVote = { ...vote, earlierKeys: [...(earlier.earlierKeys ?? []), earlier.key].slice(-20) };
  return { ...state, votes: state.votes.map((existing) => (existing === earlier ? replacing : existing)) };
}

/** A removed participant's votes go with them. */
export function leave(state: StatementsState, participantId: string): StatementsState {
  return state.votes.some((vote) => vote.participantId === participantId) ? { ...state, votes: state.votes.filter((vote) => vote.participantId !== participantId) } : state;
}

/** How many voted in `poll`, and — once it is closed and at least MIN_VOTES voted — how. */
export function tally(state: StatementsState, poll: Poll): { votes: number; counts: VoteCounts | null } {
  const cast = state.votes.filter((vote) => samePoll(vote, poll));
  if (poll.open || cast.length < MIN_VOTES) return { votes: cast.length, counts: null };
  const counts: VoteCounts = { agree: 0, disagree: 0, unsure: 0 };
  for (const { choice } of cast) counts[choice] += 1;
  return { votes: cast.length, counts };
}
