/**
 * The seats' part of the session machine: joining, who may join (open, the wachtkamer, locked),
 * letting someone in from the wachtkamer or not, removing someone, and the notes and answers each
 * seat writes (stored once per key, however often a phone sends them).
 */
import { enqueueActions } from 'xstate';
import type { SessionContext, SessionEvent } from '../context.ts';
import { update, type Guard } from '../parts.ts';
import { hasToken, isSeated, joinRefusal, joinWaits, waitingEntry } from './queries.ts';

/**
 * A new phone may come in (at once or into the wachtkamer): room for it, none yet for its token (one
 * token, one seat), and a token that was not removed or refused.
 */
const mayJoin: Guard = ({ context, event }) =>
  event.type === 'join' &&
  joinRefusal(context) === null &&
  !hasToken(context, event.tokenHash) &&
  !context.revokedTokenHashes.includes(event.tokenHash) &&
  !context.refusedTokenHashes.includes(event.tokenHash);

export const seatGuards = {
  hasFreeSeat: (args) => mayJoin(args) && !joinWaits(args.context),
  /** After the start with the wachtkamer on, a new phone waits for the facilitator. */
  mustWait: (args) => mayJoin(args) && joinWaits(args.context),
  isWaiting: ({ context, event }) => (event.type === 'admit' || event.type === 'refuse') && waitingEntry(context, event.participantId) !== undefined,
  /** The seat it held is still there: letting in never goes past the capacity. */
  canAdmit: ({ context, event }) =>
    event.type === 'admit' && waitingEntry(context, event.participantId) !== undefined && context.participants.length < context.capacity,
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
  addWaiting: update(({ context, event }) => {
    if (event.type !== 'join') return {};
    const { participantId: id, name, tokenHash, at } = event;
    return { waiting: [...context.waiting, { id, name, tokenHash, askedAt: at }] };
  }),
  /** From the wachtkamer to a seat, with the same id: the phone's socket already carries it. */
  admitWaiting: update(({ context, event }) => {
    const entry = event.type === 'admit' ? waitingEntry(context, event.participantId) : undefined;
    if (!entry) return {};
    const { id, name, tokenHash } = entry;
    return { waiting: context.waiting.filter((other) => other !== entry), participants: [...context.participants, { id, name, tokenHash, joinedAt: event.at }] };
  }),
  /** Not let in: the phone's token cannot ask again, as with a removal. */
  refuseWaiting: update(({ context, event }) => {
    const entry = event.type === 'refuse' ? waitingEntry(context, event.participantId) : undefined;
    if (!entry) return {};
    return { waiting: context.waiting.filter((other) => other !== entry), refusedTokenHashes: [...context.refusedTokenHashes, entry.tokenHash] };
  }),
  setAdmission: update(({ event }) => (event.type === 'setAdmission' ? { admission: event.admission } : {})),
  /**
   * Opened up: everyone in the wachtkamer comes in, first come first, each as a late joiner (the
   * `admit` events are handled within this same step, so every screen sees one change).
   */
  letEveryoneIn: enqueueActions<SessionContext, SessionEvent, undefined, SessionEvent, never, never, never, never, never>(({ context, event, enqueue }) => {
    if (event.type !== 'setAdmission' || event.admission !== 'open') return;
    for (const entry of context.waiting) enqueue.raise({ type: 'admit', participantId: entry.id, at: event.at });
  }),
  /** A closed session takes no one in any more: the wachtkamer empties (the names of people who never joined are not kept). */
  clearWaiting: update(({ context }) => (context.waiting.length ? { waiting: [] } : {})),
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
