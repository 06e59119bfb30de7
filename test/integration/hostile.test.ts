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
import { useServers } from '../helpers/liveServer.ts';
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

const { serve, track, later } = useServers();
afterEach(() => void vi.useRealTimers());

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
    later(() => store.destroy());
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
    later(() => store.destroy());
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
    later(() => store.destroy());
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
    expect((await store.loadAll()).map((s) => s.code)).toEqual([fresh.code]);

    expect(await (await fetch(`${second.url}/api/sessions/${fresh.code}`)).json()).toEqual({ code: fresh.code, status: 'open' });
    const back = track(phoneClient(second.url, fresh.code, token));
    expect((await back.until((v) => v.me !== null)).me?.name).toBe('Anouk');
    const host = track(hostClient(second.url, fresh.code, fresh.hostToken));
    await host.until((v) => v.participants.length === 1 && v.participants[0]?.online === true);
  });

  it('retentionMs is the limit to the millisecond, counted from the last change', async () => {
    const store = durableStore();
    later(() => store.destroy());
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
  it('a burst of 100 events from a facilitator screen: the first 60 or so pass, the rest are rate_limited and change nothing; the socket recovers', async () => {
    let skewMs = 0;
    const server = await serve({ now: () => Date.now() + skewMs });
    const { code, hostToken, host: projector, phones } = await session(server.url, ['Anouk']);
    expect(await projector.socket.emitWithAck('host:start', {})).toEqual(OK);
    // A second facilitator screen with a fresh bucket of 60.
    const host = track(hostClient(server.url, code, hostToken));
    const before = await host.until((view) => view.phase?.index === 0);
    const baseMs = before.phase?.timer.totalMs ?? 0;

    const burst = await Promise.all(Array.from({ length: 100 }, () => host.socket.emitWithAck('host:addTime', { minutes: 1 })));
    const accepted = burst.filter((result) => result.ok).length;
    const limited = burst.filter((result) => !result.ok && result.error === 'rate_limited').length;
    expect(accepted + limited).toBe(100);
    expect(accepted).toBeGreaterThanOrEqual(60);
    // 60 at once plus 20 a second: the burst takes far less than a second.
    expect(accepted).toBeLessThanOrEqual(75);
    // Views go out before the acks on the same socket: the last one is the final state.
    expect(host.last?.phase?.timer.totalMs).toBe(baseMs + accepted * 60_000);

    // Per socket: the phone is not slowed down by the host's flood.
    expect(await phones[0]!.socket.emitWithAck('phone:addNote', { key: 'after-flood', text: 'Gewoon door', phaseIndex: 0 })).toEqual(OK);

    // The bucket refills with the server's clock, 20 events a second: a second on, the host is served again.
    skewMs += 1000;
    expect(await host.socket.emitWithAck('host:addTime', { minutes: 1 }), 'the bucket refills within a second').toEqual(OK);
    expect(host.last?.phase?.timer.totalMs).toBe(baseMs + (accepted + 1) * 60_000);
    // The other facilitator screen has its own bucket.
    expect(await projector.socket.emitWithAck('host:next', {})).toEqual(OK);
    await phones[0]!.until((view) => view.phase?.index === 1);

    // A phone's budget is smaller: 20 at once (it spent one above), then 5 a second.
    const notes = await Promise.all(Array.from({ length: 40 }, (_, i) => phones[0]!.socket.emitWithAck('phone:addNote', { key: `burst-note-${i}`, text: 'Snel', phaseIndex: 1 })));
    const stored = notes.filter((result) => result.ok).length;
    expect(stored).toBeGreaterThanOrEqual(19);
    expect(stored).toBeLessThanOrEqual(24);
    expect(notes.filter((result) => !result.ok && result.error === 'rate_limited')).toHaveLength(40 - stored);
  });

  it('wrong codes and tokens: 20 looked at from one address, then one every 3 s; every refusal alike; seats and the facilitator always get in', async () => {
    // The server's clock moves only when the test moves it: the budgets refill exactly then.
    let skewMs = 0;
    const start = Date.now();
    const server = await serve({ now: () => start + skewMs });
    const { code, hostToken, host, phones, tokens } = await session(server.url, ['Anouk', 'Bram']);
    const phone = (token = newPhoneToken()): HandshakeAuth => ({ role: 'phone', code, token });

    // Malformed handshakes are refused before any lookup and do not count.
    for (let i = 0; i < 25; i++) expect(await refusal(server.url, { role: 'phone', code: `bad${i}`, token: 'x' })).toBe('invalid_payload');

    // 20 wrong guesses in all, over HTTP and the socket, wrong codes and a wrong
    // facilitator's token (which must not tell that the code is right): each answered 'unknown'.
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    expect(await Promise.all(range(0, 8).map((i) => fetch(`${server.url}/api/sessions/${otherCode(code, i)}`).then((r) => r.status)))).toEqual(range(0, 8).map(() => 404));
    const phoneGuesses = range(8, 17).map((i) => refusal(server.url, { role: 'phone', code: otherCode(code, i), token: newPhoneToken() }));
    expect(new Set(await Promise.all(phoneGuesses))).toEqual(new Set(['unknown_session']));
    const hostGuesses = range(17, 20).map(() => refusal(server.url, { role: 'host', code, token: newPhoneToken() }));
    expect(new Set(await Promise.all(hostGuesses))).toEqual(new Set(['unknown_session']));

    // The budget is spent: the right code from this address is not looked at either, and is
    // answered exactly as a wrong one.
    const right = await fetch(`${server.url}/api/sessions/${code}`);
    expect([right.status, await right.json()]).toEqual([404, { error: 'unknown_session' }]);
    expect(await refusal(server.url, phone())).toBe('unknown_session');

    // A seat's own token and the facilitator's token prove who they are: they go through at once.
    phones[1]!.close();
    await host.until((view) => view.participants[1]?.online === false);
    expect(await refusal(server.url, phone(tokens[1]))).toBe('connected');
    expect(await refusal(server.url, { role: 'host', code, token: hostToken })).toBe('connected');
    // Sockets that were already open keep working.
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(OK);
    await phones[0]!.until((view) => view.phase?.index === 0);

    // Three seconds on, one more guess is looked at: the right code is answered.
    skewMs += 3000;
    expect((await fetch(`${server.url}/api/sessions/${code}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/sessions/${otherCode(code, 20)}`)).status).toBe(404);
    // That one wrong guess spent the new budget again.
    expect((await fetch(`${server.url}/api/sessions/${code}`)).status).toBe(404);
    // A minute later the address has 20 again.
    skewMs += 60_000;
    expect(await refusal(server.url, phone())).toBe('connected');
  });

  it('250 guesses at once from one address, the right code among them: 20 looked at, the rest answered alike and as slowly', async () => {
    const server = await serve({ now: () => 0 });
    const { code } = await session(server.url, []);
    const timed = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${server.url}${path}`);
      return { status: response.status, body: await response.text(), ms: performance.now() - started };
    };
    // The right code comes 100th: after the budget of 20 wrong ones is spent.
    const paths = Array.from({ length: 250 }, (_, i) => (i === 100 ? `/api/sessions/${code}` : `/api/sessions/${otherCode(code, i)}`));
    const answers = await Promise.all(paths.map(timed));

    expect(new Set(answers.map(({ status, body }) => `${status} ${body}`))).toEqual(new Set(['404 {"error":"unknown_session"}']));
    // Wrong and held back take the same half second; a right code looked at would be answered at once.
    const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
    expect(times[0]).toBeGreaterThanOrEqual(490);
    expect(times[times.length - 1]! - times[0]!).toBeLessThan(1000);
    // Nothing has refilled (the server's clock stands still): the right code is still held back.
    expect((await timed(`/api/sessions/${code}`)).status).toBe(404);
  });

  it('an attack from many addresses: 200 wrong guesses in all, then addresses that guessed wrong wait; a school that did not is let in', async () => {
    const server = await serve({ now: () => 0 });
    const { code } = await session(server.url, []);
    // Fastify's request.ip is the socket's address: each guesser gets an address of its own on 127.0.0.0/8.
    const from = (address: string, path: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(`${server.url}${path}`, { localAddress: address }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
    const addresses = Array.from({ length: 20 }, (_, i) => `127.0.1.${i + 1}`);
    // 20 addresses × 10 wrong guesses: the global budget of 200 is spent, no address's own (20) is.
    await Promise.all(addresses.flatMap((address, a) => Array.from({ length: 10 }, (_, i) => from(address, `/api/sessions/${otherCode(code, a * 10 + i)}`))));
    expect(await from(addresses[0]!, `/api/sessions/${code}`)).toBe(404);
    expect(await from('127.0.2.1', `/api/sessions/${code}`)).toBe(200);
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

describe('limits on sessions and connections', () => {
  /** A POST from the given Origin / Sec-Fetch-Site, as a form on that site would send it. */
  const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('a page on another site may not create sessions or check files; this site and tools without a browser may', async () => {
    const server = await serve();
    for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }] as Record<string, string>[]) {
      for (const path of ['/api/sessions', '/api/reports/check', '/api/cardsets/check']) {
        const response = await post(server.url, path, {}, headers);
        expect([response.status, await response.json()], `${path} ${JSON.stringify(headers)}`).toEqual([403, { error: 'unauthorized' }]);
      }
    }
    expect(server.rooms.size).toBe(0);
    for (const headers of [{ origin: server.url, 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, {}] as Record<string, string>[]) {
      expect((await post(server.url, '/api/sessions', {}, headers)).status, JSON.stringify(headers)).toBe(201);
    }
    expect(server.rooms.size).toBe(3);
  });

  it('one address creates 30 sessions at once, then one every 10 seconds', async () => {
    let skewMs = 0;
    const server = await serve({ now: () => Date.now() + skewMs });
    const statuses = await Promise.all(Array.from({ length: 35 }, () => post(server.url, '/api/sessions', {}).then((response) => response.status)));
    expect(statuses.filter((status) => status === 201)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    const limited = await post(server.url, '/api/sessions', {});
    expect([limited.status, await limited.json()]).toEqual([429, { error: 'rate_limited' }]);
    skewMs += 10_000;
    expect((await post(server.url, '/api/sessions', {})).status).toBe(201);
    expect((await post(server.url, '/api/sessions', {})).status).toBe(429);
    expect(server.rooms.size).toBe(31);
  });

  it('a server holds at most maxSessions: one more is refused with a clear error until retention deletes one', async () => {
    const server = await serve({ maxSessions: 3 });
    for (let i = 0; i < 3; i++) expect((await post(server.url, '/api/sessions', {})).status).toBe(201);
    const full = await post(server.url, '/api/sessions', {});
    expect([full.status, await full.json()]).toEqual([503, { error: 'server_full' }]);
    expect(server.rooms.size).toBe(3);
  });

  it('a file over 128 kB is refused as too large, whether in a check or with a new session; nothing is stored', async () => {
    const server = await serve();
    const big = { fileName: 'groot.md', source: `---\n${'x'.repeat(130 * 1024)}\n---\n` };
    const huge = { fileName: 'enorm.md', source: 'x'.repeat(2 * 1024 * 1024) };
    for (const [path, body] of [
      ['/api/cardsets/check', big],
      ['/api/reports/check', big],
      ['/api/sessions', { cardSet: big }],
      ['/api/sessions', { previousReport: big }],
      ['/api/sessions', { previousReport: huge }],
    ] as const) {
      const response = await post(server.url, path, body);
      expect([response.status, await response.json()], `${path} ${Object.keys(body).join()}`).toEqual([413, { error: 'file_too_large' }]);
    }
    expect(server.rooms.size).toBe(0);
  });

  it('phones without a seat from one address: at most maxPhonesPerAddress per session; seats and other addresses still get in', async () => {
    const server = await serve({ maxPhonesPerAddress: 3 });
    const { code, host, tokens } = await session(server.url, ['Anouk']);
    const from = (localAddress: string, token = newPhoneToken()) => handshake(server.url, { role: 'phone', code, token }, { localAddress });
    // Anouk's phone is one of the three from 127.0.0.1.
    const open = [];
    for (let i = 0; i < 2; i++) {
      const outcome = await from('127.0.0.1');
      expect(outcome.kind).toBe('connected');
      open.push(outcome);
    }
    expect(await refusal(server.url, { role: 'phone', code, token: newPhoneToken() }, { localAddress: '127.0.0.1' })).toBe('too_many_connections');
    // Anouk's token has a seat: a second tab of hers gets in.
    expect(await refusal(server.url, { role: 'phone', code, token: tokens[0] }, { localAddress: '127.0.0.1' })).toBe('connected');
    // Another network is counted on its own; the facilitator's screens never count.
    expect(await refusal(server.url, { role: 'phone', code, token: newPhoneToken() }, { localAddress: '127.0.0.2' })).toBe('connected');
    // One closes: there is room for one more.
    const first = open[0]!;
    if (first.kind === 'connected') first.socket.close();
    await vi.waitFor(() => expect(server.rooms.get(code)?.phonesFrom('127.0.0.1')).toBe(2));
    expect(await refusal(server.url, { role: 'phone', code, token: newPhoneToken() }, { localAddress: '127.0.0.1' })).toBe('connected');
    for (const outcome of open) if (outcome.kind === 'connected') outcome.socket.close();
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Anouk']);
  });

  it('phones without a seat get the one view they need to join, not one for every change', async () => {
    const server = await serve();
    const { code, host, phones } = await session(server.url, ['Anouk']);
    const watchers = Array.from({ length: 30 }, () => track(phoneClient(server.url, code)));
    await Promise.all(watchers.map((watcher) => watcher.connected()));
    await Promise.all(watchers.map((watcher) => watcher.until((view) => view.status === 'lobby')));
    const counts = watchers.map((watcher) => {
      const count = { views: 0 };
      watcher.socket.on('view:phone', () => count.views++);
      return count;
    });

    expect(await host.socket.emitWithAck('host:lock', { locked: true })).toEqual(OK);
    expect(await host.socket.emitWithAck('host:lock', { locked: false })).toEqual(OK);
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(OK);
    for (let i = 0; i < 3; i++) expect(await host.socket.emitWithAck('host:next', {})).toEqual(OK);
    expect(await phones[0]!.socket.emitWithAck('phone:addNote', { key: 'note-in-phase-4', text: 'Notitie', phaseIndex: 3 })).toEqual(OK);
    await phones[0]!.until((view) => view.phase?.index === 3 && view.notes.length === 1);
    // The session started: the join form says so (one view); nothing else reached them.
    expect(await host.socket.emitWithAck('host:end', {})).toEqual(OK);
    await Promise.all(watchers.map((watcher) => watcher.until((view) => view.status === 'closed')));
    expect(counts.map((count) => count.views)).toEqual(watchers.map(() => 2));
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
