/** What each screen sees of the dialogue: a phone its own group's flip-over, the projector progress and the wall. */
import { perObject } from '../../lib/memo.ts';
import { voteShares } from '../../../common/voteShares.ts';
import type { DialoguePhoneView, DialogueProjectorView, TopStatementsView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import { phaseKind } from '../programme/queries.ts';
import { groupsByMember, nameOf } from '../seats/queries.ts';
import { mostAgreed } from '../statements/queries.ts';
import type { DialogueAnswer } from './dialogue.ts';
import { activeDialogue, dialogueQuestions } from './queries.ts';

const modeOf = (context: SessionContext) => (phaseKind(context) === 'plenary' ? 'plenary' : 'dialogue');

/** The statements phase `phaseIndex` asks the groups to talk about (its `topStatements`), best first; null when it asks for none. */
export function topStatementsIn(context: SessionContext, phaseIndex: number): TopStatementsView | null {
  const wanted = context.programme.phases[phaseIndex]?.topStatements;
  if (!wanted) return null;
  return {
    wanted,
    statements: mostAgreed(context.programme.phases, context.statements, phaseIndex, wanted).map(({ index, text, round, votes, counts }) => ({
      index,
      text,
      round,
      votes,
      agreePercent: voteShares(counts).agree,
    })),
  };
}

/** The statements the phase on screen asks the groups to talk about. */
const topStatementsOf = (context: SessionContext) => topStatementsIn(context, context.phaseIndex);

/** The flip-overs' answers by group, in order: made once per list of answers, not once per phone. */
const answersByGroup = perObject((answers: readonly DialogueAnswer[]) => {
  const byGroup = new Map<string, DialogueAnswer[]>();
  for (const answer of answers) {
    const list = byGroup.get(answer.groupId);
    if (list) list.push(answer);
    else byGroup.set(answer.groupId, [answer]);
  }
  return byGroup;
});

export function toDialogueProjectorView(context: SessionContext, online: ReadonlySet<string>): DialogueProjectorView | null {
  const kind = phaseKind(context);
  if (kind !== 'dialogue' && kind !== 'plenary') return null;
  const state = activeDialogue(context);
  const questions = dialogueQuestions(context);
  const grouped = state ? groupsByMember(state.groups) : null;
  return {
    mode: modeOf(context),
    questions,
    presentCount: context.participants.filter((participant) => online.has(participant.id)).length,
    groups:
      state?.groups.map((group) => ({
        id: group.id,
        members: group.members.map((id) => ({ id, name: nameOf(context, id, '?'), online: online.has(id) })),
        answersPerQuestion: Object.fromEntries(
          questions.map((question) => [question.id, (answersByGroup(state.answers).get(group.id) ?? []).filter((a) => a.questionId === question.id).length]),
        ),
      })) ?? null,
    wall: questions.map((question) => ({
      questionId: question.id,
      answers: (state?.answers ?? [])
        .filter((answer) => answer.questionId === question.id)
        .map(({ id, groupId, text, tip }) => ({ id, groupId, text, tip })),
    })),
    spotlight: state?.spotlight ?? { groupId: null, answerId: null },
    unassigned: state ? context.participants.filter((participant) => !grouped?.has(participant.id)).map(({ id, name }) => ({ id, name })) : [],
    topStatements: topStatementsOf(context),
  };
}

/** What toDialoguePhoneView reads of the context: its view is the same as long as these are (see ../views.ts). */
export const dialoguePhoneReads = ['dialogue', 'phaseIndex', 'programme', 'library', 'participants', 'statements'] as const satisfies readonly (keyof SessionContext)[];

export function toDialoguePhoneView(context: SessionContext, participantId: string): DialoguePhoneView | null {
  const state = activeDialogue(context);
  if (!state) return null;
  const group = groupsByMember(state.groups).get(participantId);
  // Someone removed from the session keeps their answers on the flip-over, without their name.
  return {
    mode: modeOf(context),
    questions: dialogueQuestions(context),
    group: group ? { id: group.id, names: group.members.filter((id) => id !== participantId).map((id) => nameOf(context, id, '')) } : null,
    answers: ((group && answersByGroup(state.answers).get(group.id)) || []).map(
      ({ id, questionId, text, participantId: author, tip }) => ({ id, questionId, text, author: nameOf(context, author, ''), mine: author === participantId, tip }),
    ),
    topStatements: topStatementsOf(context),
  };
}
