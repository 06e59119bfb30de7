/**
 * The embedded default store: one SQLite file in DATA_DIR. A session is a row of state, its parts
 * and its rows in tables of their own (see ./layout.ts); a change writes only what changed. The
 * changes of one turn of the event loop (many sessions' joins, deals, notes at once) are committed
 * together in one transaction before the loop waits again, and each write's promise resolves then:
 * what is acknowledged is committed. A file from before this layout (one whole snapshot per session)
 * is converted once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { encodedOnce } from './json.ts';
import { partOf, PART_NAMES, rowsOf, rowsOutOfState, stateOf, type Persisted, type State } from './layout.ts';
import { migrate, SNAPSHOT_SCHEMA_VERSION } from './migrations.ts';
import type { SessionStore, SessionWrite, StoredRow, StoredSession } from './sessionStore.ts';

/**
 * The layout, kept in SQLite's user_version: 0 whole snapshots, 1 state + parts + rows, 2 the
 * participants and the role-play's deals as rows too.
 */
const LAYOUT_VERSION = 2;

export function createSqliteStore(dataDir: string): SessionStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'driegesprek.sqlite'));
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (SIGKILL); only a power cut may lose the last write.
  db.pragma('synchronous = NORMAL');
  const layout = db.pragma('user_version', { simple: true }) as number;
  const wholeSnapshots = layout === 0 && tableHas(db, 'sessions', 'snapshot');
  if (wholeSnapshots) db.exec('ALTER TABLE sessions RENAME TO sessions_whole');
  db.exec(`
    CREATE TABLE IF NOT EXISTS sessions (
      code TEXT PRIMARY KEY,
      schema_version INTEGER NOT NULL,
      state TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS session_parts (
      code TEXT NOT NULL,
      name TEXT NOT NULL,
      data TEXT NOT NULL,
      PRIMARY KEY (code, name)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS session_rows (
      code TEXT NOT NULL,
      kind TEXT NOT NULL,
      id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      data TEXT NOT NULL,
      PRIMARY KEY (code, kind, id)
    ) WITHOUT ROWID;
  `);
  db.pragma(`user_version = ${LAYOUT_VERSION}`);

  const putState = db.prepare(
    `INSERT INTO sessions (code, schema_version, state, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET schema_version = excluded.schema_version, state = excluded.state, updated_at = excluded.updated_at`,
  );
  const touch = db.prepare('UPDATE sessions SET schema_version = ?, updated_at = ? WHERE code = ?');
  const putPart = db.prepare(
    'INSERT INTO session_parts (code, name, data) VALUES (?, ?, ?) ON CONFLICT(code, name) DO UPDATE SET data = excluded.data',
  );
  const putRow = db.prepare(
    `INSERT INTO session_rows (code, kind, id, seq, data) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(code, kind, id) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
  );
  const dropRow = db.prepare('DELETE FROM session_rows WHERE code = ? AND kind = ? AND id = ?');
  const selectSessions = db.prepare<[], { code: string; schema_version: number; state: string; updated_at: number }>(
    'SELECT code, schema_version, state, updated_at FROM sessions ORDER BY code',
  );
  const selectParts = db.prepare<[], { code: string; name: string; data: string }>('SELECT code, name, data FROM session_parts');
  const selectRows = db.prepare<[], { code: string; kind: string; id: string; seq: number; data: string }>('SELECT code, kind, id, seq, data FROM session_rows');
  const removers = ['sessions', 'session_parts', 'session_rows'].map((table) => db.prepare(`DELETE FROM ${table} WHERE code = ?`));
  const selectOld = db.prepare<[number], { code: string }>('SELECT code FROM sessions WHERE updated_at < ?');

  const write = db.transaction(({ code, schemaVersion, updatedAt, state, parts, upserts, deletes }: SessionWrite) => {
    if (state === undefined) touch.run(schemaVersion, updatedAt, code);
    else putState.run(code, schemaVersion, typeof state === 'object' && state !== null ? encodedOnce(state) : JSON.stringify(state), updatedAt);
    for (const [name, value] of Object.entries(parts ?? {})) putPart.run(code, name, JSON.stringify(value));
    for (const row of upserts ?? []) putRow.run(code, row.kind, row.id, row.seq, JSON.stringify(row.data));
    for (const row of deletes ?? []) dropRow.run(code, row.kind, row.id);
  });
  const remove = db.transaction((codes: string[]) => {
    for (const code of codes) for (const remover of removers) remover.run(code);
  });

  if (wholeSnapshots) db.transaction(() => convertWholeSnapshots(db, write))();
  if (layout === 1) db.transaction(() => moveRowsOutOfStates(db, write))();

  let queue: { change: SessionWrite; done: () => void; failed: (error: unknown) => void }[] = [];
  const writeAll = db.transaction((changes: SessionWrite[]) => changes.forEach((change) => write(change)));
  /** Commits the writes queued so far: all in one transaction, or (when that fails) each in its own, so one that cannot be written fails alone. */
  const commit = () => {
    if (!queue.length) return;
    const batch = queue;
    queue = [];
    try {
      writeAll(batch.map((entry) => entry.change));
      for (const entry of batch) entry.done();
    } catch {
      for (const entry of batch) {
        try {
          write(entry.change);
          entry.done();
        } catch (error) {
          entry.failed(error);
        }
      }
    }
  };

  return {
    write: (change) =>
      new Promise<void>((done, failed) => {
        if (!queue.length) setImmediate(commit);
        queue.push({ change, done, failed });
      }),
    loadAll(): StoredSession[] {
      commit();
      const sessions = new Map<string, StoredSession>(
        selectSessions.all().map((row) => [
          row.code,
          { code: row.code, schemaVersion: row.schema_version, state: JSON.parse(row.state), parts: {}, rows: [], updatedAt: row.updated_at },
        ]),
      );
      for (const part of selectParts.all()) {
        const session = sessions.get(part.code);
        if (session) session.parts[part.name] = JSON.parse(part.data);
      }
      for (const row of selectRows.all()) sessions.get(row.code)?.rows.push({ kind: row.kind, id: row.id, seq: row.seq, data: JSON.parse(row.data) });
      return [...sessions.values()];
    },
    delete(code) {
      commit();
      remove([code]);
    },
    deleteOlderThan(before) {
      commit();
      const codes = selectOld.all(before).map((row) => row.code);
      remove(codes);
      return codes;
    },
    close() {
      commit();
      db.close();
    },
  };
}

/** The one-time conversion from layout 1: the participants and deals each session's state holds become rows. */
function moveRowsOutOfStates(db: Database.Database, write: (change: SessionWrite) => void): void {
  const sessions = db.prepare<[], { code: string; schema_version: number; state: string; updated_at: number }>('SELECT code, schema_version, state, updated_at FROM sessions').all();
  const lastSeq = db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM session_rows WHERE code = ?');
  for (const row of sessions) {
    const moved = rowsOutOfState(JSON.parse(row.state) as State, lastSeq.get(row.code)?.seq ?? -1);
    if (moved) write({ code: row.code, schemaVersion: row.schema_version, updatedAt: row.updated_at, state: moved.state, upserts: moved.upserts });
  }
}

function tableHas(db: Database.Database, table: string, column: string): boolean {
  return db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).some((row) => row.name === column);
}

/**
 * The one-time conversion from whole snapshots: each is brought to the current shape and laid out
 * in state, parts and rows. One that a newer version of the app wrote stays in sessions_whole.
 */
function convertWholeSnapshots(db: Database.Database, write: (change: SessionWrite) => void): void {
  const old = db.prepare<[], { code: string; schema_version: number; snapshot: string; updated_at: number }>('SELECT code, schema_version, snapshot, updated_at FROM sessions_whole').all();
  const drop = db.prepare('DELETE FROM sessions_whole WHERE code = ?');
  for (const row of old) {
    const snapshot = migrate(JSON.parse(row.snapshot), row.schema_version) as unknown as Persisted | null;
    if (!snapshot) continue;
    const { context } = snapshot;
    const upserts: StoredRow[] = rowsOf(context).map((row, seq) => ({ ...row, seq }));
    const parts = Object.fromEntries(PART_NAMES.map((name) => [name, partOf(context, name)]));
    write({ code: row.code, schemaVersion: SNAPSHOT_SCHEMA_VERSION, updatedAt: row.updated_at, state: stateOf(snapshot), parts, upserts });
    drop.run(row.code);
  }
  if ((db.prepare<[], { left: number }>('SELECT count(*) AS left FROM sessions_whole').get()?.left ?? 0) === 0) db.exec('DROP TABLE sessions_whole');
}
