/**
 * The one socket protocol, typed both ways. The client may only `import type` from here;
 * the schemas that check inbound payloads live in ./schemas.ts (server only).
 */
import type { Admission, Consent, PhoneUpdate, ProjectorUpdate, Rating, RoleplaySettingsView, VoteChoice } from './views.ts';

export const ERROR_CODES = [
  'invalid_payload',
  'not_allowed',
  'unknown_session',
  'session_closed',
  'unauthorized',
  'name_required',
  'name_too_long',
  'name_invalid_chars',
  'name_too_many_marks',
  'name_no_letter',
  'not_joined',
  'room_full',
  'room_locked',
  'removed',
  'refused',
  'session_deleted',
  'rate_limited',
  'server_full',
  'file_too_large',
  'too_many_connections',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Result<T = null> = { ok: true; data: T } | { ok: false; error: ErrorCode };
export type Ack<T = null> = (result: Result<T>) => void;

/** Sent in the socket.io handshake (`auth`). The socket's role is fixed here, never by a payload. */
export interface HandshakeAuth {
  role: 'host' | 'phone';
  code: string;
  token: string;
}

/** Connection errors carry the same codes: `err.data.code`. */
export interface ConnectErrorData {
  code: ErrorCode;
}

export type EmptyPayload = Record<string, never>;

export interface ClientToServerEvents {
  'host:start': (payload: EmptyPayload, ack: Ack) => void;
  'host:next': (payload: EmptyPayload, ack: Ack) => void;
  'host:back': (payload: EmptyPayload, ack: Ack) => void;
  'host:pause': (payload: EmptyPayload, ack: Ack) => void;
  'host:resume': (payload: EmptyPayload, ack: Ack) => void;
  'host:addTime': (payload: { minutes: number }, ack: Ack) => void;
  'host:end': (payload: EmptyPayload, ack: Ack) => void;
  /** Shorthand for host:admission: locked, or open. */
  'host:lock': (payload: { locked: boolean }, ack: Ack) => void;
  /** Who may join: open, the wachtkamer after the start, or locked. Opening lets everyone waiting in. */
  'host:admission': (payload: { admission: Admission }, ack: Ack) => void;
  /** Lets a phone in from the wachtkamer: it gets its seat. */
  'host:admit': (payload: { participantId: string }, ack: Ack) => void;
  /** Does not let a phone in from the wachtkamer: it is told, and its token cannot ask again. */
  'host:refuse': (payload: { participantId: string }, ack: Ack) => void;
  'host:kick': (payload: { participantId: string }, ack: Ack) => void;
  /** Deletes the session and everything in it, at once. */
  'host:delete': (payload: EmptyPayload, ack: Ack) => void;
  /** Makes the dialogue groups from the people present (again, as long as nobody wrote yet). */
  'host:dialogueStart': (payload: EmptyPayload, ack: Ack) => void;
  'host:dialogueMove': (payload: { participantId: string; groupId: string }, ack: Ack) => void;
  'host:plenaryTip': (payload: { answerId: string; tip: boolean }, ack: Ack) => void;
  'host:plenarySpotlight': (payload: { groupId: string | null; answerId: string | null }, ack: Ack) => void;
  /** One step on or back in the research presentation (back from the first reopens the quickscan). */
  'host:researchStep': (payload: { delta: 1 | -1 }, ack: Ack) => void;
  'host:researchPlay': (payload: { playing: boolean }, ack: Ack) => void;
  /** Shows the team's quickscan figures before 3 have answered, or hides them again. */
  'host:quickscanReveal': (payload: { revealed: boolean }, ack: Ack) => void;
  /** Opens the vote on the statement on screen (or the latest again, closed by mistake), or closes it. */
  'host:statementVote': (payload: { open: boolean }, ack: Ack) => void;
  /** After the first vote on the statement closed: a second, to show how the room moved. */
  'host:statementVoteAgain': (payload: EmptyPayload, ack: Ack) => void;
  /** The next or previous statement (an open vote closes). */
  'host:statementMove': (payload: { delta: 1 | -1 }, ack: Ack) => void;
  /** Makes a tip marked in the plenary one of the team's action points, or not. */
  'host:teamPoint': (payload: { answerId: string; chosen: boolean }, ack: Ack) => void;
  'host:roleplaySetup': (payload: RoleplaySettingsView, ack: Ack) => void;
  /** New groups from the people present (between rounds). */
  'host:roleplayRegroup': (payload: EmptyPayload, ack: Ack) => void;
  'host:roleplayMove': (payload: { participantId: string; groupId: string }, ack: Ack) => void;
  /** Deals new cards with the next roles; from a running round it skips that round's feedback. */
  'host:roleplayStartRound': (payload: EmptyPayload, ack: Ack) => void;
  'host:roleplayExtend': (payload: { minutes: number }, ack: Ack) => void;
  'host:roleplayEndRound': (payload: EmptyPayload, ack: Ack) => void;
  /** The room's screen goes black (the presenter's B key), or comes back. */
  'host:screenBlank': (payload: { blank: boolean }, ack: Ack) => void;
  /** A board too full for one screen: the next or previous page (the pages also turn by themselves). */
  'host:screenPage': (payload: { delta: 1 | -1 }, ack: Ack) => void;
  /** The research phase's video on the room's screen instead of the presentation, or back. */
  'host:screenVideo': (payload: { video: boolean }, ack: Ack) => void;
  'phone:join': (payload: { name: string }, ack: Ack<{ participantId: string }>) => void;
  /** `key`: made once by the phone for this answer; a retried send is stored once. */
  'phone:dialogueAnswer': (payload: { key: string; questionId: string; text: string }, ack: Ack) => void;
  /** An answer to an evaluation question; shown on the projector without a name. */
  'phone:evaluationAnswer': (payload: { key: string; questionId: string; text: string }, ack: Ack) => void;
  'phone:dialogueEdit': (payload: { answerId: string; text: string }, ack: Ack) => void;
  'phone:dialogueDelete': (payload: { answerId: string }, ack: Ack) => void;
  'phone:roleplayFeedback': (payload: { key: string; round: number; answers: { questionId: string; text: string }[] }, ack: Ack) => void;
  /** My ratings of one statement; a later rating replaces the earlier one, null keeps it. */
  'phone:quickscanRate': (payload: { statementId: string; experience: Rating | null; importance: Rating | null }, ack: Ack) => void;
  /**
   * My vote on a statement, in the vote (`phaseIndex`, `statement`, `round`) the phone showed: a
   * later vote replaces mine while the vote is open; `key` as for notes (a repeat changes nothing).
   */
  'phone:statementVote': (payload: { key: string; phaseIndex: number; statement: number; round: 1 | 2; choice: VoteChoice }, ack: Ack) => void;
  /** A personal action point; `key` as for notes. */
  'phone:actionPoint': (payload: { key: string; text: string }, ack: Ack) => void;
  'phone:actionPointDelete': (payload: { pointId: string }, ack: Ack) => void;
  /** What the report may hold of my action points. */
  'phone:reportConsent': (payload: { consent: Consent }, ack: Ack) => void;
  /** I want this tip as a team action point (or no longer). */
  'phone:teamVote': (payload: { answerId: string; vote: boolean }, ack: Ack) => void;
  /** `key`: made by the phone once per note, so a retried send is stored once. */
  'phone:addNote': (payload: { key: string; text: string; phaseIndex: number }, ack: Ack) => void;
}

/** Why a socket's session is gone for it: removed, not let in from the wachtkamer, or deleted. */
export type GoneReason = Extract<ErrorCode, 'removed' | 'refused' | 'session_deleted'>;

export interface ServerToClientEvents {
  /** Only the parts that changed: see ProjectorUpdate. */
  'view:projector': (update: ProjectorUpdate) => void;
  /** Only what changed: see PhoneUpdate. */
  'view:phone': (update: PhoneUpdate) => void;
  /** This socket's session is gone for it (removed, deleted); the server disconnects it next. */
  'session:gone': (reason: GoneReason) => void;
}

export type HostCommand = Extract<keyof ClientToServerEvents, `host:${string}`>;

/** HTTP API shapes. */
export interface CreateSessionRequest {
  programmeId?: string;
  language?: 'nl' | 'en';
  cardSet?: { fileName: string; source: string };
  /** For a follow-up meeting: the previous meeting's report. */
  previousReport?: { fileName: string; source: string };
}
export interface CreateSessionResponse {
  code: string;
  hostToken: string;
}
export interface SessionLookupResponse {
  code: string;
  status: 'open' | 'closed';
}
export interface ProgrammeSummary {
  id: string;
  language: 'nl' | 'en';
  title: string;
  /** One sentence on what the programme is for ('' when its file has none). */
  summary: string;
  phaseCount: number;
  minutes: number;
}
