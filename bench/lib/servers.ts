/**
 * The servers under test as child processes: the app started the way `npm start` starts it (read
 * from its package.json when the bench starts, since that may change), and the plain Socket.IO baseline. Each is
 * pinned to the server core, listens on 127.0.0.1 with a temporary DATA_DIR, and is killed with
 * its whole process tree when the bench ends, however it ends.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { delimiter, join } from 'node:path';
import WebSocket from 'ws';
import { isAlive, killTree, listeningPid } from './proc.ts';
import { sleep } from './stats.ts';

export const PROJECT_ROOT = new URL('../..', import.meta.url).pathname;

/** The app's limits per address are for a school behind one; the bench's whole load comes from 127.0.0.1. */
export const LOAD_FROM_ONE_ADDRESS = { MAX_NEW_SESSIONS_PER_ADDRESS: '100000', MAX_PHONES_PER_ADDRESS: '100000' };

export interface ServerProcess {
  readonly label: string;
  readonly url: string;
  readonly port: number;
  /** performance.now() right after the spawn. */
  readonly spawnedAt: number;
  /** ms from the spawn until the server first answered HTTP. */
  readonly readyMs: number;
  /** The process that listens on the port (below any wrapper such as tsx). */
  readonly pid: number;
  output(): string;
  /** kill -9 of the whole process tree; resolves once the tree is gone. */
  kill(): Promise<void>;
}

const live = new Set<{ root: ChildProcess }>();

/** Last resort on exit, Ctrl-C or a crash: no server outlives the bench. Synchronous on purpose. */
export function killAllServers(): void {
  for (const entry of live) if (entry.root.pid) killTree(entry.root.pid, 'SIGKILL');
  live.clear();
}

export { freePort } from '../../scripts/lib/serverProcess.ts';

/** One HTTP GET without keep-alive: a poll must not leave a connection open on the server. */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 1000, headers: { connection: 'close' } }, (response) => {
      response.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => (req.destroy(), resolve(false)));
    req.end();
  });
}

const binPath = (project: string) => [join(project, 'node_modules/.bin'), process.env.PATH ?? ''].join(delimiter);

export interface SpawnOptions {
  label: string;
  /** The project folder the command runs in. */
  cwd: string;
  /** A shell command, run with node_modules/.bin on the PATH (as npm runs scripts). */
  command: string;
  port: number;
  env: NodeJS.ProcessEnv;
  /** Pin the server to this core (taskset). */
  core: number | null;
  startTimeoutMs?: number;
}

export async function spawnServer({ label, cwd, command, port, env, core, startTimeoutMs = 60_000 }: SpawnOptions): Promise<ServerProcess> {
  const shell = ['sh', '-c', `exec ${command}`];
  const argv = core === null ? shell : ['taskset', '-c', String(core), ...shell];
  const root = spawn(argv[0]!, argv.slice(1), {
    cwd,
    env: { ...process.env, ...env, PATH: binPath(cwd) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spawnedAt = performance.now();
  const entry = { root };
  live.add(entry);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    // A chatty server must not grow the bench's memory without bound.
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  root.stdout?.on('data', collect);
  root.stderr?.on('data', collect);
  let exited = false;
  const exit = new Promise<void>((resolve) => root.once('exit', () => ((exited = true), live.delete(entry), resolve())));

  const url = `http://127.0.0.1:${port}`;
  let readyMs = NaN;
  while (Number.isNaN(readyMs)) {
    if (exited) throw new Error(`${label} exited before it answered:\n${output.slice(-4000)}`);
    if (performance.now() - spawnedAt > startTimeoutMs) {
      killTree(root.pid ?? 0);
      throw new Error(`${label} did not answer within ${startTimeoutMs} ms:\n${output.slice(-4000)}`);
    }
    if (await answers(`${url}/`)) readyMs = performance.now() - spawnedAt;
    else await sleep(10);
  }
  let pid: number | null = null;
  for (let attempt = 0; attempt < 100 && pid === null; attempt++) {
    pid = listeningPid(root.pid ?? 0, port);
    if (pid === null) await sleep(20);
  }
  if (pid === null) throw new Error(`${label}: no process of its tree listens on port ${port}`);

  return {
    label,
    url,
    port,
    spawnedAt,
    readyMs,
    pid,
    output: () => output,
    async kill() {
      if (root.pid) killTree(root.pid, 'SIGKILL');
      await exit;
      // The listening process may be a grandchild: wait until it is gone too.
      for (let attempt = 0; attempt < 200 && isAlive(pid); attempt++) await sleep(10);
    },
  };
}

/** How `npm start` in `project` builds and then serves, from its package.json as it is now. */
export function appStartCommand(project: string): { build: string[]; serve: string } {
  const scripts = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const start = scripts.start;
  if (!start) throw new Error('package.json has no start script');
  const steps = start.split(/\s*&&\s*/).filter(Boolean);
  const serve = steps.pop()!;
  const build = [...(scripts.prestart ? ['npm run prestart'] : []), ...steps];
  return { build, serve };
}

/** Runs the start script's build steps in `project`, as `npm start` does before it serves. */
export function buildApp(project: string): string[] {
  const { build } = appStartCommand(project);
  for (const step of build) {
    execFileSync('sh', ['-c', step], { cwd: project, env: { ...process.env, PATH: binPath(project) }, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return build;
}

/**
 * Heap after a full GC, read through Node's own inspector: SIGUSR1 opens it (NODE_OPTIONS gave it
 * port 0, so it never clashes), and the bench asks over the DevTools protocol. No hook in the app.
 */
export async function heapAfterGc(server: ServerProcess): Promise<{ heapUsed: number; rss: number }> {
  const pattern = /Debugger listening on (ws:\/\/\S+)/g;
  let address = [...server.output().matchAll(pattern)].at(-1)?.[1];
  if (!address) {
    process.kill(server.pid, 'SIGUSR1');
    for (let attempt = 0; attempt < 300 && !address; attempt++) {
      await sleep(10);
      address = [...server.output().matchAll(pattern)].at(-1)?.[1];
    }
  }
  if (!address) throw new Error(`${server.label}: the inspector did not open`);
  const socket = new WebSocket(address);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message.error ? new Error(message.error.message) : message.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const callId = ++id;
      pending.set(callId, (result) => (result instanceof Error ? reject(result) : resolve(result)));
      socket.send(JSON.stringify({ id: callId, method, params }));
    });
  try {
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.disable');
    const result = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    const usage = JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    return { heapUsed: usage.heapUsed, rss: usage.rss };
  } finally {
    socket.close();
  }
}
