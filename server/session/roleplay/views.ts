/**
 * What each screen may see of the role-play. The projector gets groups, names and roles; a phone
 * gets its own card, and the cards of its group only when it observes and the facilitator allows it.
 */
import type { Card } from '../../content/types.ts';
import { MINUTE_MS } from '../../lib/time.ts';
import type { CardView, PlayRole, RoleplayPhoneView, RoleplayProjectorView, RoleplaySettingsView, TimerView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import { currentPhaseOf, phaseKind } from '../programme/queries.ts';
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

function cardOf(state: RoleplayState, cardId: string | null): CardView | null {
  const card = state.cardSet.cards.find((candidate) => candidate.id === cardId);
  return card ? cardView(card) : null;
}

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
  const nameOf = (id: string) => context.participants.find((participant) => participant.id === id)?.name ?? '?';
  const sentFeedback = (id: string) => state?.feedback.some((item) => item.round === round && item.participantId === id) ?? false;
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
          name: nameOf(id),
          online: online.has(id),
          role: deal?.[id]?.groupId === group.id ? (deal[id]?.role ?? null) : null,
          sentFeedback: sentFeedback(id),
        })),
      })),
      feedback: { sent: deal ? Object.keys(deal).filter(sentFeedback).length : 0, expected: deal ? Object.keys(deal).length : 0 },
      unassigned: context.participants
        .filter((participant) => !state.groups.some((group) => group.members.includes(participant.id)))
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

export function toRoleplayPhoneView(context: SessionContext, participantId: string): RoleplayPhoneView | null {
  const state = activeRoleplay(context);
  if (!state || !inRoleplayPhase(context)) return null;
  const round = currentRound(state);
  const deal = state.deals[round];
  const mine = deal?.[participantId];
  const nameOf = (id: string) => context.participants.find((participant) => participant.id === id)?.name ?? '?';
  const seeOthers = mine?.role === 'observer' && state.settings.observersSeeCards;
  const questionText = (role: string, questionId: string) =>
    state.questions[role as keyof typeof state.questions]?.questions.find((question) => question.id === questionId)?.text ?? questionId;
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
            others: Object.entries(deal)
              .filter(([id, seat]) => id !== participantId && seat.groupId === mine.groupId)
              .map(([id, seat]) => ({ name: nameOf(id), role: seat.role, card: seeOthers ? cardOf(state, seat.cardId) : null })),
            seenByObserver:
              mine.role !== 'observer' &&
              state.settings.observersSeeCards &&
              Object.values(deal).some((seat) => seat.groupId === mine.groupId && seat.role === 'observer'),
          }
        : null,
    group: (() => {
      const group = state.groups.find((candidate) => candidate.members.includes(participantId));
      return group ? { id: group.id, others: group.members.filter((id) => id !== participantId).map(nameOf) } : null;
    })(),
    feedback:
      state.stage === 'feedback' && mine
        ? {
            round,
            role: mine.role,
            questions: mine.role === 'mentor' ? [] : (state.questions[mine.role]?.questions ?? []),
            sent: state.feedback.some((item) => item.round === round && item.participantId === participantId),
          }
        : null,
    received: state.feedback
      .filter((item) => item.role !== 'mentor' && state.deals[item.round]?.[participantId]?.role === 'mentor' && state.deals[item.round]?.[participantId]?.groupId === item.groupId)
      .map((item) => ({
        round: item.round,
        role: item.role,
        answers: item.answers.map((answer) => ({ question: questionText(item.role, answer.questionId), text: answer.text })),
      })),
  };
}
