/**
 * What each screen sees of the action points: the projector the tips with their votes and the team's
 * choice, but never a personal action point; a phone its own points, its consent and its votes.
 * And the look back at the previous meeting's action points in a follow-up meeting.
 */
import type { ActionsPhoneView, ActionsProjectorView, LookBackPhoneView, LookBackProjectorView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import { phaseKind } from '../programme/queries.ts';
import { consentOf } from './actionPoints.ts';

const tipsOf = (context: SessionContext) => context.dialogue?.answers.filter((answer) => answer.tip) ?? [];
const isChosen = (context: SessionContext, answerId: string) => context.actions.team.some((point) => point.answerId === answerId);

export function toActionsProjectorView(context: SessionContext): ActionsProjectorView | null {
  if (phaseKind(context) !== 'actions') return null;
  const { actions } = context;
  return {
    tips: tipsOf(context).map(({ id, groupId, text }) => ({
      id,
      groupId,
      text,
      votes: actions.votes.filter((vote) => vote.answerId === id).length,
      chosen: isChosen(context, id),
    })),
    team: actions.team.map(({ answerId, text }) => ({ answerId, text })),
    writers: new Set(actions.points.map((point) => point.participantId)).size,
    participantCount: context.participants.length,
  };
}

/** What toActionsPhoneView reads of the context: its view is the same as long as these are (see ../views.ts). */
export const actionsPhoneReads = ['actions', 'dialogue', 'phaseIndex', 'programme'] as const satisfies readonly (keyof SessionContext)[];

/** In the action points phase, and after the session closed so the owner can still keep their points. */
export function toActionsPhoneView(context: SessionContext, participantId: string, closed: boolean): ActionsPhoneView | null {
  const { actions } = context;
  const mine = actions.points.filter((point) => point.participantId === participantId).map(({ id, text }) => ({ id, text }));
  const open = !closed && phaseKind(context) === 'actions';
  if (!open && !(closed && (mine.length || actions.team.length))) return null;
  return {
    open,
    mine,
    consent: consentOf(actions, participantId),
    tips: open
      ? tipsOf(context).map(({ id, text }) => ({
          id,
          text,
          voted: actions.votes.some((vote) => vote.answerId === id && vote.participantId === participantId),
          chosen: isChosen(context, id),
        }))
      : [],
    team: actions.team.map((point) => point.text),
  };
}

/** Names as people type them: "anna " and "Anna" are the same person. */
const sameName = (a: string, b: string) => a.normalize('NFC').trim().toLocaleLowerCase('nl') === b.normalize('NFC').trim().toLocaleLowerCase('nl');

export function toLookBackProjectorView(context: SessionContext): LookBackProjectorView | null {
  const { lookBack } = context;
  if (!lookBack) return null;
  return { date: lookBack.date, programme: lookBack.programme, team: lookBack.team, personalCount: lookBack.personal.length };
}

/** What toLookBackPhoneView reads of the context (besides the name): its view is the same as long as these are. */
export const lookBackPhoneReads = ['lookBack'] as const satisfies readonly (keyof SessionContext)[];

/** A phone sees the team's points and those kept under its owner's first name. */
export function toLookBackPhoneView(context: SessionContext, name: string): LookBackPhoneView | null {
  const { lookBack } = context;
  if (!lookBack) return null;
  const mine = lookBack.personal.filter((entry) => sameName(entry.name, name)).flatMap((entry) => entry.points);
  return { date: lookBack.date, team: lookBack.team, mine };
}
