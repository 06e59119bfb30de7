/**
 * Sessions to and from the store: every change of a live session is saved with the current
 * schema version, and stored sessions come back migrated to the current shape.
 */
import type { Actor } from 'xstate';
import type { sessionMachine } from '../session/sessionMachine.ts';
import type { SessionSnapshot } from '../session/views.ts';
import { migrate, SNAPSHOT_SCHEMA_VERSION } from './migrations.ts';
import type { SessionStore } from './sessionStore.ts';

/**
 * Saves the session after every change of its actor. Subscribe before the actor starts.
 * A restored actor announces its snapshot once on start: that is no change, and saving it would
 * restart the retention period of every session at every server restart.
 */
export function keepSaved(store: SessionStore, code: string, actor: Actor<typeof sessionMachine>, now: () => number, restored: boolean): void {
  let unchanged = restored;
  actor.subscribe(() => {
    if (!unchanged) store.save({ code, schemaVersion: SNAPSHOT_SCHEMA_VERSION, snapshot: actor.getPersistedSnapshot(), updatedAt: now() });
    unchanged = false;
  });
}

/** Every stored session in the current shape. Sessions saved by a newer version of the app stay stored, unread. */
export function loadSessions(store: SessionStore): { code: string; snapshot: SessionSnapshot }[] {
  return store.loadAll().flatMap(({ code, schemaVersion, snapshot }) => {
    const current = migrate(snapshot, schemaVersion);
    return current ? [{ code, snapshot: current }] : [];
  });
}
