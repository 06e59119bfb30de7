/** A fresh in-process server per test (port 0, memory store), and the clients to close after it. */
import { afterEach, beforeEach, expect } from 'vitest';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { startServer, type RunningServer, type StartOptions } from '../../server/startServer.ts';
import { createSession, hostClient, joinedPhone, type Client } from '../../scripts/lib/clients.ts';

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
  const live = {
    get server(): RunningServer {
      if (!current) throw new Error('no server outside a test');
      return current;
    },
    /** Closes `client` after the test. */
    track<C extends { close(): void }>(client: C): C {
      clients.push(client);
      return client;
    },
    /**
     * A new session with a phone joined for each of `names`, all online, walked to phase `phaseIndex`
     * (-1: still in the lobby). Resolves with the projector's first view of that phase.
     */
    async sessionAt(names: string[], phaseIndex: number) {
      const { url } = live.server;
      const { code, hostToken } = await createSession(url);
      const host = live.track(hostClient(url, code, hostToken));
      await host.connected();
      const phones: Client<PhoneView>[] = [];
      for (const name of names) phones.push(live.track(await joinedPhone(url, code, name)));
      await host.until((view) => view.participants.filter((p) => p.online).length === names.length);
      if (phaseIndex >= 0) await walkTo(host, phaseIndex);
      const view = await host.until((v) => v.phase?.index === phaseIndex || (phaseIndex < 0 && v.status === 'lobby'));
      return { code, hostToken, host, phones, view };
    },
  };
  return live;
}

/** From the lobby or an earlier phase, on to phase `phaseIndex` (every command accepted). */
export async function walkTo(host: Client<ProjectorView>, phaseIndex: number): Promise<ProjectorView> {
  const from = host.last?.status === 'lobby' ? -1 : (host.last?.phase?.index ?? -1);
  if (from < 0) expect(await host.socket.emitWithAck('host:start', {})).toEqual({ ok: true, data: null });
  for (let step = Math.max(0, from); step < phaseIndex; step++) expect(await host.socket.emitWithAck('host:next', {})).toEqual({ ok: true, data: null });
  return host.until((view) => view.phase?.index === phaseIndex);
}

/**
 * For tests that start their servers themselves, each with its own options: `serve` starts one,
 * `track` and `later` register what to close; all of it is closed after each test, last registered
 * first (clients before their server).
 */
export function useServers() {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const later = (cleanup: () => unknown) => void cleanups.push(cleanup);
  const track = <C extends { close(): void }>(client: C): C => (later(() => client.close()), client);
  async function serve(options: StartOptions = {}) {
    const started = await startServer({ clientDir: '/nonexistent', ...options });
    let closing: Promise<void> | undefined;
    const server = { ...started, close: () => (closing ??= started.close()) };
    later(() => server.close());
    return server;
  }
  return { serve, track, later };
}
