/**
 * What one socket was sent last, so it is sent only what changed (see PhoneUpdate and
 * ProjectorUpdate). A part has changed when the JSON it would be sent as has, leaving out the
 * server time. A phone's own parts and a projector view's parts are compared as values
 * (sameJson), not encoded to be compared: a part that is the very object compared last time has
 * not changed (views are never changed in place, and a phone's parts are made again only when what
 * they read changed: see session/views.ts), and one made again is told apart at its first
 * difference — a dealt card at its round — with no string made and none kept per socket.
 */
import type { NoteView, PhoneOwnView, PhoneUpdate, ProjectorUpdate, ProjectorView } from './protocol/views.ts';

type OwnKey = Exclude<keyof PhoneOwnView, 'notes'>;
/** Every part of a phone's own view but its notes: the compiler says when a new part is missing here (it would never be sent). */
const OWN_PARTS = { me: true, waiting: true, roleplay: true, dialogue: true, evaluation: true, research: true, statements: true, actions: true, lookBack: true } satisfies Record<OwnKey, true>;
const OWN_KEYS = Object.keys(OWN_PARTS) as OwnKey[];

export type OwnChanges = NonNullable<PhoneUpdate['own']>;

/**
 * Whether two views would be sent as the same JSON: the same keys in the same order with the same
 * values, all the way down. (It may say "not the same" where JSON would not tell them apart — an
 * `undefined` field, NaN — which only sends a part once more; views hold neither.)
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== otherKeys[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields of `after` that differ from `before`, when both are objects with the same fields and
 * some are the same: worth sending as a patch. Null otherwise (the part goes whole).
 */
function fieldChanges(before: unknown, after: unknown): Record<string, unknown> | null {
  if (!isRecord(before) || !isRecord(after)) return null;
  const keys = Object.keys(after);
  if (keys.length !== Object.keys(before).length) return null;
  const changed: Record<string, unknown> = {};
  let count = 0;
  for (const key of keys) {
    if (!(key in before)) return null;
    if (sameJson(after[key], before[key])) continue;
    changed[key] = after[key];
    count++;
  }
  return count < keys.length ? changed : null;
}

export class SentViews {
  /** The key of the last phone room part sent. */
  private shared = '';
  /** The last projector view sent (a screen of the facilitator's). */
  private projector: ProjectorView | null = null;
  /** The own view compared last, and per part whether anything was sent yet. */
  private own: PhoneOwnView | null = null;
  /** How many notes were sent and the key of the last: notes only grow while a phone has its seat. */
  private notes: { count: number; lastKey: string | undefined } | null = null;

  /** Whether `key` differs from the shared part sent last; it counts as sent from now. */
  sharedChanged(key: string): boolean {
    const changed = key !== this.shared;
    this.shared = key;
    return changed;
  }

  /** The parts of `view` that differ from the projector view sent last (all of it the first time); they count as sent from now. */
  projectorChanges(view: ProjectorView): ProjectorUpdate | null {
    const before = this.projector;
    this.projector = view;
    if (!before) return view;
    // The server time alone is no change; every part changed: the whole view.
    const changes = fieldChanges({ ...before, serverNow: view.serverNow }, view) ?? view;
    return Object.keys(changes).length ? { ...changes, serverNow: view.serverNow } : null;
  }

  /** The parts of `own` that differ from what was sent; they count as sent from now. */
  ownChanges(own: PhoneOwnView): OwnChanges | null {
    const before = this.own;
    this.own = own;
    if (own === before) return null;
    const changes: OwnChanges = {};
    let changed = false;
    for (const key of OWN_KEYS) {
      const value = own[key];
      // The first time every part goes out (JSON leaves out an undefined one).
      if (before ? sameJson(value, before[key]) : value === undefined) continue;
      const patch = before && fieldChanges(before[key], value);
      if (patch) Object.assign((changes.patch ??= {}), { [key]: patch });
      else Object.assign(changes, { [key]: value });
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
