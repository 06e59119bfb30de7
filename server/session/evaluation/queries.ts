/** The evaluation inside a session: the question lists of the evaluation phase on screen. */
import type { SessionContext } from '../context.ts';
import { currentPhaseOf, phaseKind } from '../programme/queries.ts';

/** The question lists of the evaluation phase on screen (for mentors, for "parents"). */
export function evaluationLists(context: SessionContext) {
  if (phaseKind(context) !== 'evaluation') return [];
  const ids = currentPhaseOf(context)?.questions ?? [];
  return ids.flatMap((id) => context.library.questionLists.find((list) => list.id === id) ?? []);
}
