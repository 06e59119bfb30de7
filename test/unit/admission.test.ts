/**
 * Who may join: open, the wachtkamer (after the start the facilitator lets each newcomer in or
 * refuses them) and locked, in the lobby and after the start; letting in seats a phone as a late
 * joiner; refusing revokes its token; the capacity holds; the wachtkamer is stored and migrated.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { QuestionList } from '../../server/content/types.ts';
import type { Admission } from '../../server/protocol/views.ts';
import type { SessionEvent, SessionInput } from '../../server/session/context.ts';
import { joinRefusal } from '../../server/session/seats/queries.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import { toPhoneOwnView, toPhoneRoomView, toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { persisted } from '../../server/store/snapshots.ts';
import { join as joinLayout, rowsOf, stateOf } from '../../server/store/layout.ts';
import { MIGRATIONS, migrate } from '../../server/store/migrations.ts';
import { testInput, testProgramme } from '../fixtures/programme.ts';

type Session = ReturnType<typeof session>;

function session(input: Partial<SessionInput> = {}) {
  return createActor(sessionMachine, { input: { ...testInput, ...input } }).start();
}

/** Send as the server does: only what the machine accepts. */
function send(actor: Session, event: SessionEvent): boolean {
  const accepted = actor.getSnapshot().can(event);
  if (accepted) actor.send(event);
  return accepted;
}

const join = (id: string, at = 1): Extract<SessionEvent, { type: 'join' }> => ({ type: 'join', participantId: id, name: `Naam ${id}`, tokenHash: `t-${id}`, at });
const admission = (value: Admission, at = 1): SessionEvent => ({ type: 'setAdmission', admission: value, at });
const admit = (id: string, at = 50): SessionEvent => ({ type: 'admit', participantId: id, at });
const refuse = (id: string, at = 50): SessionEvent => ({ type: 'refuse', participantId: id, at });

const seated = (actor: Session) => actor.getSnapshot().context.participants.map((p) => p.id);
const waiting = (actor: Session) => actor.getSnapshot().context.waiting.map((w) => w.id);
const projector = (actor: Session, now = 100) => toProjectorView(actor.getSnapshot(), { joinUrl: 'x', online: new Set(), now });

describe('who may join', () => {
  // setting × moment → what a new phone gets
  it.each<[Admission, 'lobby' | 'started', 'seat' | 'wait' | 'room_locked']>([
    ['open', 'lobby', 'seat'],
    ['open', 'started', 'seat'],
    ['waitingRoom', 'lobby', 'seat'],
    ['waitingRoom', 'started', 'wait'],
    ['locked', 'lobby', 'room_locked'],
    ['locked', 'started', 'room_locked'],
  ])('%s, %s: a new phone gets %s', (setting, moment, outcome) => {
    const actor = session();
    send(actor, admission(setting));
    if (moment === 'started') send(actor, { type: 'start', at: 10 });
    expect(joinRefusal(actor.getSnapshot().context)).toBe(outcome === 'room_locked' ? 'room_locked' : null);
    expect(send(actor, join('new', 20))).toBe(outcome !== 'room_locked');
    expect(seated(actor)).toEqual(outcome === 'seat' ? ['new'] : []);
    expect(waiting(actor)).toEqual(outcome === 'wait' ? ['new'] : []);
  });

  it('is open by default, as before the wachtkamer existed', () => {
    const actor = session();
    expect(actor.getSnapshot().context.admission).toBe('open');
    expect(projector(actor)).toMatchObject({ admission: 'open', locked: false, waiting: [] });
  });

  it('a phone in the wachtkamer sees only that it waits, under its name; nobody else sees it', () => {
    const actor = session();
    send(actor, join('a'));
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('late', 20));
    const snapshot = actor.getSnapshot();
    const own = toPhoneOwnView(snapshot, 'late', 30);
    expect(own).toMatchObject({ me: null, waiting: { name: 'Naam late' }, notes: [], dialogue: null });
    // The same object while it waits: nothing is sent again for it.
    expect(toPhoneOwnView(actor.getSnapshot(), 'late', 31)).toBe(own);
    // Its room part is an unseated phone's: no phase, no instructions.
    expect(toPhoneView(snapshot, 'late', 30)).toMatchObject({ status: 'running', phase: null });
    expect(JSON.stringify(toPhoneView(snapshot, 'a', 30))).not.toContain('Naam late');
    expect(JSON.stringify(toPhoneRoomView(snapshot, true))).not.toContain('Naam late');
    expect(toPhoneOwnView(snapshot, 'a', 30).waiting).toBeNull();
    // The presenter view lists it apart from the participants.
    expect(projector(actor).waiting).toEqual([{ id: 'late', name: 'Naam late', online: false }]);
    expect(projector(actor).participants.map((p) => p.id)).toEqual(['a']);
  });

  it('letting in seats the phone with the id it waited under, as a late joiner', () => {
    const actor = session();
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('late', 20));
    expect(send(actor, admit('late', 40))).toBe(true);
    expect(seated(actor)).toEqual(['late']);
    expect(waiting(actor)).toEqual([]);
    expect(actor.getSnapshot().context.participants[0]).toEqual({ id: 'late', name: 'Naam late', tokenHash: 't-late', joinedAt: 40 });
    const view = toPhoneView(actor.getSnapshot(), 'late', 50);
    expect(view.me).toEqual({ id: 'late', name: 'Naam late' });
    expect(view.waiting).toBeNull();
    expect(view.phase?.index).toBe(0);
    // Seated now: it may write a note.
    expect(send(actor, { type: 'submit', participantId: 'late', key: 'note-0001', kind: 'note', questionId: null, text: 'hoi', phaseIndex: 0, at: 60 })).toBe(true);
    // Only once, and only someone who waits.
    expect(send(actor, admit('late', 70))).toBe(false);
    expect(send(actor, admit('nobody', 70))).toBe(false);
  });

  it('a phone that waits writes nothing and cannot be removed as a participant', () => {
    const actor = session();
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('late', 20));
    expect(send(actor, { type: 'submit', participantId: 'late', key: 'note-0001', kind: 'note', questionId: null, text: 'hoi', phaseIndex: 0, at: 30 })).toBe(false);
    expect(send(actor, { type: 'kick', participantId: 'late', at: 30 })).toBe(false);
  });

  it('let in during the dialogue, a phone lands in the smallest group, like a late joiner', () => {
    const dialoog: QuestionList = { id: 'dialoog', language: 'nl', title: 'Dialoog', audience: 'everyone', questions: [{ id: 'q1', text: 'Vraag?', hint: null }] };
    const [intro, dialoguePhase] = testProgramme.phases as [(typeof testProgramme.phases)[number], (typeof testProgramme.phases)[number]];
    const actor = session({ programme: { ...testProgramme, phases: [intro, { ...dialoguePhase, questions: ['dialoog'] }] }, library: { cardSets: [], questionLists: [dialoog] } });
    const people = ['a', 'b', 'c', 'd', 'e'];
    for (const id of people) send(actor, join(id));
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, { type: 'next', at: 11 });
    send(actor, { type: 'dialogueStart', present: people, seed: 7, at: 12 });
    const groups = () => actor.getSnapshot().context.dialogue?.groups ?? [];
    const smallest = [...groups()].sort((x, y) => x.members.length - y.members.length)[0]!.id;
    send(actor, join('late', 20));
    expect(groups().some((group) => group.members.includes('late'))).toBe(false);
    send(actor, admit('late', 30));
    expect(groups().find((group) => group.members.includes('late'))?.id).toBe(smallest);
    expect(toPhoneView(actor.getSnapshot(), 'late', 40).dialogue?.group).not.toBeNull();
  });

  it('refusing revokes the token: the phone cannot wait or join again with it', () => {
    const actor = session();
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('late', 20));
    expect(send(actor, refuse('late', 30))).toBe(true);
    const { context } = actor.getSnapshot();
    expect(context.waiting).toEqual([]);
    expect(context.participants).toEqual([]);
    expect(context.refusedTokenHashes).toEqual(['t-late']);
    expect(send(actor, refuse('late', 31))).toBe(false);
    expect(toPhoneOwnView(actor.getSnapshot(), 'late', 40)).toMatchObject({ me: null, waiting: null });
    // Not with the same token, not even when the session opens up.
    expect(send(actor, { ...join('late', 40), participantId: 'again' })).toBe(false);
    send(actor, admission('open', 50));
    expect(send(actor, { ...join('late', 60), participantId: 'again' })).toBe(false);
    expect(send(actor, join('other', 60))).toBe(true);
  });

  it('one token, one place: the same token cannot wait twice or wait while seated', () => {
    const actor = session();
    send(actor, join('a'));
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('late', 20));
    expect(send(actor, { ...join('late', 21), participantId: 'late-2' })).toBe(false);
    expect(send(actor, { ...join('a', 22), participantId: 'a-2' })).toBe(false);
    expect(waiting(actor)).toEqual(['late']);
  });

  it('a phone in the wachtkamer holds a seat: the capacity counts it, and letting in never goes past it', () => {
    const actor = session({ capacity: 3 });
    send(actor, join('a'));
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    expect(send(actor, join('w1', 20))).toBe(true);
    expect(send(actor, join('w2', 21))).toBe(true);
    expect(joinRefusal(actor.getSnapshot().context)).toBe('room_full');
    expect(send(actor, join('w3', 22))).toBe(false);
    expect(send(actor, admit('w1'))).toBe(true);
    expect(send(actor, admit('w2'))).toBe(true);
    expect(seated(actor)).toEqual(['a', 'w1', 'w2']);
    expect(send(actor, join('w3', 60))).toBe(false);
    // A removal frees a seat; a refusal frees the seat the phone held while it waited.
    send(actor, { type: 'kick', participantId: 'w2', at: 70 });
    expect(send(actor, join('w3', 80))).toBe(true);
    expect(waiting(actor)).toEqual(['w3']);
    expect(send(actor, join('w4', 81))).toBe(false);
    send(actor, refuse('w3', 82));
    expect(send(actor, join('w4', 83))).toBe(true);
  });

  it('opening up lets everyone in the wachtkamer in, first come first, in one step', () => {
    const actor = session();
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('w1', 20));
    send(actor, join('w2', 21));
    const snapshots: string[][] = [];
    actor.subscribe((snapshot) => snapshots.push(snapshot.context.participants.map((p) => p.id)));
    snapshots.length = 0;
    expect(send(actor, admission('open', 30))).toBe(true);
    expect(seated(actor)).toEqual(['w1', 'w2']);
    expect(waiting(actor)).toEqual([]);
    // One snapshot for the whole change: every screen sees it at once.
    expect(snapshots).toEqual([['w1', 'w2']]);
  });

  it('locking keeps the wachtkamer: the facilitator still lets in or refuses who waits', () => {
    const actor = session();
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('w1', 20));
    send(actor, join('w2', 21));
    send(actor, admission('locked', 30));
    expect(waiting(actor)).toEqual(['w1', 'w2']);
    expect(projector(actor)).toMatchObject({ admission: 'locked', locked: true });
    expect(send(actor, join('w3', 31))).toBe(false);
    expect(send(actor, admit('w1', 40))).toBe(true);
    expect(send(actor, refuse('w2', 41))).toBe(true);
    expect(seated(actor)).toEqual(['w1']);
  });

  it('the end empties the wachtkamer: the names of people who never joined are not kept', () => {
    const actor = session();
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('w1', 20));
    send(actor, { type: 'end', at: 30 });
    expect(actor.getSnapshot().context.waiting).toEqual([]);
    expect(toPhoneView(actor.getSnapshot(), 'w1', 40)).toMatchObject({ status: 'closed', me: null, waiting: null });
    expect(send(actor, admit('w1', 50))).toBe(false);
  });

  it('the wachtkamer is stored with the session and comes back with it', () => {
    const actor = session();
    send(actor, admission('waitingRoom'));
    send(actor, { type: 'start', at: 10 });
    send(actor, join('w1', 20));
    send(actor, join('w2', 21));
    send(actor, refuse('w2', 22));
    const saved = persisted(actor.getSnapshot());
    const stored = JSON.parse(JSON.stringify(stateOf(saved))) as ReturnType<typeof stateOf>;
    const back = joinLayout(stored, { programme: saved.context.programme, library: saved.context.library }, rowsOf(saved.context).map((row, seq) => ({ ...row, seq })));
    const restored = createActor(sessionMachine, { snapshot: migrate(back, MIGRATIONS.length + 1)!, input: testInput }).start();
    expect(restored.getSnapshot().context).toMatchObject({ admission: 'waitingRoom', refusedTokenHashes: ['t-w2'] });
    expect(waiting(restored)).toEqual(['w1']);
    expect(send(restored, admit('w1', 30))).toBe(true);
    expect(seated(restored)).toEqual(['w1']);
  });
});
