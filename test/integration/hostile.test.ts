/**
 * Hostile use against a real server on 127.0.0.1:0 with real socket.io clients: full and locked
 * rooms, removal, deletion, retention, floods, code guessing, oversized frames, foreign origins
 * and phones that try the facilitator's commands.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETENTION_MS } from '../../server/app.ts';
import type { HandshakeAuth, Result } from '../../server/protocol/events.ts';
import { CODE_ALPHABET } from '../../server/protocol/schemas.ts';
import { startServer, type StartOptions } from '../../server/startServer.ts';
import type { PhoneView } from '../../server/protocol/views.ts';
import { createSession, hostClient, joinedPhone, newPhoneToken, phoneClient, type Client } from '../../scripts/lib/clients.ts';
import {
  durableStore,
  emitRaw,
  goneAndDisconnected,
  handshake,
  nextConnect,
  nextDisconnect,
  refusal,
  untyped,
} from '../helpers/hostile.ts';

const OK: Result = { ok: true, data: null };
const DAY_MS = 24 * 3600_000;

/** Run after each test, last registered first: clients close before their server. */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.useRealTimers();
});

const track = <C extends { close(): void }>(client: C): C => (cleanups.push(() => client.close()), client);

async function serve(options: StartOptions = {}) {
  const started = await startServer({ clientDir: '/nonexistent', ...options });
  let closing: Promise<void> | undefined;
  const server = { ...started, close: () => (closing ??= started.close()) };
  cleanups.push(() => server.close());
  return server;
}

/** A new session with its projector connected and `names` seated, each with a known token. */
async function session(url: string, names: string[]) {
  const { code, hostToken } = await createSession(url);
  const host = track(hostClient(url, code, hostToken));
  await host.connected();
  const tokens = names.map(() => newPhoneToken());
  const phones = [];
  for (const [i, name] of names.entries()) phones.push(track(await joinedPhone(url, code, name, tokens[i])));
  await host.until((view) => view.participants.filter((p) => p.online).length === names.length);
  return { code, hostToken, host, phones, tokens };
}

const idOf = (phone: { last: { me: { id: string } | null } | undefined }): string => {
  const id = phone.last?.me?.id;
  if (!id) throw new Error('phone has no seat');
  return id;
};

/** A well-formed room code that is not `code`. */
const otherCode = (code: string, i: number) => {
  const candidate = `ZZZZ${CODE_ALPHABET[i % CODE_ALPHABET.length]}${CODE_ALPHABET[Math.floor(i / CODE_ALPHABET.length) % CODE_ALPHABET.length]}`;
  return candidate === code ? `YYYY${candidate.slice(4)}` : candidate;
};

describe('seats', () => {
  it('capacity 3: the fourth phone gets room_full; seated phones still come back; a removal frees a seat', async () => {
    const server = await serve({ capacity: 3 });
    const { code, host, phones, tokens } = await session(server.url, ['Anouk', 'Bram', 'Chaima']);
    expect(host.last?.capacity).toBe(3);

    const fourth = track(phoneClient(server.url, code));
    await fourth.connected();
    expect(await fourth.socket.emitWithAck('phone:join', { name: 'Daan' })).toEqual({ ok: false, error: 'room_full' });
    expect(fourth.last?.me).toBeNull();

    // Anouk's phone drops and comes back with its token: its seat was kept, nobody took it.
    phones[0]!.close();
    await host.until((view) => view.participants[0]?.online === false);
    const back = track(phoneClient(server.url, code, tokens[0]));
    const view = await back.until((v) => v.me !== null);
    expect(view.me).toEqual({ id: idOf(phones[0]!), name: 'Anouk' });
    // Joining again from a seated phone answers with the same seat, no new one.
    expect(await back.socket.emitWithAck('phone:join', { name: 'Anouk' })).toEqual({ ok: true, data: { participantId: idOf(phones[0]!) } });
    await host.until((v) => v.participants.every((p) => p.online));
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Anouk', 'Bram', 'Chaima']);

    expect(await host.socket.emitWithAck('host:kick', { participantId: idOf(phones[2]!) })).toEqual(OK);
    expect(await fourth.socket.emitWithAck('phone:join', { name: 'Daan' })).toMatchObject({ ok: true });
    await host.until((v) => v.participants.map((p) => p.name).join() === 'Anouk,Bram,Daan');
  });

  it('a locked session takes no one new, seated phones still return, and unlocking lets people in again', async () => {
    const server = await serve();
    const { code, host, phones, tokens } = await session(server.url, ['Anouk', 'Bram']);

    expect(await host.socket.emitWithAck('host:lock', { locked: true })).toEqual(OK);
    await host.until((view) => view.locked);

    const newcomer = track(phoneClient(server.url, code));
    await newcomer.connected();
    expect(await newcomer.socket.emitWithAck('phone:join', { name: 'Chaima' })).toEqual({ ok: false, error: 'room_locked' });
    expect(newcomer.last?.me).toBeNull();

    phones[1]!.close();
    await host.until((view) => view.participants[1]?.online === false);
    const back = track(phoneClient(server.url, code, tokens[1]));
    expect((await back.until((v) => v.me !== null)).me).toEqual({ id: idOf(phones[1]!), name: 'Bram' });
    await host.until((view) => view.participants.every((p) => p.online));
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Anouk', 'Bram']);

    expect(await host.socket.emitWithAck('host:lock', { locked: false })).toEqual(OK);
    await host.until((view) => !view.locked);
    expect(await newcomer.socket.emitWithAck('phone:join', { name: 'Chaima' })).toMatchObject({ ok: true });
    await newcomer.until((view) => view.me?.name === 'Chaima');
    await host.until((view) => view.participants.map((p) => p.name).join() === 'Anouk,Bram,Chaima');
  });

  it('two sockets with one token joining at the same moment get one seat, and both phones show it', async () => {
    const server = await serve();
    const { code, host } = await session(server.url, []);
    const token = newPhoneToken();
    const tabs = [track(phoneClient(server.url, code, token)), track(phoneClient(server.url, code, token))];
    await Promise.all(tabs.map((tab) => tab.connected()));
    const results = await Promise.all(tabs.map((tab, i) => tab.socket.emitWithAck('phone:join', { name: i ? 'Bram' : 'Anouk' })));
    expect(results.every((result) => result.ok)).toBe(true);
    const [first, second] = results.map((result) => (result.ok ? (result.data as { participantId: string }).participantId : ''));
    expect(second).toBe(first);
    for (const tab of tabs) expect((await tab.until((view) => view.me !== null)).me).toEqual({ id: first, name: 'Anouk' });
    await host.until((view) => view.participants.length === 1 && view.participants[0]!.online);
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Anouk']);

    // One tab closes: the seat stays online through the other.
    tabs[0]!.close();
    await vi.waitFor(() => expect(server.io.sockets.sockets.size).toBe(2));
    expect(host.last?.participants[0]?.online).toBe(true);
    expect(server.rooms.get(code)?.presentIds()).toHaveLength(1);
  });
});

describe('removal and deletion', () => {
  it('a removed phone is told, disconnected, cannot come back with its token, and its notes are gone', async () => {
    const store = durableStore();
    cleanups.push(() => store.destroy());
    const server = await serve({ store });
    const { code, host, phones, tokens } = await session(server.url, ['Anouk', 'Bram']);
    const [anouk, bram] = [phones[0]!, phones[1]!];
    const anoukId = idOf(anouk);

    expect(await anouk.socket.emitWithAck('phone:addNote', { key: 'anouk-note-1', text: 'Geheim van Anouk', phaseIndex: -1 })).toEqual(OK);
    expect(await bram.socket.emitWithAck('phone:addNote', { key: 'bram-note-01', text: 'Notitie van Bram', phaseIndex: -1 })).toEqual(OK);
    await anouk.until((view) => view.notes.length === 1);
    expect(JSON.stringify(store.loadAll())).toContain('Geheim van Anouk');

    const removed = goneAndDisconnected(anouk);
    expect(await host.socket.emitWithAck('host:kick', { participantId: anoukId })).toEqual(OK);
    expect(await removed).toEqual({ gone: 'removed', disconnect: 'io server disconnect' });
    expect(anouk.socket.connected).toBe(false);

    const view = await host.until((v) => v.participants.length === 1);
    expect(view.participants.map((p) => p.name)).toEqual(['Bram']);
    expect(view.participants.some((p) => p.id === anoukId)).toBe(false);

    // Bram keeps his note; nothing of Anouk's is left in the live session or the store.
    expect((await bram.until((v) => v.notes.length === 1)).notes.map((n) => n.text)).toEqual(['Notitie van Bram']);
    const context = server.rooms.get(code)?.snapshot.context;
    expect(context?.submissions.map((s) => s.text)).toEqual(['Notitie van Bram']);
    expect(context?.participants.map((p) => p.name)).toEqual(['Bram']);
    const stored = JSON.stringify(store.loadAll());
    expect(stored).not.toContain('Geheim van Anouk');
    expect(stored).not.toContain('Anouk');
    expect(stored).not.toContain(anoukId);

    expect(await refusal(server.url, { role: 'phone', code, token: tokens[0] })).toBe('removed');
    // A second kick of the same seat finds no one.
    expect(await host.socket.emitWithAck('host:kick', { participantId: anoukId })).toEqual({ ok: false, error: 'not_allowed' });
  });

  it('a deleted session tells every screen, disconnects it, and is unknown afterwards', async () => {
    const store = durableStore();
    cleanups.push(() => store.destroy());
    const server = await serve({ store });
    const { code, hostToken, host, phones, tokens } = await session(server.url, ['Anouk', 'Bram']);
    const secondScreen = track(hostClient(server.url, code, hostToken));
    const unseated = track(phoneClient(server.url, code));
    await Promise.all([secondScreen.connected(), unseated.connected()]);
    expect(await phones[0]!.socket.emitWithAck('phone:addNote', { key: 'anouk-note-1', text: 'Weg ermee', phaseIndex: -1 })).toEqual(OK);

    const everyone = [host, secondScreen, ...phones, unseated];
    const gone = everyone.map((client) => goneAndDisconnected(client));
    // The ack comes before the deletion, so the facilitator's screen gets its answer.
    expect(await host.socket.emitWithAck('host:delete', {})).toEqual(OK);
    for (const outcome of await Promise.all(gone)) expect(outcome).toEqual({ gone: 'session_deleted', disconnect: 'io server disconnect' });

    const lookup = await fetch(`${server.url}/api/sessions/${code}`);
    expect(lookup.status).toBe(404);
    expect(await lookup.json()).toEqual({ error: 'unknown_session' });
    expect(await refusal(server.url, { role: 'host', code, token: hostToken })).toBe('unknown_session');
    expect(await refusal(server.url, { role: 'phone', code, token: tokens[0] })).toBe('unknown_session');
    expect(await refusal(server.url, { role: 'phone', code, token: newPhoneToken() })).toBe('unknown_session');
    expect(server.rooms.get(code)).toBeUndefined();
    expect(store.loadAll()).toEqual([]);
  });
});

describe('retention', () => {
  it('a restart deletes sessions untouched for 30 days and keeps one touched since', async () => {
    const store = durableStore();
    cleanups.push(() => store.destroy());
    let clock = Date.UTC(2025, 0, 6, 9);
    const now = () => clock;

    const first = await serve({ store, now });
    const old = await createSession(first.url);
    const fresh = await createSession(first.url);
    clock += 20 * DAY_MS;
    // Touching = changing: a phone joins the fresh session.
    const token = newPhoneToken();
    const phone = track(await joinedPhone(first.url, fresh.code, 'Anouk', token));
    phone.close();
    await first.close();

    // 35 days after the old session's last change, 15 after the fresh one's.
    clock += 15 * DAY_MS;
    const second = await serve({ store, now });
    expect((await fetch(`${second.url}/api/sessions/${old.code}`)).status).toBe(404);
    expect(await refusal(second.url, { role: 'host', code: old.code, token: old.hostToken })).toBe('unknown_session');
    expect(store.loadAll().map((s) => s.code)).toEqual([fresh.code]);

    expect(await (await fetch(`${second.url}/api/sessions/${fresh.code}`)).json()).toEqual({ code: fresh.code, status: 'open' });
    const back = track(phoneClient(second.url, fresh.code, token));
    expect((await back.until((v) => v.me !== null)).me?.name).toBe('Anouk');
    const host = track(hostClient(second.url, fresh.code, fresh.hostToken));
    await host.until((v) => v.participants.length === 1 && v.participants[0]?.online === true);
  });

  it('retentionMs is the limit to the millisecond, counted from the last change', async () => {
    const store = durableStore();
    cleanups.push(() => store.destroy());
    const retentionMs = 2 * 3600_000;
    let clock = Date.UTC(2025, 0, 6, 9);
    const now = () => clock;

    const first = await serve({ store, now, retentionMs });
    const expires = await createSession(first.url);
    clock += 1;
    const stays = await createSession(first.url);
    await first.close();

    // `stays` is exactly retentionMs old: kept. `expires` is 1 ms older: deleted.
    clock += retentionMs;
    const second = await serve({ store, now, retentionMs });
    expect((await fetch(`${second.url}/api/sessions/${expires.code}`)).status).toBe(404);
    expect((await fetch(`${second.url}/api/sessions/${stays.code}`)).status).toBe(200);
    expect(DEFAULT_RETENTION_MS).toBe(30 * DAY_MS);
  });

  it('a running server sweeps every hour and disconnects the screens of an expired session', async () => {
    // Only the sweeper's interval is faked; sockets and acks run on real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = Date.UTC(2025, 0, 6, 9);
    const server = await serve({ now: () => clock });
    const { code, host } = await session(server.url, ['Anouk']);
    const gone = goneAndDisconnected(host);

    clock += DEFAULT_RETENTION_MS + 1;
    vi.advanceTimersByTime(3600_000);
    expect(await gone).toEqual({ gone: 'session_deleted', disconnect: 'io server disconnect' });
    expect((await fetch(`${server.url}/api/sessions/${code}`)).status).toBe(404);
  });
});

describe('floods', () => {
  it('a burst of 100 events: the first 20 or so pass, the rest are rate_limited and change nothing; the socket recovers', async () => {
    let skewMs = 0;
    const server = await serve({ now: () => Date.now() + skewMs });
    const { code, hostToken, host: projector, phones } = await session(server.url, ['Anouk']);
    expect(await projector.socket.emitWithAck('host:start', {})).toEqual(OK);
    // A second facilitator screen with a fresh bucket of 20.
    const host = track(hostClient(server.url, code, hostToken));
    const before = await host.until((view) => view.phase?.index === 0);
    const baseMs = before.phase?.timer.totalMs ?? 0;

    const burst = await Promise.all(Array.from({ length: 100 }, () => host.socket.emitWithAck('host:addTime', { minutes: 1 })));
    const accepted = burst.filter((result) => result.ok).length;
    const limited = burst.filter((result) => !result.ok && result.error === 'rate_limited').length;
    expect(accepted + limited).toBe(100);
    expect(accepted).toBeGreaterThanOrEqual(20);
    // 20 at once plus 5 a second: the burst takes far less than a second.
    expect(accepted).toBeLessThanOrEqual(25);
    // Views go out before the acks on the same socket: the last one is the final state.
    expect(host.last?.phase?.timer.totalMs).toBe(baseMs + accepted * 60_000);

    // Per socket: the phone is not slowed down by the host's flood.
    expect(await phones[0]!.socket.emitWithAck('phone:addNote', { key: 'after-flood', text: 'Gewoon door', phaseIndex: 0 })).toEqual(OK);

    // The bucket refills with the server's clock, 5 events a second: a second on, the host is served again.
    skewMs += 1000;
    expect(await host.socket.emitWithAck('host:addTime', { minutes: 1 }), 'the bucket refills within a second').toEqual(OK);
    expect(host.last?.phase?.timer.totalMs).toBe(baseMs + (accepted + 1) * 60_000);
    // The other facilitator screen has its own bucket.
    expect(await projector.socket.emitWithAck('host:next', {})).toEqual(OK);
    await phones[0]!.until((view) => view.phase?.index === 1);
  });

  it('after 20 wrong guesses from one address, wrong ones are answered slowly for 10 minutes — right ones never', async () => {
    let skewMs = 0;
    const server = await serve({ now: () => Date.now() + skewMs });
    const { code, hostToken, host, phones, tokens } = await session(server.url, ['Anouk', 'Bram']);
    const phone = (token = newPhoneToken()): HandshakeAuth => ({ role: 'phone', code, token });

    // Malformed handshakes are refused before any lookup and do not count.
    for (let i = 0; i < 25; i++) expect(await refusal(server.url, { role: 'phone', code: `bad${i}`, token: 'x' })).toBe('invalid_payload');

    // 20 failures in all, over HTTP and the socket, wrong codes and a wrong host token.
    for (let i = 0; i < 8; i++) expect((await fetch(`${server.url}/api/sessions/${otherCode(code, i)}`)).status).toBe(404);
    for (let i = 8; i < 17; i++) expect(await refusal(server.url, { role: 'phone', code: otherCode(code, i), token: newPhoneToken() })).toBe('unknown_session');
    for (let i = 17; i < 20; i++) expect(await refusal(server.url, { role: 'host', code, token: newPhoneToken() })).toBe('unauthorized');

    // The 21st wrong guess: answered after a second, and not with what was wrong.
    const started = Date.now();
    expect(await refusal(server.url, { role: 'phone', code: otherCode(code, 20), token: newPhoneToken() })).toBe('too_many_attempts');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const wrong = await fetch(`${server.url}/api/sessions/${otherCode(code, 21)}`);
    expect(wrong.status).toBe(429);
    expect(await wrong.json()).toEqual({ error: 'too_many_attempts' });
    expect(await refusal(server.url, { role: 'host', code, token: newPhoneToken() })).toBe('too_many_attempts');

    // The rest of the school shares the address: the right code, a seated phone's own token and
    // the facilitator's token go through at once.
    expect((await fetch(`${server.url}/api/sessions/${code}`)).status).toBe(200);
    expect(await refusal(server.url, phone())).toBe('connected');
    phones[1]!.close();
    await host.until((view) => view.participants[1]?.online === false);
    expect(await refusal(server.url, phone(tokens[1]))).toBe('connected');
    expect(await refusal(server.url, { role: 'host', code, token: hostToken })).toBe('connected');

    // Sockets that were already open keep working.
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(OK);
    await phones[0]!.until((view) => view.phase?.index === 0);

    // Ten minutes after the failures a wrong code gets its plain answer again.
    skewMs += 10 * 60_000;
    expect((await fetch(`${server.url}/api/sessions/${otherCode(code, 22)}`)).status).toBe(404);
  });

  it('a frame over 16 KB closes that connection and stores nothing; frames under it and other clients are served', async () => {
    const server = await serve();
    const { code, host, phones } = await session(server.url, ['Anouk']);
    const anouk = phones[0]!;

    // Just under the limit: the frame arrives and the schema refuses the name.
    expect(await anouk.socket.emitWithAck('phone:join', { name: 'n'.repeat(15_000) })).toEqual({ ok: false, error: 'invalid_payload' });

    const dropped = nextDisconnect(anouk.socket);
    const reconnected = nextConnect(anouk.socket);
    untyped(anouk.socket).emit('phone:addNote', { key: 'oversized-1', text: 'x'.repeat(20_000), phaseIndex: -1 });
    expect(await dropped).toMatch(/^transport (close|error)$/);

    // Everyone else is served meanwhile.
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(OK);
    await host.until((view) => view.phase?.index === 0);

    // The phone reconnects by itself, keeps its seat, and the oversized note never arrived.
    await reconnected;
    expect(await anouk.socket.emitWithAck('phone:addNote', { key: 'small-note-1', text: 'Klein', phaseIndex: 0 })).toEqual(OK);
    expect((await anouk.until((view) => view.notes.length > 0)).notes.map((n) => n.key)).toEqual(['small-note-1']);
    expect(server.rooms.get(code)?.snapshot.context.submissions.map((s) => s.key)).toEqual(['small-note-1']);

    // Long-polling has the same limit.
    const polling = await handshake(server.url, { role: 'phone', code, token: newPhoneToken() }, { transports: ['polling'] });
    if (polling.kind !== 'connected') throw new Error(`polling handshake: ${JSON.stringify(polling)}`);
    const pollingDropped = nextDisconnect(polling.socket);
    untyped(polling.socket).emit('phone:join', { name: 'y'.repeat(20_000) });
    expect(await pollingDropped).toMatch(/^transport (close|error)$/);
    polling.socket.close();
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(OK);
    expect(server.rooms.get(code)?.snapshot.context.participants.map((p) => p.name)).toEqual(['Anouk']);
  });
});

describe('origin and authority', () => {
  it('a page on another site may not open a socket; the same origin and PUBLIC_URL may', async () => {
    const server = await serve({ publicUrl: 'http://192.168.1.20:3000' });
    const { code } = await createSession(server.url);
    const auth = (): HandshakeAuth => ({ role: 'phone', code, token: newPhoneToken() });

    for (const transport of ['websocket', 'polling'] as const) {
      const transports = [transport];
      for (const origin of ['http://evil.example', `http://localhost:${server.port}`, 'http://127.0.0.1:1', 'null', 'http://192.168.1.20:3001']) {
        const outcome = await handshake(server.url, auth(), { transports, extraHeaders: { Origin: origin } });
        expect(outcome.kind, `${transport} from ${origin}`).toBe('refused');
      }
      for (const origin of [server.url, 'http://192.168.1.20:3000']) {
        const outcome = await handshake(server.url, auth(), { transports, extraHeaders: { Origin: origin } });
        expect(outcome.kind, `${transport} from ${origin}`).toBe('connected');
        if (outcome.kind === 'connected') outcome.socket.close();
      }
    }
  });

  it('a DNS name that is not ours gets no answer (DNS rebinding), over HTTP and the socket', async () => {
    const server = await serve({ publicUrl: 'http://driegesprek.school.example:3000' });
    const { code } = await createSession(server.url);
    /** A raw request with our own Host header, as a page on a rebound name would send it. */
    const statusWithHost = (path: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port: server.port, path, headers: { host, origin: `http://${host}` } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
    const polling = '/socket.io/?EIO=4&transport=polling';
    for (const host of ['evil.example', `evil.example:${server.port}`, 'driegesprek.school.example.evil.example']) {
      expect(await statusWithHost(`/api/sessions/${code}`, host), host).toBe(421);
      expect(await statusWithHost(polling, host), host).toBe(403);
    }
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, 'driegesprek.school.example:3000', `[::1]:${server.port}`]) {
      expect(await statusWithHost(`/api/sessions/${code}`, host), host).toBe(200);
    }
  });

  it('a phone sending every facilitator command changes nothing, in the lobby and in a phase', async () => {
    const server = await serve();
    const { code, host, phones, tokens } = await session(server.url, ['Anouk', 'Bram']);
    const bram = phones[1]!;
    const [anoukId, bramId] = [idOf(phones[0]!), idOf(bram)];

    const attempts: [string, unknown][] = [
      ['host:start', {}],
      ['host:next', {}],
      ['host:back', {}],
      ['host:pause', {}],
      ['host:resume', {}],
      ['host:addTime', { minutes: 30 }],
      ['host:lock', { locked: true }],
      ['host:kick', { participantId: bramId }],
      ['host:kick', { participantId: anoukId }],
      ['host:end', {}],
      ['host:delete', {}],
    ];

    /** From a seated and an unseated phone, each on a fresh socket (20 events per socket at once). */
    async function tryEverything(anouk: Client<PhoneView>): Promise<void> {
      await anouk.until((view) => view.me?.id === anoukId);
      const unseated = track(phoneClient(server.url, code));
      await unseated.until(() => true);
      await host.until((view) => view.participants.every((p) => p.online));
      const hostViews = host.views.length;
      const phoneViews = [anouk.views.length, bram.views.length, unseated.views.length];
      for (const client of [anouk, unseated]) {
        for (const [event, payload] of attempts) {
          expect(await emitRaw(client.socket, event, payload), `${event} from a phone`).toEqual({ ok: false, error: 'unauthorized' });
        }
      }
      // A refused command on each socket: its ack comes after any view sent to it before.
      expect(await host.socket.emitWithAck('host:addTime', { minutes: 0 })).toEqual({ ok: false, error: 'invalid_payload' });
      for (const client of [anouk, bram, unseated]) {
        expect(await client.socket.emitWithAck('phone:addNote', { key: 'x', text: '', phaseIndex: -1 })).toEqual({ ok: false, error: 'invalid_payload' });
      }
      expect(host.views.length).toBe(hostViews);
      expect([anouk.views.length, bram.views.length, unseated.views.length]).toEqual(phoneViews);
      expect(host.last?.locked).toBe(false);
      expect(host.last?.participants.map((p) => [p.name, p.online])).toEqual([
        ['Anouk', true],
        ['Bram', true],
      ]);
      expect(anouk.socket.connected && bram.socket.connected && unseated.socket.connected).toBe(true);
      expect(await (await fetch(`${server.url}/api/sessions/${code}`)).json()).toEqual({ code, status: 'open' });
      unseated.close();
    }

    await tryEverything(phones[0]!);
    expect(host.last?.status).toBe('lobby');

    expect(await host.socket.emitWithAck('host:start', {})).toEqual(OK);
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(OK);
    const running = await host.until((view) => view.phase?.index === 1);
    phones[0]!.close();
    const anouk = track(phoneClient(server.url, code, tokens[0]));
    await tryEverything(anouk);
    expect(host.last?.status).toBe('running');
    expect(host.last?.phase?.index).toBe(1);
    expect(host.last?.phase?.timer).toEqual(running.phase?.timer);

    // After all that, the facilitator's own commands still work and the deletion never happened.
    expect(await host.socket.emitWithAck('host:pause', {})).toEqual(OK);
    await anouk.until((view) => view.status === 'paused');
    expect(server.rooms.get(code)).toBeDefined();
  });
});
