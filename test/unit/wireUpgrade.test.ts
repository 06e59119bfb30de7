/**
 * client/lib/wire.ts while it upgrades from long-polling to a WebSocket, step by step against a
 * scripted server (fetch and WebSocket played by the test): what a phone sends while a POST is
 * under way and the upgrade starts is not lost. (A real phone on a slow network lost its join this
 * way: it waited in the polling queue, and the WebSocket took over without it.)
 */
import { afterEach, expect, it, vi } from 'vitest';
import { WireSocket } from '../../client/lib/wire.ts';

interface Held {
  url: URL;
  method: string;
  body: string;
  answer: (text: string) => void;
}

/** Every request the client made, answered when the test says. */
const requests: Held[] = [];
const sockets: FakeWebSocket[] = [];

class FakeWebSocket {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly sent: string[] = [];
  constructor(readonly url: string) {
    sockets.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {}
}

afterEach(() => {
  vi.unstubAllGlobals();
  requests.length = 0;
  sockets.length = 0;
});

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 1 });
const pending = (method: string) => requests.filter((request) => request.method === method);

it('a packet queued behind a POST when the upgrade starts is posted before the WebSocket takes over', async () => {
  vi.stubGlobal('fetch', (input: string, init: RequestInit = {}) =>
    new Promise((resolve) => {
      requests.push({
        url: new URL(input),
        method: init.method ?? 'GET',
        body: String(init.body ?? ''),
        answer: (text) => resolve(new Response(text)),
      });
    }),
  );
  const socket = new WireSocket<{ told: () => void }, { note: (text: string) => void }>({
    url: 'http://school.test',
    auth: { role: 'phone' },
    reconnectionDelay: 1000,
    reconnectionDelayMax: 1000,
    randomizationFactor: 0,
    WebSocket: FakeWebSocket as unknown as typeof WebSocket,
  });

  // The handshake over polling; the socket's connect goes out in a POST that stays under way.
  await waitFor(() => expect(pending('GET')).toHaveLength(1));
  pending('GET')[0]!.answer('0{"sid":"S1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":100000}');
  await waitFor(() => expect(pending('POST')).toHaveLength(1));
  expect(pending('POST')[0]!.body).toBe('40{"role":"phone"}');
  await waitFor(() => expect(pending('GET')).toHaveLength(2));
  pending('GET')[1]!.answer('40{"sid":"N1"}');
  await waitFor(() => expect(socket.connected).toBe(true));

  // A note while the POST is still under way: it waits in the polling queue.
  socket.emit('note', 'niet kwijt');
  // The WebSocket answers its probe: the upgrade starts.
  await waitFor(() => expect(sockets).toHaveLength(1));
  const ws = sockets[0]!;
  expect(ws.url).toContain('sid=S1');
  ws.onopen!();
  expect(ws.sent).toEqual(['2probe']);
  ws.onmessage!({ data: '3probe' });

  // The POST comes back: the note goes in a POST of its own, before polling stops.
  pending('POST')[0]!.answer('ok');
  await waitFor(() => expect(pending('POST')).toHaveLength(2));
  expect(pending('POST')[1]!.body).toBe('42["note","niet kwijt"]');
  expect(ws.sent).toEqual(['2probe']);
  pending('POST')[1]!.answer('ok');
  // The server releases the GET under way (a noop); then the WebSocket carries everything.
  await waitFor(() => expect(pending('GET')).toHaveLength(3));
  pending('GET')[2]!.answer('6');
  await waitFor(() => expect(ws.sent).toEqual(['2probe', '5']));
  socket.emit('note', 'daarna');
  expect(ws.sent).toEqual(['2probe', '5', '42["note","daarna"]']);
  expect(pending('GET')).toHaveLength(3);
});
