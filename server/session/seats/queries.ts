/** Who has a seat, whether a new phone may take one, and what each seat wrote. */
import { perObject } from '../../lib/memo.ts';
import type { NoteView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import type { Group, Participant, Submission, WaitingEntry } from './seats.ts';

/**
 * Why a new phone may not take a seat (or a place in the wachtkamer) now, if it may not. A phone
 * in the wachtkamer holds a seat: letting it in never goes past the capacity.
 */
export function joinRefusal(context: SessionContext): 'room_locked' | 'room_full' | null {
  if (context.admission === 'locked') return 'room_locked';
  if (context.participants.length + context.waiting.length >= context.capacity) return 'room_full';
  return null;
}

/** Whether a new phone waits for the facilitator instead of taking a seat at once: the wachtkamer is on and the session has started. */
export const joinWaits = (context: SessionContext): boolean => context.admission === 'waitingRoom' && context.phaseIndex >= 0;

export const isSeated = (context: SessionContext, participantId: string) => participantsById(context.participants).has(participantId);

/** The phone in the wachtkamer with this id. */
export const waitingEntry = (context: SessionContext, id: string): WaitingEntry | undefined => context.waiting.find((entry) => entry.id === id);

/** The phone in the wachtkamer with this token. */
export const waitingByToken = (context: SessionContext, tokenHash: string): WaitingEntry | undefined =>
  context.waiting.find((entry) => entry.tokenHash === tokenHash);

/** Whether this token has a seat or a place in the wachtkamer already: one token, one seat. */
export const hasToken = (context: SessionContext, tokenHash: string): boolean =>
  context.participants.some((participant) => participant.tokenHash === tokenHash) || waitingByToken(context, tokenHash) !== undefined;

/** Each participant by id, made once per list of participants: a view per phone does not search the list. */
export const participantsById = perObject((participants: readonly Participant[]) => {
  const byId = new Map<string, Participant>();
  for (const participant of participants) if (!byId.has(participant.id)) byId.set(participant.id, participant);
  return byId;
});

export const participantOf = (context: SessionContext, participantId: string | null): Participant | undefined =>
  participantId === null ? undefined : participantsById(context.participants).get(participantId);

/** The name of a seated participant, `missing` for someone no longer seated. */
export const nameOf = (context: SessionContext, participantId: string, missing: string): string => participantOf(context, participantId)?.name ?? missing;

/** The first group each member is in, made once per list of groups. */
export const groupsByMember = perObject((groups: readonly Group[]) => {
  const byMember = new Map<string, Group>();
  for (const group of groups) for (const id of group.members) if (!byMember.has(id)) byMember.set(id, group);
  return byMember;
});

/**
 * Each participant's submissions, oldest first. Made once per list of submissions (they only
 * change by a new list), so a view per phone does not go through everyone's submissions.
 */
const NONE: readonly Submission[] = [];
const bySubmitter = new WeakMap<readonly Submission[], Map<string, Submission[]>>();

export function submissionsOf(context: SessionContext, participantId: string): readonly Submission[] {
  let index = bySubmitter.get(context.submissions);
  if (!index) {
    index = new Map();
    for (const submission of context.submissions) {
      const list = index.get(submission.participantId);
      if (list) list.push(submission);
      else index.set(submission.participantId, [submission]);
    }
    bySubmitter.set(context.submissions, index);
  }
  return index.get(participantId) ?? NONE;
}

const notesByList = new WeakMap<readonly Submission[], NoteView[]>();

/** A participant's own notes, oldest first; the same list as long as they do not change. */
export function notesOf(context: SessionContext, participantId: string): NoteView[] {
  const submissions = submissionsOf(context, participantId);
  let notes = notesByList.get(submissions);
  if (!notes) {
    notes = submissions.filter((submission) => submission.kind === 'note').map(({ key, phaseIndex, text }) => ({ key, phaseIndex, text }));
    notesByList.set(submissions, notes);
  }
  return notes;
}
