/**
 * What the bench reads about a server process from Linux's /proc: CPU time, resident memory,
 * its descendants, and which of them owns a listening port. No hook in the server is needed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const CLOCK_TICKS_PER_SECOND = 100;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): [0] is the state. */
function statFields(pid: number): string[] | null {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return null;
  return text.slice(text.lastIndexOf(')') + 2).trim().split(/\s+/);
}

/**
 * CPU time the process has used so far, in ns, over all its threads. schedstat counts in ns; stat
 * only in clock ticks (10 ms), too coarse for one phase change, so it is the fallback.
 */
export function cpuNs(pid: number): number {
  const tasks = safeReaddir(`/proc/${pid}/task`);
  let total = 0;
  let counted = 0;
  for (const task of tasks) {
    const text = read(`/proc/${pid}/task/${task}/schedstat`);
    const ns = text ? Number(text.split(' ')[0]) : NaN;
    if (Number.isFinite(ns)) {
      total += ns;
      counted++;
    }
  }
  if (counted > 0 && total > 0) return total;
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} is gone`);
  // utime and stime are fields 14 and 15 of stat, 11 and 12 after the state.
  return ((Number(fields[11]) + Number(fields[12])) * 1e9) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** `pid` and every process below it, parents before children. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (!fields) continue;
    const parent = Number(fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const walk = (at: number) => {
    tree.push(at);
    for (const child of children.get(at) ?? []) walk(child);
  };
  walk(pid);
  return tree;
}

export function isAlive(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== null && fields[0] !== 'Z';
}

/** SIGKILL (or `signal`) to `pid` and all its descendants, children first so none is re-parented unseen. */
export function killTree(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const member of processTree(pid).reverse()) {
    try {
      process.kill(member, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Socket inodes listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(table) ?? '').split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10) continue;
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, inode is column 9.
      if (columns[1]?.endsWith(`:${hexPort}`) && columns[3] === '0A') inodes.add(columns[9] ?? '');
    }
  }
  return inodes;
}

/** The process in `root`'s tree that listens on `port`: the server itself, below any wrapper (tsx, npm, sh). */
export function listeningPid(root: number, port: number): number | null {
  const inodes = listeningInodes(port);
  if (!inodes.size) return null;
  for (const pid of processTree(root)) {
    for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return pid;
    }
  }
  return null;
}

/** Cores to pin to, when `taskset` exists and there are at least two: the server's and the load's. */
export function pinning(): { server: number; load: number } | null {
  if (availableParallelism() < 2) return null;
  if (!['/usr/bin/taskset', '/bin/taskset'].some((path) => existsSync(path))) return null;
  return { server: 0, load: 1 };
}

/** Pins this process (every thread) to `core`; what it spawns later inherits it. */
export function pinSelf(core: number): void {
  execFileSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}
