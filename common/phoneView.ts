/** A phone's view, put together from the updates the server sends it (see PhoneUpdate). */
import type { PhoneUpdate, PhoneView } from '../server/protocol/views.ts';

/**
 * The view after `update`; null while the connection's first, whole update has not come. The
 * view before is not changed: each update makes a new one.
 */
export function nextPhoneView(view: PhoneView | null, update: PhoneUpdate): PhoneView | null {
  const { serverNow, room, own = {} } = update;
  const { notes, ...rest } = own;
  const base = view ?? (room && notes && notes.from === 0 ? { ...room, notes: [] } : null);
  if (!base) return null;
  return {
    ...(base as PhoneView),
    serverNow,
    ...room,
    ...rest,
    notes: notes ? [...base.notes.slice(0, notes.from), ...notes.items] : base.notes,
  };
}
