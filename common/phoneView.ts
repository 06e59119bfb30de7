/** A phone's and a facilitator's screen's view, put together from the updates the server sends (see PhoneUpdate, ProjectorUpdate). */
import type { PhoneUpdate, PhoneView, ProjectorUpdate, ProjectorView } from '../server/protocol/views.ts';

/**
 * The view after `update`; null while the connection's first, whole update has not come. The
 * view before is not changed: each update makes a new one.
 */
export function nextPhoneView(view: PhoneView | null, update: PhoneUpdate): PhoneView | null {
  const { serverNow, room, own = {} } = update;
  const { notes, patch = {}, ...rest } = own;
  const base = view ?? (room && notes && notes.from === 0 ? { ...room, notes: [] } : null);
  if (!base) return null;
  // A patched part is there already: its fields that changed, over the ones it had.
  const patched = Object.fromEntries(Object.entries(patch).map(([key, fields]) => [key, { ...((base as Record<string, unknown>)[key] as object), ...fields }]));
  return {
    ...(base as PhoneView),
    serverNow,
    ...room,
    ...rest,
    ...patched,
    notes: notes ? [...base.notes.slice(0, notes.from), ...notes.items] : base.notes,
  };
}

/** The projector view after `update`: the first one on a connection is whole, later ones hold the parts that changed. */
export const nextProjectorView = (view: ProjectorView | null, update: ProjectorUpdate): ProjectorView => ({ ...view, ...update }) as ProjectorView;
