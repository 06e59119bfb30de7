/**
 * What each screen may see of the role-play. The projector gets groups, names and roles; a phone
 * gets its own card, and the cards of its group only when it observes and the facilitator allows it.
 */
import type { Card } from '../../content/types.ts';
import { perObject } from '../../lib/memo.ts';
import { MINUTE_MS } from '../../lib/time.ts';
import type { CardView, PlayRole, RoleplayPhoneView, RoleplayProjectorView, RoleplaySettingsView, TimerView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import { currentPhaseOf, phaseKind } from '../programme/queries.ts';
import { groupsByMember, nameOf } from '../seats/queries.ts';
import type { Deal, Seat } from './dealing.ts';
import { defaultRounds, formGroups } from './groups.ts';
import { activeRoleplay, cardSetChoices } from './queries.ts';
import { currentRound, type RoleplayState } from './roleplay.ts';

const DEFAULT_MINUTES_PER_ROUND = 5;

function roundTimer(state: RoleplayState): TimerView | null {
  if (state.stage !== 'playing' || state.roundStartedAt === null) return null;
  const totalMs = state.settings.minutesPerRound * MINUTE_MS + state.roundExtraMs;
  return { state: 'running', endsAt: state.roundStartedAt + totalMs, totalMs };
}

const cardView = ({ id, role, title, wantsHtml, keepsHtml, tipHtml }: Card): CardView => ({ id, role, title, wantsHtml, keepsHtml, tipHtml });

/** Each card's view by id (the first card with that id), made once per card set. */
const cardViews = perObject((cards: readonly Card[]) => {
  const byId = new Map<string, CardView>();
  for (const card of cards) if (!byId.has(card.id)) byId.set(card.id, cardView(card));
  return byId;
});

function cardOf(state: RoleplayState, cardId: string | null): CardView | null {
  return (cardId !== null && cardViews(state.cardSet.cards).get(cardId)) || null;
}

/** A round's seats by group, in the deal's order: made once per deal, not once per phone. */
const seatsByGroup = perObject((deal: Deal) => {
  const byGroup = new Map<string, [string, Seat][]>();
  for (const entry of Object.entries(deal)) {
    const list = byGroup.get(entry[1].groupId);
    if (list) list.push(entry);
    else byGroup.set(entry[1].groupId, [entry]);
  }
  return byGroup;
});

/**
 * What the role-play's feedback says per person, made once per state of the role-play: who sent
 * feedback in the current round, and the feedback each mentor received (in the order it came),
 * with its questions written out.
 */
const feedbackIndex = perObject((state: RoleplayState) => {
  const round = currentRound(state);
  const sentThisRound = new Set<string>();
  const received = new Map<string, RoleplayPhoneView['received']>();
  const questionText = (role: string, questionId: string) =>
    state.questions[role as keyof typeof state.questions]?.questions.find((question) => question.id === questionId)?.text ?? questionId;
  for (const item of state.feedback) {
    if (item.round === round) sentThisRound.add(item.participantId);
    if (item.role === 'mentor') continue;
    const deal = state.deals[item.round];
    const mentors = deal ? (seatsByGroup(deal).get(item.groupId) ?? []).filter(([, seat]) => seat.role === 'mentor') : [];
    if (!mentors.length) continue;
    const view = {
      round: item.round,
      role: item.role,
      answers: item.answers.map((answer) => ({ question: questionText(item.role, answer.questionId), text: answer.text })),
    };
    for (const [id] of mentors) {
      const list = received.get(id);
      if (list) list.push(view);
      else received.set(id, [view]);
    }
  }
  return { sentThisRound, received };
});
const NONE_RECEIVED: RoleplayPhoneView['received'] = [];

const inRoleplayPhase = (context: SessionContext) => phaseKind(context) === 'roleplay';

export function toRoleplayProjectorView(context: SessionContext, online: ReadonlySet<string>): RoleplayProjectorView | null {
  if (!inRoleplayPhase(context)) return null;
  const present = context.participants.filter((participant) => online.has(participant.id)).map((participant) => participant.id);
  const choices = cardSetChoices(context);
  const phaseMinutes = currentPhaseOf(context)?.minutes ?? 15;
  const defaults: RoleplaySettingsView = {
    cardSetId: choices[0]?.id ?? '',
    format: 'auto',
    observers: true,
    rounds: defaultRounds(phaseMinutes, DEFAULT_MINUTES_PER_ROUND, formGroups(present, { format: 'auto', observers: true, seed: 1 })),
    minutesPerRound: DEFAULT_MINUTES_PER_ROUND,
    observersSeeCards: true,
  };
  const state = activeRoleplay(context);
  const round = state ? currentRound(state) : -1;
  const deal = state?.deals[round];
  const sent = state ? feedbackIndex(state).sentThisRound : null;
  const sentFeedback = (id: string) => sent?.has(id) ?? false;
  const grouped = state ? groupsByMember(state.groups) : null;
  return {
    choices: choices.map((set) => ({ id: set.id, title: set.title, cardCount: set.cards.length })),
    defaults,
    presentCount: present.length,
    state: state && {
      stage: state.stage,
      round,
      settings: state.settings,
      setTitle: state.cardSet.title,
      timer: roundTimer(state),
      groups: state.groups.map((group) => ({
        id: group.id,
        members: group.members.map((id) => ({
          id,
          name: nameOf(context, id, '?'),
          online: online.has(id),
          role: deal?.[id]?.groupId === group.id ? (deal[id]?.role ?? null) : null,
          sentFeedback: sentFeedback(id),
        })),
      })),
      feedback: { sent: deal ? Object.keys(deal).filter(sentFeedback).length : 0, expected: deal ? Object.keys(deal).length : 0 },
      unassigned: context.participants
        .filter((participant) => !grouped?.has(participant.id))
        .map(({ id, name }) => ({ id, name, online: online.has(id) })),
    },
  };
}

export type FeedbackSummary = { role: PlayRole; question: string | null; answers: string[] }[];

/** Every feedback answer of the role-play, per role and question, without names. */
export function feedbackSummary({ feedback, questions }: RoleplayState): FeedbackSummary {
  const groups = new Map<string, FeedbackSummary[number]>();
  // A mentor's self-reflection was written for themselves: it stays off the big screen and out of the report.
  for (const item of feedback.filter((entry) => entry.role !== 'mentor')) {
    for (const answer of item.answers) {
      const key = `${item.role}/${answer.questionId}`;
      const question = item.role === 'mentor' ? null : (questions[item.role]?.questions.find((candidate) => candidate.id === answer.questionId)?.text ?? null);
      const group = groups.get(key) ?? { role: item.role, question, answers: [] };
      group.answers.push(answer.text);
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}

/** What toRoleplayPhoneView reads of the context: its view is the same as long as these are (see ../views.ts). */
export const roleplayPhoneReads = ['roleplay', 'phaseIndex', 'programme', 'participants'] as const satisfies readonly (keyof SessionContext)[];

export function toRoleplayPhoneView(context: SessionContext, participantId: string): RoleplayPhoneView | null {
  const state = activeRoleplay(context);
  if (!state || !inRoleplayPhase(context)) return null;
  const round = currentRound(state);
  const deal = state.deals[round];
  const mine = deal?.[participantId];
  const seeOthers = mine?.role === 'observer' && state.settings.observersSeeCards;
  const feedback = feedbackIndex(state);
  const groupSeats = deal && mine ? (seatsByGroup(deal).get(mine.groupId) ?? []) : [];
  return {
    stage: state.stage,
    round,
    rounds: state.settings.rounds,
    setTitle: state.cardSet.title,
    situationHtml: state.cardSet.situationHtml,
    timer: roundTimer(state),
    seat:
      deal && mine
        ? {
            role: mine.role,
            groupId: mine.groupId,
            card: cardOf(state, mine.cardId),
            others: groupSeats
              .filter(([id]) => id !== participantId)
              .map(([id, seat]) => ({ name: nameOf(context, id, '?'), role: seat.role, card: seeOthers ? cardOf(state, seat.cardId) : null })),
            seenByObserver: mine.role !== 'observer' && state.settings.observersSeeCards && groupSeats.some(([, seat]) => seat.role === 'observer'),
          }
        : null,
    group: (() => {
      const group = groupsByMember(state.groups).get(participantId);
      return group ? { id: group.id, others: group.members.filter((id) => id !== participantId).map((id) => nameOf(context, id, '?')) } : null;
    })(),
    feedback:
      state.stage === 'feedback' && mine
        ? {
            round,
            role: mine.role,
            questions: mine.role === 'mentor' ? [] : (state.questions[mine.role]?.questions ?? []),
            sent: feedback.sentThisRound.has(participantId),
          }
        : null,
    received: feedback.received.get(participantId) ?? NONE_RECEIVED,
  };
}
