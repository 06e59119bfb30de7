/**
 * createApp(deps): the HTTP server and the socket server, wired to the live sessions.
 * It never listens itself: index.ts (or a test) does, on the port it chooses.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import Fastify, { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import proxyAddr from '@fastify/proxy-addr';
import { Server } from 'socket.io';
import * as v from 'valibot';
import type { PageSession } from '../common/pageSession.ts';
import { contentKey, DEFAULT_PROGRAMME_ID, type Content } from './content/types.ts';
import type {
  ConnectErrorData,
  CreateSessionResponse,
  ErrorCode,
  ProgrammeSummary,
  SessionLookupResponse,
} from './protocol/events.ts';
import type { ReportCheckResponse } from './protocol/library.ts';
import { codeSchema, createSessionSchema, handshakeSchema, reportUploadSchema, tooLarge } from './protocol/schemas.ts';
import { parseCardSet, parseReport } from './content/loadContent.ts';
import { readTrainerNotes, type TrainerNotes } from './content/trainerNotes.ts';
import { registerHandlers } from './handlers.ts';
import { registerHostRoutes } from './hostRoutes.ts';
import { programmeSummaries, registerLibraryRoutes } from './libraryRoutes.ts';
import { GuessThrottle, TokenBucket, type GuessLimits } from './rateLimit.ts';
import { isAllowedHost, isSameOrigin } from './origin.ts';
import { chooseEncoding, loadPhonePage } from './pages.ts';
import { Rooms, type AppServer, type AppSocket } from './rooms.ts';
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
  /** New sessions one address may start at once, then one every 10 s (default DEFAULT_NEW_SESSIONS_PER_ADDRESS). */
  newSessionsPerAddress?: number;
  /** Phones connected to one session from one address at most (default DEFAULT_MAX_PHONES_PER_ADDRESS). */
  maxPhonesPerAddress?: number;
  /** Sessions this server holds at most; creating one more is refused (default DEFAULT_MAX_SESSIONS). */
  maxSessions?: number;
  /** Budgets for wrong codes and tokens (default DEFAULT_GUESS_LIMITS). */
  guessLimits?: GuessLimits;
  /** Sessions untouched this long are deleted with all they hold (default 30 days). */
  retentionMs?: number;
  /** Built client (vite build output); not served when absent. */
  clientDir?: string;
  /** Videos a programme may name (content/media/), served under /media/. */
  mediaDir?: string;
  /** content/ as files: the library reads the trainer's note after each front matter from there. */
  contentDir?: string;
  logger?: FastifyServerOptions['logger'];
  /**
   * Behind a proxy: the addresses of the proxies to believe (`loopback`, an IP or a subnet). The
   * address of a request or a socket is then the one they name in X-Forwarded-For, so that the
   * budgets per address count schools, not the proxy.
   */
  trustProxy?: string[];
}

export const DEFAULT_CAPACITY = 60;
export const DEFAULT_RETENTION_MS = 30 * 24 * 3600_000;
const RETENTION_SWEEP_MS = 3600_000;
/** Socket frames above this are refused: every real payload is far smaller. */
const MAX_FRAME_BYTES = 16 * 1024;
/**
 * Wrong codes and tokens (server/rateLimit.ts): an address may guess 20 at once and then one every
 * 3 seconds; all addresses that guessed wrong lately, 200 at once and then 10 a second together.
 * A guess beyond that is not looked at. Every wrong guess and every guess not looked at is answered
 * alike, 'unknown_session' after half a second, so neither the answer nor its timing tells a wrong
 * code from a right one held back. Right codes are answered at once while the budget allows.
 */
export const DEFAULT_GUESS_LIMITS: GuessLimits = { perAddress: { burst: 20, perSecond: 1 / 3 }, global: { burst: 200, perSecond: 10 }, answerDelayMs: 500 };
const PRUNE_EVERY_MS = 60_000;
/**
 * New sessions per address: 30 at once (a course of trainers behind one address starting
 * together; MAX_NEW_SESSIONS_PER_ADDRESS), then one every 10 seconds.
 */
export const DEFAULT_NEW_SESSIONS_PER_ADDRESS = 30;
const NEW_SESSIONS_PER_SECOND = 1 / 10;
/**
 * Phones connected to one session from one address: well above a school behind one address (a
 * team of mentors, each with a phone and maybe a laptop): MAX_PHONES_PER_ADDRESS.
 */
export const DEFAULT_MAX_PHONES_PER_ADDRESS = 150;
/** Sessions one server holds at most (live or ended, until retention deletes them): MAX_SESSIONS. */
export const DEFAULT_MAX_SESSIONS = 2000;

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
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.trustProxy ?? false,
    // Closing ends every connection still open (a proxy's kept-alive ones too): a shutdown does not wait on them.
    forceCloseConnections: true,
  });
  const trusted = deps.trustProxy ? proxyAddr.compile(deps.trustProxy) : null;
  /** A socket's address, as request.ip is a request's. */
  const addressOf = (socket: AppSocket) => (trusted ? proxyAddr(socket.request, trusted) : socket.handshake.address);
  const io: AppServer = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    allowRequest: (request, callback) => {
      const { host, origin } = request.headers;
      callback(null, isAllowedHost(host, deps.publicUrl()) && isSameOrigin(origin, host, deps.publicUrl()));
    },
  });
  /** The connections that became WebSockets: Node's server no longer ends them itself. */
  const upgraded = new Set<Duplex>();
  app.server.on('upgrade', (_request, socket) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });
  const rooms = new Rooms({
    io,
    store: deps.store,
    now,
    capacity: deps.capacity ?? DEFAULT_CAPACITY,
    joinUrl: (code) => `${deps.publicUrl().replace(/\/$/, '')}/s/${code}`,
    log: app.log,
  });

  // With a store several servers share, a request for a session makes it run here (the proxy sends
  // every request of a session to one server): before any route looks for its room.
  app.addHook('preHandler', async (request) => {
    const code = v.safeParse(codeSchema, (request.params as { code?: unknown } | undefined)?.code);
    if (code.success) await rooms.takeUp(code.output);
  });

  const guessLimits = deps.guessLimits ?? DEFAULT_GUESS_LIMITS;
  const guesses = new GuessThrottle(guessLimits, now());
  /** Per address: the budget for new sessions. */
  const creators = new Map<string, TokenBucket>();
  const pruner = setInterval(() => {
    guesses.prune(now());
    for (const [address, bucket] of creators) if (bucket.full(now())) creators.delete(address);
  }, PRUNE_EVERY_MS);
  pruner.unref();
  /**
   * Looks a code (and token) up for `address`. A wrong one, and any while the address has no
   * budget left, is answered as unknown after the same delay. `found.known`: the request proved
   * it belongs (a seat's or the facilitator's token), so it is let through even then.
   */
  async function lookUp<T extends object>(address: string, find: () => T | { error: ErrorCode }): Promise<T | { error: ErrorCode }> {
    const mayGuess = guesses.mayGuess(address, now());
    const found = find();
    const proven = !('error' in found) && 'known' in found && found.known === true;
    if (proven || (mayGuess && !('error' in found))) return found;
    const wrong = 'error' in found && (found.error === 'unknown_session' || found.error === 'unauthorized');
    if (mayGuess && !wrong) return found;
    if (mayGuess) guesses.wrong(address, now());
    await new Promise((resolve) => setTimeout(resolve, guessLimits.answerDelayMs));
    return { error: 'unknown_session' };
  }

  const retentionMs = deps.retentionMs ?? DEFAULT_RETENTION_MS;
  const sweep = async () => {
    const deleted = await rooms.deleteOlderThan(now() - retentionMs);
    if (deleted.length) app.log.info({ count: deleted.length }, 'sessions past retention deleted');
  };
  /** The stored sessions are taken up, and those past retention gone: then the server may listen. */
  let ready = false;
  let closing = false;
  const restored = rooms.restore().then(sweep).then(() => void (ready = true));
  const sweeper = setInterval(() => void sweep().catch((error: unknown) => app.log.error({ err: error }, 'retention sweep failed')), RETENTION_SWEEP_MS);
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

  // A name we don't know pointing at us is a DNS-rebinding page: no answer. A request that changes
  // something comes from this site's own pages only: a form on another site can post here without
  // asking (no CORS preflight for a plain form), but its browser says where it comes from.
  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, deps.publicUrl())) return reply.code(421).send({ error: 'unknown_host' });
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const site = request.headers['sec-fetch-site'];
    const crossSite = (site !== undefined && site !== 'same-origin' && site !== 'none') || !isSameOrigin(request.headers.origin, request.headers.host, deps.publicUrl());
    if (crossSite) return reply.code(403).send({ error: 'unauthorized' });
  });
  // A body above Fastify's limit is a file far too large (the uploads are the only large bodies).
  app.setErrorHandler((error: { code?: string; statusCode?: number }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'file_too_large' });
    return reply.send(error);
  });

  let trainerNotes: TrainerNotes | null = null;
  const notes = () => (trainerNotes ??= readTrainerNotes(deps.contentDir));
  registerLibraryRoutes(app, deps.content, notes);

  // For the proxy and for orchestration: alive, and ready for phones (sessions restored, the store answers, not shutting down).
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const store = ready && !closing && (await Promise.resolve(deps.store.ping?.()).then(() => true, () => false));
    return store ? { status: 'ready' } : reply.code(503).send({ status: closing ? 'closing' : 'not_ready' });
  });

  app.get('/api/programmes', async (): Promise<ProgrammeSummary[]> => programmeSummaries(deps.content));

  app.post('/api/sessions', async (request, reply): Promise<CreateSessionResponse | { error: ErrorCode }> => {
    const body = v.safeParse(createSessionSchema, request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'invalid_payload' });
    const { programmeId, language, cardSet: upload, previousReport } = body.output;
    if (tooLarge(upload) || tooLarge(previousReport)) return reply.code(413).send({ error: 'file_too_large' });
    if (rooms.size >= (deps.maxSessions ?? DEFAULT_MAX_SESSIONS)) return reply.code(503).send({ error: 'server_full' });
    let bucket = creators.get(request.ip);
    if (!bucket) creators.set(request.ip, (bucket = new TokenBucket(deps.newSessionsPerAddress ?? DEFAULT_NEW_SESSIONS_PER_ADDRESS, NEW_SESSIONS_PER_SECOND, now())));
    if (!bucket.take(now())) return reply.code(429).send({ error: 'rate_limited' });
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
    const created = await rooms.create(programme, library, { ownCardSet, lookBack });
    return created ? reply.code(201).send(created) : reply.code(503).send({ error: 'internal' });
  });

  /** Checks a previous session's report before the facilitator starts the follow-up meeting with it. */
  app.post('/api/reports/check', async (request, reply): Promise<ReportCheckResponse | { error: ErrorCode }> => {
    const body = v.safeParse(reportUploadSchema, request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'invalid_payload' });
    if (tooLarge(body.output)) return reply.code(413).send({ error: 'file_too_large' });
    const checked = parseReport(body.output.fileName, body.output.source);
    return 'problems' in checked ? { ok: false, problems: checked.problems } : { ok: true, lookBack: checked.lookBack };
  });

  registerHostRoutes(app, { rooms, content: deps.content, notes, now });

  app.get<{ Params: { code: string } }>('/api/sessions/:code', async (request, reply): Promise<SessionLookupResponse | { error: ErrorCode }> => {
    const found = await lookUp(request.ip, () => {
      const code = v.safeParse(codeSchema, request.params.code);
      const room = code.success ? rooms.get(code.output) : undefined;
      return room ? { room } : { error: 'unknown_session' as const };
    });
    if ('error' in found) return reply.code(404).send({ error: found.error });
    return { code: found.room.code, status: found.room.snapshot.matches('closed') ? 'closed' : 'open' };
  });

  if (deps.mediaDir && existsSync(deps.mediaDir)) {
    // Only the video formats the content loader accepts; no directory listing.
    void app.register(fastifyStatic, { root: deps.mediaDir, prefix: '/media/', decorateReply: false, wildcard: false, allowedPath: (path) => /\.(mp4|webm)$/i.test(path) });
  }

  if (phonePage) {
    /** The phone page, with what the first paint needs to know: the session's language, whether it can be joined, and then its join form. */
    const sendPhonePage = async (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply) => {
      // One spelling per session, the one its sockets use: a proxy in front of several servers sends a
      // session's requests by its code as written (a code typed in small letters would reach another).
      const spelled = request.params.code.toUpperCase();
      if (spelled !== request.params.code && v.is(codeSchema, spelled)) return reply.redirect(`/s/${spelled}`, 308);
      const found = await lookUp(request.ip, () => {
        const code = v.safeParse(codeSchema, spelled);
        const room = code.success ? rooms.get(code.output) : undefined;
        return room ? { room } : { error: 'unknown_session' as const };
      });
      const session: PageSession =
        'error' in found
          ? { status: 'unknown_session', language: null }
          : { status: found.room.snapshot.matches('closed') ? 'closed' : 'open', language: found.room.snapshot.context.programme.language };
      const code = 'error' in found ? '' : found.room.code;
      const { body, encoding } = phonePage.render(session, code, chooseEncoding(request.headers['accept-encoding']));
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return reply
        .code('error' in found ? 404 : 200)
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
    try {
      await rooms.takeUp(auth.output.code);
    } catch (error) {
      app.log.error({ err: error }, 'session not taken up');
      return next(connectError('internal'));
    }
    // Shutting down meanwhile: no new connection (it would keep the server from closing); the client tries again, elsewhere.
    if (closing) return next(connectError('internal'));
    const address = addressOf(socket);
    const admitted = await lookUp(address, () => rooms.admit(auth.output));
    if ('error' in admitted) return next(connectError(admitted.error));
    // Phones without a seat, from one address: a flood of them is refused; a seat's token always gets in.
    const phonesPerAddress = deps.maxPhonesPerAddress ?? DEFAULT_MAX_PHONES_PER_ADDRESS;
    if (auth.output.role === 'phone' && !admitted.known && admitted.room.phonesFrom(address) >= phonesPerAddress) {
      return next(connectError('too_many_connections'));
    }
    socket.data = {
      role: auth.output.role,
      code: auth.output.code,
      tokenHash: hashToken(auth.output.token),
      participantId: admitted.participantId,
      address,
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
    restored,
    /**
     * Stops taking requests, closes every connection (a client connects again by itself: behind the
     * proxy, to another server), and lets go of its sessions once their writes are committed, so
     * another server takes them at once: a rolling update loses nothing.
     */
    async close() {
      closing = true;
      clearInterval(sweeper);
      clearInterval(pruner);
      // Disconnects every socket at once and closes the engine now (io.close() would after a few
      // awaits): each client is told, a WebSocket by its close frame, a waiting poll by a close packet.
      const ioClosed = io.close();
      io.engine.close();
      // io.close() then waits for every connection to end. Left to themselves, a WebSocket whose phone
      // is gone without a word (it never answers the close) would last 30 s, and a connection whose
      // request was under way would stay kept alive for 72 s: the first end once their close is
      // written, app.close() ends the others.
      for (const socket of upgraded) socket.end(() => socket.destroy());
      rooms.close();
      await app.close();
      await ioClosed;
      await deps.store.sharing?.releaseAll();
      await deps.store.close();
    },
  };
}

export type App = ReturnType<typeof createApp>;
