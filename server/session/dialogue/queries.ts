/** The dialogue inside a session: which flip-overs are on screen, their questions, the plenary's tips. */
import type { SessionContext } from '../context.ts';
import { currentPhaseOf, phaseKind } from '../programme/queries.ts';
import type { DialogueState } from './dialogue.ts';

/** The flip-overs are written in the dialogue phase; the plenary shows them. */
export function activeDialogue(context: SessionContext): DialogueState | null {
  if (!context.dialogue) return null;
  const kind = phaseKind(context);
  return kind === 'plenary' || (kind === 'dialogue' && context.dialogue.phaseIndex === context.phaseIndex) ? context.dialogue : null;
}

/** Groups are writing on their flip-overs now. */
export const writingDialogue = (context: SessionContext) => phaseKind(context) === 'dialogue' && activeDialogue(context) !== null;

/** The questions of the current phase's list for everyone (the dialogue questions). */
export function dialogueQuestions(context: SessionContext) {
  const ids = currentPhaseOf(context)?.questions ?? [];
  const list = ids.map((id) => context.library.questionLists.find((candidate) => candidate.id === id)).find((candidate) => candidate?.audience === 'everyone');
  return list?.questions ?? [];
}

/** A tip marked in the plenary: the team's action points are chosen from these. */
export function tipOf(context: SessionContext, answerId: string) {
  return context.dialogue?.answers.find((answer) => answer.id === answerId && answer.tip) ?? null;
}
