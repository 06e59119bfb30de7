/** A server of the simulator's own: the real app with the real SQLite store in a temporary data dir, removed on close. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/startServer.ts';
import { createSqliteStore } from '../../server/store/sqliteStore.ts';

export async function startOwnServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-simulate-'));
  const server = await startServer({ store: createSqliteStore(dataDir) });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
