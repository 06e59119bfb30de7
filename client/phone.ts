// The phone page (/s/CODE), an entry of its own: a phone loads the phone's code and the phone's
// messages in one language, nothing of the home page, the presenter or the room's screen.
import { mount } from 'svelte';
import { PAGE_SESSION_META, parsePageSession, type PageSession } from '../common/pageSession.ts';
import ErrorScreen from './components/ErrorScreen.svelte';
import PhoneFace from './faces/phone/PhoneFace.svelte';
import { captureEarlyJoin } from './lib/earlyJoin.ts';
import { i18n, phoneI18n } from './lib/i18n.svelte.ts';
import { hasPhoneToken } from './lib/identity.ts';
import { storage } from './lib/storage.ts';
import './app.css';
import './faces/phone/phone.css';

const RELOADED_KEY = 'driegesprek:reloaded';
const RELOAD_AGAIN_AFTER_MS = 30_000;

const code = (/^\/s\/([^/]+)\/?$/.exec(window.location.pathname)?.[1] ?? '').toUpperCase();
// The server says what it knows of the session in the HTML; without it (Vite's dev server) the socket will tell.
const page: PageSession = parsePageSession(document.querySelector(`meta[name="${PAGE_SESSION_META}"]`)?.getAttribute('content')) ?? {
  status: 'open',
  language: null,
};
const seated = hasPhoneToken(code);

i18n.use({
  nl: (part) =>
    part === 'core'
      ? import('../common/i18n/phone/nl.ts').then((module) => module.phoneNl)
      : import('../common/i18n/phone/screensNl.ts').then((module) => module.phoneScreensNl),
  en: (part) =>
    part === 'core'
      ? import('../common/i18n/phone/en.ts').then((module) => module.phoneEn)
      : import('../common/i18n/phone/screensEn.ts').then((module) => module.phoneScreensEn),
});
i18n.enterSession(code, page.language);

// A chunk did not come. When the server no longer has this page's own chunk, it was updated while the
// page was open and the chunks asked for are gone for good: load the page anew, once. Otherwise (offline,
// a network that drops a request, a server restarting) the screen is tried again (faces/phone/screen.ts):
// a reload then would only show the browser's error page.
window.addEventListener('vite:preloadError', () => {
  if (Date.now() - Number(storage.get(RELOADED_KEY) ?? 0) < RELOAD_AGAIN_AFTER_MS) return;
  fetch(import.meta.url, { method: 'HEAD', cache: 'no-store' }).then(
    (response) => {
      if (response.status !== 404) return;
      storage.set(RELOADED_KEY, String(Date.now()));
      window.location.reload();
    },
    () => {},
  );
});

/**
 * Why this phone cannot come in, known from the page alone: then it opens no socket at all. A phone
 * with a seat tries its token anyway: a code the server does not look up for this network (too many
 * wrong ones tried on it) is still let in with a seat's token.
 */
function refusal(): 'unknown_session' | 'session_closed' | null {
  if (seated) return null;
  if (page.status === 'unknown_session') return page.status;
  return page.status === 'closed' ? 'session_closed' : null;
}

void i18n.ready().then(() => {
  const target = document.getElementById('app')!;
  // The join form in the page's HTML may have a name in it, or a join pressed (phoneEarly.ts): the app's form takes them over.
  captureEarlyJoin(target);
  target.replaceChildren();
  document.documentElement.lang = i18n.locale;
  const refused = refusal();
  if (refused) mount(ErrorScreen, { target, props: { message: phoneI18n.t.errors[refused] } });
  else mount(PhoneFace, { target, props: { code, seated } });
});
