/**
 * The role-play part of a session, as pure functions on its state: set up groups from the
 * people present, deal private cards per round, time the rounds, collect the feedback.
 * The grouping and dealing rules themselves live in ./groups.ts and ./dealing.ts.
 */
import type { CardSet, QuestionList } from '../../content/types.ts';
import { MINUTE_MS } from '../../lib/time.ts';
import { dealRound, type Deal } from './dealing.ts';
import type { Group } from '../seats/seats.ts';
import { addLateJoiner, formGroups, moveMember, playersPerGroup, removeMember, type Format, type PlayRole } from './groups.ts';

export interface RoleplaySettings {
  /** id of a card set of the programme, or 'own' for the session's own set. */
  cardSetId: string;
  format: Format;
  observers: boolean;
  rounds: number;
  minutesPerRound: number;
  /** Observers see the cards of the players in their group (default yes). */
  observersSeeCards: boolean;
}

/** The questions each role answers after a round; the mentor reflects in free text. */
export type FeedbackQuestions = Record<Exclude<PlayRole, 'mentor'>, QuestionList | null>;

export interface Feedback {
  key: string;
  round: number;
  participantId: string;
  groupId: string;
  role: PlayRole;
  answers: { questionId: string; text: string }[];
  at: number;
}

export interface RoleplayState {
  phaseIndex: number;
  settings: RoleplaySettings;
  cardSet: CardSet;
  questions: FeedbackQuestions;
  players: 2 | 3;
  seed: number;
  groups: Group[];
  /** One deal per round started; the last one is the current round. */
  deals: Deal[];
  stage: 'grouping' | 'playing' | 'feedback';
  roundStartedAt: number | null;
  roundExtraMs: number;
  feedback: Feedback[];
}

export interface SetupInput {
  phaseIndex: number;
  settings: RoleplaySettings;
  cardSet: CardSet;
  questions: FeedbackQuestions;
  present: string[];
  seed: number;
}

export function setUp({ phaseIndex, settings, cardSet, questions, present, seed }: SetupInput): RoleplayState {
  return {
    phaseIndex,
    settings,
    cardSet,
    questions,
    players: playersPerGroup(settings.format, present.length, settings.observers),
    seed,
    groups: formGroups(present, { format: settings.format, observers: settings.observers, seed }),
    deals: [],
    stage: 'grouping',
    roundStartedAt: null,
    roundExtraMs: 0,
    feedback: [],
  };
}

export const currentRound = (state: RoleplayState) => state.deals.length - 1;

export function regroup(state: RoleplayState, present: string[], seed: number): RoleplayState {
  const groups = formGroups(present, { format: state.settings.format, observers: state.settings.observers, seed });
  return { ...state, seed, groups, players: playersPerGroup(state.settings.format, present.length, state.settings.observers) };
}

export function move(state: RoleplayState, participantId: string, groupId: string): RoleplayState {
  return { ...state, groups: moveMember(state.groups, participantId, groupId) };
}

export function startRound(state: RoleplayState, at: number): RoleplayState {
  const round = state.deals.length;
  const { groups, players, seed, deals: previous } = state;
  const deal = dealRound({ groups, players, round, cards: state.cardSet.cards, previous, seed, observers: state.settings.observers });
  return { ...state, deals: [...state.deals, deal], stage: 'playing', roundStartedAt: at, roundExtraMs: 0 };
}

export function endRound(state: RoleplayState): RoleplayState {
  return { ...state, stage: 'feedback', roundStartedAt: null };
}

export function extendRound(state: RoleplayState, minutes: number): RoleplayState {
  return { ...state, roundExtraMs: state.roundExtraMs + minutes * MINUTE_MS };
}

/** Someone new mid-role-play: into the smallest group, watching the current round. */
export function join(state: RoleplayState, participantId: string): RoleplayState {
  const groups = addLateJoiner(state.groups, participantId);
  const deal = state.deals.at(-1);
  // Only a round in play takes a watcher; after it, dealing the next round seats them.
  if (!deal || state.stage !== 'playing') return { ...state, groups };
  const groupId = groups.find((group) => group.members.includes(participantId))?.id ?? '';
  const observerCard = state.cardSet.cards.find((card) => card.role === 'observer')?.id ?? null;
  const seated: Deal = { ...deal, [participantId]: { groupId, role: 'observer', cardId: observerCard } };
  return { ...state, groups, deals: [...state.deals.slice(0, -1), seated] };
}

/** Someone leaves (removed by the facilitator): out of the groups and the current round; their group plays on. */
export function leave(state: RoleplayState, participantId: string): RoleplayState {
  const groups = removeMember(state.groups, participantId);
  const deal = state.deals.at(-1);
  if (!deal) return { ...state, groups, feedback: state.feedback.filter((item) => item.participantId !== participantId) };
  const observerCard = state.cardSet.cards.find((card) => card.role === 'observer')?.id ?? null;
  const current: Deal = {};
  for (const [id, seat] of Object.entries(deal)) {
    if (id === participantId) continue;
    const groupId = groups.find((group) => group.members.includes(id))?.id ?? seat.groupId;
    // Merged into another group mid-round: they watch there until the next round.
    current[id] = groupId === seat.groupId ? seat : { groupId, role: 'observer', cardId: observerCard };
  }
  return {
    ...state,
    groups,
    deals: [...state.deals.slice(0, -1), current],
    feedback: state.feedback.filter((item) => item.participantId !== participantId),
  };
}

/** Whether `participantId` may send feedback for `round`: they had a seat, and it is over or ending. */
export function canGiveFeedback(state: RoleplayState, participantId: string, round: number): boolean {
  const seat = state.deals[round]?.[participantId];
  const over = round < currentRound(state) || (round === currentRound(state) && state.stage === 'feedback');
  return Boolean(seat) && over;
}

export function addFeedback(state: RoleplayState, feedback: Omit<Feedback, 'groupId' | 'role'>): RoleplayState {
  const seat = state.deals[feedback.round]?.[feedback.participantId];
  // Once per person and round: a resend (same key or not) keeps the first.
  const duplicate = state.feedback.some((item) => item.participantId === feedback.participantId && item.round === feedback.round);
  if (!seat || duplicate) return state;
  return { ...state, feedback: [...state.feedback, { ...feedback, groupId: seat.groupId, role: seat.role }] };
}
