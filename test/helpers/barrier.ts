/**
 * An ordered-ack barrier, for asserting that something did *not* happen without sleeping.
 *
 * socket.io delivers a socket's packets in order, the server handles each socket's events in
 * order and synchronously (server/handlers.ts), and it emits every view a command causes before
 * it acks the command. So once a command sent after X is acked on the socket that sent X, the
 * server has handled X; and once a command sent after that is acked on an observing socket,
 * every view the server emitted to that socket because of X has arrived there.
 */
import { expect } from 'vitest';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import type { Client } from '../../scripts/lib/clients.ts';

type AnyClient = Client<ProjectorView> | Client<PhoneView>;

/**
 * A command no schema accepts, from any socket: answered `invalid_payload` before any role check,
 * and it never reaches the session. (After a flood the rate limit answers first: just as ordered.)
 */
async function roundTrip(client: AnyClient): Promise<void> {
  const result = await client.socket.emitWithAck('host:addTime', { minutes: 0 });
  expect([{ ok: false, error: 'invalid_payload' }, { ok: false, error: 'rate_limited' }]).toContainEqual(result);
}

/**
 * Resolves once the server has handled everything `senders` sent so far, and every `observers`
 * client has received every view the server emitted because of it.
 */
export async function settled(senders: AnyClient[], observers: AnyClient[] = senders): Promise<void> {
  await Promise.all(senders.map(roundTrip));
  await Promise.all(observers.map(roundTrip));
}
