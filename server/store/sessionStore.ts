/** Where sessions live between events and across restarts. */
export interface StoredSession {
  code: string;
  /** The shape `snapshot` was saved in (see ./migrations.ts). */
  schemaVersion: number;
  /** The actor's persisted snapshot (`actor.getPersistedSnapshot()`). */
  snapshot: unknown;
  /** Epoch ms of the last change; the retention period counts from here. */
  updatedAt: number;
}

export interface SessionStore {
  save(session: StoredSession): void;
  /** Every stored session, of any schema version. */
  loadAll(): StoredSession[];
  delete(code: string): void;
  /** Deletes sessions untouched since `before`; returns their codes. */
  deleteOlderThan(before: number): string[];
  close(): void;
}

/** Keeps everything in this process; for tests and the simulator. */
export function createMemoryStore(): SessionStore {
  const sessions = new Map<string, StoredSession>();
  return {
    save: (session) => void sessions.set(session.code, structuredClone(session)),
    loadAll: () => [...sessions.values()].map((session) => structuredClone(session)),
    delete: (code) => void sessions.delete(code),
    deleteOlderThan(before) {
      const old = [...sessions.values()].filter((session) => session.updatedAt < before).map((session) => session.code);
      for (const code of old) sessions.delete(code);
      return old;
    },
    close: () => sessions.clear(),
  };
}
