/**
 * The dialogue's part of the session machine: groups and flip-overs in the dialogue phase, tips
 * and the spotlight in the plenary, and a place for whoever comes late.
 */
import type { SessionContext } from '../context.ts';
import { update, type Guard } from '../parts.ts';
import { phaseKind } from '../programme/queries.ts';
import { isSeated } from '../seats/queries.ts';
import * as dialogue from './dialogue.ts';
import type { DialogueState } from './dialogue.ts';
import { activeDialogue, dialogueQuestions, writingDialogue } from './queries.ts';

const withDialogue = (context: SessionContext, change: (state: DialogueState) => DialogueState) =>
  context.dialogue ? { dialogue: change(context.dialogue) } : {};

export const dialogueGuards = {
  canStartDialogue: ({ context }) =>
    phaseKind(context) === 'dialogue' && (!writingDialogue(context) || (context.dialogue?.answers.length ?? 0) === 0),
  canMoveInDialogue: ({ context, event }) =>
    event.type === 'dialogueMove' &&
    writingDialogue(context) &&
    isSeated(context, event.participantId) &&
    (context.dialogue?.groups.some((group) => group.id === event.groupId) ?? false),
  canAnswer: ({ context, event }) =>
    event.type === 'dialogueAnswer' &&
    writingDialogue(context) &&
    context.dialogue !== null &&
    dialogue.groupOf(context.dialogue, event.participantId) !== undefined &&
    dialogueQuestions(context).some((question) => question.id === event.questionId),
  isOwnAnswer: ({ context, event }) =>
    (event.type === 'dialogueEdit' || event.type === 'dialogueDelete') &&
    writingDialogue(context) &&
    context.dialogue !== null &&
    dialogue.isOwnAnswer(context.dialogue, event.participantId, event.answerId),
  canMarkTip: ({ context, event }) =>
    event.type === 'plenaryTip' && phaseKind(context) === 'plenary' && activeDialogue(context)?.answers.some((answer) => answer.id === event.answerId) === true,
  canSpotlight: ({ context, event }) => {
    const state = activeDialogue(context);
    if (event.type !== 'plenarySpotlight' || phaseKind(context) !== 'plenary' || !state) return false;
    const { groupId, answerId } = event;
    return (groupId === null || state.groups.some((group) => group.id === groupId)) && (answerId === null || state.answers.some((answer) => answer.id === answerId));
  },
} satisfies Record<string, Guard>;

export const dialogueActions = {
  startDialogue: update(({ context, event }) =>
    event.type === 'dialogueStart' ? { dialogue: dialogue.start(context.phaseIndex, event.present, event.seed) } : {},
  ),
  /** Someone who joins while the groups write (or is let in from the wachtkamer then) gets a group at once. */
  placeLateJoiner: update(({ context, event }) =>
    (event.type === 'join' || event.type === 'admit') && writingDialogue(context) ? withDialogue(context, (state) => dialogue.place(state, event.participantId)) : {},
  ),
  leaveDialogue: update(({ context, event }) =>
    event.type === 'kick' ? withDialogue(context, (state) => dialogue.leave(state, event.participantId)) : {},
  ),
  moveInDialogue: update(({ context, event }) =>
    event.type === 'dialogueMove' ? withDialogue(context, (state) => dialogue.place(state, event.participantId, event.groupId)) : {},
  ),
  addDialogueAnswer: update(({ context, event }) => {
    if (event.type !== 'dialogueAnswer') return {};
    const { participantId, key: id, questionId, text, at } = event;
    return withDialogue(context, (state) => dialogue.addAnswer(state, { id, participantId, questionId, text, at }));
  }),
  editDialogueAnswer: update(({ context, event }) =>
    event.type === 'dialogueEdit' ? withDialogue(context, (state) => dialogue.editAnswer(state, event.answerId, event.text)) : {},
  ),
  deleteDialogueAnswer: update(({ context, event }) =>
    event.type === 'dialogueDelete' ? withDialogue(context, (state) => dialogue.deleteAnswer(state, event.answerId)) : {},
  ),
  markTip: update(({ context, event }) =>
    event.type === 'plenaryTip' ? withDialogue(context, (state) => dialogue.markTip(state, event.answerId, event.tip)) : {},
  ),
  setSpotlight: update(({ context, event }) =>
    event.type === 'plenarySpotlight'
      ? withDialogue(context, (state) => dialogue.setSpotlight(state, { groupId: event.groupId, answerId: event.answerId }))
      : {},
  ),
};
