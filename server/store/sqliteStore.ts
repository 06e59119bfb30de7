/** The embedded default store: one SQLite file in DATA_DIR, written after every transition. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SessionStore, StoredSession } from './sessionStore.ts';

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
  const selectAll = db.prepare<[], { code: string; schema_version: number; snapshot: string; updated_at: number }>(
    'SELECT code, schema_version, snapshot, updated_at FROM sessions ORDER BY code',
  );
  const remove = db.prepare('DELETE FROM sessions WHERE code = ?');
  const selectOld = db.prepare<[number], { code: string }>('SELECT code FROM sessions WHERE updated_at < ?');
  const removeOld = db.prepare('DELETE FROM sessions WHERE updated_at < ?');

  return {
    save: ({ code, schemaVersion, snapshot, updatedAt }) => void upsert.run(code, schemaVersion, JSON.stringify(snapshot), updatedAt),
    loadAll: (): StoredSession[] =>
      selectAll.all().map((row) => ({ code: row.code, schemaVersion: row.schema_version, snapshot: JSON.parse(row.snapshot), updatedAt: row.updated_at })),
    delete: (code) => void remove.run(code),
    deleteOlderThan: db.transaction((before: number) => {
      const codes = selectOld.all(before).map((row) => row.code);
      removeOld.run(before);
      return codes;
    }),
    close: () => db.close(),
  };
}
