/**
 * The scale scenario on several servers: the project copy's `startCluster` (scripts/lib/cluster.ts:
 * a throwaway PostgreSQL, N compiled nodes, nginx in front), every phone through nginx, all hosts
 * dealing at once. Reports the makespan, lost cards, the join time, and how the CPU spread over
 * the nodes, nginx and PostgreSQL while the cards went out. The servers run on the server core
 * (started while this process is pinned there, so they and what they fork inherit it), the load on
 * the load core.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuNs, pinSelf, processTree } from './proc.ts';
import type { ScaleConfig } from './scenarios.ts';
import { LOAD_FROM_ONE_ADDRESS } from './servers.ts';
import { max, percentile, pool, sleep } from './stats.ts';
import { appTarget, type AppLib, type BenchPhone } from './targets.ts';

/** The scale scenario's figures, on `nodes` servers. */
export interface ClusterConfig extends ScaleConfig {
  nodes: number;
}

export interface ClusterResult {
  phones: number;
  joinWallMs: number;
  makespansMs: number[];
  cardsDealt: number;
  lostCards: number;
  /** Share of a core each used while the cards went out (median over the deals): per node, nginx, PostgreSQL. */
  cpuShare: { nodes: number[]; nginx: number; postgres: number };
}

const range = (n: number) => Array.from({ length: n }, (_, index) => index);
/** CPU of a process and everything below it (PostgreSQL's backends, nginx's worker), in ns. */
const treeCpuNs = (pid: number) => processTree(pid).reduce((total, child) => total + (safeCpu(child) ?? 0), 0);
function safeCpu(pid: number): number | null {
  try {
    return cpuNs(pid);
  } catch {
    return null;
  }
}

const clusterLib = (project: string) => import(pathToFileURL(join(project, 'scripts/lib/cluster.ts')).href) as Promise<typeof import('../../scripts/lib/cluster.ts')>;

/** The Debian packages this machine lacks to start the project's cluster (none: it can run). */
export const clusterMissing = async (project: string) => (await clusterLib(project)).missingForCluster();

export async function clusterScale(project: string, appLib: AppLib, pins: { server: number; load: number } | null, config: ClusterConfig): Promise<ClusterResult> {
  const { startCluster } = await clusterLib(project);
  if (pins) pinSelf(pins.server);
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  try {
    cluster = await startCluster({ nodes: config.nodes, env: { ...LOAD_FROM_ONE_ADDRESS, ROOM_CAP: '1000', LOG_LEVEL: 'warn' } });
  } finally {
    if (pins) pinSelf(pins.load);
  }
  const clients: { close(): void }[] = [];
  try {
    const target = appTarget(cluster.url, appLib);
    const sessions = await pool(range(config.sessions), 8, () => target.createSession());
    const hosts = await pool(sessions, 20, ({ code, hostToken }) => target.host(code, hostToken));
    clients.push(...hosts);
    const jobs = sessions.flatMap(({ code }, s) => range(config.phonesPerSession).map((p) => ({ code, name: `S${s}P${p}` })));
    const joinStart = performance.now();
    const phones: BenchPhone[] = await pool(jobs, config.joinConcurrency, async ({ code, name }) => {
      const phone = await target.phone(code, name);
      clients.push(phone);
      return phone;
    });
    const joinWallMs = performance.now() - joinStart;
    await Promise.all(hosts.map((host) => host.readyToDeal(Math.max(config.deals, 1))));
    await sleep(config.settleMs);

    const pids = { nodes: cluster.nodes.map((node) => node.process.child.pid!), nginx: cluster.nginxPid, postgres: cluster.postgres.pid() };
    const cpuNow = () => ({ nodes: pids.nodes.map((pid) => safeCpu(pid) ?? 0), nginx: treeCpuNs(pids.nginx), postgres: treeCpuNs(pids.postgres) });
    const shares: ClusterResult['cpuShare'][] = [];
    const makespansMs: number[] = [];
    let lostCards = 0;
    let cardsDealt = 0;
    for (let round = 0; round < config.deals; round++) {
      const arrived = Promise.all(phones.map((phone) => phone.card(round, config.cardTimeoutMs).then(() => performance.now()).catch(() => NaN)));
      const from = cpuNow();
      const start = performance.now();
      const dealt = Promise.all(hosts.map((host) => host.deal()));
      dealt.catch(() => {});
      const times = await arrived;
      await dealt;
      const elapsed = performance.now() - start;
      const to = cpuNow();
      const share = (a: number, b: number) => (b - a) / 1e6 / elapsed;
      shares.push({ nodes: to.nodes.map((ns, i) => share(from.nodes[i]!, ns)), nginx: share(from.nginx, to.nginx), postgres: share(from.postgres, to.postgres) });
      const got = times.filter(Number.isFinite);
      lostCards += times.length - got.length;
      cardsDealt += got.length;
      if (got.length) makespansMs.push(max(got) - start);
      await sleep(config.settleMs);
    }
    const med = (values: number[]) => percentile(values, 50);
    return {
      phones: phones.length,
      joinWallMs,
      makespansMs,
      cardsDealt,
      lostCards,
      cpuShare: {
        nodes: pids.nodes.map((_, i) => med(shares.map((s) => s.nodes[i]!))),
        nginx: med(shares.map((s) => s.nginx)),
        postgres: med(shares.map((s) => s.postgres)),
      },
    };
  } finally {
    for (const client of clients) client.close();
    await cluster.stop();
  }
}
