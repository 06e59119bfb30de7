/**
 * The action points' part of the session machine: personal points and the consent for the report,
 * votes on the plenary's tips, and the team points the facilitator chooses from them.
 */
import type { SessionContext } from '../context.ts';
import { tipOf } from '../dialogue/queries.ts';
import { update, type Guard } from '../parts.ts';
import { phaseKind } from '../programme/queries.ts';
import { isSeated } from '../seats/queries.ts';
import * as actions from './actionPoints.ts';

const inActionsPhase = (context: SessionContext) => phaseKind(context) === 'actions';

export const actionGuards = {
  canChooseConsent: ({ context, event }) => event.type === 'reportConsent' && inActionsPhase(context) && isSeated(context, event.participantId),
  canAddActionPoint: ({ context, event }) =>
    event.type === 'actionPoint' &&
    inActionsPhase(context) &&
    isSeated(context, event.participantId) &&
    actions.canAdd(context.actions, event.participantId, event.key),
  isOwnActionPoint: ({ context, event }) =>
    event.type === 'actionPointDelete' && inActionsPhase(context) && actions.isOwnPoint(context.actions, event.participantId, event.pointId),
  canVote: ({ context, event }) =>
    event.type === 'teamVote' && inActionsPhase(context) && isSeated(context, event.participantId) && tipOf(context, event.answerId) !== null,
  // Choosing needs a tip; letting go works even when the tip was unmarked or deleted since.
  canChooseTeamPoint: ({ context, event }) =>
    event.type === 'teamPoint' &&
    inActionsPhase(context) &&
    (event.chosen ? tipOf(context, event.answerId) !== null : context.actions.team.some((point) => point.answerId === event.answerId)),
} satisfies Record<string, Guard>;

export const actionActions = {
  addActionPoint: update(({ context, event }) => {
    if (event.type !== 'actionPoint') return {};
    const { key: id, participantId, text, at } = event;
    return { actions: actions.addPoint(context.actions, { id, participantId, text, at }) };
  }),
  deleteActionPoint: update(({ context, event }) =>
    event.type === 'actionPointDelete' ? { actions: actions.deletePoint(context.actions, event.pointId) } : {},
  ),
  setConsent: update(({ context, event }) =>
    event.type === 'reportConsent' ? { actions: actions.setConsent(context.actions, event.participantId, event.consent) } : {},
  ),
  vote: update(({ context, event }) =>
    event.type === 'teamVote' ? { actions: actions.vote(context.actions, event.participantId, event.answerId, event.vote) } : {},
  ),
  chooseTeamPoint: update(({ context, event }) => {
    if (event.type !== 'teamPoint') return {};
    const tip = tipOf(context, event.answerId);
    if (!event.chosen) return { actions: actions.unchoose(context.actions, event.answerId) };
    return tip ? { actions: actions.choose(context.actions, { answerId: tip.id, text: tip.text }) } : {};
  }),
  /** A removed participant's points, votes and consent go with them. */
  leaveActions: update(({ context, event }) => (event.type === 'kick' ? { actions: actions.leave(context.actions, event.participantId) } : {})),
};
