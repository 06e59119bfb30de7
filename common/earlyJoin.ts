/**
 * The join form before the app's code is there. Three parts agree on it through these names:
 * - the server writes the form into the phone page's HTML, in the session's language (server/pages.ts);
 * - a small script inline in that page (client/phoneEarly.ts) makes it work at once: a join pressed
 *   now is held, and the form says it is connecting;
 * - the app, once loaded, takes over what was typed and a join already pressed, and draws the same
 *   form over it (client/phone.ts, client/faces/phone/JoinForm.svelte).
 */

/** On the form the server wrote: `<form data-early-join="ABC234" …>`, the session's code. */
export const EARLY_FORM = 'data-early-join';
/** On that form, the text the submit button shows while the join is held ("Even verbinden…"). */
export const EARLY_WAITING = 'data-waiting';
/** On that form, what a phone with a seat in this session is told instead ("Welkom terug…"). */
export const EARLY_WELCOME = 'data-welcome';
/** Set on that form by the inline script once the join was pressed with a name. */
export const EARLY_PENDING = 'data-pending';

/** What the phone did with the early form: the name typed so far, whether join was pressed, whether the name field has the focus. */
export interface EarlyJoin {
  name: string;
  pending: boolean;
  focused: boolean;
}

/** The early form's state, read from the page; null when there is no early form (or it is gone). */
export function readEarlyJoin(root: ParentNode): EarlyJoin | null {
  const form = root.querySelector<HTMLFormElement>(`form[${EARLY_FORM}]`);
  const input = form?.querySelector<HTMLInputElement>('input');
  if (!form || !input) return null;
  return { name: input.value, pending: form.hasAttribute(EARLY_PENDING), focused: input.ownerDocument.activeElement === input };
}
