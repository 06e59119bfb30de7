/**
 * Dialogue in small groups and the plenary after it, as pure functions on their state: groups of
 * three or four from the people present, a shared flip-over per group (answers per question that
 * everyone in the group sees live, each author may edit or delete their own), and in the plenary
 * a spotlight and tips the facilitator marks for the action points.
 */
import { shuffled } from '../../lib/random.ts';
import type { Group } from '../seats/seats.ts';

export interface DialogueAnswer {
  /** Made once by the phone: a retried send is stored once. */
  id: string;
  groupId: string;
  questionId: string;
  participantId: string;
  text: string;
  at: number;
  /** Marked by the facilitator in the plenary: kept for the action points. */
  tip: boolean;
}

export interface DialogueState {
  phaseIndex: number;
  groups: Group[];
  answers: DialogueAnswer[];
  /** What the projector puts large in the plenary: one group's answers, or one answer. */
  spotlight: { groupId: string | null; answerId: string | null };
}

const GROUP_SIZE = 4;

/** Groups of about four (three to five, as even as the head count allows); up to five people make one group. */
export function formDialogueGroups(participantIds: string[], seed: number): Group[] {
  const people = shuffled([...new Set(participantIds)], seed);
  const count = Math.max(1, Math.round(people.length / GROUP_SIZE));
  const groups: Group[] = Array.from({ length: count }, (_, i) => ({ id: `d${i + 1}`, members: [] }));
  people.forEach((id, index) => groups[index % count]?.members.push(id));
  return groups.filter((group) => group.members.length > 0);
}

export function start(phaseIndex: number, present: string[], seed: number): DialogueState {
  return { phaseIndex, groups: formDialogueGroups(present, seed), answers: [], spotlight: { groupId: null, answerId: null } };
}

export const groupOf = (state: DialogueState, participantId: string) => state.groups.find((group) => group.members.includes(participantId));

/** Into a group: someone without one (late, or away at the start), or a move by the facilitator. */
export function place(state: DialogueState, participantId: string, groupId?: string): DialogueState {
  // Nobody was there when the groups were made: the first to come starts one.
  if (state.groups.length === 0) return { ...state, groups: [{ id: 'd1', members: [participantId] }] };
  const target = groupId ?? [...state.groups].sort((a, b) => a.members.length - b.members.length)[0]?.id;
  if (!target || !state.groups.some((group) => group.id === target)) return state;
  const groups = state.groups
    .map((group) => ({ ...group, members: group.members.filter((id) => id !== participantId) }))
    .map((group) => (group.id === target ? { ...group, members: [...group.members, participantId] } : group))
    .filter((group) => group.members.length > 0);
  return { ...state, groups };
}

/** Leaves the groups; what they wrote stays with their group's flip-over. */
export function leave(state: DialogueState, participantId: string): DialogueState {
  const groups = state.groups.map((group) => ({ ...group, members: group.members.filter((id) => id !== participantId) }));
  return { ...state, groups: groups.filter((group) => group.members.length > 0) };
}

export function addAnswer(state: DialogueState, answer: Omit<DialogueAnswer, 'groupId' | 'tip'>): DialogueState {
  const group = groupOf(state, answer.participantId);
  if (!group || state.answers.some((existing) => existing.id === answer.id)) return state;
  return { ...state, answers: [...state.answers, { ...answer, groupId: group.id, tip: false }] };
}

export const isOwnAnswer = (state: DialogueState, participantId: string, answerId: string) =>
  state.answers.some((answer) => answer.id === answerId && answer.participantId === participantId);

export function editAnswer(state: DialogueState, answerId: string, text: string): DialogueState {
  return { ...state, answers: state.answers.map((answer) => (answer.id === answerId ? { ...answer, text } : answer)) };
}

export function deleteAnswer(state: DialogueState, answerId: string): DialogueState {
  const spotlight = state.spotlight.answerId === answerId ? { ...state.spotlight, answerId: null } : state.spotlight;
  return { ...state, answers: state.answers.filter((answer) => answer.id !== answerId), spotlight };
}

export function markTip(state: DialogueState, answerId: string, tip: boolean): DialogueState {
  return { ...state, answers: state.answers.map((answer) => (answer.id === answerId ? { ...answer, tip } : answer)) };
}

export function setSpotlight(state: DialogueState, spotlight: DialogueState['spotlight']): DialogueState {
  return { ...state, spotlight };
}
