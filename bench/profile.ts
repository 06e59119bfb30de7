/**
 * `npx tsx bench/profile.ts [deal|scale|phase] …`: a CPU profile of the compiled server while
 * it runs one of the bench's scenarios, and where its time went. The server is built (with its
 * source map) into node_modules/.cache/profile/, started with `node --cpu-prof` on core 0 with the
 * bench's environment, driven from core 1 with the bench's own scenarios, and stopped with SIGINT
 * so that V8 writes the profile. Only the samples taken while a scenario ran are counted (V8's
 * clock and process.hrtime are the same monotonic clock), mapped back to server/*.ts through the
 * source map, and summed by function and by file, self and total.
 *
 *   npx tsx bench/profile.ts deal          # 40 phones, 2 × 12 deals
 *   npx tsx bench/profile.ts join          # 100 sessions, 30 phones each join (the bench's connect + join)
 *   npx tsx bench/profile.ts scale phase   # 100 × 30 dealt at once, then phase changes by phones
 *   npx tsx bench/profile.ts --top 40 --keep /tmp/profiles deal
 *   npx tsx bench/profile.ts --plain deal  # no profile: the scenario's own figures only
 *   npx tsx bench/profile.ts --each deal   # also each deal on its own line: where a slow one went
 *   npx tsx bench/profile.ts --read FILE --under 'sendViews'   # a kept profile again (of the same build), within one function
 *
 * A tool for finding the cost, not a figure: profiling slows the server down a little. V8 samples the
 * main thread's stack also while it waits for the core (the server is pinned to one, which its
 * compiler and GC threads share): a function with much self time in one window only was most likely
 * interrupted there, not slow itself.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../scripts/buildServer.ts';
import { cpuNs, pinning, pinSelf } from './lib/proc.ts';
import { freePort, killAllServers, LOAD_FROM_ONE_ADDRESS, PROJECT_ROOT, spawnServer } from './lib/servers.ts';
import { percentile, pool, sleep } from './lib/stats.ts';
import { appTarget, loadAppLib, type Target } from './lib/targets.ts';

const OUT_DIR = 'node_modules/.cache/profile/server';
/** Marks the stretches to count: only the deals or the phase changes themselves, not the joins before them. */
type Mark = <T>(work: () => Promise<T>) => Promise<T>;
const range = (n: number) => Array.from({ length: n }, (_, index) => index);

async function setUp(target: Target, phones: number, prefix: string) {
  const { code, hostToken } = await target.createSession();
  const host = await target.host(code, hostToken);
  const joined = await pool(range(phones), 20, (p) => target.phone(code, `${prefix}${p}`));
  return { code, hostToken, host, phones: joined, close: () => [host, ...joined].forEach((client) => client.close()) };
}

/** `sessions` sessions of `phones` phones; every host deals at once, `deals` times. */
async function deals(target: Target, mark: Mark, sessions: number, phones: number, deals: number): Promise<string> {
  const set = await pool(range(sessions), 8, (s) => setUp(target, phones, `S${s}P`));
  try {
    await Promise.all(set.map(({ host }) => host.readyToDeal(deals)));
    await sleep(500);
    const makespans: number[] = [];
    for (let round = 0; round < deals; round++) {
      await mark(async () => {
        const cards = Promise.all(set.flatMap((session) => session.phones.map((phone) => phone.card(round, 30_000))));
        const start = performance.now();
        await Promise.all(set.map(({ host }) => host.deal()));
        await cards;
        makespans.push(performance.now() - start);
      });
      await sleep(100);
    }
    const each = makespans.map((ms) => ms.toFixed(1)).join(' ');
    return `${sessions} × ${phones}, makespan p50 ${percentile(makespans, 50).toFixed(1)} ms, p95 ${percentile(makespans, 95).toFixed(1)} ms (${each})`;
  } finally {
    set.forEach((session) => session.close());
  }
}

/** One session of `phones` phones; `changes` phase changes on and back, every phone following each. */
async function phases(target: Target, mark: Mark, phones: number, changes: number): Promise<string> {
  const session = await setUp(target, phones, `G${phones}P`);
  try {
    await session.host.start();
    await Promise.all(session.phones.map((phone) => phone.phase(0, 10_000)));
    const times: number[] = [];
    // A fresh host socket now and then: the app allows each 20 events at once.
    for (let batch = 0; batch * 16 < changes; batch++) {
      const host = await target.host(session.code, session.hostToken);
      try {
        for (let change = 0; change < 16 && batch * 16 + change < changes; change++) {
          const delta = change % 2 === 0 ? 1 : -1;
          await mark(async () => {
            const followed = Promise.all(session.phones.map((phone) => phone.phase(delta === 1 ? 1 : 0, 10_000)));
            const start = performance.now();
            await host.move(delta);
            await followed;
            times.push(performance.now() - start);
          });
        }
      } finally {
        host.close();
      }
    }
    return `${phones} phones, ${changes} phase changes, last phone p50 ${percentile(times, 50).toFixed(1)} ms`;
  } finally {
    session.close();
  }
}

/** `sessions` sessions with their hosts; then `phones` phones join each, 200 at a time, as in the bench's connect + join. */
async function joins(target: Target, mark: Mark, sessions: number, phones: number): Promise<string> {
  const created = await pool(range(sessions), 8, () => target.createSession());
  const hosts = await pool(created, 20, ({ code, hostToken }) => target.host(code, hostToken));
  const jobs = created.flatMap(({ code }, s) => range(phones).map((p) => ({ code, name: `J${s}P${p}` })));
  const joined: { close(): void }[] = [];
  try {
    const ms = await mark(async () => {
      const start = performance.now();
      joined.push(...(await pool(jobs, 200, ({ code, name }) => target.phone(code, name))));
      return performance.now() - start;
    });
    return `${sessions} × ${phones} joined in ${(ms / 1000).toFixed(2)} s`;
  } finally {
    [...hosts, ...joined].forEach((client) => client.close());
  }
}

const SCENARIOS = {
  join: (target: Target, mark: Mark) => joins(target, mark, 100, 30),
  deal: async (target: Target, mark: Mark) => `${await deals(target, mark, 1, 40, 12)}; ${await deals(target, mark, 1, 40, 12)}`,
  scale: (target: Target, mark: Mark) => deals(target, mark, 100, 30, 4),
  phase: async (target: Target, mark: Mark) => `${await phases(target, mark, 40, 48)}; ${await phases(target, mark, 200, 32)}`,
} as const;
type ScenarioName = keyof typeof SCENARIOS;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

function parseArgs(argv: string[]) {
  let top = 30;
  let keep: string | null = null;
  let plain = false;
  let read: string | null = null;
  let under: string | null = null;
  let each = false;
  const scenarios: ScenarioName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--top') top = Number(argv[++i]);
    else if (arg === '--keep') keep = argv[++i] ?? null;
    else if (arg === '--plain') plain = true;
    else if (arg === '--read') read = argv[++i] ?? null;
    else if (arg === '--under') under = argv[++i] ?? null;
    else if (arg === '--each') each = true;
    else if (arg in SCENARIOS) scenarios.push(arg as ScenarioName);
    else throw new Error(`unknown argument ${arg}; scenarios: ${Object.keys(SCENARIOS).join(', ')}`);
  }
  return { top, keep, plain, read, under, each, scenarios: scenarios.length ? scenarios : (['deal'] as ScenarioName[]) };
}

/** Where a frame of the bundle came from: server/x.ts:line, a package, or V8's own. */
function locator(bundleUrl: string) {
  const map = new SourceMap(JSON.parse(readFileSync(fileURLToPath(bundleUrl) + '.map', 'utf8')));
  const mapDir = join(fileURLToPath(bundleUrl), '..');
  return ({ url, lineNumber, columnNumber, functionName }: ProfileNode['callFrame']) => {
    const name = functionName || '(anonymous)';
    if (!url) return { file: name.startsWith('(') ? name : '(native)', fn: name };
    if (url !== bundleUrl) {
      const path = url.startsWith('file://') ? relative(PROJECT_ROOT, fileURLToPath(url)) : url;
      const file = path.startsWith('node:') ? path : path.includes('node_modules/') ? `pkg:${path.split('node_modules/').pop()!.split('/').slice(0, 2).join('/')}` : path;
      return { file, fn: `${name} ${path}:${lineNumber + 1}` };
    }
    const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number };
    const source = entry.originalSource ? relative(PROJECT_ROOT, join(mapDir, entry.originalSource.replace(/^file:\/\//, ''))) : 'bundle';
    const file = source.includes('node_modules/')
      ? `pkg:${source
          .split('node_modules/')
          .pop()!
          .split('/')
          .slice(0, source.includes('node_modules/@') ? 2 : 1)
          .join('/')}`
      : source;
    return { file, fn: `${name} ${source.replace(/^.*node_modules\//, '')}:${(entry.originalLine ?? 0) + 1}` };
  };
}

function summarise(profile: CpuProfile, bundleUrl: string, windows: [number, number][] | null, top: number, under: string | null, each = false): string {
  const locate = locator(bundleUrl);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const where = new Map<number, { file: string; fn: string }>();
  const at = (id: number) => {
    let found = where.get(id);
    if (!found) where.set(id, (found = locate(byId.get(id)!.callFrame)));
    return found;
  };
  const selfFn = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const totalFn = new Map<string, number>();
  const totalFile = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  let total = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (windows && !windows.some(([from, to]) => time >= from && time <= to)) continue;
    const id = profile.samples[i]!;
    const own = at(id);
    if (own.fn.startsWith('(idle)')) continue;
    if (under !== null) {
      let inside = false;
      for (let node: number | undefined = id; node !== undefined && !inside; node = parent.get(node)) inside = at(node).fn.startsWith(under);
      if (!inside) continue;
    }
    total += us;
    add(selfFn, own.fn, us);
    add(selfFile, own.file, us);
    const fns = new Set<string>();
    const files = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const frame = at(node);
      fns.add(frame.fn);
      files.add(frame.file);
    }
    for (const fn of fns) add(totalFn, fn, us);
    for (const file of files) add(totalFile, file, us);
  }
  const table = (title: string, map: Map<string, number>) => {
    const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
    return [`\n${title}`, ...rows.map(([key, us]) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`)].join('\n');
  };
  /** One line per window: its busy time, its garbage collection, the files with the most self time in it. */
  const perWindow = (window: [number, number], index: number) => {
    const files = new Map<string, number>();
    let busy = 0;
    let time = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      time += profile.timeDeltas[i] ?? 0;
      const own = at(profile.samples[i]!);
      if (time < window[0] || time > window[1] || own.fn.startsWith('(idle)')) continue;
      const us = profile.timeDeltas[i + 1] ?? 0;
      busy += us;
      add(files, own.file, us);
    }
    const ms = (us: number) => (us / 1000).toFixed(1);
    const tops = [...files].sort((a, b) => b[1] - a[1]).slice(0, 5);
    return `${String(index).padStart(4)} ${ms(busy).padStart(6)} ms (GC ${ms(files.get('(garbage collector)') ?? 0)})  ${tops.map(([file, us]) => `${file} ${ms(us)}`).join(', ')}`;
  };
  return [
    ...(each && windows ? ['each window: busy (garbage collection), the files with the most self time', ...windows.map(perWindow), ''] : []),
    `busy (not idle) in the scenarios' windows${under === null ? '' : ` under ${under}`}: ${(total / 1000).toFixed(0)} ms`,
    table('self time by file', selfFile),
    table('self time by function', selfFn),
    table('total time by file (the file anywhere on the stack)', totalFile),
    table('total time by function', totalFn),
  ].join('\n');
}

async function main(): Promise<void> {
  const { top, keep, plain, read, under, each, scenarios } = parseArgs(process.argv.slice(2));
  const bundle = join(PROJECT_ROOT, OUT_DIR, 'index.js');
  if (read) {
    // A profile kept before (with --keep), of the server built now: every sample counts.
    console.log(summarise(JSON.parse(readFileSync(read, 'utf8')) as CpuProfile, `file://${bundle}`, null, top, under));
    return;
  }
  const cores = pinning();
  if (cores) pinSelf(cores.load);
  process.stderr.write(`profile: building the server into ${OUT_DIR}\n`);
  await buildServer(OUT_DIR);
  const profileDir = keep ?? mkdtempSync(join(tmpdir(), 'driegesprek-profile-'));
  mkdirSync(profileDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-profile-data-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await spawnServer({
    label: 'app',
    cwd: PROJECT_ROOT,
    command: plain ? `node ${bundle}` : `node --cpu-prof --cpu-prof-interval 100 --cpu-prof-dir=${profileDir} ${bundle}`,
    port,
    core: cores?.server ?? null,
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn', ROOM_CAP: '1000', ...LOAD_FROM_ONE_ADDRESS },
  });
  const windows: [number, number][] = [];
  try {
    const target = appTarget(url, await loadAppLib(PROJECT_ROOT));
    let cpu = { ns: 0, marks: 0, each: [] as number[] };
    const mark: Mark = async (work) => {
      const from = nowUs();
      const cpuFrom = cpuNs(server.pid);
      try {
        return await work();
      } finally {
        windows.push([from, nowUs()]);
        const used = cpuNs(server.pid) - cpuFrom;
        cpu = { ns: cpu.ns + used, marks: cpu.marks + 1, each: [...cpu.each, used] };
      }
    };
    for (const name of scenarios) {
      cpu = { ns: 0, marks: 0, each: [] };
      const said = await SCENARIOS[name](target, mark);
      const each = cpu.each.map((ns) => (ns / 1e6).toFixed(1)).join(' ');
      process.stderr.write(`profile: ${name}: ${said}; server CPU ${(cpu.ns / cpu.marks / 1e6).toFixed(2)} ms per deal or change (${each})\n`);
    }
    if (plain) {
      rmSync(profileDir, { recursive: true, force: true });
      return;
    }
    process.kill(server.pid, 'SIGINT');
    for (let wait = 0; wait < 300 && !readdirSync(profileDir).some((file) => file.endsWith('.cpuprofile')); wait++) await sleep(50);
    await sleep(500);
  } finally {
    killAllServers();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${profileDir}:\n${server.output().slice(-2000)}`);
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
  console.log(summarise(profile, `file://${bundle}`, windows, top, under, each));
  if (keep) console.log(`\nprofile: ${join(profileDir, file)}`);
  else rmSync(profileDir, { recursive: true, force: true });
}

await main();
