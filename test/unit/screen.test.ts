/** The room's screen: black on B, pages that turn by themselves and by the presenter, a fresh page per phase, the research video. */
import { join } from 'node:path';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../server/rooms.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { freshScreen, SCREEN_PAGE_MS, turnPage } from '../../server/session/screen/screen.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import { toProjectorView } from '../../server/session/views.ts';
import { loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { testInput } from '../fixtures/programme.ts';

const P = SCREEN_PAGE_MS;

describe('turning pages', () => {
  // The state starts on page 0 at time 0; the screen shows page + floor(elapsed / P).
  it.each([
    ['forward at once', 1, 0, { page: 1, pageSince: 0 }],
    ['back at once', -1, 0, { page: -1, pageSince: 0 }],
    ['forward after the page turned by itself twice', 1, 2 * P + 5, { page: 3, pageSince: 2 * P + 5 }],
    ['back after it turned once: to where it began', -1, P, { page: 0, pageSince: P }],
  ] as const)('%s', (_label, delta, at, expected) => {
    expect(turnPage(freshScreen(0), delta, at)).toEqual({ blank: false, video: false, ...expected });
  });
});

describe('the screen in a session', () => {
  const session = (events: RoomEvent[]) => {
    const actor = createActor(sessionMachine, { input: testInput }).start();
    events.forEach((event, n) => actor.send({ ...event, at: (n + 1) * 1000 } as SessionEvent));
    return toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(), now: 99_000 }).screen;
  };

  it.each<[string, RoomEvent[], { blank: boolean; page: number; pageSince: number }]>([
    ['a new session: not black, first page', [], { blank: false, page: 0, pageSince: 0 }],
    ['black in the lobby, and back', [{ type: 'screenBlank', blank: true }, { type: 'screenBlank', blank: false }], { blank: false, page: 0, pageSince: 0 }],
    ['a page on in a phase', [{ type: 'start' }, { type: 'screenPage', delta: 1 }], { blank: false, page: 1, pageSince: 2000 }],
    ['the next phase starts on its first page', [{ type: 'start' }, { type: 'screenPage', delta: 1 }, { type: 'next' }], { blank: false, page: 0, pageSince: 3000 }],
    ['going back a phase starts on the first page too', [{ type: 'start' }, { type: 'next' }, { type: 'screenPage', delta: 1 }, { type: 'back' }], { blank: false, page: 0, pageSince: 4000 }],
    ['a black screen stays black into the next phase', [{ type: 'start' }, { type: 'screenBlank', blank: true }, { type: 'next' }], { blank: true, page: 0, pageSince: 3000 }],
    ['the end lifts a black screen', [{ type: 'start' }, { type: 'screenBlank', blank: true }, { type: 'end' }], { blank: false, page: 0, pageSince: 3000 }],
  ])('%s', (_label, events, expected) => {
    expect(session(events)).toEqual({ video: false, ...expected, pageMs: P });
  });
});

describe('the research video on the screen', () => {
  const content = loadContent(join(PROJECT_ROOT, 'content'));
  const real = content.programmes.get('nl/tienminutengesprekken')!;
  const RESEARCH = real.phases.findIndex((phase) => phase.kind === 'research');

  /** The real programme in its research phase; `video` names the phase's video, or not. */
  function inResearch(video: string | null) {
    const phases = real.phases.map((phase, index) => (index === RESEARCH ? { ...phase, video } : phase));
    const library = { research: [content.research.get('nl/onderzoek-aos')!] };
    const actor = createActor(sessionMachine, { input: { ...testInput, programme: { ...real, phases }, library } }).start();
    actor.send({ type: 'start', at: 1 });
    while (actor.getSnapshot().context.phaseIndex < RESEARCH) actor.send({ type: 'next', at: 2 });
    return actor;
  }
  const video = (actor: ReturnType<typeof inResearch>) => toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(), now: 10 }).screen.video;

  it('switches on where the research phase has a video, and off again', () => {
    const actor = inResearch('onderzoek.mp4');
    actor.send({ type: 'screenVideo', video: true, at: 3 });
    expect(video(actor)).toBe(true);
    actor.send({ type: 'screenVideo', video: false, at: 4 });
    expect(video(actor)).toBe(false);
  });

  it('is refused where the phase has no video', () => {
    const actor = inResearch(null);
    expect(actor.getSnapshot().can({ type: 'screenVideo', video: true, at: 3 })).toBe(false);
  });

  it('stops when the facilitator moves on: the next phase shows its own board', () => {
    const actor = inResearch('onderzoek.mp4');
    actor.send({ type: 'screenVideo', video: true, at: 3 });
    actor.send({ type: 'next', at: 4 });
    expect(video(actor)).toBe(false);
  });
});
