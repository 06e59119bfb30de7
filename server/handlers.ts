/**
 * Socket event handlers. Each validates its payload, checks the socket's fixed role,
 * then sends one event to the session's machine and answers with a Result.
 */
import * as v from 'valibot';
import type { FastifyBaseLogger } from 'fastify';
import type { Ack, ClientToServerEvents, ErrorCode, Result } from './protocol/events.ts';
import { addTimeSchema, emptyPayloadSchema, joinSchema } from './protocol/schemas.ts';
import type { AppSocket, Room, RoomEvent } from './rooms.ts';
import { normaliseName } from './session/names.ts';
import { newId } from './tokens.ts';

const fail = (error: ErrorCode): Result<never> => ({ ok: false, error });

/** Run `handle` with a parsed payload; every failure becomes a coded ack, never a crash. */
function guarded<S extends v.GenericSchema, T>(
  log: FastifyBaseLogger,
  schema: S,
  handle: (payload: v.InferOutput<S>) => Result<T>,
) {
  return (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as Ack<T>) : () => {};
    const parsed = v.safeParse(schema, payload);
    if (!parsed.success) return reply(fail('invalid_payload'));
    try {
      reply(handle(parsed.output));
    } catch (error) {
      log.error({ err: error }, 'handler failed');
      reply(fail('internal'));
    }
  };
}

type HostCommands = {
  [E in keyof ClientToServerEvents as E extends `host:${string}` ? E : never]: {
    schema: v.GenericSchema;
    toEvent: (payload: never) => RoomEvent;
  };
};

const hostCommands: HostCommands = {
  'host:start': { schema: emptyPayloadSchema, toEvent: () => ({ type: 'start' }) },
  'host:next': { schema: emptyPayloadSchema, toEvent: () => ({ type: 'next' }) },
  'host:back': { schema: emptyPayloadSchema, toEvent: () => ({ type: 'back' }) },
  'host:pause': { schema: emptyPayloadSchema, toEvent: () => ({ type: 'pause' }) },
  'host:resume': { schema: emptyPayloadSchema, toEvent: () => ({ type: 'resume' }) },
  'host:addTime': {
    schema: addTimeSchema,
    toEvent: (payload: v.InferOutput<typeof addTimeSchema>) => ({ type: 'addTime', minutes: payload.minutes }),
  },
  'host:end': { schema: emptyPayloadSchema, toEvent: () => ({ type: 'end' }) },
};

export function registerHandlers(socket: AppSocket, room: Room, log: FastifyBaseLogger): void {
  for (const [name, command] of Object.entries(hostCommands) as [keyof HostCommands, HostCommands[keyof HostCommands]][]) {
    socket.on(
      name,
      guarded(log, command.schema, (payload) => {
        if (socket.data.role !== 'host') return fail('unauthorized');
        return room.send(command.toEvent(payload as never)) ? { ok: true, data: null } : fail('not_allowed');
      }),
    );
  }

  socket.on(
    'phone:join',
    guarded(log, joinSchema, ({ name: raw }): Result<{ participantId: string }> => {
      if (socket.data.role !== 'phone') return fail('unauthorized');
      const seated = socket.data.participantId;
      if (seated) return { ok: true, data: { participantId: seated } };
      const name = normaliseName(raw);
      if (!name.ok) return fail(name.error);
      const participantId = newId();
      const joined = room.send({ type: 'join', participantId, name: name.name, tokenHash: socket.data.tokenHash });
      if (!joined) return fail(room.snapshot.matches('closed') ? 'session_closed' : 'not_allowed');
      room.seat(socket, participantId);
      return { ok: true, data: { participantId } };
    }),
  );
}
