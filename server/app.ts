/**
 * createApp(deps): the HTTP server and the socket server, wired to the live sessions.
 * It never listens itself: index.ts (or a test) does, on the port it chooses.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import Fastify, { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { Server } from 'socket.io';
import * as v from 'valibot';
import type { PageSession } from '../common/pageSession.ts';
import { contentKey, type Content } from './content/types.ts';
import type {
  ConnectErrorData,
  CreateSessionResponse,
  ErrorCode,
  ProgrammeSummary,
  SessionLookupResponse,
} from './protocol/events.ts';
import type { ReportCheckResponse } from './protocol/library.ts';
import type { SessionReport } from './protocol/views.ts';
import { codeSchema, createSessionSchema, handshakeSchema, reportUploadSchema } from './protocol/schemas.ts';
import { parseCardSet, parseReport } from './content/loadContent.ts';
import { toReport } from './session/report/report.ts';
import { registerHandlers } from './handlers.ts';
import { registerLibraryRoutes } from './libraryRoutes.ts';
import { FailureThrottle } from './rateLimit.ts';
import { isAllowedHost, isSameOrigin } from './origin.ts';
import { chooseEncoding, loadPhonePage } from './pages.ts';
import { Rooms, type AppServer } from './rooms.ts';
import type { SessionStore } from './store/sessionStore.ts';
import { hashToken } from './tokens.ts';

export interface AppDeps {
  content: Content;
  store: SessionStore;
  /** Base URL phones use to reach this server, e.g. http://192.168.1.20:3000. */
  publicUrl: () => string;
  now?: () => number;
  /** Seats per session (default 60). */
  capacity?: number;
  /** Sessions untouched this long are deleted with all they hold (default 30 days). */
  retentionMs?: number;
  /** Built client (vite build output); not served when absent. */
  clientDir?: string;
  /** Videos a programme may name (content/media/), served under /media/. */
  mediaDir?: string;
  logger?: FastifyServerOptions['logger'];
}

export const DEFAULT_PROGRAMME_ID = 'tienminutengesprekken';
export const DEFAULT_CAPACITY = 60;
export const DEFAULT_RETENTION_MS = 30 * 24 * 3600_000;
const RETENTION_SWEEP_MS = 3600_000;
/** Socket frames above this are refused: every real payload is far smaller. */
const MAX_FRAME_BYTES = 16 * 1024;
/**
 * Per IP address: after 20 wrong codes or tokens in 10 minutes, every further wrong one is
 * answered only after a second, at most 10 at a time. Right ones never wait: a whole school
 * shares one address, and one pupil typing codes must not lock out the rest.
 */
const FAILED_JOINS_LIMIT = 20;
const FAILED_JOINS_WINDOW_MS = 10 * 60_000;
const BLOCKED_ANSWER_DELAY_MS = 1000;
const BLOCKED_ANSWERS_AT_ONCE = 10;

/** The sites of the https videos the programmes name. */
function videoOrigins(content: Content): string[] {
  const urls = [...content.programmes.values()].flatMap((programme) => programme.phases.flatMap((phase) => (phase.video?.startsWith('https://') ? [phase.video] : [])));
  return [...new Set(urls.flatMap((url) => (URL.canParse(url) ? [new URL(url).origin] : [])))];
}

function connectError(code: ErrorCode): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(code), { data: { code } });
}

export function createApp(deps: AppDeps) {
  const now = deps.now ?? Date.now;
  // Request logs would hold full IP addresses; errors are still logged.
  const app = Fastify({ logger: deps.logger ?? false, logController: new LogController({ disableRequestLogging: true }) });
  const io: AppServer = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    allowRequest: (request, callback) => {
      const { host, origin } = request.headers;
      callback(null, isAllowedHost(host, deps.publicUrl()) && isSameOrigin(origin, host, deps.publicUrl()));
    },
  });
  const rooms = new Rooms({
    io,
    store: deps.store,
    now,
    capacity: deps.capacity ?? DEFAULT_CAPACITY,
    joinUrl: (code) => `${deps.publicUrl().replace(/\/$/, '')}/s/${code}`,
  });

  /** The room whose host token came with a request (in a header: it never lands in a log or history). */
  function hostRoom(rawCode: string, token: unknown) {
    const code = v.safeParse(codeSchema, rawCode);
    const room = code.success ? rooms.get(code.output) : undefined;
    return room && typeof token === 'string' && room.isHost(hashToken(token)) ? room : undefined;
  }
  const failedJoins = new FailureThrottle(FAILED_JOINS_LIMIT, FAILED_JOINS_WINDOW_MS);
  const waiting = new Map<string, number>();
  /** Looks a code or token up for `ip`; wrong guesses from a busy guesser are answered slowly. */
  async function lookUp<T extends { error: ErrorCode } | object>(ip: string, find: () => T): Promise<T | { error: ErrorCode }> {
    const found = find();
    if (!('error' in found) || (found.error !== 'unknown_session' && found.error !== 'unauthorized')) return found;
    const blocked = failedJoins.blocked(ip, now());
    failedJoins.fail(ip, now());
    if (!blocked) return found;
    const count = waiting.get(ip) ?? 0;
    if (count < BLOCKED_ANSWERS_AT_ONCE) {
      waiting.set(ip, count + 1);
      await new Promise((resolve) => setTimeout(resolve, BLOCKED_ANSWER_DELAY_MS));
      const left = (waiting.get(ip) ?? 1) - 1;
      if (left > 0) waiting.set(ip, left);
      else waiting.delete(ip);
    }
    return { error: 'too_many_attempts' };
  }

  const retentionMs = deps.retentionMs ?? DEFAULT_RETENTION_MS;
  const sweep = () => {
    const deleted = rooms.deleteOlderThan(now() - retentionMs);
    if (deleted.length) app.log.info({ count: deleted.length }, 'sessions past retention deleted');
  };
  sweep();
  const sweeper = setInterval(sweep, RETENTION_SWEEP_MS);
  sweeper.unref();

  const phonePage = loadPhonePage(deps.clientDir);
  void app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // A programme may name a video on another site: only those sites, only for video.
        mediaSrc: ["'self'", ...videoOrigins(deps.content)],
        fontSrc: ["'self'"],
        // The phone page's first CSS and its first script are inline (server/pages.ts): those exactly, by their hashes, and no other.
        styleSrc: ["'self'", ...(phonePage?.styleHashes ?? [])],
        scriptSrc: ["'self'", ...(phonePage?.scriptHashes ?? [])],
        // Phones reach the server over plain http on the school network.
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });

  // A name we don't know pointing at us is a DNS-rebinding page: no answer.
  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, deps.publicUrl())) return reply.code(421).send({ error: 'unknown_host' });
  });

  registerLibraryRoutes(app, deps.content);

  app.get('/api/programmes', async (): Promise<ProgrammeSummary[]> =>
    [...deps.content.programmes.values()].map((programme) => ({
      id: programme.id,
      language: programme.language,
      title: programme.title,
      phaseCount: programme.phases.length,
      minutes: programme.phases.reduce((sum, phase) => sum + phase.minutes, 0),
    })),
  );

  app.post('/api/sessions', async (request, reply): Promise<CreateSessionResponse | { error: ErrorCode }> => {
    const body = v.safeParse(createSessionSchema, request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'invalid_payload' });
    const { programmeId, language, cardSet: upload, previousReport } = body.output;
    const programme = deps.content.programmes.get(contentKey(programmeId ?? DEFAULT_PROGRAMME_ID, language)) ??
      (programmeId ? undefined : deps.content.programmes.values().next().value);
    if (!programme) return reply.code(400).send({ error: 'invalid_payload' });
    // The sets and lists the programme names go with the session: content edits never change a running one.
    const key = (id: string) => contentKey(id, programme.language);
    const library = {
      cardSets: [...new Set(programme.phases.flatMap((phase) => phase.cardsets))].flatMap((id) => deps.content.cardSets.get(key(id)) ?? []),
      questionLists: [...new Set(programme.phases.flatMap((phase) => phase.questions))].flatMap((id) => deps.content.questionLists.get(key(id)) ?? []),
      research: [...new Set(programme.phases.flatMap((phase) => phase.research ?? []))].flatMap((id) => deps.content.research.get(key(id)) ?? []),
    };
    const checkedSet = upload ? parseCardSet(upload.fileName, upload.source, deps.content) : null;
    const checkedReport = previousReport ? parseReport(previousReport.fileName, previousReport.source) : null;
    const problems = [checkedSet, checkedReport].flatMap((checked) => (checked && 'problems' in checked ? checked.problems : []));
    if (problems.length) return reply.code(400).send({ error: 'invalid_payload', problems });
    const ownCardSet = upload && checkedSet && 'cardSet' in checkedSet ? { cardSet: checkedSet.cardSet, fileName: upload.fileName, source: upload.source } : null;
    const lookBack = checkedReport && 'lookBack' in checkedReport ? checkedReport.lookBack : null;
    return reply.code(201).send(rooms.create(programme, library, { ownCardSet, lookBack }));
  });

  /** Checks a previous session's report before the facilitator starts the follow-up meeting with it. */
  app.post('/api/reports/check', async (request, reply): Promise<ReportCheckResponse | { error: ErrorCode }> => {
    const body = v.safeParse(reportUploadSchema, request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'invalid_payload' });
    const checked = parseReport(body.output.fileName, body.output.source);
    return 'problems' in checked ? { ok: false, problems: checked.problems } : { ok: true, lookBack: checked.lookBack };
  });

  /** The session report as data, for the facilitator only (host token in a header). */
  app.get<{ Params: { code: string } }>('/api/sessions/:code/report', async (request, reply): Promise<SessionReport | { error: ErrorCode }> => {
    const room = hostRoom(request.params.code, request.headers['x-host-token']);
    if (!room) return reply.code(404).send({ error: 'unknown_session' });
    return toReport(room.snapshot.context, now());
  });

  /** The facilitator downloads the session's own card set again (host token in a header). */
  app.get<{ Params: { code: string } }>('/api/sessions/:code/cardset', async (request, reply) => {
    const room = hostRoom(request.params.code, request.headers['x-host-token']);
    if (!room) return reply.code(404).send({ error: 'unknown_session' });
    const own = room.snapshot.context.ownCardSet;
    if (!own) return reply.code(404).send({ error: 'not_found' });
    const fileName = own.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(own.source);
  });

  app.get<{ Params: { code: string } }>('/api/sessions/:code', async (request, reply): Promise<SessionLookupResponse | { error: ErrorCode }> => {
    const found = await lookUp(request.ip, () => {
      const code = v.safeParse(codeSchema, request.params.code);
      const room = code.success ? rooms.get(code.output) : undefined;
      return room ? { room } : { error: 'unknown_session' as const };
    });
    if ('error' in found) return reply.code(found.error === 'too_many_attempts' ? 429 : 404).send({ error: found.error });
    return { code: found.room.code, status: found.room.snapshot.matches('closed') ? 'closed' : 'open' };
  });

  if (deps.mediaDir && existsSync(deps.mediaDir)) {
    // Only the video formats the content loader accepts; no directory listing.
    void app.register(fastifyStatic, { root: deps.mediaDir, prefix: '/media/', decorateReply: false, wildcard: false, allowedPath: (path) => /\.(mp4|webm)$/i.test(path) });
  }

  if (phonePage) {
    /** The phone page, with what the first paint needs to know: the session's language, whether it can be joined, and then its join form. */
    const sendPhonePage = async (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply) => {
      const found = await lookUp(request.ip, () => {
        const code = v.safeParse(codeSchema, request.params.code.toUpperCase());
        const room = code.success ? rooms.get(code.output) : undefined;
        return room ? { room } : { error: 'unknown_session' as const };
      });
      const session: PageSession =
        'error' in found
          ? { status: found.error === 'too_many_attempts' ? 'too_many_attempts' : 'unknown_session', language: null }
          : { status: found.room.snapshot.matches('closed') ? 'closed' : 'open', language: found.room.snapshot.context.programme.language };
      const code = 'error' in found ? '' : found.room.code;
      const { body, encoding } = phonePage.render(session, code, chooseEncoding(request.headers['accept-encoding']));
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return reply
        .code('error' in found ? (found.error === 'too_many_attempts' ? 429 : 404) : 200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('vary', 'Accept-Encoding')
        .send(body);
    };
    app.get('/s/:code', sendPhonePage);
    app.get('/s/:code/', sendPhonePage);
  }

  if (deps.clientDir && existsSync(join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    const assetsDir = join(clientDir, 'assets') + sep;
    void app.register(fastifyStatic, {
      root: clientDir,
      wildcard: false,
      index: 'index.html',
      // Built with a .br and a .gz beside every file (scripts/buildPlugins.ts): sent as the browser accepts.
      preCompressed: true,
      // The phone page is sent only with its session (above).
      allowedPath: (path) => !path.startsWith('/phone.html'),
      cacheControl: false,
      setHeaders: (response, path) => {
        response.setHeader('vary', 'Accept-Encoding');
        // A file in assets/ has its content's hash in its name: it never changes. Everything else is asked again.
        response.setHeader('cache-control', path.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // The other client routes (/, /host/CODE, /library, …) all start from index.html.
    app.setNotFoundHandler((request, reply) => {
      // Page routes have no file extension; a missing asset is a real 404.
      const page = !request.url.startsWith('/api/') && !/\.[a-z0-9]+(\?|$)/i.test(request.url);
      if ((request.method === 'GET' || request.method === 'HEAD') && page) return reply.sendFile('index.html', clientDir);
      return reply.code(404).send({ error: 'not_found' });
    });
  }

  io.use(async (socket, next) => {
    const auth = v.safeParse(handshakeSchema, socket.handshake.auth);
    if (!auth.success) return next(connectError('invalid_payload'));
    const admitted = await lookUp(socket.handshake.address, () => rooms.admit(auth.output));
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
    registerHandlers(socket, room, { rooms, now, log: app.log });
    room.connect(socket);
  });

  return {
    app,
    io,
    rooms,
    async close() {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      rooms.close();
      await app.close();
      deps.store.close();
    },
  };
}

export type App = ReturnType<typeof createApp>;
