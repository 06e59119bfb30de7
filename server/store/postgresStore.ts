/**
 * The store for several servers: PostgreSQL (`DATABASE_URL=postgres://…`). The same layout as the
 * embedded store (./sqliteStore.ts: a session's state, its parts, its rows; JSON kept as text, so
 * a session comes back exactly as written) and the same promises (./sessionStore.ts). A write is
 * one transaction and resolves once committed; the writes and the deletion of one session go one
 * after the other, those of different sessions side by side over a pool of connections.
 *
 * Ownership (SessionSharing): `session_owners` holds, per session, the server that runs it and a
 * fencing token that goes up by one each time a server takes it. Every write first reads that row
 * FOR SHARE and goes on only when it still names this server and the token it took: a server that
 * was paused or cut off while another took the session fails there, and a take waits for a write
 * in progress to commit, so it loads everything written before it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { encodedOnce } from './json.ts';
import { rowsOutOfState, type State } from './layout.ts';
import { SessionLost, type SessionStore, type SessionWrite, type StoredSession } from './sessionStore.ts';

/** Taken while the tables are made: two servers starting at once do not both make them. */
const SCHEMA_LOCK = 0x44726965;
/** A write that fails on a lost connection is tried again, after a pause that grows to this. */
const RETRY_MAX_MS = 2_000;
/** How often a server asks which of its sessions another one took (a write finds out at once). */
const LOST_CHECK_MS = 1_000;

/** The layout of the tables (as ./sqliteStore.ts's), kept in store_layout; none there is 1. */
const LAYOUT_VERSION = 2;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS store_layout (version INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS sessions (
    code TEXT PRIMARY KEY,
    schema_version INTEGER NOT NULL,
    state TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS session_parts (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (code, name)
  );
  CREATE TABLE IF NOT EXISTS session_rows (
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (code, kind, id)
  );
  CREATE TABLE IF NOT EXISTS session_owners (
    code TEXT PRIMARY KEY,
    node TEXT NOT NULL,
    fence BIGINT NOT NULL
  );
`;

type Client = pg.PoolClient;

async function inTransaction<T>(pool: pg.Pool, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Errors worth trying again: the connection or the server went away, or the server is starting or
 * stopping (SQLSTATE class 08, 57P0x; a socket error). A refused statement (a bug) is not.
 */
function isTransient(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code.startsWith('08') || code.startsWith('57P') || /^E[A-Z]+$/.test(code);
  return typeof message === 'string' && /Connection terminated|connection timeout/i.test(message);
}

async function writeChange(client: Client, { code, schemaVersion, updatedAt, state, parts, upserts, deletes }: SessionWrite): Promise<void> {
  if (state === undefined) {
    await client.query('UPDATE sessions SET schema_version = $2, updated_at = $3 WHERE code = $1', [code, schemaVersion, updatedAt]);
  } else {
    const json = typeof state === 'object' && state !== null ? encodedOnce(state) : JSON.stringify(state);
    await client.query(
      `INSERT INTO sessions (code, schema_version, state, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET schema_version = EXCLUDED.schema_version, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
      [code, schemaVersion, json, updatedAt],
    );
  }
  const partEntries = Object.entries(parts ?? {});
  if (partEntries.length) {
    await client.query(
      `INSERT INTO session_parts (code, name, data) SELECT $1, * FROM unnest($2::text[], $3::text[])
       ON CONFLICT (code, name) DO UPDATE SET data = EXCLUDED.data`,
      [code, partEntries.map(([name]) => name), partEntries.map(([, value]) => JSON.stringify(value))],
    );
  }
  if (upserts?.length) {
    await client.query(
      `INSERT INTO session_rows (code, kind, id, seq, data) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[])
       ON CONFLICT (code, kind, id) DO UPDATE SET seq = EXCLUDED.seq, data = EXCLUDED.data`,
      [code, upserts.map((row) => row.kind), upserts.map((row) => row.id), upserts.map((row) => row.seq), upserts.map((row) => JSON.stringify(row.data))],
    );
  }
  if (deletes?.length) {
    await client.query('DELETE FROM session_rows WHERE code = $1 AND (kind, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))', [
      code,
      deletes.map((row) => row.kind),
      deletes.map((row) => row.id),
    ]);
  }
}

async function deleteSessions(client: Client, codes: string[]): Promise<void> {
  for (const table of ['session_rows', 'session_parts', 'sessions', 'session_owners']) await client.query(`DELETE FROM ${table} WHERE code = ANY($1::text[])`, [codes]);
}

/** The sessions with these codes (all when null), joined from their tables. */
async function readSessions(db: pg.Pool | Client, codes: string[] | null): Promise<StoredSession[]> {
  const where = codes ? 'WHERE code = ANY($1::text[])' : '';
  const params = codes ? [codes] : [];
  const sessions = await db.query<{ code: string; schema_version: number; state: string; updated_at: string }>(`SELECT code, schema_version, state, updated_at FROM sessions ${where} ORDER BY code`, params);
  const parts = await db.query<{ code: string; name: string; data: string }>(`SELECT code, name, data FROM session_parts ${where}`, params);
  const rows = await db.query<{ code: string; kind: string; id: string; seq: number; data: string }>(`SELECT code, kind, id, seq, data FROM session_rows ${where}`, params);
  const byCode = new Map<string, StoredSession>(
    sessions.rows.map((row) => [row.code, { code: row.code, schemaVersion: row.schema_version, state: JSON.parse(row.state), parts: {}, rows: [], updatedAt: Number(row.updated_at) }]),
  );
  for (const part of parts.rows) {
    const session = byCode.get(part.code);
    if (session) session.parts[part.name] = JSON.parse(part.data);
  }
  for (const row of rows.rows) byCode.get(row.code)?.rows.push({ kind: row.kind, id: row.id, seq: row.seq, data: JSON.parse(row.data) });
  return [...byCode.values()];
}

/**
 * Brings the tables to the current layout, once: from layout 1, the participants and deals each
 * session's state holds become rows. (Every server must run this version by then: one still on the
 * old layout would go on writing them into the state.)
 */
async function upgradeLayout(client: Client): Promise<void> {
  const found = await client.query<{ version: number }>('SELECT version FROM store_layout');
  const layout = found.rows[0]?.version ?? 1;
  if (layout === LAYOUT_VERSION) return;
  if (layout === 1) {
    const sessions = await client.query<{ code: string; schema_version: number; state: string; updated_at: string }>(
      'SELECT code, schema_version, state, updated_at FROM sessions',
    );
    for (const row of sessions.rows) {
      const last = await client.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM session_rows WHERE code = $1', [row.code]);
      const moved = rowsOutOfState(JSON.parse(row.state) as State, last.rows[0]?.seq ?? -1);
      if (moved) await writeChange(client, { code: row.code, schemaVersion: row.schema_version, updatedAt: Number(row.updated_at), state: moved.state, upserts: moved.upserts });
    }
  }
  await client.query('DELETE FROM store_layout');
  await client.query('INSERT INTO store_layout (version) VALUES ($1)', [LAYOUT_VERSION]);
}

/** Connects, makes the tables when they are missing, and gives the store. `node` names this server in the owners' table. */
export async function openPostgresStore(connectionString: string, node: string = randomUUID()): Promise<SessionStore> {
  const pool = new pg.Pool({ connectionString, max: 8 });
  // An idle connection that breaks must not end the process; the next query gets a new one.
  pool.on('error', () => {});
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(SCHEMA);
    await upgradeLayout(client);
  });

  /** Per session, the last of its writes and deletions given: the next one waits for it. */
  const tails = new Map<string, Promise<void>>();
  /** The fencing token of each session this server has. */
  const fences = new Map<string, string>();
  const lostListeners: ((code: string) => void)[] = [];
  let closed = false;

  function lose(code: string): void {
    if (!fences.delete(code)) return;
    for (const listener of lostListeners) listener(code);
  }

  /** Goes on only while this server still has the session (its row locked until the commit); a new session gets its row. */
  async function own(client: Client, code: string): Promise<void> {
    const fence = fences.get(code);
    if (fence === undefined) {
      const made = await client.query('INSERT INTO session_owners (code, node, fence) VALUES ($1, $2, 1) ON CONFLICT (code) DO NOTHING', [code, node]);
      if (made.rowCount !== 1) throw new SessionLost(code);
      fences.set(code, '1');
      return;
    }
    const owner = await client.query<{ node: string; fence: string }>('SELECT node, fence FROM session_owners WHERE code = $1 FOR SHARE', [code]);
    const row = owner.rows[0];
    if (row?.node !== node || row.fence !== fence) throw new SessionLost(code);
  }

  /** Runs `work` after the session's earlier work, in a transaction, trying again while the database is away. */
  function inOrder(code: string, work: (client: Client) => Promise<void>): Promise<void> {
    const run = async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await inTransaction(pool, work);
        } catch (error) {
          if (error instanceof SessionLost) lose(code);
          if (closed || !isTransient(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MAX_MS, 50 * 2 ** attempt)));
        }
      }
    };
    const tail = (tails.get(code) ?? Promise.resolve()).then(run);
    const settled = tail.catch(() => {});
    tails.set(code, settled);
    void settled.then(() => tails.get(code) === settled && tails.delete(code));
    return tail;
  }

  /** The sessions this server has that another took (or that retention deleted). */
  async function checkLost(): Promise<void> {
    if (!fences.size) return;
    const held = [...fences];
    const { rows } = await pool.query<{ code: string }>(
      `SELECT held.code FROM unnest($1::text[], $2::bigint[]) AS held(code, fence)
       LEFT JOIN session_owners AS owner ON owner.code = held.code
       WHERE owner.code IS NULL OR owner.node <> $3 OR owner.fence <> held.fence`,
      [held.map(([code]) => code), held.map(([, fence]) => fence), node],
    );
    // A session taken again meanwhile has another token: only the ones still as asked about are lost.
    for (const { code } of rows) if (fences.get(code) === held.find(([known]) => known === code)?.[1]) lose(code);
  }
  const checker = setInterval(() => void checkLost().catch(() => {}), LOST_CHECK_MS);
  checker.unref();

  return {
    write: (change) => inOrder(change.code, async (client) => {
      await own(client, change.code);
      await writeChange(client, change);
    }),
    loadAll: () => readSessions(pool, null),
    ping: async () => void (await pool.query('SELECT 1')),
    delete: (code) =>
      inOrder(code, async (client) => {
        await own(client, code);
        await deleteSessions(client, [code]);
        fences.delete(code);
      }),
    async deleteOlderThan(before) {
      return inTransaction(pool, async (client) => {
        const old = await client.query<{ code: string }>('SELECT code FROM sessions WHERE updated_at < $1 FOR UPDATE', [before]);
        const codes = old.rows.map((row) => row.code);
        if (codes.length) await deleteSessions(client, codes);
        return codes;
      });
    },
    sharing: {
      async take(code) {
        // After this server's own pending work on it (a session lost and taken back at once).
        await tails.get(code);
        const taken = await inTransaction(pool, async (client) => {
          // A session stored before owners were kept gets its row here.
          const owner = await client.query<{ fence: string }>(
            `INSERT INTO session_owners (code, node, fence) SELECT code, $2, 1 FROM sessions WHERE code = $1
             ON CONFLICT (code) DO UPDATE SET node = EXCLUDED.node, fence = session_owners.fence + 1 RETURNING fence`,
            [code, node],
          );
          const fence = owner.rows[0]?.fence;
          const [session] = fence === undefined ? [] : await readSessions(client, [code]);
          return fence === undefined || !session ? null : { fence, session };
        });
        if (!taken) return null;
        fences.set(code, taken.fence);
        return taken.session;
      },
      onLost: (listener) => void lostListeners.push(listener),
      async releaseAll() {
        await Promise.all(tails.values());
        const codes = [...fences.keys()];
        fences.clear();
        await pool.query("UPDATE session_owners SET node = '' WHERE node = $1 AND code = ANY($2::text[])", [node, codes]);
      },
    },
    async close() {
      clearInterval(checker);
      await Promise.all(tails.values());
      closed = true;
      await pool.end();
    },
  };
}
