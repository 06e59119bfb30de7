/**
 * createApp(deps): the HTTP server and the socket server, wired to the live sessions.
 * It never listens itself: index.ts (or a test) does, on the port it chooses.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { Server } from 'socket.io';
import * as v from 'valibot';
import type { Content } from './content/loadContent.ts';
import type {
  ConnectErrorData,
  CreateSessionResponse,
  ErrorCode,
  ProgrammeSummary,
  SessionLookupResponse,
} from './protocol/events.ts';
import { codeSchema, createSessionSchema, handshakeSchema } from './protocol/schemas.ts';
import { registerHandlers } from './handlers.ts';
import { Rooms, type AppServer } from './rooms.ts';
import type { SessionStore } from './store/sessionStore.ts';
import { hashToken } from './tokens.ts';

export interface AppDeps {
  content: Content;
  store: SessionStore;
  /** Base URL phones use to reach this server, e.g. http://192.168.1.20:3000. */
  publicUrl: () => string;
  now?: () => number;
  /** Built client (vite build output); not served when absent. */
  clientDir?: string;
  logger?: FastifyServerOptions['logger'];
}

export const DEFAULT_PROGRAMME_ID = 'tienminutengesprekken';

function connectError(code: ErrorCode): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(code), { data: { code } });
}

export function createApp(deps: AppDeps) {
  const now = deps.now ?? Date.now;
  // Request logs would hold full IP addresses; errors are still logged.
  const app = Fastify({ logger: deps.logger ?? false, logController: new LogController({ disableRequestLogging: true }) });
  const io: AppServer = new Server(app.server, { serveClient: false });
  const rooms = new Rooms({
    io,
    store: deps.store,
    now,
    joinUrl: (code) => `${deps.publicUrl().replace(/\/$/, '')}/s/${code}`,
  });

  void app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Phones reach the server over plain http on the school network.
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });

  app.get('/api/programmes', async (): Promise<ProgrammeSummary[]> =>
    [...deps.content.programmes.values()].map((programme) => ({
      id: programme.id,
      title: programme.title,
      phaseCount: programme.phases.length,
      minutes: programme.phases.reduce((sum, phase) => sum + phase.minutes, 0),
    })),
  );

  app.post('/api/sessions', async (request, reply): Promise<CreateSessionResponse | { error: ErrorCode }> => {
    const body = v.safeParse(createSessionSchema, request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'invalid_payload' });
    const programme = deps.content.programmes.get(body.output.programmeId ?? DEFAULT_PROGRAMME_ID) ??
      (body.output.programmeId ? undefined : deps.content.programmes.values().next().value);
    if (!programme) return reply.code(400).send({ error: 'invalid_payload' });
    return reply.code(201).send(rooms.create(programme));
  });

  app.get<{ Params: { code: string } }>('/api/sessions/:code', async (request, reply): Promise<SessionLookupResponse | { error: ErrorCode }> => {
    const code = v.safeParse(codeSchema, request.params.code);
    const room = code.success ? rooms.get(code.output) : undefined;
    if (!room) return reply.code(404).send({ error: 'unknown_session' });
    return { code: room.code, status: room.snapshot.matches('closed') ? 'closed' : 'open' };
  });

  if (deps.clientDir && existsSync(join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    void app.register(fastifyStatic, { root: clientDir, wildcard: false, index: 'index.html' });
    // The client routes (/s/CODE, /host/CODE, …) all start from index.html.
    app.setNotFoundHandler((request, reply) => {
      if ((request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/')) return reply.sendFile('index.html', clientDir);
      return reply.code(404).send({ error: 'not_found' });
    });
  }

  io.use((socket, next) => {
    const auth = v.safeParse(handshakeSchema, socket.handshake.auth);
    if (!auth.success) return next(connectError('invalid_payload'));
    const admitted = rooms.admit(auth.output);
    if ('error' in admitted) return next(connectError(admitted.error));
    socket.data = {
      role: auth.output.role,
      code: auth.output.code,
      tokenHash: hashToken(auth.output.token),
      participantId: admitted.participantId,
    };
    next();
  });

  io.on('connection', (socket) => {
    const room = rooms.get(socket.data.code);
    if (!room) return void socket.disconnect(true);
    registerHandlers(socket, room, app.log);
    room.connect(socket);
  });

  return {
    app,
    io,
    rooms,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      rooms.close();
      await app.close();
      deps.store.close();
    },
  };
}

export type App = ReturnType<typeof createApp>;
