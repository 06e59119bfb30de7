/** The evaluation's part of the session machine: answers to its questions, in its own phase (stored by seats' addSubmission). */
import type { Guard } from '../parts.ts';
import { phaseKind } from '../programme/queries.ts';
import { isSeated } from '../seats/queries.ts';
import { evaluationLists } from './queries.ts';

export const evaluationGuards = {
  isEvaluationAnswer: ({ context, event }) =>
    event.type === 'submit' &&
    event.kind === 'evaluation' &&
    isSeated(context, event.participantId) &&
    phaseKind(context) === 'evaluation' &&
    event.phaseIndex === context.phaseIndex &&
    evaluationLists(context).some((list) => list.questions.some((question) => question.id === event.questionId)),
} satisfies Record<string, Guard>;
