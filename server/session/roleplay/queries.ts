/** The role-play inside a session: the one on screen, the card sets to choose from, the feedback questions. */
import type { CardSet } from '../../content/types.ts';
import type { SessionContext } from '../context.ts';
import { currentPhaseOf } from '../programme/queries.ts';
import type { FeedbackQuestions, RoleplayState } from './roleplay.ts';

export const OWN_CARD_SET_ID = 'own';

/** The role-play of the phase on screen, if that phase is the role-play and it was set up. */
export function activeRoleplay(context: SessionContext): RoleplayState | null {
  return context.roleplay && context.roleplay.phaseIndex === context.phaseIndex ? context.roleplay : null;
}

/** The card sets the facilitator may choose from in the current phase: the phase's own, then the session's own set. */
export function cardSetChoices(context: SessionContext): CardSet[] {
  const ids = currentPhaseOf(context)?.cardsets ?? [];
  const sets = ids.map((id) => context.library.cardSets.find((set) => set.id === id)).filter((set) => set !== undefined);
  return context.ownCardSet ? [...sets, { ...context.ownCardSet.cardSet, id: OWN_CARD_SET_ID }] : sets;
}

export function cardSetFor(context: SessionContext, id: string): CardSet | null {
  return cardSetChoices(context).find((set) => set.id === id) ?? null;
}

/** The phase's question lists, by the role that answers them after a round. */
export function feedbackQuestions(context: SessionContext): FeedbackQuestions {
  const ids = currentPhaseOf(context)?.questions ?? [];
  const lists = ids.map((id) => context.library.questionLists.find((list) => list.id === id));
  const forRole = (audience: string) => lists.find((list) => list?.audience === audience) ?? null;
  return { observer: forRole('observer'), parent: forRole('parent'), student: forRole('student') };
}
