/** Schemas for every inbound payload. Parse first, then send to the machine. */
import * as v from 'valibot';
import { ADMISSIONS, CONSENTS, VOTE_CHOICES } from './views.ts';

export const NAME_MAX_GRAPHEMES = 24;
export const NOTE_MAX_LENGTH = 500;
/** Codes avoid look-alikes: no 0/O, 1/I/L. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

const code = v.pipe(v.string(), v.toUpperCase(), v.regex(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`)));
/** ≥ 128 bits of randomness, base64url. */
const token = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,64}$/));

export const handshakeSchema = v.object({
  role: v.picklist(['host', 'phone']),
  code,
  token,
});

/** `{}` and nothing else: strictObject alone would let an array through. */
export const emptyPayloadSchema = v.custom<Record<string, never>>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input) && Object.keys(input).length === 0,
);
export const addTimeSchema = v.strictObject({ minutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(30)) });
export const lockSchema = v.strictObject({ locked: v.boolean() });
export const admissionSchema = v.strictObject({ admission: v.picklist(ADMISSIONS) });
export const kickSchema = v.strictObject({ participantId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/)) });
export const noteSchema = v.strictObject({
  key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/)),
  text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(NOTE_MAX_LENGTH)),
  /** The phase the note was written in (a phone offline may send it later); -1 for the lobby. */
  phaseIndex: v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(99)),
});
const key = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/));
const smallId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/));
export const ANSWER_MAX_LENGTH = 500;
const answerText = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(ANSWER_MAX_LENGTH));
export const dialogueAnswerSchema = v.strictObject({ key, questionId: smallId, text: answerText });
export const dialogueEditSchema = v.strictObject({ answerId: key, text: answerText });
export const dialogueDeleteSchema = v.strictObject({ answerId: key });
const rating = v.nullable(v.picklist([1, 2, 3, 4]));
export const quickscanRateSchema = v.strictObject({ statementId: smallId, experience: rating, importance: rating });
export const statementVoteSchema = v.strictObject({
  key,
  phaseIndex: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(99)),
  statement: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(99)),
  round: v.picklist([1, 2]),
  choice: v.picklist(VOTE_CHOICES),
});
export const statementOpenSchema = v.strictObject({ open: v.boolean() });
export const statementMoveSchema = v.strictObject({ delta: v.picklist([1, -1]) });
export const revealSchema = v.strictObject({ revealed: v.boolean() });
export const researchStepSchema = v.strictObject({ delta: v.picklist([1, -1]) });
export const researchPlaySchema = v.strictObject({ playing: v.boolean() });
export const screenBlankSchema = v.strictObject({ blank: v.boolean() });
export const screenPageSchema = v.strictObject({ delta: v.picklist([1, -1]) });
export const screenVideoSchema = v.strictObject({ video: v.boolean() });
export const actionPointSchema = v.strictObject({ key, text: answerText });
export const actionPointDeleteSchema = v.strictObject({ pointId: key });
export const consentSchema = v.strictObject({ consent: v.picklist(CONSENTS) });
export const teamVoteSchema = v.strictObject({ answerId: key, vote: v.boolean() });
export const teamPointSchema = v.strictObject({ answerId: key, chosen: v.boolean() });
export const tipSchema = v.strictObject({ answerId: key, tip: v.boolean() });
export const spotlightSchema = v.strictObject({ groupId: v.nullable(smallId), answerId: v.nullable(key) });
export const roleplaySetupSchema = v.strictObject({
  cardSetId: smallId,
  format: v.picklist(['pairs', 'trios', 'auto']),
  observers: v.boolean(),
  rounds: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(12)),
  minutesPerRound: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(30)),
  observersSeeCards: v.boolean(),
});
export const roleplayMoveSchema = v.strictObject({ participantId: smallId, groupId: smallId });
export const feedbackSchema = v.strictObject({
  key,
  round: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(11)),
  answers: v.pipe(
    v.array(v.strictObject({ questionId: smallId, text: v.pipe(v.string(), v.trim(), v.maxLength(1000)) })),
    v.minLength(1),
    v.maxLength(12),
  ),
});
export const joinSchema = v.strictObject({ name: v.pipe(v.string(), v.maxLength(200)) });
/** The most a facilitator's file (an own card set, a previous report) may hold: far above a real one. */
export const UPLOAD_MAX_BYTES = 128 * 1024;
/** Whether an uploaded file is larger than UPLOAD_MAX_BYTES. */
export const tooLarge = (upload: { source: string } | undefined): boolean => upload !== undefined && Buffer.byteLength(upload.source) > UPLOAD_MAX_BYTES;
/** A facilitator's own card set file (.md), as text. */
export const cardSetUploadSchema = v.strictObject({
  fileName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  source: v.string(),
});
/** A previous session's report (.md), as text: only its front matter is read. */
export const reportUploadSchema = v.strictObject({
  fileName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  source: v.string(),
});
export const createSessionSchema = v.strictObject({
  programmeId: v.optional(v.pipe(v.string(), v.maxLength(80))),
  language: v.optional(v.picklist(['nl', 'en']), 'nl'),
  cardSet: v.optional(cardSetUploadSchema),
  previousReport: v.optional(reportUploadSchema),
});
export const codeSchema = code;
