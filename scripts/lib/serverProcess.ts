/**
 * The production server as a child process, for whoever must kill it for real (kill -9): compiled,
 * as `npm start` runs it (dist/server/index.js, built by `npm run build:server`). It listens on
 * 127.0.0.1 only, keeps its SQLite file in the DATA_DIR it is given, and is ready once it prints
 * its "Driegesprek draait op" line. The simulator's crash rehearsal (ownServer.ts) and the tests
 * (test/helpers/serverProcess.ts adds a clock offset) start it this way, and so does npm run cluster
 * (./cluster.ts) for each of its nodes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_LINE = 'Driegesprek draait op';
/** The compiled server (scripts/buildServer.ts). */
export const SERVER_FILE = 'dist/server/index.js';

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerProcessOptions {
  port: number;
  dataDir: string;
  /** Another content/ directory (CONTENT_DIR); the project's own by default. */
  contentDir?: string;
  /** How long start-up may take before `ready` rejects. */
  startTimeoutMs?: number;
  /** The compiled server to run, relative to the project; SERVER_FILE by default. */
  serverFile?: string;
  /** Node options before the file (e.g. `--import` preloads). */
  nodeArgs?: string[];
  /** More environment variables for the process. */
  env?: NodeJS.ProcessEnv;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** performance.now() right after the spawn. */
  readonly spawnedAt: number;
  /** Resolves with the ms from spawn to the ready line; rejects if the process exits first or is too slow. */
  readonly ready: Promise<number>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` unless it has already exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnServer({ port, dataDir, contentDir, startTimeoutMs = 15_000, serverFile = SERVER_FILE, nodeArgs = [], env: extraEnv = {} }: ServerProcessOptions): ServerProcess {
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  if (contentDir) env.CONTENT_DIR = contentDir;
  const child = spawn(process.execPath, [...nodeArgs, serverFile], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const spawnedAt = performance.now();
  let output = '';
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve(performance.now() - spawnedAt);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
  // A caller that never awaits `ready` must not see an unhandled rejection when it stops the process.
  ready.catch(() => {});

  return {
    child,
    url,
    spawnedAt,
    ready,
    output: () => output,
    async stop(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
