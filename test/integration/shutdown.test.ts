/**
 * Stopping the server (SIGTERM in a rolling update, a restart) ends every connection at once. Node's
 * server counts as closed only when its last connection has ended, and a connection whose request
 * was still under way when it stopped listening stays kept alive after its answer, for the
 * keep-alive timeout (72 s): the stop, and the server that should take the port, waited for it.
 */
import http from 'node:http';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { startServer } from '../../server/startServer.ts';

it('a request under way when the server stops does not keep it running: its connection is ended and the port is free', async () => {
  const server = await startServer({ clientDir: '/nonexistent' });
  const agent = new http.Agent({ keepAlive: true });
  try {
    // A request the server has begun to read, its body still coming.
    const request = http.request(`${server.url}/api/sessions`, {
      agent,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '2' },
    });
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
    const next = await startServer({ clientDir: '/nonexistent', port: server.port });
    expect(next.port).toBe(server.port);
    await next.close();
  } finally {
    agent.destroy();
  }
});
