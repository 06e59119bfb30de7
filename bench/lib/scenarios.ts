/**
 * The scenarios, each the same steps against either server (targets.ts). They return raw
 * figures; run.ts repeats them and takes medians. Server CPU is read from /proc while the
 * scenario runs, the heap through the inspector (servers.ts): nothing in the app is touched.
 */
import type { Browser } from '@playwright/test';
import { loadPhonePage, type PageBytes, type PageTimes } from './page.ts';
import { cpuNs, rssBytes } from './proc.ts';
import { heapAfterGc, type ServerProcess } from './servers.ts';
import { max, percentile, pool, sleep, within } from './stats.ts';
import { newNoteKey, type BenchHost, type BenchPhone, type ClientOptions, type Target } from './targets.ts';

const range = (n: number) => Array.from({ length: n }, (_, index) => index);
const NOTE_TEXT = 'Vraag bij het volgende gesprek eerst wat er thuis goed gaat, en pas daarna naar de cijfers.';

/**
 * The server's CPU rate when nothing happens (socket.io pings, timers), in ns per ms: the lowest
 * of three windows, so that a late garbage collection is not taken for idle work.
 */
async function idleRate(server: ServerProcess, ms: number): Promise<number> {
  const rates: number[] = [];
  for (let window = 0; window < 3; window++) {
    const from = cpuNs(server.pid);
    const start = performance.now();
    await sleep(ms / 3);
    rates.push((cpuNs(server.pid) - from) / (performance.now() - start));
  }
  return Math.min(...rates);
}

function closeAll(clients: { close(): void }[]): void {
  for (const client of clients) client.close();
}

/** Resolves with the time each promise resolved at, NaN for those that failed. */
function arrivals(waits: Promise<void>[]): Promise<number[]> {
  return Promise.all(waits.map((wait) => wait.then(() => performance.now()).catch(() => NaN)));
}

// ------------------------------------------------------------------------------- scale: 200 × 30

export interface ScaleConfig {
  sessions: number;
  phonesPerSession: number;
  deals: number;
  joinConcurrency: number;
  cardTimeoutMs: number;
  /** Quiet time before and between the deals. */
  settleMs: number;
}

export interface ScaleResult {
  connections: number;
  joinWallMs: number;
  /** Share of one core the load generator used while joining: near 1, the figure is the generator's. */
  generatorCpuShare: number;
  /** Share of one core the server used while phones joined. */
  serverCpuShare: number;
  heapPerConnectionBytes: number;
  rssPerConnectionBytes: number;
  makespansMs: number[];
  cardsDealt: number;
  lostCards: number;
  cpuPerCardNs: number;
}

/**
 * `sessions` × `phonesPerSession` phones join (wall time), the heap is read with every connection
 * open, then every host deals at once, `deals` times: makespan to the last card, lost cards, and
 * server CPU per card (minus what the server burns idle over the same time).
 */
export async function scale(target: Target, server: ServerProcess, config: ScaleConfig): Promise<ScaleResult> {
  const clients: { close(): void }[] = [];
  try {
    const sessions = await pool(range(config.sessions), 8, () => target.createSession());
    const before = await heapAfterGc(server);
    const rssBefore = rssBytes(server.pid);

    const hosts = await pool(sessions, 20, ({ code, hostToken }) => target.host(code, hostToken));
    clients.push(...hosts);
    const jobs = sessions.flatMap(({ code }, s) => range(config.phonesPerSession).map((p) => ({ code, name: `S${s}P${p}`, session: s })));
    const generatorFrom = process.cpuUsage();
    const serverFrom = cpuNs(server.pid);
    const joinStart = performance.now();
    const phones = await pool(jobs, config.joinConcurrency, async ({ code, name }) => {
      const phone = await target.phone(code, name);
      clients.push(phone);
      return phone;
    });
    const joinWallMs = performance.now() - joinStart;
    const generator = process.cpuUsage(generatorFrom);
    const serverCpuShare = (cpuNs(server.pid) - serverFrom) / 1e6 / joinWallMs;
    const connections = hosts.length + phones.length;

    const after = await heapAfterGc(server);
    const rssAfter = rssBytes(server.pid);

    await Promise.all(hosts.map((host) => host.readyToDeal(Math.max(config.deals, 1))));
    await sleep(config.settleMs);
    const idle = await idleRate(server, config.settleMs);

    const makespansMs: number[] = [];
    let lostCards = 0;
    let cardsDealt = 0;
    let cpuNsTotal = 0;
    for (let round = 0; round < config.deals; round++) {
      // Waiters first: a card that arrives before its waiter would be timed late.
      const arrived = arrivals(phones.map((phone) => phone.card(round, config.cardTimeoutMs)));
      const cpuFrom = cpuNs(server.pid);
      const start = performance.now();
      const dealt = Promise.all(hosts.map((host) => host.deal()));
      // Awaited below, after the cards: a refused deal must not go unhandled meanwhile.
      dealt.catch(() => {});
      const times = await arrived;
      await dealt;
      await sleep(250);
      const elapsed = performance.now() - start;
      const got = times.filter(Number.isFinite);
      lostCards += times.length - got.length;
      cardsDealt += got.length;
      if (got.length) makespansMs.push(max(got) - start);
      cpuNsTotal += cpuNs(server.pid) - cpuFrom - idle * elapsed;
      await sleep(config.settleMs);
    }
    return {
      connections,
      joinWallMs,
      generatorCpuShare: (generator.user + generator.system) / 1000 / joinWallMs,
      serverCpuShare,
      heapPerConnectionBytes: (after.heapUsed - before.heapUsed) / connections,
      rssPerConnectionBytes: (rssAfter - rssBefore) / connections,
      makespansMs,
      cardsDealt,
      lostCards,
      cpuPerCardNs: cardsDealt ? cpuNsTotal / cardsDealt : NaN,
    };
  } finally {
    closeAll(clients);
  }
}

// -------------------------------------------------------------------------------- deal to 40 phones

export interface DealConfig {
  sessions: number;
  phones: number;
  dealsPerSession: number;
}

/** One host deals to `phones` phones, again and again: ms from the deal to the last phone's card. */
export async function dealLatencies(target: Target, config: DealConfig): Promise<number[]> {
  const latencies: number[] = [];
  for (let s = 0; s < config.sessions; s++) {
    const clients: { close(): void }[] = [];
    try {
      const { code, hostToken } = await target.createSession();
      const host = await target.host(code, hostToken);
      clients.push(host);
      const phones = await pool(range(config.phones), 10, (p) => target.phone(code, `D${s}P${p}`));
      clients.push(...phones);
      await host.readyToDeal(config.dealsPerSession);
      await sleep(500);
      for (let round = 0; round < config.dealsPerSession; round++) {
        const waits = arrivals(phones.map((phone) => phone.card(round, 10_000)));
        const start = performance.now();
        await host.deal();
        const times = await waits;
        if (times.some(Number.isNaN)) throw new Error(`deal ${round}: not every phone got its card`);
        latencies.push(max(times) - start);
        await sleep(100);
      }
    } finally {
      closeAll(clients);
    }
  }
  return latencies;
}

// -------------------------------------------------------------------------- CPU per phase change

export interface PhaseRow {
  /** Phones online, or submissions held. */
  size: number;
  cpuPerChangeNs: number;
  /** ms from the command to the last phone showing the new phase, median. */
  lastPhoneMs: number;
}

/** Phase on (+1) or back (-1) with every phone following; ms to the last phone. */
async function change(host: BenchHost, phones: BenchPhone[], from: number, delta: 1 | -1): Promise<number> {
  const waits = arrivals(phones.map((phone) => phone.phase(from + delta, 10_000)));
  const sent = performance.now();
  await host.move(delta);
  const times = await waits;
  if (times.some(Number.isNaN)) throw new Error(`phase ${from} → ${from + delta}: not every phone followed`);
  return max(times) - sent;
}

export interface ChangeConfig {
  /** Host sockets, one after the other: the app allows each 20 events at once. */
  batches: number;
  /** On-and-back pairs per host socket, after one unmeasured pair; at most 9. */
  pairs: number;
}

/**
 * Phase changes from phase 0 and back with every phone following each change, in `batches` of
 * `pairs` pairs, each batch from a fresh host socket (its connection is not measured) after one
 * warm-up pair. Server CPU per change over the measured changes; the little a small session's
 * server does idle (pings) is included.
 */
async function phaseChanges(server: ServerProcess, newHost: () => Promise<BenchHost>, phones: BenchPhone[], config: ChangeConfig, size: number): Promise<PhaseRow> {
  const lastPhone: number[] = [];
  let cpu = 0;
  for (let batch = 0; batch < config.batches; batch++) {
    const host = await newHost();
    try {
      await sleep(200);
      await change(host, phones, 0, 1);
      await change(host, phones, 1, -1);
      await sleep(200);
      const cpuFrom = cpuNs(server.pid);
      for (let pair = 0; pair < config.pairs; pair++) {
        lastPhone.push(await change(host, phones, 0, 1));
        lastPhone.push(await change(host, phones, 1, -1));
      }
      await sleep(50);
      cpu += cpuNs(server.pid) - cpuFrom;
    } finally {
      host.close();
    }
  }
  return { size, cpuPerChangeNs: cpu / (config.batches * config.pairs * 2), lastPhoneMs: percentile(lastPhone, 50) };
}

/** CPU per phase change in one session of n phones, for each n. */
export async function phaseCostByPhones(target: Target, server: ServerProcess, sizes: number[], changes: ChangeConfig): Promise<PhaseRow[]> {
  const rows: PhaseRow[] = [];
  for (const size of sizes) {
    const clients: { close(): void }[] = [];
    try {
      const { code, hostToken } = await target.createSession();
      const starter = await target.host(code, hostToken);
      clients.push(starter);
      const phones = await pool(range(size), 20, (p) => target.phone(code, `G${size}P${p}`));
      clients.push(...phones);
      await starter.start();
      await Promise.all(phones.map((phone) => phone.phase(0, 10_000)));
      starter.close();
      await sleep(300);
      rows.push(await phaseChanges(server, () => target.host(code, hostToken), phones, changes, size));
    } finally {
      closeAll(clients);
    }
  }
  return rows;
}

export interface SubmissionsConfig {
  /** Phones online during the phase changes. */
  online: number;
  /** Phones that write the submissions, joined for every row, offline while measured. */
  writers: number;
  /** Submissions held at each row, ascending. */
  held: number[];
}

/**
 * Per socket the app allows 20 events at once and 5 a second after. A writer sends a burst below
 * that, then one note at a time with a pause after each answer (a busy server may take events sent
 * apart in one go), and sends a refused note again after a second, with the same key as a phone's
 * outbox does (stored once).
 */
async function writeNotes(phone: BenchPhone, count: number): Promise<number> {
  const BURST = 15;
  const GAP_MS = 250;
  const send = async (n: number) => {
    const key = newNoteKey();
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await phone.note(key, `${NOTE_TEXT} (${n + 1})`, 0)) return true;
      await sleep(1000);
    }
    return false;
  };
  const burst = await Promise.all(range(Math.min(BURST, count)).map(send));
  let stored = burst.filter(Boolean).length;
  for (let n = BURST; n < count; n++) {
    await sleep(GAP_MS);
    if (await send(n)) stored++;
  }
  return stored;
}

/**
 * CPU per phase change in one session of `online` phones as it holds more and more notes, written
 * by `writers` other phones of the same session (spread over many sockets, as phones would send them).
 */
export async function phaseCostBySubmissions(target: Target, server: ServerProcess, config: SubmissionsConfig, changes: ChangeConfig): Promise<PhaseRow[]> {
  const clients: { close(): void }[] = [];
  try {
    const { code, hostToken } = await target.createSession();
    const starter = await target.host(code, hostToken);
    clients.push(starter);
    const phones = await pool(range(config.online), 20, (p) => target.phone(code, `N${p}`));
    clients.push(...phones);
    const writerNames = range(config.writers).map((w) => `W${w}`);
    const writerTokens = await pool(writerNames, 20, async (name) => {
      const writer = await target.phone(code, name);
      writer.close();
      return writer.token;
    });
    await starter.start();
    await Promise.all(phones.map((phone) => phone.phase(0, 10_000)));
    starter.close();

    const rows: PhaseRow[] = [];
    let held = 0;
    for (const goal of config.held) {
      const toWrite = goal - held;
      if (toWrite > 0) {
        const stored = await pool(writerNames, config.writers, async (name, w) => {
          const share = Math.floor(toWrite / config.writers) + (w < toWrite % config.writers ? 1 : 0);
          if (!share) return 0;
          const writer = await target.phone(code, name, { token: writerTokens[w] });
          try {
            return await writeNotes(writer, share);
          } finally {
            writer.close();
          }
        });
        held += stored.reduce((sum, n) => sum + n, 0);
        if (held < goal) throw new Error(`only ${held} of ${goal} notes were stored`);
      }
      await sleep(500);
      rows.push(await phaseChanges(server, () => target.host(code, hostToken), phones, changes, goal));
    }
    return rows;
  } finally {
    closeAll(clients);
  }
}

// ------------------------------------------------------------------------------ restart after kill -9

export interface RestartConfig {
  phones: number;
  /** Sessions stored when the server restarts (the phones' one included). */
  storedSessions: number;
  timeoutMs: number;
}

export interface RestartResult {
  /** ms from the new spawn to the last phone's first view with its seat. */
  backMs: number;
  /** ms from the new spawn to the first HTTP answer. */
  readyMs: number;
}

/**
 * Phones with a dealt card; the server is killed with SIGKILL (its whole process tree) and started
 * again on the same port and DATA_DIR. The phones reconnect on their own, with the reconnect
 * options of their page (`client`).
 */
export async function restart(
  start: () => Promise<ServerProcess>,
  targetOf: (server: ServerProcess) => Target,
  client: ClientOptions,
  config: RestartConfig,
): Promise<RestartResult> {
  const clients: { close(): void }[] = [];
  let server = await start();
  try {
    const target = targetOf(server);
    await pool(range(config.storedSessions - 1), 8, () => target.createSession());
    const { code, hostToken } = await target.createSession();
    const host = await target.host(code, hostToken);
    clients.push(host);
    const phones = await pool(range(config.phones), 10, (p) => target.phone(code, `R${p}`, { client }));
    clients.push(...phones);
    await host.readyToDeal(1);
    const dealt = arrivals(phones.map((phone) => phone.card(0, 10_000)));
    await host.deal();
    if ((await dealt).some(Number.isNaN)) throw new Error('not every phone got its card before the kill');
    await sleep(300);

    const lost = Promise.all(phones.map((phone) => phone.disconnected()));
    await server.kill();
    await within(lost, 10_000, 'phones noticing the kill');
    const back = arrivals(phones.map((phone) => phone.seatedAgain(config.timeoutMs)));
    server = await start();
    const times = await back;
    if (times.some(Number.isNaN)) throw new Error(`not every phone was back in its seat within ${config.timeoutMs} ms`);
    return { backMs: max(times) - server.spawnedAt, readyMs: server.readyMs };
  } finally {
    closeAll(clients);
    await server.kill();
  }
}

// ------------------------------------------------------------------------------------ phone page

export interface PageResult {
  bytes: PageBytes;
  loads: PageTimes[];
}

/** One unthrottled load weighs what /s/CODE loads; `loads` throttled cold loads time it. */
export async function phonePage(target: Target, browser: Browser, loads: number): Promise<PageResult> {
  const { code } = await target.createSession();
  const url = `${target.url}/s/${code}`;
  const { bytes } = await loadPhonePage(browser, url, { throttled: false, timeoutMs: 30_000 });
  const times: PageTimes[] = [];
  for (let load = 0; load < loads; load++) times.push((await loadPhonePage(browser, url, { throttled: true, timeoutMs: 60_000 })).times);
  return { bytes, loads: times };
}
