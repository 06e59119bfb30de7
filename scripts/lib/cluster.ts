/**
 * Several app nodes on one machine, for trying and testing: a throwaway PostgreSQL (./postgres.ts),
 * N compiled servers (dist/server/index.js, `npm run build`) on their own ports with DATABASE_URL,
 * and nginx from Debian in front with deploy/nginx.conf (its ports replaced by these). One URL to
 * open; `stop()` ends it all. `npm run cluster` (scripts/cluster.ts) and the cluster test use it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresBinDir, startPostgres, type Postgres } from './postgres.ts';
import { freePort, spawnServer, type ServerProcess } from './serverProcess.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NGINX_CONF = join(PROJECT_ROOT, 'deploy', 'nginx.conf');
/** Open files per nginx worker: at most what the machine allows a process (`ulimit -Hn`), 20,000 here. */
const NGINX_FILES_PER_WORKER = 20_000;

export interface ClusterNode {
  readonly name: string;
  readonly port: number;
  /** The running process (a new one after `start`). */
  process: ServerProcess;
  /** Starts the node again on its port (after a stop or a kill); resolves when it is ready. */
  start(): Promise<void>;
}

export interface Cluster {
  /** nginx: the one URL to open. */
  url: string;
  nodes: ClusterNode[];
  postgres: Postgres;
  /** nginx's master process id (its worker is its child). */
  nginxPid: number;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  nodes: number;
  /** nginx's port (a free one by default). */
  port?: number;
  /** The address phones use (PUBLIC_URL); nginx's URL on 127.0.0.1 by default. */
  publicUrl?: string;
  /** More environment for every node. */
  env?: NodeJS.ProcessEnv;
}

/** deploy/nginx.conf with this cluster's listening port and nodes. */
export function nginxSite(port: number, nodePorts: number[]): string {
  const conf = readFileSync(NGINX_CONF, 'utf8');
  const servers = nodePorts.map((nodePort) => `    server 127.0.0.1:${nodePort} max_fails=1 fail_timeout=2s;`).join('\n');
  return conf.replace(/(^ {4}server 127\.0\.0\.1:\d+ [^\n]*\n)+/m, `${servers}\n`).replace(/listen \d+;/, `listen 127.0.0.1:${port} reuseport;`);
}

/** What this machine lacks to start a cluster: the names of the Debian packages to install. */
export function missingForCluster(): string[] {
  const missing: string[] = [];
  for (const [name, find] of [
    ['postgresql', postgresBinDir],
    ['nginx', nginxBinary],
  ] as const) {
    try {
      find();
    } catch {
      missing.push(name);
    }
  }
  return missing;
}

function nginxBinary(): string {
  const found = ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'nginx'))].find((path) => existsSync(path));
  if (!found) throw new Error('nginx is not installed: apt-get install -y nginx');
  return found;
}

/** nginx in the foreground with a configuration of its own in `dir`; resolves once it accepts connections. */
async function startNginx(dir: string, port: number, nodePorts: number[]): Promise<ChildProcess> {
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'driegesprek.conf'), nginxSite(port, nodePorts));
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      // As root, nginx's workers would switch to a user that cannot write the temporary folder.
      process.getuid?.() === 0 ? 'user root;' : '',
      // Every socket holds two connections (phone and node): four workers share them (the listening
      // socket is `reuseport`, so the kernel spreads them), each within its file limit.
      'worker_processes 4;',
      `worker_rlimit_nofile ${NGINX_FILES_PER_WORKER};`,
      'daemon off;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      `events { worker_connections ${NGINX_FILES_PER_WORKER - 100}; }`,
      'http {',
      '  access_log off;',
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((sub) => `  ${sub === 'body' ? 'client_body' : sub}_temp_path ${join(dir, sub)};`),
      `  include ${join(dir, 'driegesprek.conf')};`,
      '}',
    ].join('\n'),
  );
  const child = spawn(nginxBinary(), ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
    if (up) return child;
    if (Date.now() > deadline) throw new Error(`nginx not up within 10 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startCluster({ nodes: count, port: wantedPort, publicUrl, env = {} }: ClusterOptions): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-cluster-'));
  const postgres = await startPostgres();
  const nodes: ClusterNode[] = [];
  let nginx: ChildProcess | null = null;
  const stop = async () => {
    nginx?.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.process.stop('SIGTERM')));
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const databaseUrl = await postgres.createDatabase('driegesprek');
    const port = wantedPort ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < count; i++) {
      const name = `node-${i + 1}`;
      const nodePort = await freePort();
      const spawnNode = () =>
        spawnServer({
          port: nodePort,
          dataDir: join(dir, name),
          env: { DATABASE_URL: databaseUrl, NODE_NAME: name, TRUST_PROXY: 'loopback', PUBLIC_URL: publicUrl ?? url, ...env },
        });
      const node: ClusterNode = {
        name,
        port: nodePort,
        process: spawnNode(),
        async start() {
          node.process = spawnNode();
          await node.process.ready;
        },
      };
      nodes.push(node);
    }
    await Promise.all(nodes.map((node) => node.process.ready));
    nginx = await startNginx(join(dir, 'nginx'), port, nodes.map((node) => node.port));
    return { url, nodes, postgres, nginxPid: nginx.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
