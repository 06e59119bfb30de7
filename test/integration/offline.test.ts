/**
 * Phones that lose the network (test/helpers/offlinePhones.ts), with the outages counted in
 * reconnect attempts instead of seconds: a short backoff and, while offline, a short connect
 * timeout, so a black-holed attempt fails in well under a second instead of 20 s. Each phone is
 * let back only after it tried again and again and was turned away or left hanging every time,
 * its backoff long at its cap. The same scenario with real 30 s and 3 minute outages is the
 * opt-in soak test: `npm run soak` (test/soak/offline.soak.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer.ts';
import { phonesLoseTheNetwork } from '../helpers/offlinePhones.ts';

/** socket.io-client's backoff (doubling, ±50 %), 20 times shorter than its default of 1 s capped at 5 s: at its cap from the third attempt on. */
const RECONNECT = { reconnectionDelay: 50, reconnectionDelayMax: 250 };
/** Failed attempts before a phone gets its network back: each phone's backoff sits at its cap for the last five or more. */
const ATTEMPTS = 8;

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

describe('phones that lose the network', () => {
  it(`come back after ${ATTEMPTS} refused and after ${ATTEMPTS} unanswered reconnect attempts to their own seat, the current phase and their note, once`, async () => {
    await phonesLoseTheNetwork(server, track, {
      reconnect: RECONNECT,
      offlineAttemptTimeoutMs: 400,
      async anoukAway(anouk) {
        await anouk.untilFailedAttempts(ATTEMPTS);
        // Every one of them reached the network and was turned away there.
        expect(anouk.proxy.counts.refused).toBeGreaterThanOrEqual(ATTEMPTS);
      },
      async bramAway(bram) {
        // Bram stays away longer: on until his own count, and at least three more attempts after Anouk is back and the facilitator moved on.
        await bram.untilFailedAttempts(Math.max(ATTEMPTS, bram.failedAttempts() + 3));
        expect(bram.proxy.counts.blackholed).toBeGreaterThanOrEqual(ATTEMPTS);
      },
    });
  });
});
