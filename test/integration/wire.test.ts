/**
 * client/lib/wire.ts, the pages' Socket.IO client, against a real socket.io 4.8 server: over
 * long-polling alone (a network that blocks WebSockets; Node 20 has no WebSocket of its own) and
 * upgraded to a WebSocket (the `ws` package standing in for the browser's). What the pages rely on:
 * events both ways, acks, emits made while offline, handshake refusals, the server's disconnect,
 * a lost connection tried again by itself, and a server that learns at once when the page leaves.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WireSocket, type WireOptions } from '../../client/lib/wire.ts';

interface ToClient {
  told: (text: string, count: number) => void;
}
interface ToServer {
  echo: (payload: unknown, ack: (answer: unknown) => void) => void;
  silent: (payload: unknown, ack: (answer: unknown) => void) => void;
  note: (text: string) => void;
}
type Client = WireSocket<ToClient, ToServer>;

let http: HttpServer;
let server: Server;
let url: string;
/** Every server-side socket that connected, newest last. */
let connections: ServerSocket[];
let notes: string[];
let left: string[];
const clients: Client[] = [];

beforeEach(async () => {
  connections = [];
  notes = [];
  left = [];
  http = createServer();
  server = new Server(http, { pingInterval: 200, pingTimeout: 200 });
  let refusals = 0;
  server.use((socket, next) => {
    const auth = socket.handshake.auth as { refuse?: string; refuseTimes?: number };
    // A server shutting down, say: `refuseTimes` handshakes are refused, the next let in.
    const code = auth.refuse ?? (refusals < (auth.refuseTimes ?? 0) ? (refusals++, 'internal') : null);
    if (code) next(Object.assign(new Error(code), { data: { code } }));
    else next();
  });
  server.on('connection', (socket) => {
    connections.push(socket);
    socket.on('echo', (payload, ack: (answer: unknown) => void) => ack({ payload, query: socket.handshake.query.code, auth: socket.handshake.auth }));
    socket.on('silent', () => {});
    socket.on('note', (text: string) => notes.push(text));
    socket.on('disconnect', (reason) => left.push(reason));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await server.close();
});

const transports = [
  { name: 'long-polling only', options: {}, settled: 'polling' },
  { name: 'upgraded to a WebSocket', options: { WebSocket: WebSocket as unknown as typeof globalThis.WebSocket }, settled: 'websocket' },
] as const;

describe.each(transports)('over $name', ({ options, settled }) => {
  function client(extra: Partial<WireOptions> = {}): Client {
    const socket = new WireSocket<ToClient, ToServer>({
      url,
      auth: { role: 'phone' },
      query: { code: 'ABCDEF' },
      reconnectionDelay: 20,
      reconnectionDelayMax: 40,
      randomizationFactor: 0,
      ...options,
      ...extra,
    });
    clients.push(socket);
    return socket;
  }
  const until = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 5 });
  const settledOn = async (socket: Client) => {
    await until(() => expect(socket.connected).toBe(true));
    await until(() => expect(connections.at(-1)?.conn.transport.name).toBe(settled));
  };

  it('connects with its auth and query, and gets an answer to each command in order', async () => {
    const socket = client();
    await settledOn(socket);
    const answers = await Promise.all([1, 2, 3].map((n) => socket.timeout(2000).emitWithAck('echo', { n, text: 'één "twee"\n' })));
    expect(answers).toEqual([1, 2, 3].map((n) => ({ payload: { n, text: 'één "twee"\n' }, query: 'ABCDEF', auth: { role: 'phone' } })));
  });

  it('hears the server’s events and keeps hearing them past several pings', async () => {
    const socket = client();
    const heard: [string, number][] = [];
    socket.on('told', (text, count) => heard.push([text, count]));
    await settledOn(socket);
    connections.at(-1)!.emit('told', 'hallo', 1);
    await until(() => expect(heard).toEqual([['hallo', 1]]));
    // Pings come every 200 ms and must be answered within 200 ms: a second later the connection still stands.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    connections.at(-1)!.emit('told', 'nog steeds', 2);
    await until(() => expect(heard).toEqual([['hallo', 1], ['nog steeds', 2]]));
    expect(connections).toHaveLength(1);
  });

  it('sends what was emitted before it connected once it is connected', async () => {
    const socket = client();
    socket.emit('note', 'eerste');
    const answer = socket.timeout(2000).emitWithAck('echo', 'tweede');
    await expect(answer).resolves.toMatchObject({ payload: 'tweede' });
    expect(notes).toEqual(['eerste']);
  });

  it('reports a refused handshake with the server’s code; a page that disconnects then is not tried again', async () => {
    const socket = client({ auth: { refuse: 'unknown_session' } });
    const errors: unknown[] = [];
    socket.on('connect_error', (error) => {
      errors.push({ message: error.message, data: error.data });
      socket.disconnect();
    });
    await until(() => expect(errors).toEqual([{ message: 'unknown_session', data: { code: 'unknown_session' } }]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors).toHaveLength(1);
    expect(socket.connected).toBe(false);
  });

  it('tries a refused handshake again with back-off when the page lets it: a server that refused twice lets it in', async () => {
    const socket = client({ auth: { refuseTimes: 2 } });
    const errors: string[] = [];
    socket.on('connect_error', (error) => errors.push(error.message));
    await settledOn(socket);
    expect(errors).toEqual(['internal', 'internal']);
  });

  it('stays away after the server disconnects it', async () => {
    const socket = client();
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    await settledOn(socket);
    connections.at(-1)!.disconnect(true);
    await until(() => expect(reasons).toEqual(['io server disconnect']));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toHaveLength(1);
    expect(socket.connected).toBe(false);
  });

  it('fails the ack of a command sent before the connection dropped, comes back by itself, and sends again', async () => {
    const socket = client();
    const events: string[] = [];
    socket.on('connect', () => events.push('connect'));
    socket.on('disconnect', (reason) => events.push(`disconnect: ${reason}`));
    await settledOn(socket);
    const waiting = socket.timeout(5000).emitWithAck('silent', 'verloren');
    await until(() => expect(connections.at(-1)!.listeners('silent')).toHaveLength(1));
    connections.at(-1)!.conn.close();
    await expect(waiting).rejects.toThrow('socket has been disconnected');
    await until(() => expect(connections).toHaveLength(2));
    await settledOn(socket);
    expect(events).toEqual(['connect', 'disconnect: transport close', 'connect']);
    await expect(socket.timeout(2000).emitWithAck('echo', 'terug')).resolves.toMatchObject({ payload: 'terug' });
  });

  it('times out a command without an answer', async () => {
    const socket = client();
    await settledOn(socket);
    await expect(socket.timeout(100).emitWithAck('silent', null)).rejects.toThrow('operation has timed out');
  });

  it('tells the server at once when the page disconnects', async () => {
    const socket = client();
    await settledOn(socket);
    socket.disconnect();
    await until(() => expect(left).toEqual(['client namespace disconnect']));
    expect(socket.connected).toBe(false);
  });
});

it('sends what it queued offline in posts the server takes, however much it is', async () => {
  await server.close();
  http = createServer();
  server = new Server(http, { maxHttpBufferSize: 1000 });
  const received: string[] = [];
  server.on('connection', (socket) => socket.on('note', (text: string) => received.push(text)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const socket = new WireSocket<ToClient, ToServer>({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, auth: {}, reconnectionDelay: 20, reconnectionDelayMax: 40, randomizationFactor: 0 });
  clients.push(socket);
  const texts = Array.from({ length: 12 }, (_, n) => `${n} ${'é'.repeat(150)}`);
  for (const text of texts) socket.emit('note', text);
  await vi.waitFor(() => expect(received).toEqual(texts), { timeout: 5000, interval: 5 });
  expect(socket.connected).toBe(true);
});

it('tries again with back-off while the server is away, and connects once it is there', async () => {
  const port = (http.address() as AddressInfo).port;
  await server.close();
  const socket = new WireSocket<ToClient, ToServer>({ url, auth: {}, reconnectionDelay: 20, reconnectionDelayMax: 40, randomizationFactor: 0 });
  clients.push(socket);
  const errors: string[] = [];
  socket.on('connect_error', (error) => errors.push(error.message));
  await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(3), { timeout: 5000, interval: 5 });
  http = createServer();
  server = new Server(http);
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  await vi.waitFor(() => expect(socket.connected).toBe(true), { timeout: 5000, interval: 5 });
});
