/**
 * What one socket was sent last, so it is sent only what changed (see PhoneUpdate). A part has
 * changed when the JSON it would be sent as has, leaving out the server time.
 */
import type { NoteView, PhoneOwnView, PhoneUpdate } from './protocol/views.ts';

type OwnKey = Exclude<keyof PhoneOwnView, 'notes'>;
const OWN_KEYS: readonly OwnKey[] = ['me', 'roleplay', 'dialogue', 'evaluation', 'research', 'actions', 'lookBack'];

/** What decides whether a view with a server time changed. */
export const viewKey = (view: { serverNow: number }) => JSON.stringify({ ...view, serverNow: 0 });

export class SentViews {
  /** The key of the last projector view or phone room part sent (a socket gets one of them). */
  private shared = '';
  private readonly own = new Map<OwnKey, string>();
  /** How many notes were sent and the key of the last: notes only grow while a phone has its seat. */
  private notes: { count: number; lastKey: string | undefined } | null = null;

  /** Whether `key` differs from the shared part sent last; it counts as sent from now. */
  sharedChanged(key: string): boolean {
    const changed = key !== this.shared;
    this.shared = key;
    return changed;
  }

  /** The parts of `own` that differ from what was sent; they count as sent from now. */
  ownChanges(own: PhoneOwnView): PhoneUpdate['own'] | null {
    const changes: NonNullable<PhoneUpdate['own']> = {};
    let changed = false;
    for (const key of OWN_KEYS) {
      const json = JSON.stringify(own[key]);
      if (this.own.get(key) === json) continue;
      this.own.set(key, json);
      Object.assign(changes, { [key]: own[key] });
      changed = true;
    }
    const notes = this.notesChange(own.notes);
    if (notes) {
      changes.notes = notes;
      changed = true;
    }
    return changed ? changes : null;
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
