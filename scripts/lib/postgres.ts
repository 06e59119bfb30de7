/**
 * A throwaway PostgreSQL for tests and for trying several servers on one machine: Debian's binaries
 * (package `postgresql`), a cluster made with initdb in a temporary folder, listening on 127.0.0.1
 * and a free port only, removed again by `stop()`. PostgreSQL refuses to run as root: as root the
 * cluster belongs to the `postgres` user the package creates.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './serverProcess.ts';

export interface Postgres {
  /** The postmaster's process id (its backends are its children). */
  pid(): number;
  /** A database URL for the database `name` (made by `createDatabase`), `postgres` by default. */
  url(name?: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The folder with initdb and pg_ctl: POSTGRES_BIN, Debian's newest /usr/lib/postgresql/N/bin, or where the PATH has initdb. */
export function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) if (existsSync(join(root, version, 'bin', 'initdb'))) return join(root, version, 'bin');
  const onPath = (process.env.PATH ?? '').split(':').find((dir) => dir && existsSync(join(dir, 'initdb')));
  if (onPath) return onPath;
  throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set POSTGRES_BIN to the folder with initdb and pg_ctl)');
}

/** As root: the uid and gid of `postgres`. */
function owner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()));
  return { uid: uid!, gid: gid! };
}

function run(command: string, args: string[], as: { uid: number; gid: number } | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(as ?? {}) });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim()}`))));
  });
}

const USER = 'driegesprek';

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir();
  const as = owner();
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-pg-'));
  if (as) chownSync(dir, as.uid, as.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], as);
    // The socket goes in the temporary folder too; fsync off: a test database need not survive a power cut.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    await run(pgCtl, ['start', '-w', '-D', data, '-l', join(dir, 'log'), '-o', options], as);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = (name = 'postgres') => `postgres://${USER}@127.0.0.1:${port}/${name}`;
  return {
    url,
    pid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      await run(pgCtl, ['stop', '-m', 'immediate', '-D', data], as).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
