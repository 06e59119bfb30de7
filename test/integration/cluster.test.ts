/**
 * Three app nodes on one PostgreSQL behind nginx (scripts/lib/cluster.ts: Debian's nginx and
 * PostgreSQL, the compiled server), with phones that keep writing notes and flip-over answers the
 * whole time, a third of them on the polling transport. A node killed with SIGKILL: its sessions
 * are taken over and every phone is back in its seat within 5 s; a rolling restart with SIGTERM;
 * a node frozen with SIGSTOP while another takes its session can never write to it again.
 * Afterwards every acknowledged submission is there, once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { BROWSER_RECONNECT, createSession, hostClient, joinedPhone, newPhoneToken, phoneClient, type Client } from '../../scripts/lib/clients.ts';
import { startCluster, type Cluster, type ClusterNode } from '../../scripts/lib/cluster.ts';
import { SETTINGS } from '../../scripts/lib/roleplay.ts';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';

const SESSIONS = 5;
const PHONES = 8;
const BACK_WITHIN_MS = 5_000;
/** A phone's command is answered within this, node deaths and restarts included (the client's own reconnect waits up to 4 s). */
const ACK_LIMIT_MS = 15_000;
const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna'];
const ok = { ok: true, data: null };

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ nodes: 3 });
}, 60_000);
afterAll(() => cluster?.stop());

const clients: { close(): void }[] = [];
const track = <C extends { close(): void }>(client: C): C => (clients.push(client), client);
afterEach(() => clients.splice(0).forEach((client) => client.close()));

interface Phone {
  client: Client<PhoneView>;
  token: string;
  /** Keys of the notes and answers the server acknowledged. */
  notes: Set<string>;
  answers: Set<string>;
}

interface Session {
  code: string;
  hostToken: string;
  host: Client<ProjectorView>;
  phones: Phone[];
  /** A flip-over question, in the sessions walked to the dialogue. */
  questionId: string | null;
}

/** Which node runs each session now, from the owners' table (asking a node would make it take the session). */
async function owners(): Promise<Map<string, string>> {
  const db = new pg.Client({ connectionString: cluster.postgres.url('driegesprek') });
  await db.connect();
  try {
    const { rows } = await db.query<{ code: string; node: string }>('SELECT code, node FROM session_owners');
    return new Map(rows.map((row) => [row.code, row.node.replace(/-[0-9a-f]{8}$/, '')]));
  } finally {
    await db.end();
  }
}

/** Five sessions through nginx: three in the dialogue (flip-over answers), two in the role-play with cards dealt. */
async function openSessions(): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const { code, hostToken } = await createSession(cluster.url);
    // While nodes come and go (nginx leaves a node that failed out for 2 s) a first connection may
    // fail or be cut: the clients try again by themselves, as the phone page and the presenter do.
    const host = track(hostClient(cluster.url, code, hostToken, BROWSER_RECONNECT));
    await host.until(() => true);
    const phones: Phone[] = [];
    for (let p = 0; p < PHONES; p++) {
      const token = newPhoneToken();
      // A third of the phones behind a firewall that lets only polling through.
      const transports = p % 3 === 0 ? ['polling'] : ['websocket'];
      const client = track(phoneClient(cluster.url, code, token, { ...BROWSER_RECONNECT, transports }));
      expect((await client.request('phone:join', { name: NAMES[p]! })).ok).toBe(true);
      await client.until((view) => view.me?.name === NAMES[p]);
      phones.push({ client, token, notes: new Set(), answers: new Set() });
    }
    // Sent again after a cut connection, unless the first view on the new one shows it took effect.
    const to = (index: number) => (view: ProjectorView) => (view.phase?.index ?? -1) >= index;
    expect(await host.request('host:start', {}, to(0))).toEqual(ok);
    for (const index of [1, 2]) expect(await host.request('host:next', {}, to(index))).toEqual(ok);
    let questionId: string | null = null;
    if (s < 3) {
      expect(await host.request('host:dialogueStart', {}, (view) => (view.dialogue?.groups?.length ?? 0) > 0)).toEqual(ok);
      questionId = (await host.until((view) => (view.dialogue?.groups?.length ?? 0) > 0)).dialogue!.questions[0]!.id;
    } else {
      for (const index of [3, 4]) expect(await host.request('host:next', {}, to(index))).toEqual(ok);
      expect(await host.request('host:roleplaySetup', { ...SETTINGS, format: 'pairs', observers: false }, (view) => (view.roleplay?.state ?? null) !== null)).toEqual(ok);
      expect(await host.request('host:roleplayStartRound', {}, (view) => (view.roleplay?.state?.round ?? -1) >= 0)).toEqual(ok);
    }
    sessions.push({ code, hostToken, host, phones, questionId });
  }
  return sessions;
}

/** A command's answer, or a failure that names it: an ack that never comes is a bug, not a slow test. */
function acked<T>(request: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ACK_LIMIT_MS} ms: ${what}`)), ACK_LIMIT_MS)));
  return Promise.race([request, limit]).finally(() => clearTimeout(timer));
}

/** Every phone writes a note (and in the dialogue a flip-over answer) every 300 ms until stopped; an acknowledged one is remembered. */
function keepWriting(sessions: Session[]): { stop(): Promise<void> } {
  let running = true;
  let n = 0;
  const loops = sessions.flatMap((session) =>
    session.phones.map(async (phone, index) => {
      while (running) {
        const key = `k${index}x${++n}x${Math.random().toString(36).slice(2, 10)}`;
        const phaseIndex = session.questionId ? 2 : 4;
        // A command sent while the phone is away fails with "disconnected": the phone's outbox tries it again later, as here.
        const noted = await acked(phone.client.request('phone:addNote', { key, text: `Notitie ${key}`, phaseIndex }), `${session.code}: note ${key}`);
        if (noted.ok) phone.notes.add(key);
        if (session.questionId) {
          const answered = await acked(phone.client.request('phone:dialogueAnswer', { key: `a${key}`, questionId: session.questionId, text: `Antwoord ${key}` }), `${session.code}: answer a${key}`);
          if (answered.ok) phone.answers.add(`a${key}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }),
  );
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Each phone again through nginx with its token: its notes and its group's flip-over hold every acknowledged key, once. */
async function expectNothingLost(sessions: Session[]): Promise<void> {
  for (const session of sessions) {
    const answersSeen: string[] = [];
    for (const phone of session.phones) {
      const fresh = track(phoneClient(cluster.url, session.code, phone.token));
      const view = await fresh.until((candidate) => candidate.me !== null);
      const keys = view.notes.map((note) => note.key);
      expect(keys.length, `${session.code} ${view.me?.name}: no note twice`).toBe(new Set(keys).size);
      expect([...phone.notes].filter((key) => !keys.includes(key)), `${session.code} ${view.me?.name}: acknowledged notes lost`).toEqual([]);
      answersSeen.push(...(view.dialogue?.answers.map((answer) => answer.id) ?? []));
      fresh.close();
    }
    const acknowledged = session.phones.flatMap((phone) => [...phone.answers]);
    expect(acknowledged.filter((key) => !answersSeen.includes(key)), `${session.code}: acknowledged answers lost`).toEqual([]);
    // A phone sees its group's answers: each one counted once per phone of its group, never twice in one view.
    for (const phone of session.phones) {
      const ids = phone.client.last?.dialogue?.answers.map((answer) => answer.id) ?? [];
      expect(ids.length).toBe(new Set(ids).size);
    }
  }
}

/** Resolves once every phone of `sessions` has a view with its seat from a connection made after `since` (its count of views). */
function allBack(sessions: Session[], since: Map<Client<PhoneView>, number>): Promise<unknown> {
  return Promise.all(
    sessions.flatMap((session) => session.phones.map(({ client }) => client.until((view) => view.me !== null && client.views.length > since.get(client)! && client.socket.connected))),
  );
}

const viewCounts = (sessions: Session[]) => new Map(sessions.flatMap((session) => session.phones.map(({ client }) => [client, client.views.length] as const)));
const nodeNamed = (name: string): ClusterNode => cluster.nodes.find((node) => node.name === name)!;

describe('three nodes behind nginx', () => {
  it('a node killed with SIGKILL: its sessions run on the others, every phone back within 5 s, nothing acknowledged lost or doubled', async () => {
    const sessions = await openSessions();
    const writing = keepWriting(sessions);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const byNode = await owners();
    const victim = nodeNamed([...byNode.values()].sort((a, b) => [...byNode.values()].filter((n) => n === b).length - [...byNode.values()].filter((n) => n === a).length)[0]!);
    const hit = sessions.filter((session) => byNode.get(session.code) === victim.name);
    expect(hit.length).toBeGreaterThan(0);
    // The moment its disconnect reaches the phones, each waits for a view from the new connection.
    const since = viewCounts(hit);
    const killedAt = performance.now();
    await victim.process.stop('SIGKILL');
    await allBack(hit, since);
    const backMs = performance.now() - killedAt;
    expect(backMs, `phones of ${hit.length} sessions back after ${Math.round(backMs)} ms`).toBeLessThan(BACK_WITHIN_MS);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await writing.stop();
    const after = await owners();
    for (const session of hit) expect(after.get(session.code)).not.toBe(victim.name);
    await expectNothingLost(sessions);
    // The projectors see the same session as before: everyone online, the same phase.
    for (const session of sessions) {
      const view = await session.host.until((candidate) => candidate.participants.filter((p) => p.online).length === PHONES);
      expect(view.phase?.index).toBe(session.questionId ? 2 : 4);
    }
    await victim.start();
  }, 90_000);

  it('a rolling restart with SIGTERM, one node after the other: no session lost, nothing acknowledged lost', async () => {
    const sessions = await openSessions();
    const writing = keepWriting(sessions);
    for (const node of cluster.nodes) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      // A node that does not exit says why (its own output) before the test times out.
      const stopped = node.process.stop('SIGTERM');
      const late = setTimeout(() => console.error(`${node.name} not stopped 10 s after SIGTERM:\n${node.process.output()}`), 10_000);
      await stopped;
      clearTimeout(late);
      await node.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await writing.stop();
    await expectNothingLost(sessions);
    const byNode = await owners();
    for (const session of sessions) expect(byNode.get(session.code)).toMatch(/^node-\d$/);
  }, 120_000);

  it('a node frozen (SIGSTOP) while another takes its session cannot change that session when it wakes (SIGCONT)', async () => {
    const { code, hostToken } = await createSession(cluster.url);
    const host = track(hostClient(cluster.url, code, hostToken));
    await host.connected();
    const owner = nodeNamed((await owners()).get(code)!);
    const other = cluster.nodes.find((node) => node !== owner)!;
    // A phone straight on the owner, without nginx and without reconnecting: it stays with the frozen node.
    const token = newPhoneToken();
    const stale = track(await joinedPhone(`http://127.0.0.1:${owner.port}`, code, 'Anouk', token, { reconnection: false }));

    owner.process.child.kill('SIGSTOP');
    try {
      // Meanwhile the session is asked for on another node: it takes it over.
      const moved = track(phoneClient(`http://127.0.0.1:${other.port}`, code, token));
      await moved.until((view) => view.me?.name === 'Anouk');
      expect(await moved.socket.emitWithAck('phone:addNote', { key: 'note-on-the-new-node', text: 'Hier', phaseIndex: -1 })).toEqual(ok);
    } finally {
      owner.process.child.kill('SIGCONT');
    }
    // Awake again, the old node is asked to write: it refuses, and lets go of the phone.
    const closed = new Promise((resolve) => stale.socket.once('disconnect', resolve));
    const late = await stale.socket
      .timeout(5_000)
      .emitWithAck('phone:addNote', { key: 'note-on-the-frozen-node', text: 'Te laat', phaseIndex: -1 })
      .catch(() => ({ ok: false }));
    expect(late.ok).toBe(false);
    await closed;
    expect((await owners()).get(code)).toBe(other.name);
    const check = track(phoneClient(cluster.url, code, token));
    const view = await check.until((candidate) => candidate.me !== null);
    expect(view.notes.map((note) => note.key)).toEqual(['note-on-the-new-node']);
  }, 60_000);
});
