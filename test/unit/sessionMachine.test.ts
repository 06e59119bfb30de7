import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { statusOf, toProjectorView } from '../../server/session/views.ts';
import { testInput } from '../fixtures/programme.ts';
import { usedMsOf } from '../../client/lib/time.ts';

const MIN = 60_000;
type Step = { at: number } & ({ type: Exclude<SessionEvent['type'], 'addTime' | 'join'> } | { type: 'addTime'; minutes: number });

/** Runs events against a fresh session (fake clock: each event says when it happens). */
function run(steps: Step[]) {
  const actor = createActor(sessionMachine, { input: testInput }).start();
  const accepted = steps.map((step) => {
    // As the server does: only events the machine accepts are sent.
    const can = actor.getSnapshot().can(step as SessionEvent);
    if (can) actor.send(step as SessionEvent);
    return can;
  });
  return { snapshot: actor.getSnapshot(), accepted };
}

/** What the projector shows at `now`: status, phase, and time left (negative = overtime). */
function shown(steps: Step[], now: number) {
  const { snapshot } = run(steps);
  const view = toProjectorView(snapshot, { joinUrl: 'http://x/s/ABCDEF', online: new Set(), now });
  const timer = view.phase?.timer;
  const left = !timer ? null : timer.state === 'running' ? timer.endsAt - now : timer.remainingMs;
  return { status: statusOf(snapshot), phase: view.phase?.index ?? null, left };
}

describe('session machine', () => {
  it.each<[string, Step[], number, { status: string; phase: number | null; left: number | null }]>([
    ['lobby until the facilitator starts', [], 10 * MIN, { status: 'lobby', phase: null, left: null }],
    ['start opens the first phase with its full time', [{ type: 'start', at: 1000 }], 1000, { status: 'running', phase: 0, left: 5 * MIN }],
    ['time runs from the deadline', [{ type: 'start', at: 0 }], 2 * MIN, { status: 'running', phase: 0, left: 3 * MIN }],
    ['past the deadline shows overtime and stays in the phase', [{ type: 'start', at: 0 }], 7 * MIN, { status: 'running', phase: 0, left: -2 * MIN }],
    ['next opens the next phase with its own time', [{ type: 'start', at: 0 }, { type: 'next', at: MIN }], MIN, { status: 'running', phase: 1, left: 10 * MIN }],
    [
      'back returns to the previous phase with the time it had left',
      [{ type: 'start', at: 0 }, { type: 'next', at: 2 * MIN }, { type: 'back', at: 4 * MIN }],
      4 * MIN,
      { status: 'running', phase: 0, left: 3 * MIN },
    ],
    ['pause freezes the time left', [{ type: 'start', at: 0 }, { type: 'pause', at: MIN }], 30 * MIN, { status: 'paused', phase: 0, left: 4 * MIN }],
    [
      'resume runs on from where it paused',
      [{ type: 'start', at: 0 }, { type: 'pause', at: MIN }, { type: 'resume', at: 10 * MIN }],
      11 * MIN,
      { status: 'running', phase: 0, left: 3 * MIN },
    ],
    ['add time extends the deadline', [{ type: 'start', at: 0 }, { type: 'addTime', minutes: 5, at: MIN }], MIN, { status: 'running', phase: 0, left: 9 * MIN }],
    [
      'add time while paused counts too',
      [{ type: 'start', at: 0 }, { type: 'pause', at: MIN }, { type: 'addTime', minutes: 1, at: 2 * MIN }],
      5 * MIN,
      { status: 'paused', phase: 0, left: 5 * MIN },
    ],
    ['next while paused opens the next phase running', [{ type: 'start', at: 0 }, { type: 'pause', at: MIN }, { type: 'next', at: 2 * MIN }], 3 * MIN, { status: 'running', phase: 1, left: 9 * MIN }],
    ['end closes the session', [{ type: 'start', at: 0 }, { type: 'end', at: MIN }], 2 * MIN, { status: 'closed', phase: null, left: null }],
  ])('%s', (_name, steps, now, expected) => {
    expect(shown(steps, now)).toEqual(expected);
  });

  it.each<[string, Step[], boolean[]]>([
    ['next in the lobby', [{ type: 'next', at: 0 }], [false]],
    ['pause in the lobby', [{ type: 'pause', at: 0 }], [false]],
    ['back from the first phase', [{ type: 'start', at: 0 }, { type: 'back', at: 1 }], [true, false]],
    ['next from the last phase', [{ type: 'start', at: 0 }, { type: 'next', at: 1 }, { type: 'next', at: 2 }, { type: 'next', at: 3 }], [true, true, true, false]],
    ['resume while running', [{ type: 'start', at: 0 }, { type: 'resume', at: 1 }], [true, false]],
    ['pause twice', [{ type: 'start', at: 0 }, { type: 'pause', at: 1 }, { type: 'pause', at: 2 }], [true, true, false]],
    ['start twice', [{ type: 'start', at: 0 }, { type: 'start', at: 1 }], [true, false]],
    ['anything after the end', [{ type: 'end', at: 0 }, { type: 'start', at: 1 }, { type: 'next', at: 2 }], [true, false, false]],
  ])('refuses %s', (_name, steps, expected) => {
    expect(run(steps).accepted).toEqual(expected);
  });

  it('records used minutes per phase for the agenda, without the paused time', () => {
    const { snapshot } = run([
      { type: 'start', at: 0 },
      { type: 'pause', at: 2 * MIN },
      { type: 'resume', at: 12 * MIN },
      { type: 'next', at: 15 * MIN },
    ]);
    const view = toProjectorView(snapshot, { joinUrl: '', online: new Set(), now: 16 * MIN });
    // The current phase's time runs on: the screen derives it from the timer, at its own moment.
    expect(view.agenda.map((item) => [item.state, usedMsOf(item, view.phase!.timer, 0, 16 * MIN)])).toEqual([
      ['done', 5 * MIN],
      ['current', 1 * MIN],
      ['todo', 0],
    ]);
  });

  it('keeps participants and refuses to seat anyone after the end', () => {
    const actor = createActor(sessionMachine, { input: testInput }).start();
    actor.send({ type: 'join', participantId: 'p1', name: 'Anouk', tokenHash: 't1', at: 1 });
    actor.send({ type: 'start', at: 2 });
    actor.send({ type: 'join', participantId: 'p2', name: 'Bram', tokenHash: 't2', at: 3 });
    actor.send({ type: 'end', at: 4 });
    const join = { type: 'join', participantId: 'p3', name: 'Chaima', tokenHash: 't3', at: 5 } as const;
    expect(actor.getSnapshot().can(join)).toBe(false);
    expect(actor.getSnapshot().context.participants.map((p) => p.name)).toEqual(['Anouk', 'Bram']);
  });

  it('restores from a persisted snapshot with its deadlines intact', () => {
    const { snapshot } = run([{ type: 'start', at: 0 }, { type: 'next', at: MIN }]);
    const persisted = JSON.parse(JSON.stringify(createActor(sessionMachine, { snapshot, input: testInput }).getPersistedSnapshot()));
    const restored = createActor(sessionMachine, { snapshot: persisted, input: testInput }).start();
    const view = toProjectorView(restored.getSnapshot(), { joinUrl: '', online: new Set(), now: 20 * MIN });
    expect(view.phase).toMatchObject({ index: 1, timer: { state: 'running', endsAt: 11 * MIN } });
  });
});
