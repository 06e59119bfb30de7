/**
 * A store that commits later (PostgreSQL, or SQLite's group commit) commits several changes at
 * once: the screens still show them in the machine's order, also when a command that stores
 * nothing comes between them; they get one round of views for all of them; and every ack comes
 * after the view it acknowledges.
 */
import { describe, expect, it } from 'vitest';
import type { PhoneView } from '../../server/protocol/views.ts';
import { createMemoryStore, type SessionStore } from '../../server/store/sessionStore.ts';
import { createSession, hostClient, joinedPhone, phoneClient, type Client } from '../../scripts/lib/clients.ts';
import { settled } from '../helpers/barrier.ts';
import { useServers, walkTo } from '../helpers/liveServer.ts';

const { serve, track } = useServers();
const ok = { ok: true, data: null };
const ACTIONS_PHASE = 6;

/** A memory store whose writes, once `hold` was called, wait until `release` commits them all in one go, in order. */
function heldStore(): SessionStore & { hold(): void; release(): void; held(): number } {
  const store = createMemoryStore();
  let queue: { commit: () => void; done: () => void }[] | null = null;
  return {
    ...store,
    write(change) {
      if (!queue) return store.write(change);
      return new Promise<void>((done) => queue!.push({ commit: () => void store.write(change), done }));
    },
    hold: () => void (queue = []),
    release() {
      const batch = queue ?? [];
      queue = null;
      batch.forEach((entry) => entry.commit());
      batch.forEach((entry) => entry.done());
    },
    held: () => queue?.length ?? 0,
  };
}

/** A server on a held store, a new session on it and its facilitator's screen. */
async function sessionOnHeldStore() {
  const store = heldStore();
  const server = await serve({ store });
  const { code, hostToken } = await createSession(server.url);
  const host = track(hostClient(server.url, code, hostToken));
  await host.connected();
  return { store, server, code, host };
}

describe('changes committed together', () => {
  it('a phone ends with the view of its last command, though a command that stored nothing came between', async () => {
    const { store, server, code, host } = await sessionOnHeldStore();
    const anouk: Client<PhoneView> = track(await joinedPhone(server.url, code, 'Anouk'));
    await walkTo(host, ACTIONS_PHASE);
    await anouk.until((view) => view.actions?.open === true && view.actions.consent === 'private');

    store.hold();
    // Named (stored), named again (nothing to store), anonymous (stored): one socket, so in this order.
    const acks = (['named', 'named', 'anonymous'] as const).map((consent) => anouk.socket.emitWithAck('phone:reportConsent', { consent }));
    await expect.poll(() => store.held()).toBe(2);
    store.release();
    expect(await Promise.all(acks)).toEqual([ok, ok, ok]);
    // Everything the server sent before this answer has come (a refused command changes nothing, so shows nothing anew).
    expect(await anouk.socket.emitWithAck('phone:reportConsent', { consent: 'everyone' } as never)).toEqual({ ok: false, error: 'invalid_payload' });
    expect(anouk.last?.actions?.consent).toBe('anonymous');
  });

  it('ten phones whose joins are committed together: the facilitator gets one view for them all, each phone its seat before its ack', async () => {
    const { store, server, code, host } = await sessionOnHeldStore();
    const phones: Client<PhoneView>[] = [];
    for (let i = 0; i < 10; i++) phones.push(track(phoneClient(server.url, code)));
    await Promise.all(phones.map((phone) => phone.connected()));
    await settled(phones, [host, ...phones]);
    const viewsBefore = host.views.length;

    store.hold();
    const joins = phones.map((phone, i) =>
      phone.socket.emitWithAck('phone:join', { name: `Mentor${i + 1}` }).then((result) => ({ result, seated: phone.last?.me?.name ?? null })),
    );
    await expect.poll(() => store.held()).toBe(10);
    store.release();
    const answered = await Promise.all(joins);
    expect(answered.map(({ result }) => result.ok)).toEqual(phones.map(() => true));
    expect(answered.map(({ seated }) => seated), 'each phone has its seat when its ack comes').toEqual(phones.map((_, i) => `Mentor${i + 1}`));
    await settled([host]);
    expect(host.views.length - viewsBefore).toBe(1);
    expect(host.last?.participants.map((participant) => participant.name).sort()).toEqual(phones.map((_, i) => `Mentor${i + 1}`).sort());
  });
});
