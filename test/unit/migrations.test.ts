/** Each snapshot migration, and sessions saved in an older shape coming back to life. */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { MIGRATIONS, migrate, SNAPSHOT_SCHEMA_VERSION, type SavedSnapshot } from '../../server/store/migrations.ts';
import { testProgramme as PROGRAMME } from '../fixtures/programme.ts';

const T0 = 1_700_000_000_000;

/** A session in its first phase with one participant and a note, as the app saves it today. */
function currentSnapshot(): SavedSnapshot {
  const actor = createActor(sessionMachine, { input: { code: 'ABC234', hostTokenHash: 'h', programme: PROGRAMME, capacity: 60, at: T0 } }).start();
  actor.send({ type: 'join', participantId: 'p1', name: 'Anouk', tokenHash: 't1', at: T0 + 1 });
  actor.send({ type: 'start', at: T0 + 2 });
  actor.send({ type: 'submit', participantId: 'p1', key: 'k1', kind: 'note', questionId: null, text: 'Agenda vooraf', phaseIndex: 0, at: T0 + 3 });
  return actor.getPersistedSnapshot() as unknown as SavedSnapshot;
}

/** The same session as version 3 wrote it: locked or not, before the wachtkamer. */
function version3Snapshot(locked = false): SavedSnapshot {
  const { context, ...rest } = currentSnapshot();
  const { admission: _admission, waiting: _waiting, refusedTokenHashes: _refused, ...older } = context;
  return { ...rest, context: { ...older, locked } };
}

/** The same session as version 2 wrote it: before the room screen was part of it. */
function version2Snapshot(): SavedSnapshot {
  const { context, ...rest } = version3Snapshot();
  const { screen: _screen, ...older } = context;
  return { ...rest, context: older };
}

/** The same session as version 1 wrote it: before research, action points and the look back existed. */
function version1Snapshot(): SavedSnapshot {
  const { context, ...rest } = version2Snapshot();
  const { research: _research, actions: _actions, lookBack: _lookBack, library, ...older } = context;
  const { research: _figures, ...olderLibrary } = library as Record<string, unknown>;
  return { ...rest, context: { ...older, library: olderLibrary } };
}

describe('snapshot migrations', () => {
  it('the current version is one more than the number of migrations', () => {
    expect(SNAPSHOT_SCHEMA_VERSION).toBe(5);
    expect(MIGRATIONS).toHaveLength(SNAPSHOT_SCHEMA_VERSION - 1);
  });

  describe('1 → 2: research, action points and look back', () => {
    const up = MIGRATIONS[0]!.up;

    it('gives a version 1 session an empty research, no action points, no look back and no research figures', () => {
      const { context } = up(version1Snapshot());
      expect(context.research).toBeNull();
      expect(context.actions).toEqual({ points: [], consent: {}, votes: [], team: [] });
      expect(context.lookBack).toBeNull();
      expect((context.library as { research: unknown }).research).toEqual([]);
      // Everything else stays as it was.
      expect(context.participants).toEqual(currentSnapshot().context.participants);
      expect(context.submissions).toEqual(currentSnapshot().context.submissions);
    });

    it('leaves a version 1 session that already had them as it is', () => {
      const snapshot = version2Snapshot();
      expect(up(snapshot)).toEqual(snapshot);
    });

    it('a migrated session runs on: the phone keeps its seat and note, the facilitator moves on', () => {
      const snapshot = migrate(version1Snapshot(), 1);
      if (!snapshot) throw new Error('not migrated');
      const actor = createActor(sessionMachine, { snapshot, input: { code: 'ABC234', hostTokenHash: 'h', programme: PROGRAMME, capacity: 60, at: T0 } }).start();
      actor.send({ type: 'next', at: T0 + 4 });
      const phone = toPhoneView(actor.getSnapshot(), 'p1', T0 + 5);
      expect(phone.me).toEqual({ id: 'p1', name: 'Anouk' });
      expect(phone.notes).toEqual([{ key: 'k1', phaseIndex: 0, text: 'Agenda vooraf' }]);
      expect(phone.phase?.index).toBe(1);
      expect(toProjectorView(actor.getSnapshot(), { joinUrl: 'x', online: new Set(), now: T0 + 5 }).actions).toBeNull();
    });
  });

  describe('2 → 3: the room screen', () => {
    const up = MIGRATIONS[1]!.up;

    it('gives a version 2 session a screen that is not black, on its first page since the session was made', () => {
      expect(up(version2Snapshot()).context.screen).toEqual({ blank: false, video: false, page: 0, pageSince: T0 });
    });

    it('keeps a screen that is already there', () => {
      const snapshot = currentSnapshot();
      expect(up(snapshot)).toEqual(snapshot);
    });

    it('a migrated session can black out its screen and turn pages', () => {
      const snapshot = migrate(version2Snapshot(), 2)!;
      const actor = createActor(sessionMachine, { snapshot, input: { code: 'ABC234', hostTokenHash: 'h', programme: PROGRAMME, capacity: 60, at: T0 } }).start();
      actor.send({ type: 'screenBlank', blank: true, at: T0 + 10 });
      actor.send({ type: 'screenPage', delta: 1, at: T0 + 20 });
      expect(toProjectorView(actor.getSnapshot(), { joinUrl: 'x', online: new Set(), now: T0 + 30 }).screen).toEqual({ blank: true, video: false, page: 1, pageSince: T0 + 20, pageMs: 20_000 });
    });
  });

  describe('3 → 4: open, the wachtkamer or locked', () => {
    const up = MIGRATIONS[2]!.up;

    it.each([
      [false, 'open'],
      [true, 'locked'],
    ])('a version 3 session locked: %s is %s, with an empty wachtkamer and no refused tokens', (locked, admission) => {
      const { context } = up(version3Snapshot(locked));
      expect(context).toMatchObject({ admission, waiting: [], refusedTokenHashes: [] });
      expect(context).not.toHaveProperty('locked');
      // Everything else stays as it was.
      expect(context.participants).toEqual(currentSnapshot().context.participants);
      expect(context.revokedTokenHashes).toEqual([]);
    });

    it('keeps a session that already has them as it is', () => {
      const snapshot = currentSnapshot();
      expect(up(snapshot)).toEqual(snapshot);
    });

    it('a migrated locked session stays locked, and its facilitator can turn the wachtkamer on and let a late phone in', () => {
      const snapshot = migrate(version3Snapshot(true), 3)!;
      const actor = createActor(sessionMachine, { snapshot, input: { code: 'ABC234', hostTokenHash: 'h', programme: PROGRAMME, capacity: 60, at: T0 } }).start();
      const join = { type: 'join', participantId: 'p2', name: 'Bram', tokenHash: 't2', at: T0 + 10 } as const;
      expect(actor.getSnapshot().can(join)).toBe(false);
      actor.send({ type: 'setAdmission', admission: 'waitingRoom', at: T0 + 20 });
      actor.send({ ...join, at: T0 + 30 });
      expect(toProjectorView(actor.getSnapshot(), { joinUrl: 'x', online: new Set(), now: T0 + 40 }).waiting).toEqual([{ id: 'p2', name: 'Bram', online: false }]);
      actor.send({ type: 'admit', participantId: 'p2', at: T0 + 50 });
      expect(toPhoneView(actor.getSnapshot(), 'p2', T0 + 60).me).toEqual({ id: 'p2', name: 'Bram' });
    });
  });

  it.each([
    ['a version the app does not know yet', SNAPSHOT_SCHEMA_VERSION + 1],
    ['no version', 0],
    ['a broken version', 1.5],
  ])('refuses %s', (_label, version) => {
    expect(migrate(currentSnapshot(), version)).toBeNull();
  });
});
