/**
 * Soak test, outside `npm test` (run it with `npm run soak`, about 3 minutes): the offline
 * scenario of test/integration/offline.test.ts with real outages of 30 s (refused) and 3 minutes
 * (black-holed) and socket.io-client's default backoff and connect timeout, as a phone on a
 * school's Wi-Fi lives them.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer.ts';
import { phonesLoseTheNetwork } from '../helpers/offlinePhones.ts';

/** socket.io-client's default backoff (1 s, doubling, ±50 %), capped at 5 s. */
const RECONNECT = { reconnectionDelay: 1000, reconnectionDelayMax: 5000 };

let server: RunningServer;
const closers: { close(): unknown }[] = [];
const track = <C extends { close(): unknown }>(thing: C): C => (closers.push(thing), thing);

beforeEach(async () => {
  server = await startServer({ clientDir: '/nonexistent' });
});

afterEach(async () => {
  for (const thing of closers.splice(0).reverse()) await thing.close();
  await server.close();
});

/** The outage itself is the scenario: it lasts until `offlineMs` after the cut, in real time. */
const awayFor = (offlineMs: number) => async (_phone: unknown, cutAt: number) => {
  await delay(Math.max(0, cutAt + offlineMs - performance.now()));
};

describe('phones that lose the network (soak)', () => {
  it('come back after 30 s and after 3 minutes to their own seat, the current phase and their note, once', async () => {
    await phonesLoseTheNetwork(server, track, { reconnect: RECONNECT, anoukAway: awayFor(30_000), bramAway: awayFor(180_000) });
  }, 300_000);
});
