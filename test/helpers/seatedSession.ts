/**
 * A session machine on a fake clock for the unit tests of a phase: `people` seated (ids p0, p1, …),
 * started and moved on to phase `phaseIndex`. `send` stamps each event a second after the one
 * before and says whether the machine took it; `now` is the clock after the last one.
 */
import { createActor } from 'xstate';
import type { RoomEvent } from '../../server/rooms.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import type { Programme } from '../../server/session/programme/programme.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';

export function seatedSession(programme: Programme, people: readonly string[], phaseIndex: number) {
  let at = 1_000;
  const actor = createActor(sessionMachine, { input: { code: 'ABC234', hostTokenHash: 'h', programme, capacity: 60, at } }).start();
  const send = (event: RoomEvent) => {
    const stamped = { ...event, at: (at += 1_000) } as SessionEvent;
    const accepted = actor.getSnapshot().can(stamped);
    actor.send(stamped);
    return accepted;
  };
  people.forEach((name, n) => send({ type: 'join', participantId: `p${n}`, name, tokenHash: `t${n}` }));
  send({ type: 'start' });
  for (let phase = 0; phase < phaseIndex; phase++) send({ type: 'next' });
  return { actor, send, now: () => at };
}
