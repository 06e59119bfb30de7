/**
 * A phone's view travels as updates: the server sends what changed (SentViews), the phone puts the
 * view together again (nextPhoneView). Whatever the steps, the phone ends with the server's view.
 */
import { describe, expect, it } from 'vitest';
import { nextPhoneView } from '../../common/phoneView.ts';
import type { NoteView, PhoneOwnView, PhoneRoomView, PhoneUpdate, PhoneView } from '../../server/protocol/views.ts';
import { SentViews } from '../../server/sentViews.ts';

const room: PhoneRoomView = { code: 'ABCD', status: 'lobby', language: 'nl', phase: null };
const running: PhoneRoomView = {
  ...room,
  status: 'running',
  phase: { index: 0, count: 7, kind: 'intro', title: 'Welkom', instructionHtml: '<p>Kijk naar het scherm.</p>', timer: { state: 'running', endsAt: 600_000, totalMs: 600_000 } },
};
const nobody: PhoneOwnView = { me: null, waiting: null, notes: [], roleplay: null, dialogue: null, evaluation: null, research: null, statements: null, actions: null, lookBack: null };
const anouk: PhoneOwnView = { ...nobody, me: { id: 'p1', name: 'Anouk' } };
const note = (n: number): NoteView => ({ key: `n${n}`, phaseIndex: 0, text: `Notitie ${n}` });
const notes = (count: number) => Array.from({ length: count }, (_, n) => note(n));

/** One connection: what the server would send for each view in turn, and what the phone makes of it. */
function connection() {
  const sent = new SentViews();
  let view: PhoneView | null = null;
  return {
    send(serverNow: number, roomPart: PhoneRoomView, own: PhoneOwnView): PhoneUpdate | null {
      const roomChanged = sent.sharedChanged(JSON.stringify(roomPart));
      const ownChanges = sent.ownChanges(own);
      const update = ownChanges || roomChanged ? { serverNow, ...(roomChanged && { room: roomPart }), ...(ownChanges && { own: ownChanges }) } : null;
      if (update) view = nextPhoneView(view, update);
      return update;
    },
    get view() {
      return view;
    },
  };
}

describe('phone updates', () => {
  it('the first update holds the whole view; after that only what changed', () => {
    const phone = connection();
    expect(phone.send(1, room, nobody)).toEqual({ serverNow: 1, room, own: { ...nobody, notes: { from: 0, items: [] } } });
    expect(phone.send(2, room, nobody), 'nothing changed: nothing sent').toBeNull();
    expect(phone.send(3, room, anouk)).toEqual({ serverNow: 3, own: { me: anouk.me } });
    expect(phone.send(4, running, anouk)).toEqual({ serverNow: 4, room: running });
    const dealt = { ...anouk, actions: { open: true, mine: [], consent: 'private' as const, tips: [], team: [] } };
    expect(phone.send(5, room, dealt)).toEqual({ serverNow: 5, room, own: { actions: dealt.actions } });
    expect(phone.view).toEqual({ ...room, ...dealt, serverNow: 5 });
  });

  it.each([
    ['one more note', notes(3), notes(4), { from: 3, items: [note(3)] }],
    ['the first note', [], notes(1), { from: 0, items: [note(0)] }],
    ['several at once', notes(2), notes(5), { from: 2, items: notes(5).slice(2) }],
    ['fewer notes (a list that does not grow): all of them', notes(4), notes(2), { from: 0, items: notes(2) }],
    ['as many, but other notes: all of them', notes(2), [note(0), note(7)], { from: 0, items: [note(0), note(7)] }],
  ])('notes: %s', (_name, before, after, expected) => {
    const phone = connection();
    phone.send(1, running, { ...anouk, notes: before });
    expect(phone.send(2, running, { ...anouk, notes: after })).toEqual({ serverNow: 2, own: { notes: expected } });
    expect(phone.view!.notes).toEqual(after);
  });

  it('a phone with thousands of notes is sent only its new note, and none on other changes', () => {
    const phone = connection();
    const many = notes(3000);
    phone.send(1, running, { ...anouk, notes: many });
    const paused = { ...running, status: 'paused' as const };
    expect(phone.send(2, paused, { ...anouk, notes: many })).toEqual({ serverNow: 2, room: paused });
    expect(phone.send(3, paused, { ...anouk, notes: [...many, note(3000)] })).toEqual({ serverNow: 3, own: { notes: { from: 3000, items: [note(3000)] } } });
    expect(phone.view!.notes).toHaveLength(3001);
  });

  it('a part the phone has already comes as the fields that changed; one that comes, goes or changes all through comes whole', () => {
    const phone = connection();
    const actions = { open: true, mine: [], consent: 'private' as const, tips: [], team: [] };
    phone.send(1, running, { ...anouk, actions });
    const tipped = { ...actions, tips: [{ id: 't1', text: 'Eerst luisteren', voted: false, chosen: false }] };
    expect(phone.send(2, running, { ...anouk, actions: tipped })).toEqual({ serverNow: 2, own: { patch: { actions: { tips: tipped.tips } } } });
    expect(phone.view!.actions).toEqual(tipped);
    const other = { open: false, mine: [{ id: 'a', text: 'Bellen' }], consent: 'named' as const, tips: [], team: ['Eerst luisteren'] };
    expect(phone.send(3, running, { ...anouk, actions: other })).toEqual({ serverNow: 3, own: { actions: other } });
    expect(phone.send(4, running, anouk)).toEqual({ serverNow: 4, own: { actions: null } });
    expect(phone.view).toEqual({ ...running, ...anouk, serverNow: 4 });
  });

  it('a phone ignores updates until the whole first one, and a new connection starts again whole', () => {
    expect(nextPhoneView(null, { serverNow: 1, own: { me: anouk.me } })).toBeNull();
    const before = nextPhoneView(null, { serverNow: 1, room: running, own: { ...anouk, notes: { from: 0, items: notes(3) } } });
    // Back after a restart: the server knows nothing of what this phone had.
    const again = nextPhoneView(before, { serverNow: 9, room, own: { ...nobody, notes: { from: 0, items: [] } } });
    expect(again).toEqual({ ...room, ...nobody, serverNow: 9 });
  });
});
