/**
 * The baseline: a plain Socket.IO 4.8 server on node:http speaking the minimal join/deal/card
 * protocol of ./protocol.ts. What the app is measured against: the same job (seats that survive
 * kill -9, a private card per phone, a phase for the room) with nothing else around it.
 *
 * State lives in memory and in one append-only JSON-lines file in DATA_DIR, written synchronously
 * before each ack, and replayed at start-up. It serves the baseline phone page (built by the bench
 * into BASELINE_PAGE_DIR) at /s/CODE, gzipped when the browser accepts it.
 *
 * The bench compiles this file to plain JavaScript and runs it with node: no loader at start-up.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { Server, type Socket } from 'socket.io';
import type { BaselineAuth, BaselineCard, BaselineClientToServer, BaselineServerToClient } from './protocol.ts';

interface Seat {
  id: string;
  name: string;
  token: string;
  card: BaselineCard | null;
  notes: { key: string; text: string }[];
}

interface Session {
  code: string;
  hostToken: string;
  phase: number;
  round: number;
  seats: Map<string, Seat>;
  byToken: Map<string, Seat>;
  /** Seat id → its phone's socket while connected. */
  online: Map<string, BaselineSocket>;
}

type LogEntry =
  | { t: 'session'; code: string; hostToken: string }
  | { t: 'join'; code: string; id: string; name: string; token: string }
  | { t: 'deal'; code: string; round: number; cards: [string, BaselineCard['role'], string][] }
  | { t: 'phase'; code: string; index: number }
  | { t: 'note'; code: string; id: string; key: string; text: string };

interface SocketData {
  role: BaselineAuth['role'];
  code: string;
  seatId: string | null;
}
type BaselineSocket = Socket<BaselineClientToServer, BaselineServerToClient, Record<string, never>, SocketData>;

const port = Number(process.env.PORT ?? 3100);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.DATA_DIR ?? './data-baseline';
const pageDir = process.env.BASELINE_PAGE_DIR ?? '';
const logFile = join(dataDir, 'baseline.jsonl');

const sessions = new Map<string, Session>();
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const DECK: { [role in BaselineCard['role']]: string[] } = {
  mentor: ['mentor-1', 'mentor-2', 'mentor-3', 'mentor-4', 'mentor-5', 'mentor-6'],
  parent: ['parent-1', 'parent-2', 'parent-3', 'parent-4', 'parent-5', 'parent-6'],
};

function apply(record: LogEntry): void {
  if (record.t === 'session') {
    sessions.set(record.code, { code: record.code, hostToken: record.hostToken, phase: -1, round: -1, seats: new Map(), byToken: new Map(), online: new Map() });
    return;
  }
  const session = sessions.get(record.code);
  if (!session) return;
  if (record.t === 'join') {
    const seat: Seat = { id: record.id, name: record.name, token: record.token, card: null, notes: [] };
    session.seats.set(seat.id, seat);
    session.byToken.set(seat.token, seat);
  } else if (record.t === 'deal') {
    session.round = record.round;
    for (const [id, role, cardId] of record.cards) {
      const seat = session.seats.get(id);
      if (seat) seat.card = { round: record.round, role, cardId };
    }
  } else if (record.t === 'phase') {
    session.phase = record.index;
  } else {
    session.seats.get(record.id)?.notes.push({ key: record.key, text: record.text });
  }
}

/** Applied and on disk before anyone is told: nothing acknowledged is lost to kill -9. */
function commit(record: LogEntry): void {
  appendFileSync(logFile, `${JSON.stringify(record)}\n`);
  apply(record);
}

mkdirSync(dataDir, { recursive: true });
if (existsSync(logFile)) {
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      apply(JSON.parse(line) as LogEntry);
    } catch {
      // A line torn by kill -9 in the middle of a write: it was never acknowledged.
    }
  }
}

const newToken = () => randomBytes(16).toString('base64url');
const newCode = () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

const TYPES: { [ext: string]: string } = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

function sendFile(request: IncomingMessage, response: ServerResponse, relative: string): void {
  const path = normalize(join(pageDir, relative));
  if (!pageDir || !path.startsWith(normalize(pageDir)) || !existsSync(path)) {
    response.writeHead(404).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && existsSync(`${path}.gz`);
  const hashed = relative.startsWith('assets/');
  response.writeHead(200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(gzip && { 'content-encoding': 'gzip' }),
    vary: 'accept-encoding',
  });
  response.end(readFileSync(gzip ? `${path}.gz` : path));
}

const http = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'POST' && url.pathname === '/api/sessions') {
    let code = newCode();
    while (sessions.has(code)) code = newCode();
    const hostToken = newToken();
    commit({ t: 'session', code, hostToken });
    response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ code, hostToken }));
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  if (url.pathname === '/') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('baseline');
  } else if (/^\/s\/[A-Za-z0-9]+$/.test(url.pathname)) {
    sendFile(request, response, 'index.html');
  } else {
    sendFile(request, response, url.pathname.slice(1));
  }
});

const io = new Server<BaselineClientToServer, BaselineServerToClient, Record<string, never>, SocketData>(http, {
  serveClient: false,
  maxHttpBufferSize: 16 * 1024,
});

io.use((socket, next) => {
  const auth = socket.handshake.auth as Partial<BaselineAuth>;
  const session = typeof auth.code === 'string' ? sessions.get(auth.code) : undefined;
  if (!session || typeof auth.token !== 'string' || (auth.role !== 'host' && auth.role !== 'phone')) return next(new Error('unauthorized'));
  if (auth.role === 'host' && auth.token !== session.hostToken) return next(new Error('unauthorized'));
  socket.data = { role: auth.role, code: session.code, seatId: auth.role === 'phone' ? (session.byToken.get(auth.token)?.id ?? null) : null };
  next();
});

const ok = <T>(data: T) => ({ ok: true as const, data });
const fail = (error: string) => ({ ok: false as const, error });

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

io.on('connection', (socket: BaselineSocket) => {
  const session = sessions.get(socket.data.code);
  if (!session) return void socket.disconnect(true);
  const token = (socket.handshake.auth as BaselineAuth).token;
  void socket.join(session.code);

  const stateOf = (seat: Seat | undefined) => ({ me: seat ? { id: seat.id, name: seat.name } : null, phase: session.phase, card: seat?.card ?? null });

  if (socket.data.role === 'host') {
    void socket.join(`host:${session.code}`);
    const move = (delta: 1 | -1) => (_payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      commit({ t: 'phase', code: session.code, index: session.phase + delta });
      io.to(session.code).emit('phase', { index: session.phase });
      ack(ok({ index: session.phase }));
    };
    socket.on('next', move(1));
    socket.on('back', move(-1));
    socket.on('deal', (_payload, ack) => {
      if (typeof ack !== 'function') return;
      const round = session.round + 1;
      const seats = shuffled([...session.seats.values()]);
      const cards = seats.map((seat, index): [string, BaselineCard['role'], string] => {
        const role = index % 2 === 0 ? 'mentor' : 'parent';
        return [seat.id, role, DECK[role][randomInt(DECK[role].length)]!];
      });
      commit({ t: 'deal', code: session.code, round, cards });
      for (const seat of seats) {
        const card = seat.card;
        if (card) session.online.get(seat.id)?.emit('card', card);
      }
      ack(ok({ round }));
    });
    return;
  }

  const seated = socket.data.seatId ? session.seats.get(socket.data.seatId) : undefined;
  if (seated) session.online.set(seated.id, socket);
  socket.emit('state', stateOf(seated));
  socket.on('disconnect', () => {
    const id = socket.data.seatId;
    if (id && session.online.get(id) === socket) session.online.delete(id);
  });

  socket.on('join', (payload, ack) => {
    if (typeof ack !== 'function') return;
    const name = typeof payload?.name === 'string' ? payload.name.trim() : '';
    if (!name || name.length > 24) return ack(fail('invalid_name'));
    if (socket.data.seatId) return ack(ok({ id: socket.data.seatId }));
    const id = newToken();
    commit({ t: 'join', code: session.code, id, name, token });
    socket.data.seatId = id;
    session.online.set(id, socket);
    ack(ok({ id }));
    socket.emit('state', stateOf(session.seats.get(id)));
    io.to(`host:${session.code}`).emit('joined', { id, name });
  });

  socket.on('note', (payload, ack) => {
    if (typeof ack !== 'function') return;
    const id = socket.data.seatId;
    if (!id) return ack(fail('not_joined'));
    if (typeof payload?.key !== 'string' || typeof payload.text !== 'string' || payload.key.length > 64 || payload.text.length > 2000) {
      return ack(fail('invalid_payload'));
    }
    commit({ t: 'note', code: session.code, id, key: payload.key, text: payload.text });
    ack(ok(null));
  });
});

http.listen(port, host, () => console.log(`baseline listening on http://${host}:${port}`));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => io.close(() => process.exit(0)));
}
