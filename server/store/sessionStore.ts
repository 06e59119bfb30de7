/**
 * Where sessions live between events and across restarts. A session is stored as its small state,
 * its parts (content, written once) and its rows (what participants write), see ./layout.ts; a
 * write carries only what changed since the session's last one.
 */

/** One row of a session's growing collections. `seq` keeps the order it was first written in. */
export interface StoredRow {
  kind: string;
  id: string;
  seq: number;
  data: unknown;
}

export interface StoredSession {
  code: string;
  /** The shape the state was saved in (see ./migrations.ts). */
  schemaVersion: number;
  state: unknown;
  parts: Record<string, unknown>;
  rows: StoredRow[];
  /** Epoch ms of the last change; the retention period counts from here. */
  updatedAt: number;
}

/** What changed in one session: written at once, all or nothing. Absent fields are unchanged. */
export interface SessionWrite {
  code: string;
  schemaVersion: number;
  updatedAt: number;
  state?: unknown;
  parts?: Record<string, unknown>;
  upserts?: StoredRow[];
  deletes?: { kind: string; id: string }[];
}

/** A value now (the embedded store) or later (a store across the network). */
export type Awaitable<T> = T | Promise<T>;

/**
 * Every store keeps the same promises; one contract test suite checks them all. A store that
 * commits later returns a promise from `write`: the change is committed when it resolves, and the
 * changes of one session commit in the order they were written (so the last promise of a session
 * resolving means all its earlier ones did).
 */
export interface SessionStore {
  /** Fails with SessionLost when another server took the session (a shared store). */
  write(change: SessionWrite): Awaitable<void>;
  /** Every stored session, of any schema version. */
  loadAll(): Awaitable<StoredSession[]>;
  delete(code: string): Awaitable<void>;
  /** Deletes sessions untouched since `before`; returns their codes. */
  deleteOlderThan(before: number): Awaitable<string[]>;
  /** After the writes given so far are committed. */
  close(): Awaitable<void>;
  /** Fails when the store cannot be reached (a store across the network). */
  ping?(): Promise<void>;
  /** Present when several servers share the store. */
  sharing?: SessionSharing;
}

/**
 * Several servers, one store: each session is run by one server at a time, the one that took it
 * last. Taking a session makes every later write of the server that had it fail (a fencing token
 * in the store, checked in the write's own transaction), so a server that was paused or cut off
 * can never change a session another one runs now.
 */
export interface SessionSharing {
  /** Takes the session for this server, from whichever had it, and gives it as stored; null when there is no such session. */
  take(code: string): Promise<StoredSession | null>;
  /** `listener` hears of each session this server had and another took (found out within a second, or at the next write). */
  onLost(listener: (code: string) => void): void;
  /** Lets go of every session this server has, after their pending writes: for a shutdown. */
  releaseAll(): Promise<void>;
}

/** A write of a session that another server took. */
export class SessionLost extends Error {
  constructor(readonly code: string) {
    super(`session ${code} is run by another server now`);
    this.name = 'SessionLost';
  }
}

const rowKey = (row: { kind: string; id: string }) => `${row.kind}\u0000${row.id}`;

/** Keeps everything in this process; for tests and the simulator. */
export function createMemoryStore(): SessionStore {
  const sessions = new Map<string, { meta: Omit<StoredSession, 'parts' | 'rows'>; parts: Map<string, unknown>; rows: Map<string, StoredRow> }>();
  return {
    write({ code, schemaVersion, updatedAt, state, parts, upserts, deletes }) {
      const session = sessions.get(code) ?? { meta: { code, schemaVersion, state: null, updatedAt }, parts: new Map(), rows: new Map() };
      session.meta = { ...session.meta, schemaVersion, updatedAt, ...(state === undefined ? {} : { state: structuredClone(state) }) };
      for (const [name, value] of Object.entries(parts ?? {})) session.parts.set(name, structuredClone(value));
      for (const row of upserts ?? []) session.rows.set(rowKey(row), structuredClone(row));
      for (const row of deletes ?? []) session.rows.delete(rowKey(row));
      sessions.set(code, session);
    },
    loadAll: () =>
      [...sessions.values()].map(({ meta, parts, rows }) =>
        structuredClone({ ...meta, parts: Object.fromEntries(parts), rows: [...rows.values()] }),
      ),
    delete: (code) => void sessions.delete(code),
    deleteOlderThan(before) {
      const old = [...sessions.values()].filter(({ meta }) => meta.updatedAt < before).map(({ meta }) => meta.code);
      for (const code of old) sessions.delete(code);
      return old;
    },
    close: () => sessions.clear(),
  };
}
