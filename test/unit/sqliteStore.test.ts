import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/store/sqliteStore.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('sqlite store', () => {
  it('keeps the latest snapshot of each session across a reopen', () => {
    const dir = tempDir();
    const store = createSqliteStore(dir);
    store.save({ code: 'AAAAAA', snapshot: { step: 1 }, updatedAt: 10 });
    store.save({ code: 'AAAAAA', snapshot: { step: 2 }, updatedAt: 20 });
    store.save({ code: 'BBBBBB', snapshot: { step: 1 }, updatedAt: 30 });
    store.close();
    const reopened = createSqliteStore(dir);
    expect(reopened.loadAll()).toEqual([
      { code: 'AAAAAA', snapshot: { step: 2 }, updatedAt: 20 },
      { code: 'BBBBBB', snapshot: { step: 1 }, updatedAt: 30 },
    ]);
    reopened.close();
  });

  it('deletes one session, or all untouched since a moment', () => {
    const store = createSqliteStore(tempDir());
    for (const [code, updatedAt] of [['AAAAAA', 10], ['BBBBBB', 20], ['CCCCCC', 30]] as const) store.save({ code, snapshot: {}, updatedAt });
    store.delete('AAAAAA');
    expect(store.deleteOlderThan(25)).toEqual(['BBBBBB']);
    expect(store.loadAll().map((session) => session.code)).toEqual(['CCCCCC']);
    store.close();
  });
});
