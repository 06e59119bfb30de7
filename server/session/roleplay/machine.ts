/**
 * The role-play's part of the session machine: set up and regroup between rounds, play rounds,
 * collect feedback, and seat whoever comes late or take out whoever is removed.
 */
import type { SessionContext } from '../context.ts';
import { update, type Guard } from '../parts.ts';
import { phaseKind } from '../programme/queries.ts';
import * as roleplay from './roleplay.ts';
import type { RoleplayState } from './roleplay.ts';
import { activeRoleplay, cardSetFor, feedbackQuestions } from './queries.ts';

/** Applies `change` to the role-play, if there is one. */
const withRoleplay = (context: SessionContext, change: (state: RoleplayState) => RoleplayState) =>
  context.roleplay ? { roleplay: change(context.roleplay) } : {};

export const roleplayGuards = {
  canSetUpRoleplay: ({ context, event }) =>
    event.type === 'roleplaySetup' &&
    phaseKind(context) === 'roleplay' &&
    (activeRoleplay(context)?.deals.length ?? 0) === 0 &&
    cardSetFor(context, event.settings.cardSetId) !== null,
  /** Between rounds: groups may be changed. */
  canArrangeGroups: ({ context }) => {
    const state = activeRoleplay(context);
    return state !== null && state.stage !== 'playing';
  },
  canStartRound: ({ context }) => {
    const state = activeRoleplay(context);
    return state !== null && state.deals.length < state.settings.rounds && state.groups.length > 0;
  },
  isRoundPlaying: ({ context }) => activeRoleplay(context)?.stage === 'playing',
  canGiveFeedback: ({ context, event }) =>
    event.type === 'roleplayFeedback' && context.roleplay !== null && roleplay.canGiveFeedback(context.roleplay, event.participantId, event.round),
} satisfies Record<string, Guard>;

export const roleplayActions = {
  setUpRoleplay: update(({ context, event }) => {
    if (event.type !== 'roleplaySetup') return {};
    const cardSet = cardSetFor(context, event.settings.cardSetId);
    if (!cardSet) return {};
    const { settings, present, seed } = event;
    return { roleplay: roleplay.setUp({ phaseIndex: context.phaseIndex, settings, cardSet, questions: feedbackQuestions(context), present, seed }) };
  }),
  /** Someone who joins during the role-play (or is let in from the wachtkamer) goes into the smallest group. */
  seatLateJoiner: update(({ context, event }) => {
    const state = activeRoleplay(context);
    return (event.type === 'join' || event.type === 'admit') && state ? { roleplay: roleplay.join(state, event.participantId) } : {};
  }),
  leaveRoleplay: update(({ context, event }) =>
    event.type === 'kick' ? withRoleplay(context, (state) => roleplay.leave(state, event.participantId)) : {},
  ),
  regroup: update(({ context, event }) =>
    event.type === 'roleplayRegroup' ? withRoleplay(context, (state) => roleplay.regroup(state, event.present, event.seed)) : {},
  ),
  moveMember: update(({ context, event }) =>
    event.type === 'roleplayMove' ? withRoleplay(context, (state) => roleplay.move(state, event.participantId, event.groupId)) : {},
  ),
  startRound: update(({ context, event }) => withRoleplay(context, (state) => roleplay.startRound(state, event.at))),
  extendRound: update(({ context, event }) =>
    event.type === 'roleplayExtend' ? withRoleplay(context, (state) => roleplay.extendRound(state, event.minutes)) : {},
  ),
  endRound: update(({ context }) => withRoleplay(context, roleplay.endRound)),
  addFeedback: update(({ context, event }) => {
    if (event.type !== 'roleplayFeedback') return {};
    const { participantId, key, round, answers, at } = event;
    return withRoleplay(context, (state) => roleplay.addFeedback(state, { participantId, key, round, answers, at }));
  }),
};
