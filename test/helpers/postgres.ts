/** A throwaway PostgreSQL for the tests of one file (scripts/lib/postgres.ts), and a fresh database per use. */
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type Postgres } from '../../scripts/lib/postgres.ts';

export function usePostgres() {
  let postgres: Postgres | null = null;
  let databases = 0;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(() => postgres?.stop());
  return {
    /** The URL of a new, empty database. */
    newDatabase(): Promise<string> {
      if (!postgres) throw new Error('no PostgreSQL outside a test');
      return postgres.createDatabase(`test_${++databases}`);
    },
  };
}
