/**
 * `npm run bench`: the app against a plain Socket.IO server doing the same job (bench/baseline/),
 * in the same run on the same machine, as ratios. A benchmark, not a test: it reports, and exits
 * non-zero only when it could not measure something.
 *
 *   npm run bench                 3 runs, medians (≤ 10 min)
 *   npm run bench -- --quick      1 smaller run (≤ 1 min), a smoke run
 *   options: --runs N, --out FILE (JSON; default bench/results/latest.json and latest-full.json or latest-quick.json)
 *
 * The app is copied as it is at the start (lib/snapshot.ts), built and started the way `npm start`
 * does it (read from its package.json). Each run starts each server afresh for each group of
 * scenarios, pinned to core 0 while the load runs on core 1.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from '@playwright/test';
import { buildBaselinePage, compileBaselineServer } from './lib/baseline.ts';
import { clusterMissing, clusterScale, type ClusterConfig, type ClusterResult } from './lib/cluster.ts';
import { CPU_SLOWDOWN, launchBrowser, SLOW_4G } from './lib/page.ts';
import { appPhoneReconnect, SOCKET_IO_DEFAULTS } from './lib/phoneOptions.ts';
import { pinning, pinSelf } from './lib/proc.ts';
import {
  dealLatencies,
  phaseCostByPhones,
  phaseCostBySubmissions,
  phonePage,
  restart,
  scale,
  type ChangeConfig,
  type DealConfig,
  type PhaseRow,
  type RestartConfig,
  type ScaleConfig,
  type SubmissionsConfig,
} from './lib/scenarios.ts';
import { appStartCommand, buildApp, freePort, killAllServers, LOAD_FROM_ONE_ADDRESS, PROJECT_ROOT, spawnServer, type ServerProcess } from './lib/servers.ts';
import { snapshotProject } from './lib/snapshot.ts';
import { median, percentile } from './lib/stats.ts';
import { appTarget, baselineTarget, loadAppLib, type AppLib, type ClientOptions, type Target } from './lib/targets.ts';

type Kind = 'app' | 'baseline';
const KINDS: Kind[] = ['app', 'baseline'];

interface Config {
  runs: number;
  /** Wall-time budget: no run is started that would likely end past it, no step past it. */
  budgetS: number;
  scale: ScaleConfig;
  deal: DealConfig;
  phones: number[];
  changes: ChangeConfig;
  submissions: SubmissionsConfig;
  restart: RestartConfig;
  pageLoads: number;
  /** Several servers behind nginx, the app only, once after the runs; `reserveS` of the budget is kept for it. */
  cluster: ClusterConfig & { reserveS: number };
}

const FULL: Config = {
  runs: 3,
  budgetS: 570,
  scale: { sessions: 200, phonesPerSession: 30, deals: 3, joinConcurrency: 200, cardTimeoutMs: 30_000, settleMs: 1000 },
  deal: { sessions: 2, phones: 40, dealsPerSession: 12 },
  phones: [10, 40, 100, 200],
  changes: { batches: 3, pairs: 8 },
  submissions: { online: 40, writers: 200, held: [0, 500, 5000] },
  restart: { phones: 40, storedSessions: 200, timeoutMs: 30_000 },
  pageLoads: 2,
  cluster: { nodes: 3, sessions: 600, phonesPerSession: 30, deals: 3, joinConcurrency: 200, cardTimeoutMs: 60_000, settleMs: 1000, reserveS: 150 },
};

const QUICK: Config = {
  runs: 1,
  budgetS: 120,
  scale: { sessions: 10, phonesPerSession: 30, deals: 2, joinConcurrency: 100, cardTimeoutMs: 15_000, settleMs: 300 },
  deal: { sessions: 1, phones: 40, dealsPerSession: 6 },
  phones: [10, 40],
  changes: { batches: 1, pairs: 8 },
  submissions: { online: 20, writers: 10, held: [0, 200] },
  restart: { phones: 40, storedSessions: 10, timeoutMs: 20_000 },
  pageLoads: 1,
  cluster: { nodes: 3, sessions: 10, phonesPerSession: 10, deals: 1, joinConcurrency: 50, cardTimeoutMs: 15_000, settleMs: 300, reserveS: 30 },
};

// ------------------------------------------------------------------------------------- arguments

function parseArgs(argv: string[]) {
  const options = { quick: false, runs: NaN, out: '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--out') options.out = argv[++i] ?? options.out;
    else throw new Error(`unknown option ${arg} (use --quick, --runs N, --out FILE)`);
  }
  return options;
}

// ---------------------------------------------------------------------------------- clean-up

let browser: Browser | null = null;
const tempDirs: string[] = [];

function cleanUp(): void {
  killAllServers();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping the servers\n`);
    cleanUp();
    // Playwright closes its browser on exit by itself.
    process.exit(130);
  });
}
const stray: string[] = [];
process.on('unhandledRejection', (reason) => {
  stray.push(String((reason as Error)?.message ?? reason));
  process.stderr.write(`bench: unhandled rejection: ${String((reason as Error)?.stack ?? reason)}\n`);
});

// ----------------------------------------------------------------------------------- results

/** One value per run and server. */
type Samples = Record<Kind, number[]>;
const samples = () => ({ app: [], baseline: [] }) as Samples;

const figures = {
  deal40: { unit: 'ms', values: samples() },
  makespan: { unit: 'ms', values: samples() },
  joinWall: { unit: 's', values: samples() },
  heapPerConnection: { unit: 'KB', values: samples() },
  rssPerConnection: { unit: 'KB', values: samples() },
  cpuPerCard: { unit: 'µs', values: samples() },
  pageBytes: { unit: 'KB', values: samples() },
  pageHtml: { unit: 'KB', values: samples() },
  firstPaint: { unit: 's', values: samples() },
  usable: { unit: 's', values: samples() },
  joined: { unit: 's', values: samples() },
  restart: { unit: 's', values: samples() },
  ready: { unit: 's', values: samples() },
};
type FigureKey = keyof typeof figures;

const lost = { app: 0, baseline: 0, dealtApp: 0, dealtBaseline: 0 };
/** Share of a core each side used while phones joined: which of them set the pace. */
const joinCpuShare = { generator: samples(), server: samples() };
const phoneRows: Record<Kind, PhaseRow[][]> = { app: [], baseline: [] };
const submissionRows: Record<Kind, PhaseRow[][]> = { app: [], baseline: [] };
const pageDetails: Record<Kind, unknown[]> = { app: [], baseline: [] };
const errors: { run: number; kind: Kind; scenario: string; message: string }[] = [];
/** Steps left out to stay within the time budget. */
const skipped: string[] = [];
let deadline = Infinity;

function record(key: FigureKey, kind: Kind, value: number): void {
  if (Number.isFinite(value)) figures[key].values[kind].push(value);
}

// ------------------------------------------------------------------------------------ servers

interface Setup {
  pins: { server: number; load: number } | null;
  /** The copy of the project the app is built and run from. */
  project: string;
  appLib: AppLib;
  serve: string;
  baselineServer: string;
  baselinePage: string;
  tmp: string;
}

let dataDirs = 0;
function newDataDir(setup: Setup): string {
  const dir = join(setup.tmp, `data-${++dataDirs}`);
  mkdirSync(dir);
  return dir;
}

function startServer(kind: Kind, setup: Setup, port: number, dataDir: string): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  // Port 0: the inspector that SIGUSR1 opens (for the heap figure) never clashes with another.
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --inspect-port=127.0.0.1:0`.trim();
  const common = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_OPTIONS: nodeOptions };
  if (kind === 'app') {
    return spawnServer({
      label: 'app',
      cwd: setup.project,
      command: setup.serve,
      port,
      core: setup.pins?.server ?? null,
      // ROOM_CAP: sessions of up to 240 seats for the growth tables (the default is 60). All load comes
      // from one address: the limits per address (made for a school behind one) are lifted.
      env: { ...common, PUBLIC_URL: url, LOG_LEVEL: 'warn', ROOM_CAP: '1000', ...LOAD_FROM_ONE_ADDRESS },
    });
  }
  return spawnServer({
    label: 'baseline',
    cwd: PROJECT_ROOT,
    command: `node ${setup.baselineServer}`,
    port,
    core: setup.pins?.server ?? null,
    env: { ...common, BASELINE_PAGE_DIR: setup.baselinePage },
  });
}

const targetOf = (kind: Kind, setup: Setup, server: ServerProcess): Target =>
  kind === 'app' ? appTarget(server.url, setup.appLib) : baselineTarget(server.url);

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function step<T>(run: number, kind: Kind, scenario: string, task: () => Promise<T>): Promise<T | null> {
  const start = performance.now();
  if (start > deadline) {
    skipped.push(`run ${run} ${kind}: ${scenario}`);
    log(`run ${run} ${kind}: ${scenario} skipped (time budget)`);
    return null;
  }
  try {
    const result = await task();
    log(`run ${run} ${kind}: ${scenario} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    errors.push({ run, kind, scenario, message });
    log(`run ${run} ${kind}: ${scenario} FAILED: ${message.split('\n').slice(0, 6).join('\n')}`);
    return null;
  }
}

async function runTarget(run: number, kind: Kind, setup: Setup, config: Config, reconnect: Record<Kind, ClientOptions>): Promise<void> {
  // Scale: its own server, so the other scenarios do not share the heap of 6,000 phones.
  await step(run, kind, `${config.scale.sessions} × ${config.scale.phonesPerSession} phones`, async () => {
    const server = await startServer(kind, setup, await freePort(), newDataDir(setup));
    try {
      const result = await scale(targetOf(kind, setup, server), server, config.scale);
      record('joinWall', kind, result.joinWallMs / 1000);
      record('heapPerConnection', kind, result.heapPerConnectionBytes / 1000);
      record('rssPerConnection', kind, result.rssPerConnectionBytes / 1000);
      record('makespan', kind, percentile(result.makespansMs, 50));
      record('cpuPerCard', kind, result.cpuPerCardNs / 1000);
      lost[kind] += result.lostCards;
      lost[kind === 'app' ? 'dealtApp' : 'dealtBaseline'] += result.cardsDealt + result.lostCards;
      joinCpuShare.generator[kind].push(result.generatorCpuShare);
      joinCpuShare.server[kind].push(result.serverCpuShare);
    } finally {
      await server.kill();
    }
  });

  const server = await step(run, kind, 'start', async () => startServer(kind, setup, await freePort(), newDataDir(setup)));
  if (server) {
    try {
      const target = targetOf(kind, setup, server);
      if (browser) {
        const currentBrowser = browser;
        await step(run, kind, 'phone page', async () => {
          const page = await phonePage(target, currentBrowser, config.pageLoads);
          record('pageBytes', kind, page.bytes.gzipBytes / 1000);
          record('pageHtml', kind, page.bytes.htmlGzipBytes / 1000);
          record('firstPaint', kind, median(page.loads.map((load) => load.firstPaintMs)) / 1000);
          record('usable', kind, median(page.loads.map((load) => load.usableMs)) / 1000);
          record('joined', kind, median(page.loads.map((load) => load.joinedMs)) / 1000);
          pageDetails[kind].push(page);
        });
      }
      await step(run, kind, 'deal to 40 phones', async () => record('deal40', kind, percentile(await dealLatencies(target, config.deal), 95)));
      await step(run, kind, 'phase changes by phones', async () => void phoneRows[kind].push(await phaseCostByPhones(target, server, config.phones, config.changes)));
      await step(run, kind, 'phase changes by submissions', async () => void submissionRows[kind].push(await phaseCostBySubmissions(target, server, config.submissions, config.changes)));
    } finally {
      await server.kill();
    }
  }

  await step(run, kind, 'kill -9 and restart', async () => {
    const port = await freePort();
    const dataDir = newDataDir(setup);
    const result = await restart(() => startServer(kind, setup, port, dataDir), (started) => targetOf(kind, setup, started), reconnect[kind], config.restart);
    record('restart', kind, result.backMs / 1000);
    record('ready', kind, result.readyMs / 1000);
  });
}

// ------------------------------------------------------------------------------------ printing

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

const ratio = (app: number, baseline: number) => (Number.isFinite(app) && Number.isFinite(baseline) && baseline > 0 ? `${(app / baseline).toFixed(1)}×` : '');

function table(header: string[], rows: string[][]): string {
  const align = header.map((_, index) => (index === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Median per row over runs; rows matched by size. */
function growthMedians(runs: PhaseRow[][]): Map<number, { cpuMs: number; lastPhoneMs: number }> {
  const bySize = new Map<number, PhaseRow[]>();
  for (const rows of runs) for (const row of rows) bySize.set(row.size, [...(bySize.get(row.size) ?? []), row]);
  return new Map(
    [...bySize].map(([size, rows]) => [size, { cpuMs: median(rows.map((row) => row.cpuPerChangeNs / 1e6)), lastPhoneMs: median(rows.map((row) => row.lastPhoneMs)) }]),
  );
}

function growthTable(first: string, kinds: Record<Kind, PhaseRow[][]>, sizes: number[]): string {
  const app = growthMedians(kinds.app);
  const baseline = growthMedians(kinds.baseline);
  const firstApp = app.get(sizes[0]!)?.cpuMs ?? NaN;
  const rows = sizes.map((size) => {
    const a = app.get(size);
    const b = baseline.get(size);
    return [
      size.toLocaleString('en'),
      format(a?.cpuMs ?? NaN, 'ms'),
      format(b?.cpuMs ?? NaN, 'ms'),
      ratio(a?.cpuMs ?? NaN, b?.cpuMs ?? NaN),
      ratio(a?.cpuMs ?? NaN, firstApp) || '',
      format(a?.lastPhoneMs ?? NaN, 'ms'),
      format(b?.lastPhoneMs ?? NaN, 'ms'),
    ];
  });
  return table([first, 'app CPU', 'baseline CPU', 'ratio', `app vs ${sizes[0]}`, 'app: last phone', 'baseline: last phone'], rows);
}

function labels(config: Config): Record<FigureKey, string> {
  const { sessions, phonesPerSession } = config.scale;
  const connections = sessions * (phonesPerSession + 1);
  const phones = sessions * phonesPerSession;
  return {
    deal40: `deal → last of ${config.deal.phones} phones has its card, p95`,
    makespan: `${sessions} sessions × ${phonesPerSession} phones dealt at once, makespan p50`,
    joinWall: `connect + join ${phones.toLocaleString('en')} phones`,
    heapPerConnection: `heap per connection at ${connections.toLocaleString('en')}`,
    rssPerConnection: `RSS per connection at ${connections.toLocaleString('en')}`,
    cpuPerCard: `server CPU per card (${sessions} × ${phonesPerSession})`,
    pageBytes: 'phone page JS+CSS, gzip',
    pageHtml: 'phone page HTML (inline CSS included), gzip',
    firstPaint: 'phone page first paint, Slow 4G + 4× CPU',
    usable: 'phone page join form usable, Slow 4G + 4× CPU',
    joined: 'phone page joined, Slow 4G + 4× CPU',
    restart: `kill -9 + restart → ${config.restart.phones} phones back in their seat`,
    ready: `server answers HTTP after spawn (${config.restart.storedSessions} stored sessions)`,
  };
}

function gitState(): { head: string; changed: string[] } {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'server', 'client', 'common', 'package.json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    return { head, changed: status.split('\n').filter(Boolean).map((line) => line.slice(3)) };
  } catch {
    return { head: 'unknown', changed: [] };
  }
}

/** The several-servers figures beside the single server's, as a table and a line on the CPU; nothing when it did not run. */
function clusterLines(result: ClusterResult | null, config: ClusterConfig, single: ScaleConfig, singleMakespanMs: number): string[] {
  if (!result) return [];
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  const makespan = percentile(result.makespansMs, 50);
  return [
    `Several servers: ${config.nodes} nodes behind nginx on one PostgreSQL, all on the server core; ${config.sessions} sessions × ${config.phonesPerSession} phones, every phone through nginx (the app only):`,
    '',
    table(
      ['figure', 'several servers', 'one server'],
      [
        [`${config.sessions} × ${config.phonesPerSession} dealt at once, makespan p50 (${config.deals} deal${config.deals === 1 ? '' : 's'})`, format(makespan, 'ms'), `${format(singleMakespanMs, 'ms')} (${single.sessions} × ${single.phonesPerSession})`],
        ['lost cards', `${result.lostCards} of ${(result.cardsDealt + result.lostCards).toLocaleString('en')}`, ''],
        [`connect + join ${result.phones.toLocaleString('en')} phones`, format(result.joinWallMs / 1000, 's'), ''],
      ],
    ),
    '',
    `While the cards went out (median over the deals), each node used ${result.cpuShare.nodes.map(percent).join(', ')} of a core, nginx ${percent(result.cpuShare.nginx)}, PostgreSQL ${percent(result.cpuShare.postgres)}.`,
    '',
  ];
}

// ---------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const config: Config = { ...(options.quick ? QUICK : FULL) };
  if (Number.isFinite(options.runs) && options.runs > 0) config.runs = options.runs;
  const began = performance.now();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();

  // Before pinning: pinned, this process sees one core.
  const cores = availableParallelism();
  const pins = pinning();
  if (pins) pinSelf(pins.load);
  const tmp = mkdtempSync(join(tmpdir(), 'driegesprek-bench-'));
  tempDirs.push(tmp);
  // The app as it is now, copied: edits made while the bench runs do not reach it.
  const git = gitState();
  const project = snapshotProject(join(tmp, 'app'));
  const built = buildApp(project);
  const { serve } = appStartCommand(project);
  const appLib = await loadAppLib(project);
  const setup: Setup = { pins, project, appLib, serve, baselineServer: compileBaselineServer(), baselinePage: join(tmp, 'baseline-page'), tmp };
  await buildBaselinePage(setup.baselinePage);
  const appReconnect = await appPhoneReconnect(project);
  const reconnect = { app: appReconnect.options, baseline: SOCKET_IO_DEFAULTS };
  try {
    browser = await launchBrowser();
  } catch (error) {
    errors.push({ run: 0, kind: 'app', scenario: 'launch Chromium', message: (error as Error).message });
    log(`no Chromium, so no page figures: ${(error as Error).message.split('\n')[0]}`);
  }
  log(`${options.quick ? 'quick' : 'full'} bench, ${config.runs} run(s); app served by "${serve}"${pins ? '; server on core 0, load on core 1' : '; no pinning'}`);

  // The runs leave the cluster its share of the budget.
  deadline = began + (config.budgetS - config.cluster.reserveS) * 1000;
  let runsDone = 0;
  for (let run = 1; run <= config.runs; run++) {
    const runStart = performance.now();
    const lastRun = runsDone ? (runStart - began) / runsDone : 0;
    if (runStart + lastRun > deadline) {
      skipped.push(`runs ${run}–${config.runs}`);
      log(`runs ${run}–${config.runs} skipped: another would end past the ${config.budgetS} s budget`);
      break;
    }
    // Alternate who goes first, so a machine getting busier or quieter does not favour one.
    for (const kind of run % 2 === 1 ? KINDS : [...KINDS].reverse()) await runTarget(run, kind, setup, config, reconnect);
    runsDone++;
  }
  await browser?.close();
  browser = null;

  deadline = began + config.budgetS * 1000;
  const { cluster } = config;
  const missing = await clusterMissing(project);
  let clusterResult: ClusterResult | null = null;
  if (missing.length) {
    skipped.push(`several servers (no ${missing.join(' or ')} on this machine)`);
  } else {
    clusterResult = await step(runsDone, 'app', `${cluster.nodes} nodes behind nginx: ${cluster.sessions} × ${cluster.phonesPerSession} phones`, () => clusterScale(project, appLib, pins, cluster));
  }

  // ---- the report
  const names = labels(config);
  const medianOf = (key: FigureKey, kind: Kind) => median(figures[key].values[kind]);
  const row = (key: FigureKey) => {
    const { unit } = figures[key];
    const app = medianOf(key, 'app');
    const baseline = medianOf(key, 'baseline');
    return [names[key], format(app, unit), format(baseline, unit), ratio(app, baseline)];
  };
  const order: FigureKey[] = ['deal40', 'makespan', 'joinWall', 'heapPerConnection', 'rssPerConnection', 'cpuPerCard', 'pageBytes', 'pageHtml', 'firstPaint', 'usable', 'joined', 'restart', 'ready'];
  const mainRows = order.map(row);
  mainRows.splice(2, 0, [
    `lost cards in those deals (of ${lost.dealtApp.toLocaleString('en')} / ${lost.dealtBaseline.toLocaleString('en')})`,
    String(lost.app),
    String(lost.baseline),
    '',
  ]);
  const durationS = (performance.now() - began) / 1000;
  const { online, writers } = config.submissions;
  const output = [
    '',
    `Driegesprek bench (${options.quick ? 'quick' : 'full'}): ${runsDone} run(s), medians; ${cores} cores${pins ? ', server pinned to core 0 and load to core 1' : ''}; load average at start ${loadAtStart.map((load) => load.toFixed(2)).join(' ')}`,
    `app: "${serve}" at ${git.head}${git.changed.length ? ` with ${git.changed.length} uncommitted change(s) in server/, client/, common/ or package.json` : ''}; ${durationS.toFixed(0)} s`,
    '',
    table(['figure', 'app', 'baseline', 'ratio'], mainRows),
    '',
    ...clusterLines(clusterResult, cluster, config.scale, medianOf('makespan', 'app')),
    `CPU per phase change (host:next and host:back in turn, ${config.changes.batches * config.changes.pairs * 2} a row), by phones in one session:`,
    '',
    growthTable('phones', phoneRows, config.phones),
    '',
    `CPU per phase change, by notes held in one session (${online} phones online, ${online + writers} seats):`,
    '',
    growthTable('notes held', submissionRows, config.submissions.held),
    '',
    `Phones reconnect with ${appReconnect.source} (app) and socket.io-client's defaults (baseline). Page: Slow 4G (${SLOW_4G.latency} ms, ${Math.round((SLOW_4G.downloadThroughput * 8) / 1024)} kbps down, ${Math.round((SLOW_4G.uploadThroughput * 8) / 1024)} kbps up), ${CPU_SLOWDOWN}× CPU; ${config.pageLoads} cold load(s) a run. KB = 1,000 bytes.`,
  ];
  const share = (side: 'generator' | 'server', kind: Kind) => `${Math.round(median(joinCpuShare[side][kind]) * 100)} %`;
  output.push(
    `While phones joined, the server used ${share('server', 'app')} (app) and ${share('server', 'baseline')} (baseline) of its core, the load generator ${share('generator', 'app')} and ${share('generator', 'baseline')} of its own.`,
  );
  if (errors.length) output.push('', `Could not measure (${errors.length}):`, ...errors.map((e) => `- run ${e.run} ${e.kind}, ${e.scenario}: ${e.message.split('\n')[0]}`));
  if (skipped.length) output.push('', `Left out to stay within ${config.budgetS} s: ${skipped.join('; ')}.`);
  if (stray.length) output.push('', `Unhandled rejections: ${stray.length}`);
  process.stdout.write(`${output.join('\n')}\n`);

  const json = {
    startedAt,
    durationS,
    mode: options.quick ? 'quick' : 'full',
    machine: { cores, pinning: pins, loadAtStart },
    app: { serve, builtBefore: built, git, phoneReconnect: appReconnect },
    config,
    table: Object.fromEntries(
      order.map((key) => [
        key,
        { label: names[key], unit: figures[key].unit, app: medianOf(key, 'app'), baseline: medianOf(key, 'baseline'), ratio: medianOf(key, 'app') / medianOf(key, 'baseline'), runs: figures[key].values },
      ]),
    ),
    lostCards: lost,
    cluster: clusterResult,
    cpuShareWhileJoining: joinCpuShare,
    phaseCostByPhones: phoneRows,
    phaseCostBySubmissions: submissionRows,
    page: pageDetails,
    errors,
    skipped,
    runsDone,
    unhandledRejections: stray,
    markdown: output.join('\n'),
  };
  // By default latest.json, and latest-full.json or latest-quick.json: a smoke run does not hide the last full one.
  const results = join(PROJECT_ROOT, 'bench/results');
  const outs = options.out ? [options.out] : [join(results, 'latest.json'), join(results, `latest-${json.mode}.json`)];
  for (const out of outs) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  }
  log(`results written to ${outs.join(' and ')}`);
  return errors.length || stray.length ? 1 : 0;
}

main()
  .then((code) => {
    cleanUp();
    process.exit(code);
  })
  .catch((error: unknown) => {
    process.stderr.write(`bench: could not run: ${(error as Error)?.stack ?? String(error)}\n`);
    cleanUp();
    process.exit(1);
  });
