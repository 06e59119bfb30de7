/**
 * Phones that lose the network for a while: each talks to the server through its own TCP
 * proxy, which the scenario cuts and restores. The phones keep the reconnecting socket.io client
 * and the outbox the real phone uses; nothing is sent to them on the way back but what the
 * server sends any reconnecting socket.
 *
 * One scenario, two ways to measure the outages: test/integration/offline.test.ts counts them in
 * failed reconnect attempts (short backoff, seconds in all), test/soak/offline.soak.ts sits out
 * real ones of 30 s and 3 minutes (`npm run soak`).
 */
import { expect } from 'vitest';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import type { RunningServer } from '../../server/startServer.ts';
import { createSession, hostClient, joinedPhone, type Client, type ClientOptions } from '../../scripts/lib/clients.ts';
import { NoteOutbox } from './outbox.ts';
import { startProxy, type Outage, type Proxy } from './proxy.ts';

const BACK_WITHIN_MS = 10_000;

export interface OfflinePhone {
  name: string;
  outage: Outage;
  proxy: Proxy;
  phone: Client<PhoneView>;
  outbox: NoteOutbox;
  seat: string;
  /** Everything this phone emitted, in order. */
  emitted: string[];
  /** Reconnect attempts that failed (socket.io-client's Manager: 'reconnect_error'), counted from the join. */
  failedAttempts(): number;
  /** Resolves once `count` reconnect attempts have failed in all. */
  untilFailedAttempts(count: number, timeoutMs?: number): Promise<void>;
}

export interface OutagePlan {
  /** socket.io-client options of both phones. */
  reconnect: ClientOptions;
  /**
   * While the network is away, a connection attempt that gets no answer fails after this many ms
   * (socket.io-client's `timeout`; back to its default once the network returns). Unset: the default, 20 s.
   */
  offlineAttemptTimeoutMs?: number;
  /** Resolves when Anouk, whose attempts are refused, has been offline long enough. `cutAt`: performance.now() of the cut. */
  anoukAway(phone: OfflinePhone, cutAt: number): Promise<void>;
  /**
   * Resolves when Bram, whose attempts vanish unanswered, has been offline long enough. Called once
   * Anouk is back and the facilitator has moved on again.
   */
  bramAway(phone: OfflinePhone, cutAt: number): Promise<void>;
}

const ok = { ok: true, data: null };
const isOnline = (view: ProjectorView, id: string) => view.participants.find((p) => p.id === id)?.online === true;

/**
 * Two phones in a running session lose the network at the same moment and write a note each;
 * the facilitator moves on; Anouk comes back first, Bram later. Each is back in its own seat, in
 * the current phase, with its note sent once more after a lost ack and stored once.
 */
export async function phonesLoseTheNetwork(server: RunningServer, track: <C extends { close(): unknown }>(thing: C) => C, plan: OutagePlan): Promise<void> {
  async function phoneBehindProxy(code: string, name: string, outage: Outage): Promise<OfflinePhone> {
    const proxy = track(await startProxy(server.port));
    const phone = track(await joinedPhone(proxy.url, code, name, undefined, plan.reconnect));
    const outbox = track(new NoteOutbox(phone.socket));
    const emitted: string[] = [];
    phone.socket.onAnyOutgoing((event: string) => emitted.push(event));
    let failed = 0;
    phone.socket.io.on('reconnect_error', () => void failed++);
    const untilFailedAttempts = (count: number, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (failed < count) return;
          clearTimeout(timer);
          phone.socket.io.off('reconnect_error', check);
          resolve();
        };
        const timer = setTimeout(() => {
          phone.socket.io.off('reconnect_error', check);
          reject(new Error(`${name}: ${failed} of ${count} failed reconnect attempts within ${timeoutMs} ms`));
        }, timeoutMs);
        // Registered after the counter: it sees each failure already counted.
        phone.socket.io.on('reconnect_error', check);
        check();
      });
    return { name, outage, proxy, phone, outbox, seat: phone.last!.me!.id, emitted, failedAttempts: () => failed, untilFailedAttempts };
  }

  const { code, hostToken } = await createSession(server.url);
  const host = track(hostClient(server.url, code, hostToken));
  await host.connected();
  // A's connection attempts are refused while it is offline; B's vanish without an answer.
  const a = await phoneBehindProxy(code, 'Anouk', 'refuse');
  const b = await phoneBehindProxy(code, 'Bram', 'blackhole');
  await host.until((view) => isOnline(view, a.seat) && isOnline(view, b.seat));
  expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
  await Promise.all([a, b].map(({ phone }) => phone.until((view) => view.phase?.index === 0)));

  // Both lose the network at the same moment.
  const lost = [a.phone.disconnected(), b.phone.disconnected()];
  const cutAt = performance.now();
  for (const { proxy, outage, phone } of [a, b]) {
    if (plan.offlineAttemptTimeoutMs !== undefined) phone.socket.io.timeout(plan.offlineAttemptTimeoutMs);
    proxy.cut(outage);
  }
  await Promise.all(lost);
  await host.until((view) => !isOnline(view, a.seat) && !isOnline(view, b.seat));

  // Each writes a note in the first phase (index 0) while offline: the outbox keeps it and sends nothing yet.
  // The first ack after the reconnect gets lost, so the note goes out twice with its key.
  const texts = { a: 'Agenda vooraf mailen', b: 'Doorvragen naar de steun thuis' };
  const keyA = a.outbox.add({ text: texts.a, phaseIndex: 0 });
  const keyB = b.outbox.add({ text: texts.b, phaseIndex: 0 });
  for (const { outbox } of [a, b]) outbox.loseNextAcks(1);

  // Meanwhile the facilitator moves on.
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  await host.until((view) => view.phase?.index === 1);

  /** Restores the network and returns the first view the phone gets. */
  async function bringBack(phone: OfflinePhone) {
    expect(phone.outbox.sends, `${phone.name} sent nothing while offline`).toEqual([]);
    expect(phone.phone.socket.connected).toBe(false);
    const offlineMs = performance.now() - cutAt;
    const failed = phone.failedAttempts();
    const before = phone.phone.last;
    // The way back gets socket.io-client's default connect timeout again.
    if (plan.offlineAttemptTimeoutMs !== undefined) phone.phone.socket.io.timeout(20_000);
    phone.proxy.restore();
    const restoredAt = performance.now();
    const view = await phone.phone.until((v) => v !== before, BACK_WITHIN_MS);
    const ms = performance.now() - restoredAt;
    console.log(`${phone.name}: offline ${(offlineMs / 1000).toFixed(1)} s (${phone.outage}, ${failed} failed reconnect attempts), back ${Math.round(ms)} ms after restore`);
    return { view, ms };
  }

  async function expectNoteOnce(phone: OfflinePhone, key: string, text: string) {
    await phone.outbox.empty();
    expect(phone.outbox.sends).toEqual([
      { key, connected: true, result: ok, ackLost: true },
      { key, connected: true, result: ok, ackLost: false },
    ]);
    // It keeps the phase it was written in, not the one it arrived in.
    expect(phone.phone.last!.notes).toEqual([{ key, phaseIndex: 0, text }]);
  }

  // A comes back first: in its seat, in the phase the facilitator moved to.
  await plan.anoukAway(a, cutAt);
  const backA = await bringBack(a);
  expect(backA.ms).toBeLessThan(BACK_WITHIN_MS);
  expect(backA.view.me).toEqual({ id: a.seat, name: 'Anouk' });
  expect(backA.view.phase?.index).toBe(1);
  await host.until((view) => isOnline(view, a.seat) && !isOnline(view, b.seat));
  await expectNoteOnce(a, keyA, texts.a);

  // The facilitator moves on again: A follows live; B is still away and has seen none of it.
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  await a.phone.until((view) => view.phase?.index === 2);
  expect(b.phone.socket.connected).toBe(false);
  expect(b.phone.last?.phase?.index).toBe(0);

  // B, later.
  await plan.bramAway(b, cutAt);
  const backB = await bringBack(b);
  expect(backB.ms).toBeLessThan(BACK_WITHIN_MS);
  expect(backB.view.me).toEqual({ id: b.seat, name: 'Bram' });
  expect(backB.view.phase?.index).toBe(2);
  const projector = await host.until((view) => isOnline(view, a.seat) && isOnline(view, b.seat));
  expect(projector.participants.map(({ id, name }) => ({ id, name }))).toEqual([
    { id: a.seat, name: 'Anouk' },
    { id: b.seat, name: 'Bram' },
  ]);
  expect(projector.phase?.index).toBe(2);
  await expectNoteOnce(b, keyB, texts.b);
  expect(a.phone.last!.notes).toEqual([{ key: keyA, phaseIndex: 0, text: texts.a }]);

  // Neither ever saw the other's note, and neither joined again: they only sent their notes.
  expect(a.phone.views.flatMap((view) => view.notes).filter((note) => note.key === keyB)).toEqual([]);
  expect(b.phone.views.flatMap((view) => view.notes).filter((note) => note.key === keyA)).toEqual([]);
  for (const phone of [a, b]) expect(phone.emitted).toEqual(['phone:addNote', 'phone:addNote']);

  // The outages were real: the phones kept trying and were turned away or left hanging.
  expect(a.proxy.counts.refused).toBeGreaterThan(0);
  expect(b.proxy.counts.blackholed).toBeGreaterThan(0);
  console.log(
    `reconnect attempts while offline: Anouk ${a.proxy.counts.refused} refused, Bram ${b.proxy.counts.blackholed} black-holed (${b.proxy.counts.released} let through on restore)`,
  );
}
