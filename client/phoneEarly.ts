/**
 * The phone page's first script, inline in its HTML right after the join form the server wrote there
 * (the build inlines it: scripts/buildPlugins.ts; the Content-Security-Policy allows exactly it, by its
 * hash: server/pages.ts). It runs before the first paint, long before the app's code has come:
 * - a phone that has been in this session is welcomed back instead of asked its name;
 * - a phone that chose the other language for this session waits for the app, which speaks it;
 * - otherwise the form works at once: a join pressed now is held, the button says it is connecting,
 *   and the app, once loaded, takes over the name and sends the join (common/earlyJoin.ts).
 * Kept small and plain: it is in every phone page's HTML.
 */
import { EARLY_FORM, EARLY_PENDING, EARLY_WAITING, EARLY_WELCOME } from '../common/earlyJoin.ts';
import { hasPhoneToken } from './lib/identity.ts';
import { sessionLocaleKey, storage } from './lib/storage.ts';

const form = document.querySelector<HTMLFormElement>(`form[${EARLY_FORM}]`);
if (form) {
  const code = form.getAttribute(EARLY_FORM) ?? '';
  const language = document.documentElement.lang;
  const chosen = storage.get(sessionLocaleKey(code));
  if (hasPhoneToken(code)) {
    // As the app draws it until the phone's view comes (PhoneFace.svelte).
    const status = document.createElement('p');
    status.className = 'status';
    status.setAttribute('role', 'status');
    status.textContent = form.getAttribute(EARLY_WELCOME);
    form.replaceWith(status);
  } else if (chosen && chosen !== language) {
    form.remove();
  } else {
    const input = form.querySelector('input')!;
    const button = form.querySelector('button')!;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!input.value.trim()) return input.focus();
      form.setAttribute(EARLY_PENDING, '');
      button.disabled = true;
      button.textContent = form.getAttribute(EARLY_WAITING);
    });
  }
  // The language button: the choice is kept for this session, and the app starts in it.
  document.querySelector('header .lang')?.addEventListener('click', () => {
    const current = storage.get(sessionLocaleKey(code)) ?? language;
    storage.set(sessionLocaleKey(code), current === 'nl' ? 'en' : 'nl');
  });
}
