/**
 * Stopping the server (SIGTERM in a rolling update, a restart) ends every connection at once, and
 * only then lets go of its sessions for another server to take. Node's server counts as closed when
 * its last connection has ended: a connection whose request was under way when it stopped listening
 * stays kept alive after its answer for the keep-alive timeout (72 s), and a WebSocket whose phone
 * is gone without a word never answers the close (30 s). The stop waited for them.
 */
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer.ts';

let server: RunningServer;
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function start(): Promise<RunningServer> {
  server = await startServer({ clientDir: '/nonexistent' });
  return server;
}

/** The port is free again: a new server takes it. */
async function portIsFree(port: number): Promise<void> {
  const next = await startServer({ clientDir: '/nonexistent', port });
  expect(next.port).toBe(port);
  await next.close();
}

it('a request under way when the server stops does not keep it running: its connection is ended and the port is free', async () => {
  const { url, port } = await start();
  const agent = new http.Agent({ keepAlive: true });
  cleanups.push(() => agent.destroy());
  // A request the server has begun to read, its body still coming.
  const request = http.request(`${url}/api/sessions`, { agent, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '2' } });
  const ended = new Promise<string>((resolve) => {
    request.on('response', (response) => resolve(`answered ${response.statusCode}`));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
  const received = once(server.app.server, 'request');
  request.write('{');
  await received;

  const stopped = server.close();
  request.end('}');
  await stopped;

  expect(await ended).toBe('ECONNRESET');
  await portIsFree(port);
});

it('a WebSocket whose phone never answers the close does not keep the server running: it is sent the close, then ended', async () => {
  const { port } = await start();
  // A phone gone without a word: its connection is open, but nothing on it answers any more.
  const phone = net.connect(port, '127.0.0.1');
  cleanups.push(() => phone.destroy());
  await once(phone, 'connect');
  phone.write(
    [
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const received: Buffer[] = [];
  phone.on('data', (chunk: Buffer) => received.push(chunk));
  const ended = once(phone, 'end');
  // Switched to a WebSocket, and the engine's open packet in its first frame (a text frame, 0x81, and its length).
  await expect.poll(() => Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 101 .*\r\n\r\n\x81.0\{"sid"/s);
  const opened = Buffer.concat(received).length;

  await server.close();

  await ended;
  // What came after the open: the WebSocket's close frame (opcode 8, no payload).
  expect(Buffer.concat(received).subarray(opened).toString('hex')).toBe('8800');
  await portIsFree(port);
});
