/**
 * Phones that lose the network for a while: each talks to the server through its own TCP
 * proxy, which the test cuts and restores. The phones keep the reconnecting socket.io client
 * and the outbox the real phone uses; nothing is sent to them on the way back but what the
 * server sends any reconnecting socket.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { startServer, type RunningServer } from '../../server/startServer.ts';
import { createSession, hostClient, joinedPhone, type Client, type ClientOptions } from '../../scripts/lib/clients.ts';
import { NoteOutbox } from '../helpers/outbox.ts';
import { startProxy, type Outage, type Proxy } from '../helpers/proxy.ts';

/** socket.io-client's default backoff (1 s, doubling, ±50 %), capped at 5 s. */
const RECONNECT: ClientOptions = { reconnectionDelay: 1000, reconnectionDelayMax: 5000 };
const BACK_WITHIN_MS = 10_000;

let server: RunningServer;
const closers: { close(): unknown }[] = [];
const track = <C extends { close(): unknown }>(thing: C): C => (closers.push(thing), thing);

beforeEach(async () => {
  server = await startServer({ clientDir: '/nonexistent' });
});

afterEach(async () => {
  // Newest first (outbox, phone, then its proxy), then the server: every test stops what it starts.
  for (const thing of closers.splice(0).reverse()) await thing.close();
  await server.close();
});

const ok = { ok: true, data: null };
const isOnline = (view: ProjectorView, id: string) => view.participants.find((p) => p.id === id)?.online === true;

interface OfflinePhone {
  name: string;
  outage: Outage;
  proxy: Proxy;
  phone: Client<PhoneView>;
  outbox: NoteOutbox;
  seat: string;
  /** Everything this phone emitted, in order. */
  emitted: string[];
}

async function phoneBehindProxy(code: string, name: string, outage: Outage): Promise<OfflinePhone> {
  const proxy = track(await startProxy(server.port));
  const phone = track(await joinedPhone(proxy.url, code, name, undefined, RECONNECT));
  const outbox = track(new NoteOutbox(phone.socket));
  const emitted: string[] = [];
  phone.socket.onAnyOutgoing((event: string) => emitted.push(event));
  return { name, outage, proxy, phone, outbox, seat: phone.last!.me!.id, emitted };
}

describe('phones that lose the network', () => {
  it('come back after 30 s and after 3 minutes to their own seat, the current phase and their note, once', async () => {
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
    for (const { proxy, outage } of [a, b]) proxy.cut(outage);
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

    /** Waits out the rest of `offlineMs`, restores the network and returns the first view the phone gets. */
    async function bringBack(phone: OfflinePhone, offlineMs: number) {
      await delay(Math.max(0, cutAt + offlineMs - performance.now()));
      expect(phone.outbox.sends, `${phone.name} sent nothing while offline`).toEqual([]);
      expect(phone.phone.socket.connected).toBe(false);
      const before = phone.phone.last;
      phone.proxy.restore();
      const restoredAt = performance.now();
      const view = await phone.phone.until((v) => v !== before, BACK_WITHIN_MS);
      const ms = performance.now() - restoredAt;
      console.log(`${phone.name}: offline ${offlineMs / 1000} s (${phone.outage}), back ${Math.round(ms)} ms after restore`);
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

    // A, after 30 s: back in its seat, in the phase the facilitator moved to.
    const backA = await bringBack(a, 30_000);
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

    // B, after 3 minutes.
    const backB = await bringBack(b, 180_000);
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
    console.log(`reconnect attempts while offline: Anouk ${a.proxy.counts.refused} refused, Bram ${b.proxy.counts.blackholed} black-holed (${b.proxy.counts.released} let through on restore)`);
  }, 300_000);
});
