/**
 * What each screen sees of the evaluation: the projector every answer per question and the
 * role-play's feedback, without names; a phone the questions and its own answers.
 */
import type { PhoneView, ProjectorView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import { phaseKind } from '../programme/queries.ts';
import { feedbackSummary, type FeedbackSummary } from '../roleplay/views.ts';
import { submissionsOf } from '../seats/queries.ts';
import { evaluationLists } from './queries.ts';

/** The evaluation answers per question, without names, for the projector. */
export function toEvaluationProjectorView(context: SessionContext): ProjectorView['evaluation'] {
  const lists = evaluationLists(context);
  if (!lists.length) return null;
  return lists.flatMap((list) =>
    list.questions.map((question) => ({
      listTitle: list.title,
      question,
      answers: context.submissions
        .filter((submission) => submission.kind === 'evaluation' && submission.questionId === question.id)
        .map((submission) => submission.text),
    })),
  );
}

/** The role-play feedback for the evaluation, per role and question, without names. */
export function toEvaluationFeedback(context: SessionContext): FeedbackSummary | null {
  if (phaseKind(context) !== 'evaluation' || !context.roleplay) return null;
  return feedbackSummary(context.roleplay);
}

/** What toEvaluationPhoneView reads of the context: its view is the same as long as these are (see ../views.ts). */
export const evaluationPhoneReads = ['phaseIndex', 'programme', 'library', 'submissions'] as const satisfies readonly (keyof SessionContext)[];

export function toEvaluationPhoneView(context: SessionContext, participantId: string): PhoneView['evaluation'] {
  const lists = evaluationLists(context);
  if (!lists.length) return null;
  return {
    lists: lists.map(({ id, title, questions }) => ({ id, title, questions })),
    answers: submissionsOf(context, participantId)
      .filter((submission) => submission.kind === 'evaluation' && submission.questionId)
      .map(({ key, questionId, text }) => ({ key, questionId: questionId ?? '', text })),
  };
}
