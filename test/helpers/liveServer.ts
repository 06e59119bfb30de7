/** A fresh in-process server per test (port 0, memory store), and the clients to close after it. */
import { afterEach, beforeEach } from 'vitest';
import { startServer, type RunningServer, type StartOptions } from '../../server/startServer.ts';

export function useLiveServer(options: StartOptions = {}) {
  let current: RunningServer | null = null;
  const clients: { close(): void }[] = [];
  beforeEach(async () => {
    current = await startServer({ clientDir: '/nonexistent', ...options });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await current?.close();
    current = null;
  });
  return {
    get server(): RunningServer {
      if (!current) throw new Error('no server outside a test');
      return current;
    },
    /** Closes `client` after the test. */
    track<C extends { close(): void }>(client: C): C {
      clients.push(client);
      return client;
    },
  };
}
