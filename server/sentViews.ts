/**
 * What one socket was sent last, so it is sent only what changed (see PhoneUpdate). A part has
 * changed when the JSON it would be sent as has, leaving out the server time. A part that is the
 * very object compared last time has not changed (views are never changed in place, and a phone's
 * parts are made again only when what they read changed: see session/views.ts), so it is not
 * encoded again to find that out.
 */
import type { NoteView, PhoneOwnView, PhoneUpdate } from './protocol/views.ts';

type OwnKey = Exclude<keyof PhoneOwnView, 'notes'>;
const OWN_KEYS: readonly OwnKey[] = ['me', 'roleplay', 'dialogue', 'evaluation', 'research', 'actions', 'lookBack'];

/** What decides whether a view with a server time changed. */
export const viewKey = (view: { serverNow: number }) => JSON.stringify({ ...view, serverNow: 0 });

export type OwnChanges = NonNullable<PhoneUpdate['own']>;

export class SentViews {
  /** The key of the last projector view or phone room part sent (a socket gets one of them). */
  private shared = '';
  /** Per part: the object compared last and the JSON it was sent as. */
  private readonly own = new Map<OwnKey, { value: unknown; json: string | undefined }>();
  /** How many notes were sent and the key of the last: notes only grow while a phone has its seat. */
  private notes: { count: number; lastKey: string | undefined } | null = null;

  /** Whether `key` differs from the shared part sent last; it counts as sent from now. */
  sharedChanged(key: string): boolean {
    const changed = key !== this.shared;
    this.shared = key;
    return changed;
  }

  /** The parts of `own` that differ from what was sent; they count as sent from now. */
  ownChanges(own: PhoneOwnView): OwnChanges | null {
    return this.ownUpdate(own)?.changes ?? null;
  }

  /**
   * The parts of `own` that differ from what was sent, and their JSON (JSON.stringify(changes),
   * made from the parts' own): the same changes have the same JSON, so a message many sockets
   * would get alike can be told apart and encoded once. They count as sent from now.
   */
  ownUpdate(own: PhoneOwnView): { changes: OwnChanges; json: string } | null {
    const changes: OwnChanges = {};
    const fields: string[] = [];
    let changed = false;
    for (const key of OWN_KEYS) {
      const value = own[key];
      const sent = this.own.get(key);
      if (sent && sent.value === value) continue;
      const json = JSON.stringify(value);
      this.own.set(key, { value, json });
      if (json === sent?.json) continue;
      Object.assign(changes, { [key]: value });
      if (json !== undefined) fields.push(`"${key}":${json}`);
      changed = true;
    }
    const notes = this.notesChange(own.notes);
    if (notes) {
      changes.notes = notes;
      fields.push(`"notes":${JSON.stringify(notes)}`);
      changed = true;
    }
    return changed ? { changes, json: `{${fields.join(',')}}` } : null;
  }

  private notesChange(notes: NoteView[]): { from: number; items: NoteView[] } | null {
    const sent = this.notes;
    const lastKey = notes.at(-1)?.key;
    if (sent && sent.count === notes.length && sent.lastKey === lastKey) return null;
    const grew = sent !== null && sent.count < notes.length && (sent.count === 0 || notes[sent.count - 1]?.key === sent.lastKey);
    const from = grew ? sent.count : 0;
    this.notes = { count: notes.length, lastKey };
    return { from, items: notes.slice(from) };
  }
}
