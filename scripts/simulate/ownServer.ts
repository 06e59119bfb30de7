/**
 * A server of the simulator's own: the real app with the real SQLite store in a temporary data dir,
 * removed on close. In this process for a normal walk; for a crash rehearsal (--kill-at) a process
 * of its own, the compiled server as `npm start` runs it, so that kill -9 is real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../server/content/loadContent.ts';
import { startServer } from '../../server/startServer.ts';
import { createSqliteStore } from '../../server/store/sqliteStore.ts';
import type { Restartable } from './crash.ts';
import { freePort, SERVER_FILE, spawnServer, type ServerProcess } from '../lib/serverProcess.ts';

/** `contentDir`: the programmes and card sets it loads (--content), the project's content/ by default. */
export async function startOwnServer(contentDir?: string): Promise<{ url: string; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-simulate-'));
  const content = contentDir ? { content: loadContent(contentDir), contentDir, mediaDir: join(contentDir, 'media') } : {};
  const server = await startServer({ store: createSqliteStore(dataDir), ...content });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface OwnServerProcess extends Restartable {
  url: string;
  port: number;
  /** Stops the process and removes its data dir. */
  close(): Promise<void>;
}

/**
 * `serverFile`: the compiled server to run (scripts/buildServer.ts), dist/server/index.js by default;
 * `contentDir`: its CONTENT_DIR, the project's content/ by default.
 */
export async function startOwnServerProcess(serverFile = SERVER_FILE, contentDir?: string): Promise<OwnServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-simulate-'));
  const port = await freePort();
  const start = () => spawnServer({ port, dataDir, serverFile, contentDir });
  let server: ServerProcess = start();
  try {
    await server.ready;
  } catch (error) {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    port,
    kill: () => server.stop('SIGKILL'),
    restart: () => {
      server = start();
      return server.ready;
    },
    close: async () => {
      await server.stop('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
