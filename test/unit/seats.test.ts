import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { testInput } from '../fixtures/programme.ts';

const join = (n: number): SessionEvent => ({ type: 'join', participantId: `p${n}`, name: `Naam ${n}`, tokenHash: `t${n}`, at: n });
const note = (participantId: string, key: string, text: string, at = 100, phaseIndex = -1): SessionEvent => ({
  type: 'submit',
  participantId,
  key,
  kind: 'note',
  questionId: null,
  text,
  phaseIndex,
  at,
});

function session(capacity = 60) {
  return createActor(sessionMachine, { input: { ...testInput, capacity } }).start();
}

/** Send as the server does: only what the machine accepts. */
function send(actor: ReturnType<typeof session>, event: SessionEvent): boolean {
  const accepted = actor.getSnapshot().can(event);
  if (accepted) actor.send(event);
  return accepted;
}

describe('seats', () => {
  it('refuses joins beyond the capacity', () => {
    const actor = session(2);
    expect([1, 2, 3].map((n) => send(actor, join(n)))).toEqual([true, true, false]);
    expect(actor.getSnapshot().context.participants).toHaveLength(2);
  });

  it('a locked session takes no one new until it is unlocked', () => {
    const actor = session();
    send(actor, { type: 'setAdmission', admission: 'locked', at: 1 });
    expect(send(actor, join(2))).toBe(false);
    send(actor, { type: 'setAdmission', admission: 'open', at: 3 });
    expect(send(actor, join(4))).toBe(true);
  });

  it('removing someone revokes their token and deletes their notes', () => {
    const actor = session();
    send(actor, join(1));
    send(actor, join(2));
    send(actor, note('p1', 'key-aaaaaaaa', 'van p1'));
    send(actor, note('p2', 'key-bbbbbbbb', 'van p2'));
    expect(send(actor, { type: 'kick', participantId: 'p1', at: 200 })).toBe(true);
    const { context } = actor.getSnapshot();
    expect(context.participants.map((p) => p.id)).toEqual(['p2']);
    expect(context.revokedTokenHashes).toEqual(['t1']);
    expect(context.submissions.map((s) => s.text)).toEqual(['van p2']);
    expect(send(actor, { type: 'kick', participantId: 'p1', at: 201 })).toBe(false);
  });
});

describe('notes', () => {
  it('a note sent twice with the same key is stored once', () => {
    const actor = session();
    send(actor, join(1));
    send(actor, { type: 'start', at: 50 });
    expect(send(actor, note('p1', 'key-aaaaaaaa', 'eerste', 100, 0))).toBe(true);
    expect(send(actor, note('p1', 'key-aaaaaaaa', 'eerste', 101, 0))).toBe(true);
    // Written offline in the lobby, arriving later: it keeps the phase it was written in.
    expect(send(actor, note('p1', 'key-cccccccc', 'tweede', 102, -1))).toBe(true);
    expect(send(actor, note('p1', 'key-dddddddd', 'uit de toekomst', 103, 2))).toBe(false);
    expect(toPhoneView(actor.getSnapshot(), 'p1', 110).notes).toEqual([
      { key: 'key-aaaaaaaa', phaseIndex: 0, text: 'eerste' },
      { key: 'key-cccccccc', phaseIndex: -1, text: 'tweede' },
    ]);
  });

  it('only participants write notes, and only their owner sees them', () => {
    const actor = session();
    send(actor, join(1));
    send(actor, join(2));
    expect(send(actor, note('nobody', 'key-aaaaaaaa', 'x'))).toBe(false);
    send(actor, note('p1', 'key-bbbbbbbb', 'geheim van p1'));
    expect(toPhoneView(actor.getSnapshot(), 'p2', 1).notes).toEqual([]);
    expect(JSON.stringify(toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(), now: 1 }))).not.toContain('geheim');
    expect(JSON.stringify(toPhoneView(actor.getSnapshot(), null, 1))).not.toContain('geheim');
  });

  it('nothing is written or joined after the end', () => {
    const actor = session();
    send(actor, join(1));
    send(actor, { type: 'end', at: 10 });
    expect(send(actor, note('p1', 'key-aaaaaaaa', 'te laat'))).toBe(false);
    expect(send(actor, join(2))).toBe(false);
  });
});
