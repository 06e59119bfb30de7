/**
 * client/lib/socket.ts's `request` when the connection drops before the ack (a server killed
 * mid-session, a phone out of Wi-Fi): a retryable `disconnected`, never a thrown rejection, and the
 * outbox sends the item again with the same key once the connection is back. A real socket.io
 * server whose first answer is a closed connection; the real client and outbox.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Outbox } from '../../client/lib/outbox.svelte.ts';
import { connectSocket, RECONNECT, request, type AppSocket } from '../../client/lib/socket.ts';
import type { ClientToServerEvents, Result, ServerToClientEvents } from '../../server/protocol/events.ts';
import { BROWSER_RECONNECT } from '../../scripts/lib/clients.ts';

type Note = { key: string; text: string; phaseIndex: number };

let http: HttpServer;
let server: Server<ClientToServerEvents, ServerToClientEvents>;
let url: string;
/** Every note the server got, in order; what it stored, once per key. */
let received: Note[];
let stored: Map<string, Note>;
const sockets: AppSocket[] = [];

beforeEach(async () => {
  received = [];
  stored = new Map();
  http = createServer();
  server = new Server(http);
  server.on('connection', (socket) => {
    socket.on('phone:addNote', (note, ack) => {
      received.push(note);
      if (!stored.has(note.key)) stored.set(note.key, note);
      // The first time the note is stored, then the connection breaks before the ack goes out.
      if (received.length === 1) socket.conn.close();
      else ack({ ok: true, data: null });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await new Promise((resolve) => server.close(resolve));
});

/** The app's client (polling: Node 20 has no WebSocket), with its own back-off: the test waits on states. */
async function connected(): Promise<AppSocket> {
  const socket = connectSocket({ role: 'phone', code: 'ABCDEF', token: 'token' }, { url });
  sockets.push(socket);
  await vi.waitFor(() => expect(socket.connected).toBe(true), { timeout: 5000, interval: 10 });
  return socket;
}

it('turns a connection lost while waiting for the ack into `disconnected`, not a rejection', async () => {
  const socket = await connected();
  const note = { key: 'note-1', text: 'ouders eerst laten praten', phaseIndex: 0 };
  expect(await request(socket, 'phone:addNote', note)).toEqual({ ok: false, error: 'disconnected' });
  expect(stored.get('note-1')).toEqual(note);
});

it('keeps a `disconnected` item in the outbox and sends it again, same key, once the connection is back', async () => {
  const socket = await connected();
  const results: (Result | { ok: false; error: string })[] = [];
  const outbox = new Outbox<Note>(`test-${Math.random().toString(36).slice(2)}`, socket, async (note) => {
    const result = await request(socket, 'phone:addNote', note);
    results.push(result);
    return result;
  });
  try {
    outbox.add({ text: 'ik bel ouders ook als het goed gaat', phaseIndex: 2 });
    const key = outbox.pending[0]?.key;
    await vi.waitFor(() => expect(outbox.pending).toEqual([]), { timeout: 5000, interval: 10 });
    expect(results).toEqual([
      { ok: false, error: 'disconnected' },
      { ok: true, data: null },
    ]);
    expect(received.map((note) => note.key)).toEqual([key, key]);
    expect(stored.size).toBe(1);
    expect(outbox.dropped).toBeNull();
  } finally {
    outbox.stop();
  }
});

it('has the simulator bots reconnect as the app does', () => {
  expect(BROWSER_RECONNECT).toEqual(RECONNECT);
});
