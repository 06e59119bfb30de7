/** One contract for every store: what the server may rely on, whichever keeps the sessions. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type SessionStore, type SessionWrite } from '../../server/store/sessionStore.ts';
import { createSqliteStore } from '../../server/store/sqliteStore.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Opens a store; `reopen` gives the same sessions through a new handle where the store outlives it. */
interface Kind {
  name: string;
  open(): { store: SessionStore; reopen(): SessionStore | null };
}

const kinds: Kind[] = [
  { name: 'memory', open: () => ({ store: createMemoryStore(), reopen: () => null }) },
  {
    name: 'sqlite',
    open() {
      const dir = mkdtempSync(join(tmpdir(), 'driegesprek-store-'));
      dirs.push(dir);
      return { store: createSqliteStore(dir), reopen: () => createSqliteStore(dir) };
    },
  },
];

const created = (code: string, updatedAt: number): SessionWrite => ({
  code,
  schemaVersion: 3,
  updatedAt,
  state: { phase: 0 },
  parts: { programme: { title: 'Tienminutengesprekken' }, ownCardSet: null },
  upserts: [{ kind: 'submission', id: 'p1/k1', seq: 0, data: { text: 'Agenda vooraf' } }],
});

describe.each(kinds)('$name store', ({ open }) => {
  it('keeps each session as its state, parts and rows; a later write changes only what it names', () => {
    const { store, reopen } = open();
    store.write(created('AAAAAA', 10));
    store.write(created('BBBBBB', 15));
    // A new note and a new phase; the programme is not written again.
    store.write({ code: 'AAAAAA', schemaVersion: 3, updatedAt: 20, state: { phase: 1 }, upserts: [{ kind: 'submission', id: 'p2/k1', seq: 1, data: { text: 'Doorvragen' } }] });
    // An edited row keeps its place; a removed one is gone; only the time moves.
    store.write({ code: 'AAAAAA', schemaVersion: 3, updatedAt: 30, upserts: [{ kind: 'submission', id: 'p1/k1', seq: 0, data: { text: 'Agenda vooraf mailen' } }] });
    store.write({ code: 'BBBBBB', schemaVersion: 3, updatedAt: 40, deletes: [{ kind: 'submission', id: 'p1/k1' }] });
    const expected = [
      {
        code: 'AAAAAA',
        schemaVersion: 3,
        state: { phase: 1 },
        parts: { programme: { title: 'Tienminutengesprekken' }, ownCardSet: null },
        rows: [
          { kind: 'submission', id: 'p1/k1', seq: 0, data: { text: 'Agenda vooraf mailen' } },
          { kind: 'submission', id: 'p2/k1', seq: 1, data: { text: 'Doorvragen' } },
        ],
        updatedAt: 30,
      },
      { code: 'BBBBBB', schemaVersion: 3, state: { phase: 0 }, parts: { programme: { title: 'Tienminutengesprekken' }, ownCardSet: null }, rows: [], updatedAt: 40 },
    ];
    const sorted = (sessions: ReturnType<SessionStore['loadAll']>) =>
      sessions.map((session) => ({ ...session, rows: [...session.rows].sort((a, b) => a.seq - b.seq) })).sort((a, b) => a.code.localeCompare(b.code));
    expect(sorted(store.loadAll())).toEqual(expected);
    const again = reopen();
    if (again) {
      store.close();
      expect(sorted(again.loadAll())).toEqual(expected);
      again.close();
    }
  });

  it('gives copies: changing a loaded session changes nothing stored', () => {
    const { store } = open();
    store.write(created('AAAAAA', 10));
    (store.loadAll()[0]!.state as { phase: number }).phase = 9;
    (store.loadAll()[0]!.rows[0]!.data as { text: string }).text = 'anders';
    expect(store.loadAll()[0]).toMatchObject({ state: { phase: 0 }, rows: [{ data: { text: 'Agenda vooraf' } }] });
  });

  it('deletes one session with everything in it, or all untouched since a moment', () => {
    const { store } = open();
    for (const [code, updatedAt] of [['AAAAAA', 10], ['BBBBBB', 20], ['CCCCCC', 30]] as const) store.write(created(code, updatedAt));
    store.delete('AAAAAA');
    expect(store.deleteOlderThan(25)).toEqual(['BBBBBB']);
    expect(store.loadAll().map((session) => session.code)).toEqual(['CCCCCC']);
    store.close();
  });
});
