/**
 * Questions about a session's state that the machine's guards and the view functions share:
 * who has a seat, which activity is on screen, which cards and questions it uses.
 */
import type { CardSet } from '../content/types.ts';
import type { DialogueState } from './dialogue.ts';
import type { FeedbackQuestions, RoleplayState } from './roleplayState.ts';
import { stepsOf, type ResearchState, type ResearchStep } from './research.ts';
import type { Phase } from './programme.ts';
import type { ResearchData } from '../content/types.ts';
import type { SessionContext } from './sessionMachine.ts';

/** Why a new phone may not take a seat now, if it may not. */
export function joinRefusal(context: SessionContext): 'room_locked' | 'room_full' | null {
  if (context.locked) return 'room_locked';
  if (context.participants.length >= context.capacity) return 'room_full';
  return null;
}

export const isSeated = (context: SessionContext, participantId: string) => context.participants.some((p) => p.id === participantId);

/** The role-play of the phase on screen, if that phase is the role-play and it was set up. */
export function activeRoleplay(context: SessionContext): RoleplayState | null {
  return context.roleplay && context.roleplay.phaseIndex === context.phaseIndex ? context.roleplay : null;
}

/** The card sets the facilitator may choose from in the current phase: the phase's own, then the session's own set. */
export function cardSetChoices(context: SessionContext): CardSet[] {
  const ids = context.programme.phases[context.phaseIndex]?.cardsets ?? [];
  const sets = ids.map((id) => context.library.cardSets.find((set) => set.id === id)).filter((set) => set !== undefined);
  return context.ownCardSet ? [...sets, { ...context.ownCardSet.cardSet, id: OWN_CARD_SET_ID }] : sets;
}

export const OWN_CARD_SET_ID = 'own';

export function cardSetFor(context: SessionContext, id: string): CardSet | null {
  return cardSetChoices(context).find((set) => set.id === id) ?? null;
}

/** The phase's question lists, by the role that answers them after a round. */
export function feedbackQuestions(context: SessionContext): FeedbackQuestions {
  const ids = context.programme.phases[context.phaseIndex]?.questions ?? [];
  const lists = ids.map((id) => context.library.questionLists.find((list) => list.id === id));
  const forRole = (audience: string) => lists.find((list) => list?.audience === audience) ?? null;
  return { observer: forRole('observer'), parent: forRole('parent'), student: forRole('student') };
}

export const phaseKind = (context: SessionContext) => context.programme.phases[context.phaseIndex]?.kind;

/** The flip-overs are written in the dialogue phase; the plenary shows them. */
export function activeDialogue(context: SessionContext): DialogueState | null {
  if (!context.dialogue) return null;
  const kind = phaseKind(context);
  return kind === 'plenary' || (kind === 'dialogue' && context.dialogue.phaseIndex === context.phaseIndex) ? context.dialogue : null;
}

/** The questions of the current phase's list for everyone (the dialogue questions). */
export function dialogueQuestions(context: SessionContext) {
  const ids = context.programme.phases[context.phaseIndex]?.questions ?? [];
  const list = ids.map((id) => context.library.questionLists.find((candidate) => candidate.id === id)).find((candidate) => candidate?.audience === 'everyone');
  return list?.questions ?? [];
}

/** The question lists of the evaluation phase on screen (for mentors, for "parents"). */
export function evaluationLists(context: SessionContext) {
  if (phaseKind(context) !== 'evaluation') return [];
  const ids = context.programme.phases[context.phaseIndex]?.questions ?? [];
  return ids.flatMap((id) => context.library.questionLists.find((list) => list.id === id) ?? []);
}

/** A tip marked in the plenary: the team's action points are chosen from these. */
export function tipOf(context: SessionContext, answerId: string) {
  return context.dialogue?.answers.find((answer) => answer.id === answerId && answer.tip) ?? null;
}

/** The research phase on screen: its state, its figures and its presentation steps. */
export function activeResearch(context: SessionContext): { state: ResearchState; data: ResearchData; phase: Phase; steps: ResearchStep[] } | null {
  const phase = context.programme.phases[context.phaseIndex];
  const state = context.research;
  if (phase?.kind !== 'research' || !state || state.phaseIndex !== context.phaseIndex) return null;
  const data = context.library.research.find((candidate) => candidate.id === phase.research);
  return data ? { state, data, phase, steps: stepsOf(data, phase.quickscan) } : null;
}
