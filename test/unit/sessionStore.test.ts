/** One contract for every store: what the server may rely on, whichever keeps the sessions. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type SessionStore } from '../../server/store/sessionStore.ts';
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

describe.each(kinds)('$name store', ({ open }) => {
  it('keeps the latest snapshot of each session, with the version it was saved in', () => {
    const { store, reopen } = open();
    store.save({ code: 'AAAAAA', schemaVersion: 1, snapshot: { step: 1 }, updatedAt: 10 });
    store.save({ code: 'AAAAAA', schemaVersion: 2, snapshot: { step: 2 }, updatedAt: 20 });
    store.save({ code: 'BBBBBB', schemaVersion: 1, snapshot: { step: 1 }, updatedAt: 30 });
    const expected = [
      { code: 'AAAAAA', schemaVersion: 2, snapshot: { step: 2 }, updatedAt: 20 },
      { code: 'BBBBBB', schemaVersion: 1, snapshot: { step: 1 }, updatedAt: 30 },
    ];
    expect(store.loadAll()).toEqual(expected);
    const again = reopen();
    if (again) {
      store.close();
      expect(again.loadAll()).toEqual(expected);
      again.close();
    }
  });

  it('gives copies: changing a loaded snapshot changes nothing stored', () => {
    const { store } = open();
    store.save({ code: 'AAAAAA', schemaVersion: 2, snapshot: { names: ['Anouk'] }, updatedAt: 10 });
    (store.loadAll()[0]!.snapshot as { names: string[] }).names.push('Bram');
    expect(store.loadAll()[0]!.snapshot).toEqual({ names: ['Anouk'] });
  });

  it('deletes one session, or all untouched since a moment', () => {
    const { store } = open();
    for (const [code, updatedAt] of [['AAAAAA', 10], ['BBBBBB', 20], ['CCCCCC', 30]] as const) store.save({ code, schemaVersion: 2, snapshot: {}, updatedAt });
    store.delete('AAAAAA');
    expect(store.deleteOlderThan(25)).toEqual(['BBBBBB']);
    expect(store.loadAll().map((session) => session.code)).toEqual(['CCCCCC']);
    store.close();
  });
});
