/**
 * One contract for every store: what the server may rely on, whichever keeps the sessions. The
 * PostgreSQL store runs against a PostgreSQL this test starts itself (Debian's binaries, a temporary
 * cluster on 127.0.0.1), a fresh database per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/store/postgresStore.ts';
import { createMemoryStore, type SessionStore, type SessionWrite, type StoredSession } from '../../server/store/sessionStore.ts';
import { createSqliteStore } from '../../server/store/sqliteStore.ts';
import { usePostgres } from '../helpers/postgres.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const postgres = usePostgres();

/**
 * Opens a store; `reopen` gives the same sessions through a new handle where the store outlives it,
 * `markLayout1` (the store closed) makes it look as a store of layout 1 did.
 */
interface Kind {
  name: string;
  open(): Promise<{ store: SessionStore; reopen: (() => Promise<SessionStore>) | null; markLayout1?: () => Promise<void> }>;
}

const kinds: Kind[] = [
  { name: 'memory', open: async () => ({ store: createMemoryStore(), reopen: null }) },
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'driegesprek-store-'));
      dirs.push(dir);
      const markLayout1 = async () => {
        const db = new Database(join(dir, 'driegesprek.sqlite'));
        db.pragma('user_version = 1');
        db.close();
      };
      return { store: createSqliteStore(dir), reopen: async () => createSqliteStore(dir), markLayout1 };
    },
  },
  {
    name: 'postgres',
    async open() {
      const url = await postgres.newDatabase();
      const markLayout1 = async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query('DELETE FROM store_layout');
        await client.end();
      };
      return { store: await openPostgresStore(url), reopen: () => openPostgresStore(url), markLayout1 };
    },
  },
];

const sorted = (sessions: StoredSession[]) =>
  sessions.map((session) => ({ ...session, rows: [...session.rows].sort((a, b) => a.seq - b.seq) })).sort((a, b) => a.code.localeCompare(b.code));

const created = (code: string, updatedAt: number): SessionWrite => ({
  code,
  schemaVersion: 3,
  updatedAt,
  state: { phase: 0 },
  parts: { programme: { title: 'Tienminutengesprekken' }, ownCardSet: null },
  upserts: [{ kind: 'submission', id: 'p1/k1', seq: 0, data: { text: 'Agenda vooraf' } }],
});

describe.each(kinds.filter((kind) => kind.name !== 'memory'))('$name store of layout 1', ({ open }) => {
  it('takes the participants and deals out of each state as rows, once, and keeps every time as it was', async () => {
    const { store, reopen, markLayout1 } = await open();
    const participants = [
      { id: 'p1', name: 'Ayla' },
      { id: 'p2', name: 'Bram' },
    ];
    const deals = [{ p1: { groupId: 'g1', role: 'mentor', cardId: 'm' } }, { p2: { groupId: 'g1', role: 'mentor', cardId: 'm' } }];
    // As layout 1 wrote them: participants and deals in the state.
    await store.write({
      code: 'AAAAAA',
      schemaVersion: 3,
      updatedAt: 10,
      state: { context: { phaseIndex: 4, participants, roleplay: { stage: 'playing', deals } } },
      upserts: [{ kind: 'submission', id: 'p1/k1', seq: 0, data: { text: 'Agenda vooraf' } }],
    });
    await store.write({ code: 'BBBBBB', schemaVersion: 3, updatedAt: 20, state: { context: { phaseIndex: -1, participants: [], roleplay: null } } });
    await store.close();
    await markLayout1!();

    const expected = [
      {
        code: 'AAAAAA',
        schemaVersion: 3,
        state: { context: { phaseIndex: 4, participants: [], roleplay: { stage: 'playing', deals: [] } } },
        parts: {},
        rows: [
          { kind: 'submission', id: 'p1/k1', seq: 0, data: { text: 'Agenda vooraf' } },
          { kind: 'participant', id: 'p1', seq: 1, data: participants[0] },
          { kind: 'participant', id: 'p2', seq: 2, data: participants[1] },
          { kind: 'deal', id: '0', seq: 3, data: deals[0] },
          { kind: 'deal', id: '1', seq: 4, data: deals[1] },
        ],
        updatedAt: 10,
      },
      { code: 'BBBBBB', schemaVersion: 3, state: { context: { phaseIndex: -1, participants: [], roleplay: null } }, parts: {}, rows: [], updatedAt: 20 },
    ];
    const upgraded = await reopen!();
    expect(sorted(await upgraded.loadAll())).toEqual(expected);
    await upgraded.close();
    // Opened again: nothing more to do.
    const again = await reopen!();
    expect(sorted(await again.loadAll())).toEqual(expected);
    await again.close();
  });
});

describe.each(kinds)('$name store', ({ open }) => {
  it('keeps each session as its state, parts and rows; a later write changes only what it names', async () => {
    const { store, reopen } = await open();
    await store.write(created('AAAAAA', 10));
    await store.write(created('BBBBBB', 15));
    // A new note and a new phase; the programme is not written again.
    await store.write({ code: 'AAAAAA', schemaVersion: 3, updatedAt: 20, state: { phase: 1 }, upserts: [{ kind: 'submission', id: 'p2/k1', seq: 1, data: { text: 'Doorvragen' } }] });
    // An edited row keeps its place; a removed one is gone; only the time moves.
    await store.write({ code: 'AAAAAA', schemaVersion: 3, updatedAt: 30, upserts: [{ kind: 'submission', id: 'p1/k1', seq: 0, data: { text: 'Agenda vooraf mailen' } }] });
    await store.write({ code: 'BBBBBB', schemaVersion: 3, updatedAt: 40, deletes: [{ kind: 'submission', id: 'p1/k1' }] });
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
    expect(sorted(await store.loadAll())).toEqual(expected);
    await store.close();
    if (reopen) {
      const again = await reopen();
      expect(sorted(await again.loadAll())).toEqual(expected);
      await again.close();
    }
  });

  it('gives copies: changing a loaded session changes nothing stored', async () => {
    const { store } = await open();
    await store.write(created('AAAAAA', 10));
    ((await store.loadAll())[0]!.state as { phase: number }).phase = 9;
    ((await store.loadAll())[0]!.rows[0]!.data as { text: string }).text = 'anders';
    expect((await store.loadAll())[0]).toMatchObject({ state: { phase: 0 }, rows: [{ data: { text: 'Agenda vooraf' } }] });
    await store.close();
  });

  it('deletes one session with everything in it, or all untouched since a moment', async () => {
    const { store } = await open();
    for (const [code, updatedAt] of [['AAAAAA', 10], ['BBBBBB', 20], ['CCCCCC', 30]] as const) await store.write(created(code, updatedAt));
    await store.delete('AAAAAA');
    expect(await store.deleteOlderThan(25)).toEqual(['BBBBBB']);
    expect((await store.loadAll()).map((session) => session.code)).toEqual(['CCCCCC']);
    await store.close();
  });

  it('commits the writes of one session in the order given, also when given at once; close waits for them', async () => {
    const { store, reopen } = await open();
    // The server does not wait for one write before it gives the next (the machine moves on).
    const writes: unknown[] = [store.write(created('AAAAAA', 1)), store.write(created('BBBBBB', 1))];
    for (let i = 1; i <= 40; i++) {
      writes.push(store.write({ code: 'AAAAAA', schemaVersion: 3, updatedAt: 1 + i, state: { phase: i }, upserts: [{ kind: 'submission', id: `p1/k${i % 3}`, seq: i % 3, data: { text: `versie ${i}` } }] }));
    }
    writes.push(store.delete('BBBBBB'), store.write(created('BBBBBB', 99)));
    // A store that outlives its handle is read through a new one, after close: close waited for every write.
    const again = reopen ? (await store.close(), await reopen()) : store;
    expect(sorted(await again.loadAll()).map(({ code, state, rows, updatedAt }) => ({ code, state, texts: rows.map((row) => row.data), updatedAt }))).toEqual([
      { code: 'AAAAAA', state: { phase: 40 }, texts: [{ text: 'versie 39' }, { text: 'versie 40' }, { text: 'versie 38' }], updatedAt: 41 },
      { code: 'BBBBBB', state: { phase: 0 }, texts: [{ text: 'Agenda vooraf' }], updatedAt: 99 },
    ]);
    await Promise.all(writes);
    await again.close();
  });
});

describe('sqlite store', () => {
  const sqlite = kinds.find((kind) => kind.name === 'sqlite')!;

  it('commits the writes given in one turn together, each promise once they are; one that cannot be written fails alone', async () => {
    const { store, reopen } = await sqlite.open();
    const unwritable: SessionWrite = { ...created('BBBBBB', 1), state: { phase: 10n } };
    const writes = [store.write(created('AAAAAA', 1)), store.write(unwritable), store.write(created('CCCCCC', 1))];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // What a resolved promise promised is in the file, for a server that opens it now.
    const other = await reopen!();
    expect((await other.loadAll()).map((session) => session.code).sort()).toEqual(['AAAAAA', 'CCCCCC']);
    await other.close();
    await store.close();
  });
});
