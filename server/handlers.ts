/**
 * Socket event handlers. Each validates its payload, checks the socket's fixed role,
 * then sends one event to the session's machine and answers with a Result.
 */
import * as v from 'valibot';
import type { FastifyBaseLogger } from 'fastify';
import type { Ack, ClientToServerEvents, ErrorCode, Result } from './protocol/events.ts';
import { randomInt } from 'node:crypto';
import {
  actionPointDeleteSchema,
  actionPointSchema,
  addTimeSchema,
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
  teamPointSchema,
  teamVoteSchema,
  tipSchema,
} from './protocol/schemas.ts';
import { TokenBucket } from './rateLimit.ts';
import type { AppSocket, Room, RoomEvent, Rooms } from './rooms.ts';
import { normaliseName } from './session/seats/names.ts';
import { joinRefusal } from './session/seats/queries.ts';
import { newId } from './tokens.ts';

/** Per socket: bursts of 20 events, 5 a second after that. A person never comes close. */
const EVENT_BURST = 20;
const EVENTS_PER_SECOND = 5;

const ok: Result = { ok: true, data: null };
/** Grouping is seeded so that tests can replay it; in a session every (re)grouping gets a fresh seed. */
const newSeed = () => randomInt(2 ** 31);
const fail = (error: ErrorCode): Result<never> => ({ ok: false, error });

export interface HandlerDeps {
  rooms: Rooms;
  now: () => number;
  log: FastifyBaseLogger;
}

type HostCommands = {
  [E in keyof ClientToServerEvents as E extends `host:${string}` ? E : never]: {
    schema: v.GenericSchema;
    /** The machine event, or a Result when the command is not one for the machine. */
    run: (payload: never, room: Room, deps: HandlerDeps) => RoomEvent | Result;
  };
};

const hostCommands: HostCommands = {
  'host:start': { schema: emptyPayloadSchema, run: () => ({ type: 'start' }) },
  'host:next': { schema: emptyPayloadSchema, run: () => ({ type: 'next' }) },
  'host:back': { schema: emptyPayloadSchema, run: () => ({ type: 'back' }) },
  'host:pause': { schema: emptyPayloadSchema, run: () => ({ type: 'pause' }) },
  'host:resume': { schema: emptyPayloadSchema, run: () => ({ type: 'resume' }) },
  'host:addTime': {
    schema: addTimeSchema,
    run: ({ minutes }: v.InferOutput<typeof addTimeSchema>) => ({ type: 'addTime', minutes }),
  },
  'host:end': { schema: emptyPayloadSchema, run: () => ({ type: 'end' }) },
  'host:lock': { schema: lockSchema, run: ({ locked }: v.InferOutput<typeof lockSchema>) => ({ type: 'setLocked', locked }) },
  'host:kick': {
    schema: kickSchema,
    run: ({ participantId }: v.InferOutput<typeof kickSchema>, room) => {
      if (!room.send({ type: 'kick', participantId })) return fail('not_allowed');
      room.disconnect('removed', (socket) => socket.data.participantId === participantId);
      return ok;
    },
  },
  'host:dialogueStart': { schema: emptyPayloadSchema, run: (_payload, room) => ({ type: 'dialogueStart', present: room.presentIds(), seed: newSeed() }) },
  'host:dialogueMove': {
    schema: roleplayMoveSchema,
    run: ({ participantId, groupId }: v.InferOutput<typeof roleplayMoveSchema>) => ({ type: 'dialogueMove', participantId, groupId }),
  },
  'host:plenaryTip': { schema: tipSchema, run: ({ answerId, tip }: v.InferOutput<typeof tipSchema>) => ({ type: 'plenaryTip', answerId, tip }) },
  'host:plenarySpotlight': {
    schema: spotlightSchema,
    run: ({ groupId, answerId }: v.InferOutput<typeof spotlightSchema>) => ({ type: 'plenarySpotlight', groupId, answerId }),
  },
  'host:researchStep': { schema: researchStepSchema, run: ({ delta }: v.InferOutput<typeof researchStepSchema>) => ({ type: 'researchStep', delta }) },
  'host:researchPlay': { schema: researchPlaySchema, run: ({ playing }: v.InferOutput<typeof researchPlaySchema>) => ({ type: 'researchPlay', playing }) },
  'host:quickscanReveal': { schema: revealSchema, run: ({ revealed }: v.InferOutput<typeof revealSchema>) => ({ type: 'quickscanReveal', revealed }) },
  'host:teamPoint': {
    schema: teamPointSchema,
    run: ({ answerId, chosen }: v.InferOutput<typeof teamPointSchema>) => ({ type: 'teamPoint', answerId, chosen }),
  },
  'host:roleplaySetup': {
    schema: roleplaySetupSchema,
    run: (settings: v.InferOutput<typeof roleplaySetupSchema>, room) => ({ type: 'roleplaySetup', settings, present: room.presentIds(), seed: newSeed() }),
  },
  'host:roleplayRegroup': { schema: emptyPayloadSchema, run: (_payload, room) => ({ type: 'roleplayRegroup', present: room.presentIds(), seed: newSeed() }) },
  'host:roleplayMove': {
    schema: roleplayMoveSchema,
    run: ({ participantId, groupId }: v.InferOutput<typeof roleplayMoveSchema>) => ({ type: 'roleplayMove', participantId, groupId }),
  },
  'host:roleplayStartRound': { schema: emptyPayloadSchema, run: () => ({ type: 'roleplayStartRound' }) },
  'host:roleplayExtend': {
    schema: addTimeSchema,
    run: ({ minutes }: v.InferOutput<typeof addTimeSchema>) => ({ type: 'roleplayExtend', minutes }),
  },
  'host:roleplayEndRound': { schema: emptyPayloadSchema, run: () => ({ type: 'roleplayEndRound' }) },
  'host:screenBlank': { schema: screenBlankSchema, run: ({ blank }: v.InferOutput<typeof screenBlankSchema>) => ({ type: 'screenBlank', blank }) },
  'host:screenPage': { schema: screenPageSchema, run: ({ delta }: v.InferOutput<typeof screenPageSchema>) => ({ type: 'screenPage', delta }) },
  'host:screenVideo': { schema: screenVideoSchema, run: ({ video }: v.InferOutput<typeof screenVideoSchema>) => ({ type: 'screenVideo', video }) },
  'host:delete': {
    schema: emptyPayloadSchema,
    // After the ack has gone out: deleting disconnects this socket too.
    run: (_payload, room, { rooms }) => (setImmediate(() => rooms.delete(room.code)), ok),
  },
};

export function registerHandlers(socket: AppSocket, room: Room, deps: HandlerDeps): void {
  const bucket = new TokenBucket(EVENT_BURST, EVENTS_PER_SECOND, deps.now());

  /** Validate, rate-limit and run; every failure becomes a coded ack, never a crash. */
  function on<S extends v.GenericSchema, T>(
    event: keyof ClientToServerEvents,
    schema: S,
    handle: (payload: v.InferOutput<S>) => Result<T>,
  ): void {
    socket.on(event, (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as Ack<T>) : () => {};
      if (!bucket.take(deps.now())) return reply(fail('rate_limited'));
      const parsed = v.safeParse(schema, payload);
      if (!parsed.success) return reply(fail('invalid_payload'));
      try {
        reply(handle(parsed.output));
      } catch (error) {
        // The payload may hold participant text: log the event name and error only.
        deps.log.error({ err: error, event }, 'handler failed');
        reply(fail('internal'));
      }
    });
  }

  for (const [name, command] of Object.entries(hostCommands) as [keyof HostCommands, HostCommands[keyof HostCommands]][]) {
    on(name, command.schema, (payload) => {
      if (socket.data.role !== 'host') return fail('unauthorized');
      const outcome = command.run(payload as never, room, deps);
      if ('ok' in outcome) return outcome;
      return room.send(outcome) ? ok : fail('not_allowed');
    });
  }

  on('phone:join', joinSchema, ({ name: raw }): Result<{ participantId: string }> => {
    if (socket.data.role !== 'phone') return fail('unauthorized');
    const seated = socket.data.participantId;
    if (seated) return { ok: true, data: { participantId: seated } };
    const name = normaliseName(raw);
    if (!name.ok) return fail(name.error);
    if (room.snapshot.matches('closed')) return fail('session_closed');
    const refusal = joinRefusal(room.snapshot.context);
    if (refusal) return fail(refusal);
    const participantId = newId();
    if (!room.seat(socket, { type: 'join', participantId, name: name.name, tokenHash: socket.data.tokenHash })) return fail('not_allowed');
    return { ok: true, data: { participantId } };
  });

  /** A phone command for the machine: only from a seated phone, refused when the machine says no. */
  function phoneCommand<S extends v.GenericSchema>(event: keyof ClientToServerEvents, schema: S, toEvent: (payload: v.InferOutput<S>, participantId: string) => RoomEvent) {
    on(event, schema, (payload) => {
      const participantId = socket.data.participantId;
      if (socket.data.role !== 'phone') return fail('unauthorized');
      if (!participantId) return fail('not_joined');
      return room.send(toEvent(payload, participantId)) ? ok : fail('not_allowed');
    });
  }

  phoneCommand('phone:evaluationAnswer', dialogueAnswerSchema, ({ key, questionId, text }, participantId) => ({
    type: 'submit',
    participantId,
    key,
    kind: 'evaluation',
    questionId,
    text,
    phaseIndex: room.snapshot.context.phaseIndex,
  }));
  phoneCommand('phone:dialogueAnswer', dialogueAnswerSchema, ({ key, questionId, text }, participantId) => ({ type: 'dialogueAnswer', participantId, key, questionId, text }));
  phoneCommand('phone:dialogueEdit', dialogueEditSchema, ({ answerId, text }, participantId) => ({ type: 'dialogueEdit', participantId, answerId, text }));
  phoneCommand('phone:dialogueDelete', dialogueDeleteSchema, ({ answerId }, participantId) => ({ type: 'dialogueDelete', participantId, answerId }));

  phoneCommand('phone:quickscanRate', quickscanRateSchema, ({ statementId, experience, importance }, participantId) => ({
    type: 'quickscanRate',
    participantId,
    statementId,
    experience,
    importance,
  }));
  phoneCommand('phone:actionPoint', actionPointSchema, ({ key, text }, participantId) => ({ type: 'actionPoint', participantId, key, text }));
  phoneCommand('phone:actionPointDelete', actionPointDeleteSchema, ({ pointId }, participantId) => ({ type: 'actionPointDelete', participantId, pointId }));
  phoneCommand('phone:reportConsent', consentSchema, ({ consent }, participantId) => ({ type: 'reportConsent', participantId, consent }));
  phoneCommand('phone:teamVote', teamVoteSchema, ({ answerId, vote }, participantId) => ({ type: 'teamVote', participantId, answerId, vote }));

  // A retried send with the same key is stored once by the machine.
  phoneCommand('phone:roleplayFeedback', feedbackSchema, ({ key, round, answers }, participantId) => ({ type: 'roleplayFeedback', participantId, key, round, answers }));

  on('phone:addNote', noteSchema, ({ key, text, phaseIndex }) => {
    const participantId = socket.data.participantId;
    if (socket.data.role !== 'phone') return fail('unauthorized');
    if (!participantId) return fail('not_joined');
    if (room.snapshot.matches('closed')) return fail('session_closed');
    // A note sent again after a lost ack is already stored: the same answer, stored once.
    return room.send({ type: 'submit', participantId, key, kind: 'note', questionId: null, text, phaseIndex }) ? ok : fail('not_allowed');
  });
}
