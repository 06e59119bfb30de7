/**
 * Socket event handlers: one table for the whole server and one listener per socket. Each
 * command validates its payload, checks the socket's fixed role (and a phone's seat), then sends
 * one event to the session's machine and answers with a Result.
 */
import * as v from 'valibot';
import type { FastifyBaseLogger } from 'fastify';
import type { Ack, ClientToServerEvents, ErrorCode, Result } from './protocol/events.ts';
import { randomInt } from 'node:crypto';
import {
  actionPointDeleteSchema,
  actionPointSchema,
  addTimeSchema,
  admissionSchema,
  consentSchema,
  dialogueAnswerSchema,
  dialogueDeleteSchema,
  dialogueEditSchema,
  emptyPayloadSchema,
  feedbackSchema,
  joinSchema,
  kickSchema,
  lockSchema,
  noteSchema,
  quickscanRateSchema,
  researchPlaySchema,
  researchStepSchema,
  revealSchema,
  roleplayMoveSchema,
  roleplaySetupSchema,
  screenBlankSchema,
  screenPageSchema,
  screenVideoSchema,
  spotlightSchema,
  statementMoveSchema,
  statementOpenSchema,
  statementVoteSchema,
  teamPointSchema,
  teamVoteSchema,
  tipSchema,
} from './protocol/schemas.ts';
import { TokenBucket } from './rateLimit.ts';
import type { AppSocket, Room, RoomEvent, Rooms } from './rooms.ts';
import { normaliseName } from './session/seats/names.ts';
import { isSeated, joinRefusal, waitingByToken } from './session/seats/queries.ts';
import { newId } from './tokens.ts';

/**
 * Per socket: a burst of events at once, then so many a second. A phone's person never comes close;
 * a facilitator who clicks through six statements (move, open, close each) or holds an arrow key
 * down may send dozens in a few seconds, and must not be refused.
 */
const EVENT_BUDGET = { phone: { burst: 20, perSecond: 5 }, host: { burst: 60, perSecond: 20 } } as const;

const ok: Result = { ok: true, data: null };
/** Grouping is seeded so that tests can replay it; in a session every (re)grouping gets a fresh seed. */
const newSeed = () => randomInt(2 ** 31);
const fail = (error: ErrorCode): Result<never> => ({ ok: false, error });

export interface HandlerDeps {
  rooms: Rooms;
  now: () => number;
  log: FastifyBaseLogger;
}

/** Who sent a command, and where. */
interface Sender {
  socket: AppSocket;
  room: Room;
  deps: HandlerDeps;
}

/** The machine event a command makes, or a Result when it is not one for the machine. */
type Outcome = RoomEvent | Result<unknown>;

interface Command {
  schema: v.GenericSchema;
  run: (payload: never, sender: Sender) => Result<unknown>;
}

const settle = (outcome: Outcome, room: Room): Result<unknown> => ('ok' in outcome ? outcome : room.send(outcome) ? ok : fail('not_allowed'));

/** A command of the facilitator's screens. */
function host<S extends v.GenericSchema>(schema: S, run: (payload: v.InferOutput<S>, sender: Sender) => Outcome): Command {
  return {
    schema,
    run: (payload: v.InferOutput<S>, sender) => (sender.socket.data.role === 'host' ? settle(run(payload, sender), sender.room) : fail('unauthorized')),
  };
}

/** A command of a phone with a seat. */
function seated<S extends v.GenericSchema>(schema: S, run: (payload: v.InferOutput<S>, participantId: string, sender: Sender) => Outcome): Command {
  return {
    schema,
    run: (payload: v.InferOutput<S>, sender) => {
      const { role, participantId } = sender.socket.data;
      if (role !== 'phone') return fail('unauthorized');
      // A phone in the wachtkamer carries the id it will have, but no seat yet.
      if (!participantId || !isSeated(sender.room.snapshot.context, participantId)) return fail('not_joined');
      return settle(run(payload, participantId, sender), sender.room);
    },
  };
}

const commands: Record<keyof ClientToServerEvents, Command> = {
  'host:start': host(emptyPayloadSchema, () => ({ type: 'start' })),
  'host:next': host(emptyPayloadSchema, () => ({ type: 'next' })),
  'host:back': host(emptyPayloadSchema, () => ({ type: 'back' })),
  'host:pause': host(emptyPayloadSchema, () => ({ type: 'pause' })),
  'host:resume': host(emptyPayloadSchema, () => ({ type: 'resume' })),
  'host:addTime': host(addTimeSchema, ({ minutes }) => ({ type: 'addTime', minutes })),
  'host:end': host(emptyPayloadSchema, () => ({ type: 'end' })),
  'host:lock': host(lockSchema, ({ locked }) => ({ type: 'setAdmission', admission: locked ? 'locked' : 'open' })),
  'host:admission': host(admissionSchema, ({ admission }) => ({ type: 'setAdmission', admission })),
  'host:admit': host(kickSchema, ({ participantId }) => ({ type: 'admit', participantId })),
  'host:refuse': host(kickSchema, ({ participantId }, { room }) => {
    if (!room.send({ type: 'refuse', participantId })) return fail('not_allowed');
    room.disconnect('refused', (socket) => socket.data.participantId === participantId);
    return ok;
  }),
  'host:kick': host(kickSchema, ({ participantId }, { room }) => {
    if (!room.send({ type: 'kick', participantId })) return fail('not_allowed');
    room.disconnect('removed', (socket) => socket.data.participantId === participantId);
    return ok;
  }),
  'host:dialogueStart': host(emptyPayloadSchema, (_payload, { room }) => ({ type: 'dialogueStart', present: room.presentIds(), seed: newSeed() })),
  'host:dialogueMove': host(roleplayMoveSchema, ({ participantId, groupId }) => ({ type: 'dialogueMove', participantId, groupId })),
  'host:plenaryTip': host(tipSchema, ({ answerId, tip }) => ({ type: 'plenaryTip', answerId, tip })),
  'host:plenarySpotlight': host(spotlightSchema, ({ groupId, answerId }) => ({ type: 'plenarySpotlight', groupId, answerId })),
  'host:researchStep': host(researchStepSchema, ({ delta }) => ({ type: 'researchStep', delta })),
  'host:researchPlay': host(researchPlaySchema, ({ playing }) => ({ type: 'researchPlay', playing })),
  'host:quickscanReveal': host(revealSchema, ({ revealed }) => ({ type: 'quickscanReveal', revealed })),
  'host:statementVote': host(statementOpenSchema, ({ open }) => ({ type: open ? 'statementOpen' : 'statementClose' })),
  'host:statementVoteAgain': host(emptyPayloadSchema, () => ({ type: 'statementVoteAgain' })),
  'host:statementMove': host(statementMoveSchema, ({ delta }) => ({ type: 'statementMove', delta })),
  'host:teamPoint': host(teamPointSchema, ({ answerId, chosen }) => ({ type: 'teamPoint', answerId, chosen })),
  'host:roleplaySetup': host(roleplaySetupSchema, (settings, { room }) => ({ type: 'roleplaySetup', settings, present: room.presentIds(), seed: newSeed() })),
  'host:roleplayRegroup': host(emptyPayloadSchema, (_payload, { room }) => ({ type: 'roleplayRegroup', present: room.presentIds(), seed: newSeed() })),
  'host:roleplayMove': host(roleplayMoveSchema, ({ participantId, groupId }) => ({ type: 'roleplayMove', participantId, groupId })),
  'host:roleplayStartRound': host(emptyPayloadSchema, () => ({ type: 'roleplayStartRound' })),
  'host:roleplayExtend': host(addTimeSchema, ({ minutes }) => ({ type: 'roleplayExtend', minutes })),
  'host:roleplayEndRound': host(emptyPayloadSchema, () => ({ type: 'roleplayEndRound' })),
  'host:screenBlank': host(screenBlankSchema, ({ blank }) => ({ type: 'screenBlank', blank })),
  'host:screenPage': host(screenPageSchema, ({ delta }) => ({ type: 'screenPage', delta })),
  'host:screenVideo': host(screenVideoSchema, ({ video }) => ({ type: 'screenVideo', video })),
  // After the ack has gone out: deleting disconnects this socket too.
  'host:delete': host(emptyPayloadSchema, (_payload, { room, deps }) => (setImmediate(() => deps.rooms.delete(room.code)), ok)),

  'phone:join': {
    schema: joinSchema,
    run: ({ name: raw }: v.InferOutput<typeof joinSchema>, { socket, room }): Result<{ participantId: string }> => {
      if (socket.data.role !== 'phone') return fail('unauthorized');
      const seat = socket.data.participantId;
      if (seat) return { ok: true, data: { participantId: seat } };
      // One token, one seat: a second socket with this token (a double tap on two tabs) gets the same one,
      // or the same place in the wachtkamer.
      const taken = room.participantByToken(socket.data.tokenHash) ?? waitingByToken(room.snapshot.context, socket.data.tokenHash);
      if (taken) return room.reseat(socket, taken.id), { ok: true, data: { participantId: taken.id } };
      const name = normaliseName(raw);
      if (!name.ok) return fail(name.error);
      if (room.snapshot.matches('closed')) return fail('session_closed');
      const refusal = joinRefusal(room.snapshot.context);
      if (refusal) return fail(refusal);
      const participantId = newId();
      if (!room.seat(socket, { type: 'join', participantId, name: name.name, tokenHash: socket.data.tokenHash })) return fail('not_allowed');
      return { ok: true, data: { participantId } };
    },
  },
  'phone:evaluationAnswer': seated(dialogueAnswerSchema, ({ key, questionId, text }, participantId, { room }) => ({
    type: 'submit',
    participantId,
    key,
    kind: 'evaluation',
    questionId,
    text,
    phaseIndex: room.snapshot.context.phaseIndex,
  })),
  'phone:dialogueAnswer': seated(dialogueAnswerSchema, ({ key, questionId, text }, participantId) => ({ type: 'dialogueAnswer', participantId, key, questionId, text })),
  'phone:dialogueEdit': seated(dialogueEditSchema, ({ answerId, text }, participantId) => ({ type: 'dialogueEdit', participantId, answerId, text })),
  'phone:dialogueDelete': seated(dialogueDeleteSchema, ({ answerId }, participantId) => ({ type: 'dialogueDelete', participantId, answerId })),
  'phone:quickscanRate': seated(quickscanRateSchema, ({ statementId, experience, importance }, participantId) => ({
    type: 'quickscanRate',
    participantId,
    statementId,
    experience,
    importance,
  })),
  // A repeat with the same key (a lost ack) changes nothing; a vote after the close is refused.
  'phone:statementVote': seated(statementVoteSchema, ({ key, phaseIndex, statement, round, choice }, participantId) => ({
    type: 'statementVote',
    participantId,
    key,
    phaseIndex,
    statement,
    round,
    choice,
  })),
  'phone:actionPoint': seated(actionPointSchema, ({ key, text }, participantId) => ({ type: 'actionPoint', participantId, key, text })),
  'phone:actionPointDelete': seated(actionPointDeleteSchema, ({ pointId }, participantId) => ({ type: 'actionPointDelete', participantId, pointId })),
  'phone:reportConsent': seated(consentSchema, ({ consent }, participantId) => ({ type: 'reportConsent', participantId, consent })),
  'phone:teamVote': seated(teamVoteSchema, ({ answerId, vote }, participantId) => ({ type: 'teamVote', participantId, answerId, vote })),
  // A retried send with the same key is stored once by the machine.
  'phone:roleplayFeedback': seated(feedbackSchema, ({ key, round, answers }, participantId) => ({ type: 'roleplayFeedback', participantId, key, round, answers })),
  // A note sent again after a lost ack is already stored: the same answer, stored once.
  'phone:addNote': seated(noteSchema, ({ key, text, phaseIndex }, participantId, { room }) =>
    room.snapshot.matches('closed') ? fail('session_closed') : { type: 'submit', participantId, key, kind: 'note', questionId: null, text, phaseIndex },
  ),
};

/** One listener per socket: validate, rate-limit and run; every failure becomes a coded ack, never a crash. */
export function registerHandlers(socket: AppSocket, room: Room, deps: HandlerDeps): void {
  const budget = EVENT_BUDGET[socket.data.role];
  const bucket = new TokenBucket(budget.burst, budget.perSecond, deps.now());
  const sender: Sender = { socket, room, deps };
  socket.onAny((event: string, payload: unknown, ack: unknown) => {
    // Own keys only: "__proto__" or "constructor" is no command.
    if (!Object.hasOwn(commands, event)) return;
    const command = commands[event as keyof ClientToServerEvents];
    const reply = typeof ack === 'function' ? (ack as Ack<unknown>) : () => {};
    if (!bucket.take(deps.now())) return reply(fail('rate_limited'));
    const parsed = v.safeParse(command.schema, payload);
    if (!parsed.success) return reply(fail('invalid_payload'));
    let result: Result<unknown>;
    try {
      result = command.run(parsed.output as never, sender);
    } catch (error) {
      // The payload may hold participant text: log the event name and error only.
      deps.log.error({ err: error, event }, 'handler failed');
      return reply(fail('internal'));
    }
    // Acknowledged only once committed (an ack means the change survives a crash), and after the views that show it.
    const answer = (saved: boolean) => room.afterViews(() => reply(saved ? result : fail('internal')));
    const committed = room.committed();
    if (!committed) return answer(true);
    void committed.then(answer);
  });
}
