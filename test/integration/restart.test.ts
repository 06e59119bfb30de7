/**
 * The real server, killed with SIGKILL in the middle of a session and started again on the
 * same port and DATA_DIR: every open session comes back from its SQLite file, and every
 * screen finds its way back on its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '../../server/protocol/events.ts';
import type { Consent, PhaseKind, PhoneView, ProjectorView, ResearchProjectorView, SessionReport } from '../../server/protocol/views.ts';
import type { Rating } from '../../server/session/research/quickscan.ts';
import { STEP_MS } from '../../server/session/research/research.ts';
import { createSession, hostClient, joinedPhone, type Client, type ClientOptions } from '../../scripts/lib/clients.ts';
import { SETTINGS } from '../../scripts/lib/roleplay.ts';
import { usedMsOf } from '../../client/lib/time.ts';
import { freePort, spawnServer, type ServerProcess } from '../helpers/serverProcess.ts';
import { usePostgres } from '../helpers/postgres.ts';

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

/** More environment for the servers of a test: DATABASE_URL for the PostgreSQL store. */
let storeEnv: Record<string, string> = {};

function start(contentDir?: string, clockOffsetMs?: number): ServerProcess {
  const server = spawnServer({ port, dataDir, contentDir, clockOffsetMs, env: storeEnv });
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
 *
 * `outageUntil` (epoch ms): the new server starts as if it had been down until then. Its clock
 * (Date.now, test/helpers/clockOffset.ts) is set ahead by what is left of the outage instead of
 * waiting it out: to the server, its sessions and their deadlines, the same thing.
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
  const clockOffsetMs = options.outageUntil === undefined ? undefined : Math.max(0, options.outageUntil - Date.now());

  const server = start(options.contentDir, clockOffsetMs);
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
    // A programme with a one-minute phase, so the deadline passes during an outage of about a minute.
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
    // The new server's clock starts there (killAndRestart), so nobody waits the minute out.
    const outageUntil = timer.endsAt + 1000;
    const { recoveryMs, clientCount, first: after } = await killAndRestart(first, { projectors: [host], phones: [phone] }, { outageUntil, contentDir });
    console.log(`restart recovery after a ${Math.round((outageUntil - before.serverNow) / 1000)} s outage (on the new server's clock): ${Math.round(recoveryMs)} ms for ${clientCount} clients`);
    expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);

    // Nothing advanced on its own; the deadline is the same instant, now in the past.
    const projector = after.projectors[0]!;
    expect(projector.status).toBe('running');
    expect(projector.phase?.index).toBe(0);
    expect(projector.phase?.timer).toEqual(timer);
    expect(projector.serverNow).toBeGreaterThan(timer.endsAt);
    expect(usedMsOf(projector.agenda[0]!, projector.phase!.timer, 0, projector.serverNow)).toBeGreaterThan(timer.totalMs);
    const phoneView = after.phones[0]!;
    expect(phoneView.me).toEqual({ id: expect.any(String), name: 'Anouk' });
    expect(phoneView.phase?.index).toBe(0);
    expect(phoneView.phase?.timer).toEqual(timer);
    expect(phoneView.serverNow).toBeGreaterThan(timer.endsAt);
  }, 60_000);
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

  it('kills the server while the research presentation plays: the quickscan answers come back, and the step is where the clock says', async () => {
    const names = NAMES.slice(0, 4);
    const { first, url, code, hostToken, host, phones, phaseIndex } = await sessionInPhase('research', names);
    expect(phaseIndex).toBe(1);
    // Every phone rates three statements (so each shows on the bars) and one more of its own; all acknowledged.
    const ratings: [string, Rating, Rating][][] = [
      [['thuissituatie-kennen', 2, 4], ['steun-ouders', 3, 4], ['agenda', 1, 4], ['rol-ouders-kennen', 1, 4]],
      [['thuissituatie-kennen', 3, 4], ['steun-ouders', 2, 3], ['agenda', 2, 2], ['praktische-afspraken', 4, 4]],
      [['thuissituatie-kennen', 1, 3], ['steun-ouders', 1, 4], ['agenda', 3, 4], ['zelf-onderwerpen', 3, 3]],
      [['thuissituatie-kennen', 4, 4], ['steun-ouders', 2, 4], ['agenda', 2, 3], ['toekomst-leidraad', 2, 4]],
    ];
    await Promise.all(
      phones.map(async (phone, index) => {
        for (const [statementId, experience, importance] of ratings[index]!) {
          expect(await phone.socket.emitWithAck('phone:quickscanRate', { statementId, experience, importance })).toEqual(ok);
        }
      }),
    );
    const mineOf = (index: number) => Object.fromEntries(ratings[index]!.map(([id, experience, importance]) => [id, { experience, importance }]));

    // Three steps on by hand (the intro, two statements), then play: the next step comes by itself.
    for (let step = 0; step < 3; step++) expect(await host.socket.emitWithAck('host:researchStep', { delta: 1 })).toEqual(ok);
    expect(await host.socket.emitWithAck('host:researchPlay', { playing: true })).toEqual(ok);
    const projectorBefore = (await host.until((view) => view.research?.playing === true && view.research.quickscan?.respondents === names.length)).research!;
    expect(projectorBefore.step).toBe(2);
    expect(projectorBefore.quickscan).toMatchObject({ respondents: 4, participantCount: 4, shown: true });
    const team = (view: ResearchProjectorView) => Object.fromEntries(view.statements.map((statement) => [statement.id, statement.team]));
    // Worked out by hand: the share of 3 and 4 ratings (for knowing the home situation, asked how well,
    // of 4 only: one "goed" in four); statements fewer than three rated stay hidden.
    expect(team(projectorBefore)).toMatchObject({
      'thuissituatie-kennen': { experience: 25, importance: 100, answers: 4 },
      'steun-ouders': { experience: 25, importance: 100, answers: 4 },
      agenda: { experience: 25, importance: 75, answers: 4 },
      'rol-ouders-kennen': { experience: null, importance: null, answers: 1 },
    });
    const boundary = projectorBefore.nextStepAt!;
    expect(boundary).toBeGreaterThan(Date.now());
    const phonesBefore = await Promise.all(phones.map((phone) => phone.until((view) => view.research?.step?.index === 2)));
    for (const [index, view] of phonesBefore.entries()) expect(view.research!.quickscan!.mine, names[index]).toEqual(mineOf(index));
    const reportBefore = (await fetchReport(url, code, hostToken)).quickscan;
    expect(reportBefore?.statements).toEqual(projectorBefore.statements);

    const emitted: string[] = [];
    for (const phone of phones) phone.socket.onAnyOutgoing((event: string) => emitted.push(event));
    // Down until just past the step boundary (the new server's clock starts there): it must derive
    // step 3 from the time, not start over.
    const outageUntil = boundary + 500;
    const killedAt = Date.now();
    const { readyMs, recoveryMs, clientCount, first: after } = await killAndRestart(first, { projectors: [host], phones }, { outageUntil });
    console.log(
      `restart recovery while the research presentation plays (${Math.round((outageUntil - killedAt) / 1000)} s outage across a step boundary, on the new server's clock): ` +
        `${Math.round(recoveryMs)} ms for ${clientCount} clients (new server ready after ${Math.round(readyMs)} ms)`,
    );
    expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(emitted, 'no phone sent anything, so none joined again').toEqual([]);

    // The first views from the new server: the same answers and figures, the step the clock dictates, still playing.
    const projector = after.projectors[0]!;
    const playingSince = boundary - STEP_MS;
    const dictated = Math.min(projector.research!.steps.length - 1, 2 + Math.floor((projector.serverNow - playingSince) / STEP_MS));
    expect(dictated).toBe(3);
    expect(projector.phase?.index).toBe(1);
    expect(projector.research).toMatchObject({ step: dictated, playing: true, nextStepAt: boundary + STEP_MS });
    expect(projector.research!.quickscan).toEqual(projectorBefore.quickscan);
    expect(projector.research!.statements).toEqual(projectorBefore.statements);
    const statement = projector.research!.statements.find((candidate) => candidate.id === 'ontwikkeling-thuis')!;
    expect(projector.research!.steps[3]).toEqual({ kind: 'statement', statementId: statement.id });
    for (const [index, view] of after.phones.entries()) {
      expect(view.me, names[index]).toEqual(phonesBefore[index]!.me);
      expect(view.research!.step).toEqual({ index: 3, count: projector.research!.steps.length, kind: 'statement', statement: statement.text, takeaway: statement.takeaway });
      expect(view.research!.quickscan).toMatchObject({ mine: mineOf(index), presenting: true });
    }
    expect((await fetchReport(url, code, hostToken)).quickscan).toEqual(reportBefore);

    // Still live: a phone changes a rating and rates a new statement; the figures follow.
    await host.until((view) => view.participants.every((p) => p.online));
    expect(await phones[1]!.socket.emitWithAck('phone:quickscanRate', { statementId: 'steun-ouders', experience: 4, importance: null })).toEqual(ok);
    expect(await phones[1]!.socket.emitWithAck('phone:quickscanRate', { statementId: 'zelf-onderwerpen', experience: 2, importance: 4 })).toEqual(ok);
    const rated = await host.until((view) => view.research?.statements.find((candidate) => candidate.id === 'zelf-onderwerpen')?.team?.answers === 2);
    expect(team(rated.research!)).toMatchObject({
      'steun-ouders': { experience: 50, importance: 100, answers: 4 },
      'zelf-onderwerpen': { experience: null, importance: null, answers: 2 },
    });
    expect(rated.research).toMatchObject({ step: 3, playing: true });
    const bram = await phones[1]!.until((view) => Object.keys(view.research?.quickscan?.mine ?? {}).length === 5);
    expect(bram.research!.quickscan!.mine).toEqual({ ...mineOf(1), 'steun-ouders': { experience: 4, importance: 3 }, 'zelf-onderwerpen': { experience: 2, importance: 4 } });
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

  it('kills the server in the action points phase: points, consents, votes, team points and the report come back', async () => {
    const names = NAMES.slice(0, 6);
    const { first, url, code, hostToken, host, phones, phaseIndex: evaluationPhase, tips } = await sessionInPhase('evaluation', names, { tips: 3 });
    expect(evaluationPhase).toBe(5);
    expect(tips).toHaveLength(3);

    // The evaluation: everyone answers the first question of each list, acknowledged.
    const lists = (await phones[0]!.until((view) => view.evaluation !== null)).evaluation!.lists;
    const evaluationAnswers = names.flatMap((name, index) => lists.map((list) => ({ index, key: randomUUID(), questionId: list.questions[0]!.id, text: `${name} over ${list.title}` })));
    for (const { index, ...answer } of evaluationAnswers) expect(await phones[index]!.socket.emitWithAck('phone:evaluationAnswer', answer)).toEqual(ok);
    const evaluationCount = (view: ProjectorView) => (view.evaluation ?? []).reduce((sum, item) => sum + item.answers.length, 0);
    await host.until((view) => evaluationCount(view) === evaluationAnswers.length);

    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    await host.until((view) => view.phase?.kind === 'actions' && view.phase.index === 6 && view.actions?.tips.length === tips.length);
    await Promise.all(phones.map((phone) => phone.until((view) => view.actions?.open === true && view.actions.tips.length === tips.length)));

    // Personal points: Anouk writes three and deletes one, Bram, Chaima and Daan one each; Esra and Floor none.
    const points = new Map<number, { id: string; text: string }[]>();
    const write = async (index: number, text: string) => {
      const point = { id: randomUUID(), text };
      expect(await phones[index]!.socket.emitWithAck('phone:actionPoint', { key: point.id, text })).toEqual(ok);
      points.set(index, [...(points.get(index) ?? []), point]);
      return point;
    };
    for (const n of [1, 2, 3]) await write(0, `Anouk: ${n}e actiepunt`);
    const dropped = points.get(0)![1]!;
    expect(await phones[0]!.socket.emitWithAck('phone:actionPointDelete', { pointId: dropped.id })).toEqual(ok);
    points.set(0, points.get(0)!.filter((point) => point !== dropped));
    await Promise.all([1, 2, 3].map((index) => write(index, `${names[index]} vraagt naar de steun thuis`)));

    // Consents: Anouk with her name, Bram without, Chaima first without and then not at all; the rest never chose.
    const consents: Record<number, Consent> = { 0: 'named', 1: 'anonymous', 2: 'private' };
    expect(await phones[2]!.socket.emitWithAck('phone:reportConsent', { consent: 'anonymous' })).toEqual(ok);
    for (const [index, consent] of Object.entries(consents)) expect(await phones[Number(index)]!.socket.emitWithAck('phone:reportConsent', { consent })).toEqual(ok);

    // Votes: phone i wants tip i % 3; Floor also wanted tip 1 and changed her mind.
    const votedFor = (index: number) => [tips[index % tips.length]!.id];
    await Promise.all(phones.map(async (phone, index) => expect(await phone.socket.emitWithAck('phone:teamVote', { answerId: votedFor(index)[0]!, vote: true })).toEqual(ok)));
    expect(await phones[5]!.socket.emitWithAck('phone:teamVote', { answerId: tips[1]!.id, vote: true })).toEqual(ok);
    expect(await phones[5]!.socket.emitWithAck('phone:teamVote', { answerId: tips[1]!.id, vote: false })).toEqual(ok);

    // The facilitator makes tips 0 and 2 the team's, after choosing and dropping tip 1.
    for (const [tip, chosen] of [[0, true], [1, true], [1, false], [2, true]] as const) {
      expect(await host.socket.emitWithAck('host:teamPoint', { answerId: tips[tip]!.id, chosen })).toEqual(ok);
    }
    const team = [tips[0]!.text, tips[2]!.text];

    const phonesBefore = await Promise.all(
      phones.map((phone, index) =>
        phone.until(
          (view) =>
            view.actions?.mine.length === (points.get(index) ?? []).length &&
            view.actions.consent === (consents[index] ?? 'private') &&
            view.actions.tips.filter((tip) => tip.voted).length === 1 &&
            view.actions.team.length === team.length,
        ),
      ),
    );
    for (const [index, view] of phonesBefore.entries()) {
      expect(view.actions!.mine, names[index]).toEqual(points.get(index) ?? []);
      expect(view.actions!.tips.filter((tip) => tip.voted).map((tip) => tip.id)).toEqual(votedFor(index));
      expect(view.actions!.tips.filter((tip) => tip.chosen).map((tip) => tip.text)).toEqual(team);
      expect(view.actions!.team).toEqual(team);
    }
    const projectorBefore = (await host.until((view) => view.actions?.team.length === team.length && view.actions.writers === 4 && view.actions.tips.every((tip) => tip.votes === 2)))
      .actions!;
    expect(projectorBefore.tips.map(({ id, votes, chosen }) => ({ id, votes, chosen }))).toEqual(tips.map((tip, index) => ({ id: tip.id, votes: 2, chosen: index !== 1 })));
    expect(projectorBefore.team.map((point) => point.text)).toEqual(team);
    expect(projectorBefore.participantCount).toBe(names.length);

    const reportBefore = await fetchReport(url, code, hostToken);
    expect(reportBefore.teamActionPoints).toEqual(team);
    expect(reportBefore.tips).toEqual(tips.map((tip) => tip.text));
    expect(reportBefore.personalActionPoints).toEqual([
      { name: 'Anouk', points: points.get(0)!.map((point) => point.text) },
      { name: null, points: points.get(1)!.map((point) => point.text) },
    ]);
    expect(reportBefore.evaluation.flatMap((item) => item.answers).sort()).toEqual(evaluationAnswers.map((answer) => answer.text).sort());

    const emitted: string[] = [];
    for (const phone of phones) phone.socket.onAnyOutgoing((event: string) => emitted.push(event));
    const { readyMs, recoveryMs, clientCount, first: after } = await killAndRestart(first, { projectors: [host], phones });
    console.log(`restart recovery in the action points: ${Math.round(recoveryMs)} ms for ${clientCount} clients (new server ready after ${Math.round(readyMs)} ms)`);
    expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(emitted, 'no phone sent anything, so none joined again').toEqual([]);

    // Every first view from the new server: the same points, consent, votes and team points.
    for (const [index, view] of after.phones.entries()) {
      expect(view.me, names[index]).toEqual(phonesBefore[index]!.me);
      expect(view.phase?.index).toBe(6);
      expect(view.actions, names[index]).toEqual(phonesBefore[index]!.actions);
    }
    expect(after.projectors[0]!.phase?.index).toBe(6);
    expect(after.projectors[0]!.actions).toEqual(projectorBefore);

    // The report is the same, but for the minutes each phase took (the clock ran on).
    const withoutMinutes = (report: SessionReport) => ({ ...report, phases: report.phases.map(({ usedMinutes: _used, ...phase }) => phase) });
    const reportAfter = await fetchReport(url, code, hostToken);
    expect(withoutMinutes(reportAfter)).toEqual(withoutMinutes(reportBefore));

    // Still live: a point sent again after the restart is stored once, new points, a vote and a consent count.
    await host.until((view) => view.participants.every((p) => p.online));
    const again = points.get(1)![0]!;
    expect(await phones[1]!.socket.emitWithAck('phone:actionPoint', { key: again.id, text: again.text })).toEqual(ok);
    const late = await write(4, 'Esra: na de herstart');
    expect(await phones[4]!.socket.emitWithAck('phone:reportConsent', { consent: 'named' })).toEqual(ok);
    expect(await phones[4]!.socket.emitWithAck('phone:teamVote', { answerId: tips[0]!.id, vote: true })).toEqual(ok);
    const esra = await phones[4]!.until((view) => view.actions?.mine.length === 1 && view.actions.consent === 'named' && view.actions.tips.filter((tip) => tip.voted).length === 2);
    expect(esra.actions!.mine).toEqual([late]);
    const projectorAfter = await host.until((view) => view.actions?.writers === 5 && view.actions.tips[0]?.votes === 3);
    expect(projectorAfter.actions!.team).toEqual(projectorBefore.team);
    expect((await phones[1]!.until((view) => view.actions !== null)).actions!.mine).toEqual(points.get(1));
    const reportLater = await fetchReport(url, code, hostToken);
    // Named points in the order people joined (they joined at once here), then the pooled ones.
    const named = reportLater.personalActionPoints.slice(0, 2).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(named).toEqual([
      { name: 'Anouk', points: points.get(0)!.map((point) => point.text) },
      { name: 'Esra', points: [late.text] },
    ]);
    expect(reportLater.personalActionPoints.slice(2)).toEqual([{ name: null, points: points.get(1)!.map((point) => point.text) }]);
  }, 60_000);

  it('every kind of submission is on disk before its ack: killed right after the ack, the server has it back', () => everySubmissionSurvivesItsAck(), 90_000);

  it('keeps the look back of a follow-up meeting across a restart', async () => {
    const previousReport = {
      fileName: 'verslag-2026-03-12.md',
      source: [
        '---',
        'report: driegesprek',
        'version: 1',
        'date: "2026-03-12"',
        'programme: "Tienminutengesprekken"',
        'team:',
        '  - "Elk gesprek begint met een agenda"',
        '  - "Vraag ouders wat zij thuis zien"',
        'personal:',
        '  - name: "anouk"',
        '    points:',
        '      - "Ik vraag naar de steun thuis"',
        '      - "Ik maak samen een afspraak"',
        '  - name: "Daan"',
        '    points:',
        '      - "Ik bel eerder"',
        '---',
        '',
        '# Verslag',
        '',
      ].join('\n'),
    };
    const names = ['Anouk', 'Bram'];
    const { first, url, code, hostToken, host, phones } = await sessionInPhase('intro', names, { previousReport });
    const projectorBefore = (await host.until((view) => view.lookBack !== null)).lookBack;
    expect(projectorBefore).toEqual({
      date: '2026-03-12',
      programme: 'Tienminutengesprekken',
      team: ['Elk gesprek begint met een agenda', 'Vraag ouders wat zij thuis zien'],
      personalCount: 2,
    });
    const phonesBefore = await Promise.all(phones.map((phone) => phone.until((view) => view.lookBack !== null)));
    // Anouk's points were kept under "anouk": the same first name.
    expect(phonesBefore.map((view) => view.lookBack)).toEqual([
      { date: '2026-03-12', team: projectorBefore!.team, mine: ['Ik vraag naar de steun thuis', 'Ik maak samen een afspraak'] },
      { date: '2026-03-12', team: projectorBefore!.team, mine: [] },
    ]);

    const { recoveryMs, clientCount, first: after } = await killAndRestart(first, { projectors: [host], phones });
    console.log(`restart recovery in a follow-up meeting: ${Math.round(recoveryMs)} ms for ${clientCount} clients`);
    expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(after.projectors[0]!.lookBack).toEqual(projectorBefore);
    for (const [index, view] of after.phones.entries()) expect(view.lookBack, names[index]).toEqual(phonesBefore[index]!.lookBack);
    expect((await fetchReport(url, code, hostToken)).lookBack).toEqual(projectorBefore);

    // Someone who joins only after the restart finds their own points by name too.
    const daan = track(await joinedPhone(url, code, 'Daan', undefined, RECONNECT));
    expect((await daan.until((view) => view.lookBack !== null)).lookBack).toEqual({ date: '2026-03-12', team: projectorBefore!.team, mine: ['Ik bel eerder'] });
  }, 60_000);
});

function totalAnswers(view: ProjectorView): number {
  return (view.dialogue?.groups ?? []).reduce((sum, group) => sum + Object.values(group.answersPerQuestion).reduce((a, b) => a + b, 0), 0);
}

interface WalkOptions {
  /** The previous meeting's report (.md): the session is its follow-up meeting. */
  previousReport?: { fileName: string; source: string };
  /** On the way through the dialogue the first `tips` phones each write an answer, and the plenary marks those as tips. */
  tips?: number;
}

/** POST /api/sessions with the default programme and more than createSession() sends. */
async function createSessionWith(url: string, body: { previousReport?: WalkOptions['previousReport'] }): Promise<CreateSessionResponse> {
  const response = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`create session: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreateSessionResponse;
}

/** GET /api/sessions/:code/report with the host token. */
async function fetchReport(url: string, code: string, hostToken: string): Promise<SessionReport> {
  const response = await fetch(`${url}/api/sessions/${code}/report`, { headers: { 'x-host-token': hostToken } });
  if (response.status !== 200) throw new Error(`report: ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionReport;
}

/** A real server process with a session whose phones all joined, walked on to the first phase of `kind`. */
async function sessionInPhase(kind: PhaseKind, names: string[], options: WalkOptions = {}) {
  const first = start();
  await first.ready;
  const { url } = first;
  const { code, hostToken } = options.previousReport ? await createSessionWith(url, { previousReport: options.previousReport }) : await createSession(url);
  const host = track(hostClient(url, code, hostToken, RECONNECT));
  await host.connected();
  const phones = await Promise.all(names.map(async (name) => track(await joinedPhone(url, code, name, undefined, RECONNECT))));
  await host.until((view) => view.participants.filter((p) => p.online).length === names.length);
  expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
  const { agenda } = await host.until((view) => view.agenda.length > 0);
  const phaseIndex = agenda.findIndex((item) => item.kind === kind);
  expect(phaseIndex, `the programme has a ${kind} phase`).toBeGreaterThanOrEqual(0);
  const tips: { id: string; text: string }[] = [];
  for (let index = 0; index < phaseIndex; index++) {
    await host.until((view) => view.phase?.index === index);
    if (agenda[index]!.kind === 'dialogue' && options.tips) tips.push(...(await writeTips(host, phones.slice(0, options.tips), names)));
    if (agenda[index]!.kind === 'plenary') {
      for (const tip of tips) expect(await host.socket.emitWithAck('host:plenaryTip', { answerId: tip.id, tip: true })).toEqual(ok);
      await host.until((view) => (view.dialogue?.wall ?? []).flatMap((question) => question.answers).filter((answer) => answer.tip).length === tips.length);
    }
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  }
  await host.until((view) => view.phase?.index === phaseIndex);
  return { first, url, code, hostToken, host, phones, phaseIndex, tips };
}

/**
 * In the dialogue phase: makes the groups, and each of `writers` writes one answer to the first question,
 * one after the other, so the tips are stored (and listed on every screen) in the order returned.
 */
async function writeTips(host: Client<ProjectorView>, writers: Client<PhoneView>[], names: string[]) {
  expect(await host.socket.emitWithAck('host:dialogueStart', {})).toEqual(ok);
  const questionId = (await host.until((view) => (view.dialogue?.groups?.length ?? 0) > 0)).dialogue!.questions[0]!.id;
  const tips: { id: string; text: string }[] = [];
  for (const [index, phone] of writers.entries()) {
    await phone.until((view) => (view.dialogue?.group ?? null) !== null);
    const tip = { id: randomUUID(), text: `Tip van ${names[index]}: begin met een agenda` };
    expect(await phone.socket.emitWithAck('phone:dialogueAnswer', { key: tip.id, questionId, text: tip.text })).toEqual(ok);
    tips.push(tip);
  }
  return tips;
}

/** Each kind of submission, one after the other, with the server killed right after its ack. */
async function everySubmissionSurvivesItsAck(): Promise<void> {
  const names = NAMES.slice(0, 4);
  const { first, host, phones } = await sessionInPhase('research', names);
  const [anouk, bram, chaima, daan] = phones as [Client<PhoneView>, Client<PhoneView>, Client<PhoneView>, Client<PhoneView>];
  /** Sends, and on its ack kills the server at once: nothing in between could write what the ack promised. */
  async function lastBeforeTheCrash(server: ServerProcess, send: () => Promise<unknown>) {
    expect(await send()).toEqual(ok);
    return killAndRestart(server, { projectors: [host], phones });
  }

  // A note and a quickscan rating.
  expect(await anouk.socket.emitWithAck('phone:addNote', { key: 'note-before-crash-1', text: 'Eerst luisteren', phaseIndex: 1 })).toEqual(ok);
  let restarted = await lastBeforeTheCrash(first, () => bram.socket.emitWithAck('phone:quickscanRate', { statementId: 'agenda', experience: 1, importance: 4 }));
  expect(restarted.first.phones[0]!.notes.map((note) => note.key)).toEqual(['note-before-crash-1']);
  expect(restarted.first.phones[1]!.research?.quickscan?.mine).toEqual({ agenda: { experience: 1, importance: 4 } });

  // A dialogue answer, edited: the edit is what comes back.
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  expect(await host.socket.emitWithAck('host:dialogueStart', {})).toEqual(ok);
  const questionId = (await host.until((view) => (view.dialogue?.groups?.length ?? 0) > 0)).dialogue!.questions[0]!.id;
  await chaima.until((view) => (view.dialogue?.group ?? null) !== null);
  expect(await chaima.socket.emitWithAck('phone:dialogueAnswer', { key: 'answer-before-crash', questionId, text: 'Vooraf een agenda' })).toEqual(ok);
  restarted = await lastBeforeTheCrash(restarted.server, () => chaima.socket.emitWithAck('phone:dialogueEdit', { answerId: 'answer-before-crash', text: 'Vooraf een agenda sturen' }));
  expect(restarted.first.phones[2]!.dialogue?.answers.map(({ id, text }) => ({ id, text }))).toEqual([{ id: 'answer-before-crash', text: 'Vooraf een agenda sturen' }]);

  // Role-play feedback, then an evaluation answer.
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  expect(await host.socket.emitWithAck('host:roleplaySetup', { ...SETTINGS, format: 'pairs', observers: false })).toEqual(ok);
  expect(await host.socket.emitWithAck('host:roleplayStartRound', {})).toEqual(ok);
  expect(await host.socket.emitWithAck('host:roleplayEndRound', {})).toEqual(ok);
  const parent = phones.find((phone) => phone.last?.roleplay?.seat?.role === 'parent') ?? (await Promise.any(phones.map((phone) => phone.until((view) => view.roleplay?.seat?.role === 'parent').then(() => phone))));
  const questions = (await parent.until((view) => (view.roleplay?.feedback?.questions.length ?? 0) > 0)).roleplay!.feedback!.questions;
  restarted = await lastBeforeTheCrash(restarted.server, () =>
    parent.socket.emitWithAck('phone:roleplayFeedback', { key: 'feedback-before-crash', round: 0, answers: [{ questionId: questions[0]!.id, text: 'Ik voelde me gehoord' }] }),
  );
  expect(restarted.first.phones[phones.indexOf(parent)]!.roleplay?.feedback?.sent).toBe(true);
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  const evaluationQuestion = (await daan.until((view) => (view.evaluation?.lists.length ?? 0) > 0)).evaluation!.lists[0]!.questions[0]!.id;
  restarted = await lastBeforeTheCrash(restarted.server, () => daan.socket.emitWithAck('phone:evaluationAnswer', { key: 'evaluation-before-crash', questionId: evaluationQuestion, text: 'Doorvragen hielp' }));
  expect(restarted.first.phones[3]!.evaluation?.answers.map(({ key, text }) => ({ key, text }))).toEqual([{ key: 'evaluation-before-crash', text: 'Doorvragen hielp' }]);

  // An action point and a consent, then a note.
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  await anouk.until((view) => view.actions?.open === true);
  expect(await anouk.socket.emitWithAck('phone:actionPoint', { key: 'point-before-crash', text: 'Ik stuur een agenda' })).toEqual(ok);
  expect(await anouk.socket.emitWithAck('phone:reportConsent', { consent: 'named' })).toEqual(ok);
  restarted = await lastBeforeTheCrash(restarted.server, () => anouk.socket.emitWithAck('phone:addNote', { key: 'note-before-crash-2', text: 'Tot slot', phaseIndex: 6 }));
  const back = restarted.first.phones[0]!;
  expect(back.actions).toMatchObject({ mine: [{ id: 'point-before-crash', text: 'Ik stuur een agenda' }], consent: 'named' });
  expect(back.notes.map((note) => note.key)).toEqual(['note-before-crash-1', 'note-before-crash-2']);
  // Everything from before the earlier crashes is still there too.
  expect(restarted.first.phones[1]!.research).toBeNull();
  expect(restarted.first.projectors[0]!.actions?.writers).toBe(1);
}

describe('a server with PostgreSQL as its store (DATABASE_URL), killed with SIGKILL', () => {
  const postgres = usePostgres();
  beforeEach(async () => {
    storeEnv = { DATABASE_URL: await postgres.newDatabase() };
  });
  afterEach(() => {
    storeEnv = {};
  });

  it('every kind of submission is committed before its ack: killed right after the ack, the server has it back', () => everySubmissionSurvivesItsAck(), 90_000);
});
