/** Who has a seat, whether a new phone may take one, and what each seat wrote. */
import type { NoteView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import type { Submission } from './seats.ts';

/** Why a new phone may not take a seat now, if it may not. */
export function joinRefusal(context: SessionContext): 'room_locked' | 'room_full' | null {
  if (context.locked) return 'room_locked';
  if (context.participants.length >= context.capacity) return 'room_full';
  return null;
}

export const isSeated = (context: SessionContext, participantId: string) => context.participants.some((p) => p.id === participantId);

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
