import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { testInput, testProgramme } from '../fixtures/programme.ts';

function session() {
  const actor = createActor(sessionMachine, { input: testInput }).start();
  actor.send({ type: 'join', participantId: 'p1', name: 'Anouk', tokenHash: 'secret-token-1', at: 1 });
  actor.send({ type: 'join', participantId: 'p2', name: 'Bram', tokenHash: 'secret-token-2', at: 2 });
  return actor;
}

describe('views', () => {
  it('the projector lists participants with who is online, and never a token', () => {
    const view = toProjectorView(session().getSnapshot(), { joinUrl: 'http://10.0.0.2:3000/s/ABCDEF', online: new Set(['p2']), now: 5 });
    expect(view.participants).toEqual([
      { id: 'p1', name: 'Anouk', online: false },
      { id: 'p2', name: 'Bram', online: true },
    ]);
    expect(view).toMatchObject({ code: 'ABCDEF', joinUrl: 'http://10.0.0.2:3000/s/ABCDEF', status: 'lobby', phase: null });
    expect(JSON.stringify(view)).not.toMatch(/secret/);
  });

  it('a phone sees its own seat, the phase instruction and the timer, not the notes or other people', () => {
    const actor = session();
    actor.send({ type: 'start', at: 10 });
    const view = toPhoneView(actor.getSnapshot(), 'p1', 20);
    expect(view.me).toEqual({ id: 'p1', name: 'Anouk' });
    expect(view.phase).toEqual({
      index: 0,
      count: 3,
      kind: 'intro',
      title: 'Introductie',
      instructionHtml: '<p>phone intro</p>',
      timer: { state: 'running', endsAt: 10 + 5 * 60_000, totalMs: 5 * 60_000 },
    });
    const text = JSON.stringify(view);
    expect(text).not.toMatch(/notes intro|projector intro|Bram|secret/);
  });

  it('a phone that has not joined sees no phase and no names', () => {
    const actor = session();
    actor.send({ type: 'start', at: 10 });
    const view = toPhoneView(actor.getSnapshot(), null, 20);
    expect(view).toMatchObject({ status: 'running', me: null, phase: null });
    expect(JSON.stringify(view)).not.toMatch(/Anouk|Bram/);
  });

  it.each(['nl', 'en'] as const)('every view tells the programme language (%s), a phone before it joins too', (language) => {
    const actor = createActor(sessionMachine, { input: { ...testInput, programme: { ...testProgramme, language } } }).start();
    actor.send({ type: 'join', participantId: 'p1', name: 'Anouk', tokenHash: 'secret-token-1', at: 1 });
    const snapshot = actor.getSnapshot();
    expect(toProjectorView(snapshot, { joinUrl: '', online: new Set(), now: 5 }).language).toBe(language);
    expect(toPhoneView(snapshot, 'p1', 5).language).toBe(language);
    expect(toPhoneView(snapshot, null, 5).language).toBe(language);
  });

  it('after the end both views say closed and show no phase', () => {
    const actor = session();
    actor.send({ type: 'start', at: 10 });
    actor.send({ type: 'end', at: 20 });
    expect(toPhoneView(actor.getSnapshot(), 'p1', 30)).toMatchObject({ status: 'closed', phase: null });
    expect(toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(), now: 30 })).toMatchObject({ status: 'closed', phase: null });
  });
});
