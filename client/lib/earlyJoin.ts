/**
 * The join form the server wrote into the phone page, as the phone left it before the app's code came
 * (common/earlyJoin.ts): read once as the app starts (phone.ts), before it draws over that form, and
 * taken once by the app's own form (JoinForm.svelte), so a join pressed early is sent exactly once.
 */
import { readEarlyJoin, type EarlyJoin } from '../../common/earlyJoin.ts';

let early: EarlyJoin | null = null;

/** Reads the early form's state from the page; call before the app replaces it. */
export function captureEarlyJoin(root: ParentNode = document): void {
  early = readEarlyJoin(root);
}

/** The early form's state, once: later callers (a form drawn again) get null. */
export function takeEarlyJoin(): EarlyJoin | null {
  const taken = early;
  early = null;
  return taken;
}
