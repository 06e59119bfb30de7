/**
 * The current language and its messages.
 *
 * Home page and library: the language this browser chose there, else the browser's language.
 * A session's pages (presenter, audience screen, phone): the language this browser chose for that
 * session, else the session's programme language, else (until the first view arrives) as on the
 * home page. So an English laptop or phone shows a Dutch session in Dutch, and one phone that
 * switches for itself stays switched without moving anyone else.
 */
import { en } from '../../common/i18n/en.ts';
import { nl, type Messages } from '../../common/i18n/nl.ts';
import { storage } from './storage.ts';

export type Locale = 'nl' | 'en';
const catalogues: Record<Locale, Messages> = { nl, en };
const GLOBAL_KEY = 'driegesprek:locale';
const sessionKey = (code: string) => `driegesprek:locale:${code}`;

const asLocale = (value: string | null | undefined): Locale | null => (value === 'nl' || value === 'en' ? value : null);

export interface LocaleInputs {
  /** What this browser chose for this session (session pages only). */
  sessionChoice: string | null;
  /** The session's programme language, once a view told it (session pages only). */
  sessionLanguage: Locale | null;
  /** What this browser chose on the home page or in the library. */
  globalChoice: string | null;
  browserLanguages: readonly string[];
}

export function resolveLocale({ sessionChoice, sessionLanguage, globalChoice, browserLanguages }: LocaleInputs): Locale {
  const chosen = asLocale(sessionChoice) ?? sessionLanguage ?? asLocale(globalChoice);
  if (chosen) return chosen;
  for (const language of browserLanguages) {
    const base = asLocale(language.toLowerCase().split('-')[0]);
    if (base) return base;
  }
  return 'nl';
}

/** The rule outside a session: the stored choice, else the browser's first Dutch or English language, else Dutch. */
export const preferredLocale = (stored: string | null, browserLanguages: readonly string[]): Locale =>
  resolveLocale({ sessionChoice: null, sessionLanguage: null, globalChoice: stored, browserLanguages });

export class I18n {
  /** The session whose pages these are; null on the home page and in the library. */
  private code = $state<string | null>(null);
  private sessionChoice = $state<string | null>(null);
  private sessionLanguage = $state<Locale | null>(null);
  private globalChoice = $state(storage.get(GLOBAL_KEY));
  private readonly browserLanguages: readonly string[] = globalThis.navigator?.languages ?? [];

  readonly locale: Locale = $derived(
    resolveLocale({
      sessionChoice: this.sessionChoice,
      sessionLanguage: this.sessionLanguage,
      globalChoice: this.globalChoice,
      browserLanguages: this.browserLanguages,
    }),
  );
  readonly t: Messages = $derived(catalogues[this.locale]);

  constructor() {
    // Another window of this browser (the audience screen beside the presenter view, a second tab) chose.
    globalThis.window?.addEventListener('storage', (event) => {
      if (event.key === GLOBAL_KEY) this.globalChoice = event.newValue;
      else if (this.code && event.key === sessionKey(this.code)) this.sessionChoice = event.newValue;
    });
  }

  /** This page belongs to session `code`: from now on this browser's choice for it, then its language, decide. */
  enterSession(code: string): void {
    this.code = code;
    this.sessionChoice = storage.get(sessionKey(code));
    this.sessionLanguage = null;
  }

  /** The session's programme language, as each view tells it. */
  followSession(language: Locale): void {
    if (this.code) this.sessionLanguage = asLocale(language);
  }

  leaveSession(): void {
    this.code = null;
    this.sessionChoice = null;
    this.sessionLanguage = null;
  }

  /** The other language, kept for this session on its pages and for the home page and library elsewhere. */
  toggle(): void {
    const next: Locale = this.locale === 'nl' ? 'en' : 'nl';
    if (this.code) {
      this.sessionChoice = next;
      storage.set(sessionKey(this.code), next);
    } else {
      this.globalChoice = next;
      storage.set(GLOBAL_KEY, next);
    }
  }
}

export const i18n = new I18n();
