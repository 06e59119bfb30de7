/**
 * Sessions to and from the store. A SessionWriter writes what changed in one live session since
 * its last write — its small state, a part whose object changed, the rows that are new, changed or
 * gone — found by object identity, since the machine replaces what it changes and keeps the rest.
 * Stored sessions come back joined and migrated to the current shape.
 */
import type { SessionContext } from '../session/context.ts';
import type { SessionSnapshot } from '../session/views.ts';
import { encodedOnce } from './json.ts';
import { collectionOf, join, partOf, PART_NAMES, ROW_KINDS, stateOf, STATE_FREE_KEYS, type Persisted, type RowKind, type State } from './layout.ts';
import { migrate, SNAPSHOT_SCHEMA_VERSION } from './migrations.ts';
import type { SessionStore, StoredRow, StoredSession } from './sessionStore.ts';

export class SessionWriter {
  private readonly parts = new Map<string, unknown>();
  /** Per kind: the array last written, and each row's object and place. */
  private readonly arrays = new Map<RowKind, readonly object[] | null>();
  private readonly rows = new Map<RowKind, Map<string, { data: object; seq: number }>>();
  private state = '';
  /** What the state was last made from: the snapshot without its context (as JSON), and the context. */
  private stateFrom: { rest: string; context: SessionContext } | null = null;
  private nextSeq = 0;

  constructor(
    private readonly store: SessionStore,
    private readonly code: string,
    private readonly now: () => number,
  ) {}

  /**
   * Takes `snapshot` as written already (a session just restored from the store, with the places
   * its rows had there), so that the next write holds only what changes after it.
   */
  baseline(snapshot: Persisted, seqs: Map<string, number>): void {
    this.diff(snapshot, (kind, id) => seqs.get(`${kind}/${id}`));
  }

  /** Writes what changed since the last write; nothing when nothing did. A promise: committed when it resolves (see SessionStore). */
  write(snapshot: Persisted): void | Promise<void> {
    const change = this.diff(snapshot);
    if (!change.state && !change.parts && !change.upserts.length && !change.deletes.length) return;
    return this.store.write({
      code: this.code,
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      updatedAt: this.now(),
      ...(change.state ? { state: change.state } : {}),
      ...(change.parts ? { parts: change.parts } : {}),
      ...(change.upserts.length ? { upserts: change.upserts } : {}),
      ...(change.deletes.length ? { deletes: change.deletes } : {}),
    });
  }

  /** What differs from what was last written, and takes it as written. `knownSeq` places rows restored from the store. */
  private diff(snapshot: Persisted, knownSeq?: (kind: RowKind, id: string) => number | undefined) {
    const { context, ...rest } = snapshot;
    // The state is made and encoded only when something it holds may have changed: not for a
    // submission (a row of its own), and once, not again by the store (encodedOnce).
    const from = { rest: JSON.stringify(rest), context };
    let state: State | null = null;
    if (!this.stateFrom || this.stateFrom.rest !== from.rest || !sameStateSlices(this.stateFrom.context, context)) {
      const made = stateOf(snapshot);
      const json = encodedOnce(made);
      if (json !== this.state) state = made;
      this.state = json;
    }
    this.stateFrom = from;

    let parts: Record<string, unknown> | null = null;
    for (const name of PART_NAMES) {
      const value = partOf(context, name);
      if (this.parts.has(name) && this.parts.get(name) === value) continue;
      this.parts.set(name, value);
      (parts ??= {})[name] = value;
    }

    const upserts: StoredRow[] = [];
    const deletes: { kind: string; id: string }[] = [];
    for (const kind of ROW_KINDS) this.diffRows(context, kind, upserts, deletes, knownSeq);
    return { state, parts, upserts, deletes };
  }

  private diffRows(
    context: SessionContext,
    kind: RowKind,
    upserts: StoredRow[],
    deletes: { kind: string; id: string }[],
    knownSeq?: (kind: RowKind, id: string) => number | undefined,
  ): void {
    const { rows, id } = collectionOf(context, kind);
    // The same array as last time: none of its rows changed.
    if (this.arrays.has(kind) && this.arrays.get(kind) === rows) return;
    this.arrays.set(kind, rows);
    const before = this.rows.get(kind) ?? new Map<string, { data: object; seq: number }>();
    const after = new Map<string, { data: object; seq: number }>();
    (rows ?? []).forEach((data, index) => {
      const key = id(data, index);
      const earlier = before.get(key);
      const seq = earlier?.seq ?? knownSeq?.(kind, key) ?? this.nextSeq++;
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
      after.set(key, { data, seq });
      if (earlier?.data !== data && !knownSeq) upserts.push({ kind, id: key, seq, data });
    });
    for (const key of before.keys()) if (!after.has(key)) deletes.push({ kind, id: key });
    this.rows.set(kind, after);
  }
}

/** Whether two contexts hold the same state: every part of them that goes into it is the same object. */
function sameStateSlices(a: SessionContext, b: SessionContext): boolean {
  if (a === b) return true;
  const keys = Object.keys(b) as (keyof SessionContext)[];
  if (keys.length !== Object.keys(a).length) return false;
  for (const key of keys) if (!STATE_FREE_KEYS.has(key) && a[key] !== b[key]) return false;
  return true;
}

/**
 * A snapshot as XState persists it, without walking the context (`getPersistedSnapshot()` copies any
 * part that holds an actor; a session holds none).
 */
export function persisted(snapshot: SessionSnapshot): Persisted {
  const { status, value, historyValue, context } = snapshot as SessionSnapshot & { historyValue: unknown };
  return { status, value, historyValue, context, children: {} };
}

/** A stored session joined again and in the current shape, with the places of its rows; null when a newer version of the app saved it (it stays stored, unread). */
export function restoredSession({ code, schemaVersion, state, parts, rows }: StoredSession): RestoredSession | null {
  const snapshot = migrate(join(state as State, parts, rows), schemaVersion);
  return snapshot ? { code, snapshot, seqs: new Map(rows.map((row) => [`${row.kind}/${row.id}`, row.seq])) } : null;
}

export interface RestoredSession {
  code: string;
  snapshot: SessionSnapshot;
  seqs: Map<string, number>;
}

/** Every stored session, restored (see restoredSession). */
export async function loadSessions(store: SessionStore): Promise<RestoredSession[]> {
  return (await store.loadAll()).flatMap((stored) => restoredSession(stored) ?? []);
}
