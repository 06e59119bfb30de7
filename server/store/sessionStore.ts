/** Where sessions live between events and across restarts. */
export interface StoredSession {
  code: string;
  /** The actor's persisted snapshot (`actor.getPersistedSnapshot()`). */
  snapshot: unknown;
}

export interface SessionStore {
  save(session: StoredSession): void;
  loadAll(): StoredSession[];
  delete(code: string): void;
  close(): void;
}

/** Keeps everything in this process; for tests and the simulator. */
export function createMemoryStore(): SessionStore {
  const sessions = new Map<string, StoredSession>();
  return {
    save: (session) => void sessions.set(session.code, structuredClone(session)),
    loadAll: () => [...sessions.values()].map((session) => structuredClone(session)),
    delete: (code) => void sessions.delete(code),
    close: () => sessions.clear(),
  };
}
