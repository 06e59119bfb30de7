/** What each screen sees of the dialogue: a phone its own group's flip-over, the projector progress and the wall. */
import type { DialoguePhoneView, DialogueProjectorView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import { phaseKind } from '../programme/queries.ts';
import { groupOf } from './dialogue.ts';
import { activeDialogue, dialogueQuestions } from './queries.ts';

const modeOf = (context: SessionContext) => (phaseKind(context) === 'plenary' ? 'plenary' : 'dialogue');

export function toDialogueProjectorView(context: SessionContext, online: ReadonlySet<string>): DialogueProjectorView | null {
  const kind = phaseKind(context);
  if (kind !== 'dialogue' && kind !== 'plenary') return null;
  const state = activeDialogue(context);
  const questions = dialogueQuestions(context);
  const nameOf = (id: string) => context.participants.find((participant) => participant.id === id)?.name ?? '?';
  return {
    mode: modeOf(context),
    questions,
    presentCount: context.participants.filter((participant) => online.has(participant.id)).length,
    groups:
      state?.groups.map((group) => ({
        id: group.id,
        members: group.members.map((id) => ({ id, name: nameOf(id), online: online.has(id) })),
        answersPerQuestion: Object.fromEntries(
          questions.map((question) => [question.id, state.answers.filter((a) => a.groupId === group.id && a.questionId === question.id).length]),
        ),
      })) ?? null,
    wall: questions.map((question) => ({
      questionId: question.id,
      answers: (state?.answers ?? [])
        .filter((answer) => answer.questionId === question.id)
        .map(({ id, groupId, text, tip }) => ({ id, groupId, text, tip })),
    })),
    spotlight: state?.spotlight ?? { groupId: null, answerId: null },
    unassigned: state
      ? context.participants.filter((participant) => !groupOf(state, participant.id)).map(({ id, name }) => ({ id, name }))
      : [],
  };
}

export function toDialoguePhoneView(context: SessionContext, participantId: string): DialoguePhoneView | null {
  const state = activeDialogue(context);
  if (!state) return null;
  const group = groupOf(state, participantId);
  // Someone removed from the session keeps their answers on the flip-over, without their name.
  const nameOf = (id: string) => context.participants.find((participant) => participant.id === id)?.name ?? '';
  return {
    mode: modeOf(context),
    questions: dialogueQuestions(context),
    group: group ? { id: group.id, names: group.members.filter((id) => id !== participantId).map(nameOf) } : null,
    answers: state.answers
      .filter((answer) => answer.groupId === group?.id)
      .map(({ id, questionId, text, participantId: author, tip }) => ({ id, questionId, text, author: nameOf(author), mine: author === participantId, tip })),
  };
}
