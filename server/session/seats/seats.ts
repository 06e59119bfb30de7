/** A seat in the session, what it writes, and the small groups seats are put in. */

export interface Participant {
  id: string;
  name: string;
  /** sha256 of the phone's token; the token itself is never stored. */
  tokenHash: string;
  joinedAt: number;
}

/**
 * A phone in the wachtkamer: it asked for a seat after the start and waits for the facilitator.
 * Let in, it becomes a participant with the same id (its socket already carries it).
 */
export interface WaitingEntry {
  id: string;
  name: string;
  /** sha256 of the phone's token, as for a seat. */
  tokenHash: string;
  askedAt: number;
}

/** Something a participant wrote. `key` makes a retried send count once. */
export interface Submission {
  key: string;
  participantId: string;
  /** A private note, or an answer to an evaluation question (anonymous on the projector). */
  kind: 'note' | 'evaluation';
  /** The evaluation question answered; null for a note. */
  questionId: string | null;
  /** -1 when written in the lobby. */
  phaseIndex: number;
  text: string;
  at: number;
}

/** A small group of participants, for the dialogue or the role-play. */
export interface Group {
  id: string;
  /** Participant ids; in the role-play their order drives the rotation. */
  members: string[];
}
