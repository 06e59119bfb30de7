/**
 * The seats' part of the session machine: joining, locking, removing someone, and the notes and
 * answers each seat writes (stored once per key, however often a phone sends them).
 */
import { update, type Guard } from '../parts.ts';
import { isSeated, joinRefusal } from './queries.ts';

export const seatGuards = {
  /** A free seat, and none yet for this token: one token, one seat. */
  hasFreeSeat: ({ context, event }) =>
    joinRefusal(context) === null && !(event.type === 'join' && context.participants.some((participant) => participant.tokenHash === event.tokenHash)),
  isParticipant: ({ context, event }) => 'participantId' in event && isSeated(context, event.participantId),
  /** A private note, written in a phase that has been reached. */
  isValidNote: ({ context, event }) =>
    event.type === 'submit' &&
    event.kind === 'note' &&
    event.questionId === null &&
    isSeated(context, event.participantId) &&
    event.phaseIndex <= context.phaseIndex,
} satisfies Record<string, Guard>;

export const seatActions = {
  addParticipant: update(({ context, event }) => {
    if (event.type !== 'join') return {};
    const { participantId: id, name, tokenHash, at } = event;
    return { participants: [...context.participants, { id, name, tokenHash, joinedAt: at }] };
  }),
  setLocked: update(({ event }) => (event.type === 'setLocked' ? { locked: event.locked } : {})),
  removeParticipant: update(({ context, event }) => {
    if (event.type !== 'kick') return {};
    const removed = context.participants.find((participant) => participant.id === event.participantId);
    return {
      participants: context.participants.filter((participant) => participant !== removed),
      revokedTokenHashes: removed ? [...context.revokedTokenHashes, removed.tokenHash] : context.revokedTokenHashes,
      // What they wrote was theirs alone: it goes with them.
      submissions: context.submissions.filter((submission) => submission.participantId !== event.participantId),
    };
  }),
  addSubmission: update(({ context, event }) => {
    if (event.type !== 'submit') return {};
    // A retried send: already stored once.
    if (context.submissions.some((s) => s.key === event.key && s.participantId === event.participantId)) return {};
    const { key, participantId, kind, questionId, text, phaseIndex, at } = event;
    return { submissions: [...context.submissions, { key, participantId, kind, questionId, phaseIndex, text, at }] };
  }),
};
