/** The embedded default store: one SQLite file in DATA_DIR, written after every transition. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SessionStore, StoredSession } from './sessionStore.ts';

/** Bump when the persisted snapshot's shape changes; older rows are then migrated or dropped. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

export function createSqliteStore(dataDir: string): SessionStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'driegesprek.sqlite'));
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (SIGKILL); only a power cut may lose the last write.
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS sessions (
      code TEXT PRIMARY KEY,
      schema_version INTEGER NOT NULL,
      snapshot TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    )
  `);
  const upsert = db.prepare(
    `INSERT INTO sessions (code, schema_version, snapshot, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET schema_version = excluded.schema_version, snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
  );
  const selectAll = db.prepare<[number], { code: string; snapshot: string; updated_at: number }>(
    'SELECT code, snapshot, updated_at FROM sessions WHERE schema_version = ?',
  );
  const remove = db.prepare('DELETE FROM sessions WHERE code = ?');
  const selectOld = db.prepare<[number], { code: string }>('SELECT code FROM sessions WHERE updated_at < ?');
  const removeOld = db.prepare('DELETE FROM sessions WHERE updated_at < ?');

  return {
    save: ({ code, snapshot, updatedAt }) => void upsert.run(code, SNAPSHOT_SCHEMA_VERSION, JSON.stringify(snapshot), updatedAt),
    loadAll: (): StoredSession[] =>
      selectAll.all(SNAPSHOT_SCHEMA_VERSION).map((row) => ({ code: row.code, snapshot: JSON.parse(row.snapshot), updatedAt: row.updated_at })),
    delete: (code) => void remove.run(code),
    deleteOlderThan: db.transaction((before: number) => {
      const codes = selectOld.all(before).map((row) => row.code);
      removeOld.run(before);
      return codes;
    }),
    close: () => db.close(),
  };
}
