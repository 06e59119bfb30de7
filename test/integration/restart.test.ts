/**
 * The real server, killed with SIGKILL in the middle of a session and started again on the
 * same port and DATA_DIR: every open session comes back from its SQLite file, and every
 * screen finds its way back on its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhaseKind, PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { createSession, hostClient, joinedPhone, type Client, type ClientOptions } from '../helpers/clients.ts';
import { SETTINGS } from '../helpers/roleplay.ts';
import { freePort, spawnServer, type ServerProcess } from '../helpers/serverProcess.ts';

const PHONES = 20;
const RECOVERY_LIMIT_MS = 10_000;
/** Like the real client (client/lib/socket.ts) caps its backoff, but with the tests' short first delay. */
const RECONNECT: ClientOptions = { reconnectionDelay: 100, reconnectionDelayMax: 4000 };
const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet', 'Koen', 'Lotte', 'Mees', 'Noor', 'Omar', 'Pien', 'Quinten', 'Roos', 'Sem', 'Tess'];

let dataDir: string;
let port: number;
const servers: ServerProcess[] = [];
const clients: { close(): void }[] = [];
const track = <C extends { close(): void }>(client: C): C => (clients.push(client), client);

function start(contentDir?: string): ServerProcess {
  const server = spawnServer({ port, dataDir, contentDir });
  servers.push(server);
  return server;
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-restart-'));
  port = await freePort();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  // Runs when a test fails too: no server outlives its test.
  await Promise.all(servers.splice(0).map((server) => server.stop('SIGKILL')));
  rmSync(dataDir, { recursive: true, force: true });
});

const ok = { ok: true, data: null };
const noteKey = (owner: number, n: number) => `note-${owner}-${n}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * SIGKILL the server, wait until every client knows, start a new one on the same port and
 * DATA_DIR, and wait until every client has a view from it. Returns the first view each
 * client got from the new server, and the ms from the new spawn until the last one came in.
 */
async function killAndRestart(
  old: ServerProcess,
  screens: { projectors: Client<ProjectorView>[]; phones: Client<PhoneView>[] },
  options: { outageUntil?: number; contentDir?: string } = {},
) {
  const all = [...screens.projectors, ...screens.phones];
  const lost = all.map((client) => client.disconnected());
  await old.stop('SIGKILL');
  await Promise.all(lost);
  if (options.outageUntil !== undefined) await delay(Math.max(0, options.outageUntil - Date.now()));

  const server = start(options.contentDir);
  const arrivals: number[] = [];
  /** The first view after `client`'s current one: the old server is dead, so it is the new server's. */
  const nextView = <V extends ProjectorView | PhoneView>(client: Client<V>): Promise<V> => {
    const before = client.last;
    return client.until((view) => view !== before, RECOVERY_LIMIT_MS + 5000).then((view) => (arrivals.push(performance.now() - server.spawnedAt), view));
  };
  const projectors = Promise.all(screens.projectors.map(nextView));
  const phones = Promise.all(screens.phones.map(nextView));
  const readyMs = await server.ready;
  const first = { projectors: await projectors, phones: await phones };
  return { server, readyMs, recoveryMs: Math.max(...arrivals), clientCount: all.length, first };
}

describe('a server killed with SIGKILL mid-session', () => {
  it('resumes every open session: seats, phase, timer deadline and notes, within 10 s', async () => {
    const first = start();
    await first.ready;
    const { url } = first;

    // The session that matters: 20 phones, running, in phase 2 with a minute added.
    const main = await createSession(url);
    const host = track(hostClient(url, main.code, main.hostToken, RECONNECT));
    await host.connected();
    const phones = await Promise.all(NAMES.slice(0, PHONES).map(async (name) => track(await joinedPhone(url, main.code, name, undefined, RECONNECT))));
    await host.until((view) => view.participants.filter((p) => p.online).length === PHONES);

    expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    expect(await host.socket.emitWithAck('host:addTime', { minutes: 1 })).toEqual(ok);
    const planned = (await host.until((view) => view.agenda.length > 1)).agenda[1]!.plannedMinutes;
    const projectorBefore = await host.until((view) => view.phase?.index === 1 && view.phase.timer.totalMs === (planned + 1) * 60_000);
    const timerBefore = projectorBefore.phase!.timer;
    if (timerBefore.state !== 'running') throw new Error(`timer not running: ${JSON.stringify(timerBefore)}`);

    // Half the phones write a note in this phase; the first writes a second one and sends its
    // first one again, as its outbox does when an ack got lost.
    const acked = new Map<number, string[]>();
    const keysOf = (index: number) => acked.get(index) ?? [];
    await Promise.all(
      phones.slice(0, PHONES / 2).map(async (phone, index) => {
        const key = noteKey(index, 1);
        expect(await phone.socket.emitWithAck('phone:addNote', { key, text: `Notitie van ${NAMES[index]}`, phaseIndex: 1 })).toEqual(ok);
        acked.set(index, [key]);
      }),
    );
    const second = noteKey(0, 2);
    expect(await phones[0]!.socket.emitWithAck('phone:addNote', { key: second, text: 'Tweede notitie', phaseIndex: 1 })).toEqual(ok);
    expect(await phones[0]!.socket.emitWithAck('phone:addNote', { key: keysOf(0)[0]!, text: 'Notitie van Anouk', phaseIndex: 1 })).toEqual(ok);
    acked.get(0)!.push(second);
    const phonesBefore = await Promise.all(
      phones.map((phone, index) =>
        phone.until((view) => view.phase?.index === 1 && view.phase.timer.totalMs === timerBefore.totalMs && view.notes.length === keysOf(index).length),
      ),
    );

    // A second open session, still in the lobby, with one phone and its note.
    const lobby = await createSession(url);
    const lobbyHost = track(hostClient(url, lobby.code, lobby.hostToken, RECONNECT));
    const lobbyPhone = track(await joinedPhone(url, lobby.code, 'Ugur', undefined, RECONNECT));
    const lobbyKey = noteKey(99, 1);
    expect(await lobbyPhone.socket.emitWithAck('phone:addNote', { key: lobbyKey, text: 'Al vast een vraag', phaseIndex: -1 })).toEqual(ok);
    const lobbyPhoneBefore = await lobbyPhone.until((view) => view.notes.length === 1);
    await lobbyHost.until((view) => view.participants.length === 1 && view.participants[0]!.online);

    const emitted: string[] = [];
    for (const phone of [...phones, lobbyPhone]) phone.socket.onAnyOutgoing((event: string) => emitted.push(event));

    const { readyMs, recoveryMs, clientCount, first: after } = await killAndRestart(first, {
      projectors: [host, lobbyHost],
      phones: [...phones, lobbyPhone],
    });
    console.log(`restart recovery: ${Math.round(recoveryMs)} ms for ${clientCount} clients (new server ready after ${Math.round(readyMs)} ms)`);
    expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);

    // Every phone's first view from the new server already has its seat, phase, timer and notes.
    for (const [index, phone] of phones.entries()) {
      const before = phonesBefore[index]!;
      const view = after.phones[index]!;
      expect(view.me, NAMES[index]).toEqual(before.me);
      expect(view.me).toEqual({ id: expect.any(String), name: NAMES[index] });
      expect(view.status).toBe('running');
      expect(view.phase?.index).toBe(1);
      expect(view.phase?.timer).toEqual(timerBefore);
      expect(view.notes).toEqual(before.notes);
      expect(view.notes.map((note) => note.key).sort()).toEqual([...keysOf(index)].sort());
      expect(phone.socket.connected).toBe(true);
    }
    expect(emitted, 'no phone sent anything, so none joined again').toEqual([]);

    const [projector, lobbyProjector] = after.projectors;
    expect(projector!.status).toBe('running');
    expect(projector!.phase?.index).toBe(1);
    expect(projector!.phase?.timer).toEqual(timerBefore);
    const seats = (view: ProjectorView) => view.participants.map(({ id, name }) => ({ id, name }));
    expect(seats(projector!)).toEqual(seats(projectorBefore));
    const allOnline = await host.until((view) => view.participants.every((p) => p.online));
    expect(seats(allOnline)).toEqual(seats(projectorBefore));
    expect(allOnline.phase?.timer).toEqual(timerBefore);

    // The lobby session is back as well.
    expect(lobbyProjector!.status).toBe('lobby');
    expect(after.phones.at(-1)!.me).toEqual(lobbyPhoneBefore.me);
    expect(after.phones.at(-1)!.notes).toEqual(lobbyPhoneBefore.notes);
    await lobbyHost.until((view) => view.participants.length === 1 && view.participants[0]!.online);

    // The restored session is live, not just a picture: a note sent again after the restart is
    // still stored once, a new one is stored, and the facilitator can move on.
    expect(await phones[1]!.socket.emitWithAck('phone:addNote', { key: keysOf(1)[0]!, text: 'Notitie van Bram', phaseIndex: 1 })).toEqual(ok);
    const late = noteKey(2, 2);
    expect(await phones[2]!.socket.emitWithAck('phone:addNote', { key: late, text: 'Na de herstart', phaseIndex: 1 })).toEqual(ok);
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    for (const [index, phone] of phones.entries()) {
      const view = await phone.until((v) => v.phase?.index === 2);
      const expected = index === 2 ? [...keysOf(index), late] : keysOf(index);
      expect(view.notes.map((note) => note.key).sort()).toEqual([...expected].sort());
    }
  }, 60_000);

  it('keeps the phase deadline as a deadline: one that passes while the server is down shows as overtime', async () => {
    // A programme with a one-minute phase, so the deadline can pass during a real outage.
    const contentDir = join(dataDir, 'content');
    mkdirSync(join(contentDir, 'programmes'), { recursive: true });
    writeFileSync(
      join(contentDir, 'programmes', 'kort.md'),
      ['---', 'id: kort', 'title: Kort', 'language: nl', 'phases:', '  - kind: intro', '    title: Begin', '    minutes: 1', '  - kind: evaluation', '    title: Afsluiting', '    minutes: 1', '---', ''].join('\n'),
    );
    const first = start(contentDir);
    await first.ready;
    const { code, hostToken } = await createSession(first.url, 'kort');
    const host = track(hostClient(first.url, code, hostToken, RECONNECT));
    await host.connected();
    const phone = track(await joinedPhone(first.url, code, 'Anouk', undefined, RECONNECT));
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
    const before = await host.until((view) => view.phase?.index === 0);
    const timer = before.phase!.timer;
    if (timer.state !== 'running') throw new Error(`timer not running: ${JSON.stringify(timer)}`);
    await phone.until((view) => view.phase?.index === 0);

    // Down from just after the start until a second past the deadline: the outage is the scenario.
    const outageUntil = timer.endsAt + 1000;
    const { recoveryMs, clientCount, first: after } = await killAndRestart(first, { projectors: [host], phones: [phone] }, { outageUntil, contentDir });
    console.log(`restart recovery after a ${Math.round((outageUntil - before.serverNow) / 1000)} s outage: ${Math.round(recoveryMs)} ms for ${clientCount} clients`);
    expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);

    // Nothing advanced on its own; the deadline is the same instant, now in the past.
    const projector = after.projectors[0]!;
    expect(projector.status).toBe('running');
    expect(projector.phase?.index).toBe(0);
    expect(projector.phase?.timer).toEqual(timer);
    expect(projector.serverNow).toBeGreaterThan(timer.endsAt);
    expect(projector.agenda[0]!.usedMs).toBeGreaterThan(timer.totalMs);
    const phoneView = after.phones[0]!;
    expect(phoneView.me).toEqual({ id: expect.any(String), name: 'Anouk' });
    expect(phoneView.phase?.index).toBe(0);
    expect(phoneView.phase?.timer).toEqual(timer);
    expect(phoneView.serverNow).toBeGreaterThan(timer.endsAt);
  }, 120_000);
  it('kills the server mid-round: every phone gets its own card back', async () => {
    const names = NAMES.slice(0, 8);
    // The role-play is the fifth phase: start, then four times next.
    const { first, host, phones, phaseIndex: roleplayPhase } = await sessionInPhase('roleplay', names);
    expect(roleplayPhase).toBe(4);
    expect(await host.socket.emitWithAck('host:roleplaySetup', SETTINGS)).toEqual(ok);
    await host.until((view) => view.roleplay?.state?.stage === 'grouping');
    expect(await host.socket.emitWithAck('host:roleplayStartRound', {})).toEqual(ok);
    const boardBefore = (await host.until((view) => view.roleplay?.state?.stage === 'playing')).roleplay!.state!;
    const timerBefore = boardBefore.timer;
    if (timerBefore?.state !== 'running') throw new Error(`round timer not running: ${JSON.stringify(timerBefore)}`);
    expect(timerBefore.totalMs).toBe(SETTINGS.minutesPerRound * 60_000);
    const before = await Promise.all(phones.map((phone) => phone.until((view) => view.roleplay?.stage === 'playing' && view.roleplay.seat !== null)));
    const seatsBefore = before.map((view) => view.roleplay!.seat!);
    // Each phone has its own seat and card; everyone shows the same round deadline.
    expect(new Set(seatsBefore.map((seat) => seat.role))).toEqual(new Set(['mentor', 'parent', 'student', 'observer']));
    for (const seat of seatsBefore) expect(seat.card?.role).toBe(seat.role);
    for (const view of before) expect(view.roleplay?.timer).toEqual(timerBefore);

    const emitted: string[] = [];
    for (const phone of phones) phone.socket.onAnyOutgoing((event: string) => emitted.push(event));
    const { readyMs, recoveryMs, clientCount, first: after } = await killAndRestart(first, { projectors: [host], phones });
    console.log(`restart recovery mid-round: ${Math.round(recoveryMs)} ms for ${clientCount} clients (new server ready after ${Math.round(readyMs)} ms)`);
    expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);

    // The first view from the new server: the same seat (role, card, group, the others), the same deadline.
    for (const [index, view] of after.phones.entries()) {
      const seat = seatsBefore[index]!;
      expect(view.me, names[index]).toEqual(before[index]!.me);
      expect(view.roleplay?.stage).toBe('playing');
      expect(view.roleplay?.round).toBe(0);
      expect({ role: view.roleplay?.seat?.role, card: view.roleplay?.seat?.card?.id, group: view.roleplay?.seat?.groupId }, names[index]).toEqual({
        role: seat.role,
        card: seat.card?.id,
        group: seat.groupId,
      });
      expect(view.roleplay?.seat).toEqual(seat);
      expect(view.roleplay?.timer).toEqual(timerBefore);
    }
    expect(emitted, 'no phone sent anything, so none joined again').toEqual([]);
    const boardAfter = after.projectors[0]!.roleplay?.state;
    expect(boardAfter?.timer).toEqual(timerBefore);
    const roles = (board: typeof boardBefore) => board.groups.map((group) => group.members.map(({ id, role }) => ({ id, role })));
    expect(roles(boardAfter!)).toEqual(roles(boardBefore));
    await host.until((view) => view.participants.every((p) => p.online));

    // The restored round is live: it ends, every phone gives feedback, the mentors receive it.
    expect(await host.socket.emitWithAck('host:roleplayEndRound', {})).toEqual(ok);
    await Promise.all(
      phones.map(async (phone, index) => {
        const form = (await phone.until((view) => view.roleplay?.stage === 'feedback')).roleplay!.feedback!;
        const ids = form.questions.length ? form.questions.map((question) => question.id) : ['self'];
        const answers = ids.map((questionId) => ({ questionId, text: `Na de herstart, van ${names[index]}` }));
        expect(await phone.socket.emitWithAck('phone:roleplayFeedback', { key: randomUUID(), round: 0, answers })).toEqual(ok);
      }),
    );
    const done = await host.until((view) => view.roleplay?.state?.feedback.sent === names.length);
    expect(done.roleplay?.state?.feedback).toEqual({ sent: names.length, expected: names.length });
    for (const [index, phone] of phones.entries()) {
      if (seatsBefore[index]!.role !== 'mentor') continue;
      const view = await phone.until((v) => v.roleplay?.received.length === 3);
      expect(view.roleplay?.received.map((item) => item.role).sort()).toEqual(['observer', 'parent', 'student']);
    }
  }, 60_000);

  it('kills the server during the dialogue: every acknowledged answer is still on its flip-over', async () => {
    const names = NAMES.slice(0, 7);
    const { first, host, phones } = await sessionInPhase('dialogue', names);
    expect(await host.socket.emitWithAck('host:dialogueStart', {})).toEqual(ok);
    const board = await host.until((view) => (view.dialogue?.groups?.length ?? 0) > 0);
    const questions = board.dialogue!.questions;
    // Everyone writes two answers; every one of them is acknowledged before the crash.
    const written = names.flatMap((name, index) => [0, 1].map((n) => ({ index, key: randomUUID(), questionId: questions[(index + n) % questions.length]!.id, text: `${name} schrijft ${n}` })));
    for (const answer of written) {
      await phones[answer.index]!.until((view) => view.dialogue?.group !== null && view.dialogue !== null);
      const { index, ...payload } = answer;
      expect(await phones[index]!.socket.emitWithAck('phone:dialogueAnswer', payload)).toEqual(ok);
    }
    const groupsBefore = (await host.until((view) => totalAnswers(view) === written.length)).dialogue!.groups;

    const { recoveryMs, clientCount, first: after } = await killAndRestart(first, { projectors: [host], phones });
    console.log(`restart recovery in the dialogue: ${Math.round(recoveryMs)} ms for ${clientCount} clients`);
    expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);
    // The same groups and counts (who is online again may still differ in this first view).
    const shape = (groups: typeof groupsBefore) =>
      groups?.map(({ id, members, answersPerQuestion }) => ({ id, members: members.map((member) => member.name), answersPerQuestion }));
    expect(shape(after.projectors[0]!.dialogue?.groups ?? null)).toEqual(shape(groupsBefore));
    for (const [index, view] of after.phones.entries()) {
      const mine = view.dialogue?.answers.filter((answer) => answer.mine).map((answer) => answer.id).sort();
      expect(mine, names[index]).toEqual(written.filter((answer) => answer.index === index).map((answer) => answer.key).sort());
    }
    // And the flip-overs take new answers after the restart.
    expect(await phones[0]!.socket.emitWithAck('phone:dialogueAnswer', { key: randomUUID(), questionId: questions[0]!.id, text: 'Na de herstart' })).toEqual(ok);
    await host.until((view) => totalAnswers(view) === written.length + 1);
  }, 60_000);
});

function totalAnswers(view: ProjectorView): number {
  return (view.dialogue?.groups ?? []).reduce((sum, group) => sum + Object.values(group.answersPerQuestion).reduce((a, b) => a + b, 0), 0);
}

/** A real server process with a session whose phones all joined, walked on to the first phase of `kind`. */
async function sessionInPhase(kind: PhaseKind, names: string[]) {
  const first = start();
  await first.ready;
  const { url } = first;
  const { code, hostToken } = await createSession(url);
  const host = track(hostClient(url, code, hostToken, RECONNECT));
  await host.connected();
  const phones = await Promise.all(names.map(async (name) => track(await joinedPhone(url, code, name, undefined, RECONNECT))));
  await host.until((view) => view.participants.filter((p) => p.online).length === names.length);
  expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
  const phaseIndex = (await host.until((view) => view.agenda.length > 0)).agenda.findIndex((item) => item.kind === kind);
  for (let step = 0; step < phaseIndex; step++) expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  await host.until((view) => view.phase?.index === phaseIndex);
  return { first, host, phones, phaseIndex };
}
