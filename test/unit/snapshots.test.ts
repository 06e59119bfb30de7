/**
 * Writing what changed: a session is stored as its small state, its parts (content, written once)
 * and its rows (what participants write); each change writes only its own rows and state; a stored
 * session comes back exactly as it was, rows in their places; a file of whole snapshots is converted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, type Actor } from 'xstate';
import { loadContent } from '../../server/content/loadContent.ts';
import type { RoomEvent } from '../../server/rooms.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { join, partOf, PART_NAMES, rowsOf, stateOf } from '../../server/store/layout.ts';
import { SNAPSHOT_SCHEMA_VERSION } from '../../server/store/migrations.ts';
import { createMemoryStore, type SessionStore, type SessionWrite } from '../../server/store/sessionStore.ts';
import { createSqliteStore } from '../../server/store/sqliteStore.ts';
import { loadSessions, persisted, SessionWriter } from '../../server/store/snapshots.ts';

const content = loadContent(joinPath(PROJECT_ROOT, 'content'));
const programme = content.programmes.get('nl/tienminutengesprekken')!;
const library = { cardSets: [...content.cardSets.values()].filter((set) => set.language === 'nl'), questionLists: [...content.questionLists.values()], research: [content.research.get('nl/onderzoek-aos')!] };
const indexOf = (kind: string) => programme.phases.findIndex((phase) => phase.kind === kind);
const T0 = 1_800_000_000_000;
const PEOPLE = ['p1', 'p2', 'p3', 'p4'];

type Session = Actor<typeof sessionMachine>;

/** A session with a writer, on a fake clock; `writes` is everything written, in order. */
function liveSession(store: SessionStore = createMemoryStore()) {
  const writes: SessionWrite[] = [];
  const spy: SessionStore = { ...store, write: (change) => (writes.push(change), store.write(change)) };
  let at = T0;
  const actor = createActor(sessionMachine, { input: { code: 'ABC234', hostTokenHash: 'h', programme, library, capacity: 60, at: T0 } });
  const writer = new SessionWriter(spy, 'ABC234', () => at);
  actor.subscribe((snapshot) => writer.write(persisted(snapshot)));
  actor.start();
  const send = (event: RoomEvent) => actor.send({ ...event, at: (at += 1000) } as SessionEvent);
  const toPhase = (index: number) => {
    while (actor.getSnapshot().context.phaseIndex < index) send({ type: actor.getSnapshot().context.phaseIndex < 0 ? 'start' : 'next' });
  };
  return { actor, send, toPhase, writes, store };
}

/** Everything participants can write, in every feature, and a few changes of mind. */
function wholeSession(store?: SessionStore) {
  const session = liveSession(store);
  const { send, toPhase, actor } = session;
  PEOPLE.forEach((id, n) => send({ type: 'join', participantId: id, name: `Naam ${n}`, tokenHash: `t-${id}` }));
  send({ type: 'submit', participantId: 'p1', key: 'note-1', kind: 'note', questionId: null, text: 'In de lobby', phaseIndex: -1 });
  toPhase(indexOf('research'));
  for (const id of PEOPLE) {
    send({ type: 'quickscanRate', participantId: id, statementId: 'agenda', experience: 2, importance: 4 });
    send({ type: 'quickscanRate', participantId: id, statementId: 'thuissituatie-kennen', experience: 3, importance: 4 });
  }
  send({ type: 'quickscanRate', participantId: 'p1', statementId: 'agenda', experience: 4, importance: null });
  toPhase(indexOf('dialogue'));
  send({ type: 'dialogueStart', present: PEOPLE, seed: 7 });
  for (const [n, id] of PEOPLE.entries()) send({ type: 'dialogueAnswer', participantId: id, key: `answer-${n}`, questionId: 'helpen-hinderen', text: `Antwoord ${n}` });
  send({ type: 'dialogueEdit', participantId: 'p1', answerId: 'answer-0', text: 'Antwoord 0, beter' });
  send({ type: 'dialogueDelete', participantId: 'p2', answerId: 'answer-1' });
  toPhase(indexOf('plenary'));
  send({ type: 'plenaryTip', answerId: 'answer-2', tip: true });
  toPhase(indexOf('roleplay'));
  send({ type: 'roleplaySetup', settings: { cardSetId: 'thuissituatie', format: 'pairs', observers: false, rounds: 2, minutesPerRound: 5, observersSeeCards: true }, present: PEOPLE, seed: 3 });
  send({ type: 'roleplayStartRound' });
  send({ type: 'roleplayEndRound' });
  for (const id of PEOPLE) send({ type: 'roleplayFeedback', participantId: id, key: `fb-${id}`, round: 0, answers: [{ questionId: 'gehoord', text: `Feedback van ${id}` }] });
  toPhase(indexOf('evaluation'));
  const question = actor.getSnapshot().context.library.questionLists.find((list) => list.id === programme.phases[indexOf('evaluation')]!.questions[0])!.questions[0]!;
  send({ type: 'submit', participantId: 'p3', key: 'eval-1', kind: 'evaluation', questionId: question.id, text: 'Lastig', phaseIndex: indexOf('evaluation') });
  toPhase(indexOf('actions'));
  send({ type: 'actionPoint', participantId: 'p1', key: 'point-1', text: 'Agenda vooraf' });
  send({ type: 'actionPoint', participantId: 'p2', key: 'point-2', text: 'Doorvragen' });
  send({ type: 'reportConsent', participantId: 'p1', consent: 'named' });
  send({ type: 'teamVote', participantId: 'p3', answerId: 'answer-2', vote: true });
  send({ type: 'teamPoint', answerId: 'answer-2', chosen: true });
  // Someone removed: what they wrote goes with them.
  send({ type: 'kick', participantId: 'p4' });
  return session;
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(joinPath(tmpdir(), 'driegesprek-layout-'));
  dirs.push(dir);
  return dir;
};

describe('the layout', () => {
  it('takes a whole session apart and puts it together again, every row in its place', () => {
    const { actor } = wholeSession();
    const whole = persisted(actor.getSnapshot());
    const rows = rowsOf(whole.context).map((row, seq) => ({ ...row, seq }));
    expect(rows.map((row) => row.kind)).toEqual(expect.arrayContaining(['participant', 'deal', 'submission', 'dialogueAnswer', 'quickscan', 'feedback', 'actionPoint', 'vote']));
    const parts = { programme: whole.context.programme, library: whole.context.library, ownCardSet: null, lookBack: null, roleplayCardSet: whole.context.roleplay?.cardSet, roleplayQuestions: whole.context.roleplay?.questions };
    // Shuffled rows: their seq puts them back.
    expect(JSON.parse(JSON.stringify(join(stateOf(whole), parts, [...rows].reverse())))).toEqual(JSON.parse(JSON.stringify(whole)));
    // The state holds no content, nobody's name or seat and nothing anyone wrote.
    const state = JSON.stringify(stateOf(whole));
    for (const text of ['Antwoord 0, beter', 'Feedback van p1', 'Agenda vooraf', 'In de lobby', 'Lastig', 'Naam 1', '"cardId"', programme.phases[0]!.projectorHtml]) expect(state).not.toContain(text);
  });
});

describe('the writer', () => {
  it('writes content once, and for each change only its own rows and state', () => {
    const { send, toPhase, writes } = liveSession();
    PEOPLE.forEach((id, n) => send({ type: 'join', participantId: id, name: `Naam ${n}`, tokenHash: `t-${id}` }));
    // The first write holds the content; none after it.
    expect(Object.keys(writes[0]!.parts ?? {})).toEqual(['programme', 'library', 'ownCardSet', 'lookBack', 'roleplayCardSet', 'roleplayQuestions']);
    expect(writes.slice(1).every((write) => write.parts === undefined)).toBe(true);

    // A note: its row (after the four participants' rows), no state (nothing else changed).
    writes.length = 0;
    send({ type: 'submit', participantId: 'p1', key: 'note-1', kind: 'note', questionId: null, text: 'Eerste', phaseIndex: -1 });
    expect(writes).toEqual([{ code: 'ABC234', schemaVersion: SNAPSHOT_SCHEMA_VERSION, updatedAt: expect.any(Number), upserts: [{ kind: 'submission', id: 'p1/note-1', seq: 4, data: expect.objectContaining({ text: 'Eerste' }) }] }]);
    // The same note sent again is stored once already: nothing to write.
    writes.length = 0;
    send({ type: 'submit', participantId: 'p1', key: 'note-1', kind: 'note', questionId: null, text: 'Eerste', phaseIndex: -1 });
    expect(writes).toEqual([]);

    // A phase change with 500 notes held: the state alone, the same size as with one.
    for (let n = 0; n < 500; n++) send({ type: 'submit', participantId: PEOPLE[n % 4]!, key: `bulk-${n}`, kind: 'note', questionId: null, text: `Notitie ${n}`, phaseIndex: -1 });
    writes.length = 0;
    toPhase(0);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual({ code: 'ABC234', schemaVersion: SNAPSHOT_SCHEMA_VERSION, updatedAt: expect.any(Number), state: expect.any(Object) });
    expect(JSON.stringify(writes[0]!.state).length).toBeLessThan(3000);

    // A removed participant: their row and their notes' rows deleted.
    writes.length = 0;
    send({ type: 'kick', participantId: 'p4' });
    expect(writes[0]!.deletes).toHaveLength(126);
    expect(writes[0]!.deletes).toContainEqual({ kind: 'participant', id: 'p4' });
    expect(writes[0]!.deletes!.every((row) => row.id === 'p4' || row.id.startsWith('p4/'))).toBe(true);
  });

  it('an edited answer keeps its place; a deleted one is deleted', () => {
    const { send, toPhase, writes } = liveSession();
    PEOPLE.forEach((id, n) => send({ type: 'join', participantId: id, name: `Naam ${n}`, tokenHash: `t-${id}` }));
    toPhase(indexOf('dialogue'));
    send({ type: 'dialogueStart', present: PEOPLE, seed: 1 });
    send({ type: 'dialogueAnswer', participantId: 'p1', key: 'answer-a', questionId: 'helpen-hinderen', text: 'Eerst' });
    send({ type: 'dialogueAnswer', participantId: 'p2', key: 'answer-b', questionId: 'helpen-hinderen', text: 'Daarna' });
    writes.length = 0;
    send({ type: 'dialogueEdit', participantId: 'p1', answerId: 'answer-a', text: 'Eerst, beter' });
    expect(writes[0]!.upserts).toEqual([{ kind: 'dialogueAnswer', id: 'answer-a', seq: 4, data: expect.objectContaining({ text: 'Eerst, beter' }) }]);
    writes.length = 0;
    send({ type: 'dialogueDelete', participantId: 'p2', answerId: 'answer-b' });
    expect(writes[0]!.deletes).toEqual([{ kind: 'dialogueAnswer', id: 'answer-b' }]);
  });
});

describe('writes that grow with the change, not with the session', () => {
  const THIRTY = Array.from({ length: 30 }, (_, n) => `p${n}`);
  const size = (write: SessionWrite) => JSON.stringify(write).length;

  it('a join writes the one who joins: the 30th as little as the 2nd', () => {
    const { send, writes } = liveSession();
    const joinWrites = THIRTY.map((id, n) => {
      writes.length = 0;
      send({ type: 'join', participantId: id, name: `Naam ${n}`, tokenHash: `t-${id}` });
      return writes.at(-1)!;
    });
    expect(joinWrites.at(-1)!.upserts).toEqual([expect.objectContaining({ kind: 'participant', id: 'p29' })]);
    expect(joinWrites.at(-1)!.state).toBeUndefined();
    expect(size(joinWrites.at(-1)!)).toBeLessThanOrEqual(size(joinWrites[1]!) + 10);
  });

  it('a new round writes its own deal and a small state, however many rounds came before', () => {
    const { send, toPhase, writes } = liveSession();
    THIRTY.forEach((id, n) => send({ type: 'join', participantId: id, name: `Naam ${n}`, tokenHash: `t-${id}` }));
    toPhase(indexOf('roleplay'));
    send({ type: 'roleplaySetup', settings: { cardSetId: 'thuissituatie', format: 'trios', observers: true, rounds: 6, minutesPerRound: 5, observersSeeCards: true }, present: THIRTY, seed: 3 });
    const roundWrites = [0, 1, 2, 3, 4, 5].map(() => {
      send({ type: 'roleplayEndRound' });
      writes.length = 0;
      send({ type: 'roleplayStartRound' });
      return writes.at(-1)!;
    });
    roundWrites.forEach((write, round) => expect(write.upserts).toEqual([expect.objectContaining({ kind: 'deal', id: String(round) })]));
    expect(JSON.stringify(roundWrites[5]!.state)).not.toContain('cardId');
    expect(size(roundWrites[5]!)).toBeLessThanOrEqual(size(roundWrites[0]!) + 100);
  });
});

describe('restoring', () => {
  it('a whole session from SQLite comes back with the same views, and is not written again until it changes', async () => {
    const dir = tempDir();
    const first = createSqliteStore(dir);
    const { actor } = wholeSession(first);
    const now = T0 + 99 * 60_000;
    const before = { projector: toProjectorView(actor.getSnapshot(), { joinUrl: 'x', online: new Set(PEOPLE), now }), phones: PEOPLE.map((id) => toPhoneView(actor.getSnapshot(), id, now)) };
    // The server stops: what it wrote is committed.
    first.close();

    const store = createSqliteStore(dir);
    const [stored] = await loadSessions(store);
    const restored: Session = createActor(sessionMachine, { snapshot: stored!.snapshot, input: { code: 'ABC234', hostTokenHash: 'h', programme, capacity: 60, at: T0 } });
    expect(toProjectorView(restored.getSnapshot(), { joinUrl: 'x', online: new Set(PEOPLE), now })).toEqual(before.projector);
    expect(PEOPLE.map((id) => toPhoneView(restored.getSnapshot(), id, now))).toEqual(before.phones);

    const writes: SessionWrite[] = [];
    const writer = new SessionWriter({ ...store, write: (change) => (writes.push(change), store.write(change)) }, 'ABC234', () => now);
    writer.baseline(persisted(restored.getSnapshot()), stored!.seqs);
    restored.subscribe((snapshot) => writer.write(persisted(snapshot)));
    restored.start();
    expect(writes).toEqual([]);
    // A new point comes after every row already there.
    restored.send({ type: 'actionPoint', participantId: 'p3', key: 'point-3', text: 'Nieuw', at: now });
    const highest = Math.max(...stored!.seqs.values());
    expect(writes[0]!.upserts).toEqual([expect.objectContaining({ kind: 'actionPoint', id: 'point-3', seq: highest + 1 })]);
    store.close();
  });

  it('converts a file of layout 1 once: participants and deals out of the state, the session as it was', async () => {
    const dir = tempDir();
    const { actor } = wholeSession();
    const whole = persisted(actor.getSnapshot());
    const deals = whole.context.roleplay!.deals;
    expect(deals.length).toBeGreaterThan(0);
    // As layout 1 wrote it: participants and deals in the state, no rows of them.
    const state = stateOf(whole);
    const oldState = { ...state, context: { ...state.context, participants: whole.context.participants, roleplay: { ...(state.context.roleplay as object), deals } } };
    const oldRows = rowsOf(whole.context)
      .filter((row) => row.kind !== 'participant' && row.kind !== 'deal')
      .map((row, seq) => ({ ...row, seq }));
    const parts = Object.fromEntries(PART_NAMES.map((name) => [name, partOf(whole.context, name)]));
    const old = createSqliteStore(dir);
    old.write({ code: 'ABC234', schemaVersion: SNAPSHOT_SCHEMA_VERSION, updatedAt: T0, state: oldState, parts, upserts: oldRows });
    old.close();
    const db = new Database(joinPath(dir, 'driegesprek.sqlite'));
    db.pragma('user_version = 1');
    db.close();

    const store = createSqliteStore(dir);
    const [stored] = await loadSessions(store);
    expect(JSON.parse(JSON.stringify(stored!.snapshot))).toEqual(JSON.parse(JSON.stringify(whole)));
    const kinds = (await store.loadAll())[0]!.rows.map((row) => row.kind);
    expect(kinds.filter((kind) => kind === 'participant')).toHaveLength(whole.context.participants.length);
    expect(kinds.filter((kind) => kind === 'deal')).toHaveLength(deals.length);
    store.close();
  });

  it('converts a file of whole snapshots once, leaving one from a newer version of the app as it was', async () => {
    const dir = tempDir();
    const { actor } = wholeSession();
    const whole = persisted(actor.getSnapshot());
    const db = new Database(joinPath(dir, 'driegesprek.sqlite'));
    db.exec('CREATE TABLE sessions (code TEXT PRIMARY KEY, schema_version INTEGER NOT NULL, snapshot TEXT NOT NULL, updated_at INTEGER NOT NULL)');
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?)').run('ABC234', SNAPSHOT_SCHEMA_VERSION, JSON.stringify(whole), T0);
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?)').run('FUT234', SNAPSHOT_SCHEMA_VERSION + 1, '{"context":{}}', T0);
    db.close();

    const store = createSqliteStore(dir);
    const [stored, ...others] = await loadSessions(store);
    expect(others).toEqual([]);
    expect(stored!.code).toBe('ABC234');
    expect(JSON.parse(JSON.stringify(stored!.snapshot))).toEqual(JSON.parse(JSON.stringify(whole)));
    store.close();
    const after = new Database(joinPath(dir, 'driegesprek.sqlite'));
    expect(after.prepare('SELECT code FROM sessions_whole').all()).toEqual([{ code: 'FUT234' }]);
    after.close();
  });
});
