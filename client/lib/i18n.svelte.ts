/**
 * The current language and its messages.
 *
 * Home page and library: the language this browser chose there, else the browser's language.
 * A session's pages (presenter, audience screen, phone): the language this browser chose for that
 * session, else the session's programme language, else (until the page or the first view tells it)
 * as on the home page. So an English laptop or phone shows a Dutch session in Dutch, and one phone
 * that switches for itself stays switched without moving anyone else.
 *
 * Each page brings its catalogues (its entry calls `use`): the phone page fetches the phone's part
 * in the one language it speaks, and the other only when it switches; the part its phases' screens
 * read it fetches when it first shows one (`need`). The other pages have the whole catalogue in both
 * languages at hand.
 */
import { untrack } from 'svelte';
import type { Messages } from '../../common/i18n/nl.ts';
import type { PhoneMessages } from '../../common/i18n/phone/nl.ts';
import { sessionLocaleKey as sessionKey, storage } from './storage.ts';

export type Locale = 'nl' | 'en';
const GLOBAL_KEY = 'driegesprek:locale';
const otherLocale = (locale: Locale): Locale => (locale === 'nl' ? 'en' : 'nl');

const asLocale = (value: string | null | undefined): Locale | null => (value === 'nl' || value === 'en' ? value : null);

/** The parts a fetched catalogue comes in: what every screen of the page reads, and what only some screens read. */
export type CataloguePart = 'core' | 'screens';
const ALL_PARTS: readonly CataloguePart[] = ['core', 'screens'];

/** A page's catalogue per language: at hand, or fetched part by part (chunks of their own), each the first time it is needed. */
export type Catalogues<M> = Record<Locale, M | ((part: CataloguePart) => Promise<Partial<M>>)>;

/** The messages of one language the page has, and which parts they hold. */
interface Catalogue {
  parts: readonly CataloguePart[];
  messages: Messages;
}

export interface LocaleInputs {
  /** What this browser chose for this session (session pages only). */
  sessionChoice: string | null;
  /** The session's programme language, once the page or a view told it (session pages only). */
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

/** What code that also runs on the phone page may read: only the phone's messages are there. */
export interface PhoneI18n {
  readonly locale: Locale;
  readonly t: PhoneMessages;
  toggle(): void;
  need(part: CataloguePart): Promise<void>;
}

export class I18n implements PhoneI18n {
  /** The session whose pages these are; null on the home page and in the library. */
  private code = $state<string | null>(null);
  private sessionChoice = $state<string | null>(null);
  private sessionLanguage = $state<Locale | null>(null);
  private globalChoice = $state(storage.get(GLOBAL_KEY));
  private readonly browserLanguages: readonly string[] = globalThis.navigator?.languages ?? [];
  private sources: Partial<Catalogues<Messages>> = {};
  /** Parts on their way, per language (not state: nothing shows them). */
  private fetching: Partial<Record<`${Locale} ${CataloguePart}`, Promise<void>>> = {};
  private catalogues = $state.raw<Partial<Record<Locale, Catalogue>>>({});
  /** The parts the page has shown: whatever language it speaks, its messages must hold them all. */
  private shown = $state.raw<readonly CataloguePart[]>(['core']);

  /** The language the page speaks. Its messages may still be on their way (a phone that just switched). */
  readonly locale: Locale = $derived(
    resolveLocale({
      sessionChoice: this.sessionChoice,
      sessionLanguage: this.sessionLanguage,
      globalChoice: this.globalChoice,
      browserLanguages: this.browserLanguages,
    }),
  );
  /**
   * The messages in `locale`; until they have come (every part the page shows), those of the other
   * language, which the page showed so far. A page shows nothing before `ready()` resolved, and a
   * screen that reads a part nothing before `need(part)` did, so there are always messages to read.
   */
  readonly t: Messages = $derived((this.complete(this.locale) ?? this.complete(otherLocale(this.locale)))!);

  constructor() {
    // Another window of this browser (the audience screen beside the presenter view, a second tab) chose.
    globalThis.window?.addEventListener('storage', (event) => {
      if (event.key === GLOBAL_KEY) this.globalChoice = event.newValue;
      else if (this.code && event.key === sessionKey(this.code)) this.sessionChoice = event.newValue;
      this.fetchWanted();
    });
  }

  /**
   * The catalogues this page speaks from. The phone page gives only the phone's part (its code reads
   * them through `phoneI18n`, typed so); every other page gives the whole catalogue.
   */
  use(sources: Catalogues<Messages> | Catalogues<PhoneMessages>): void {
    this.sources = sources as Catalogues<Messages>;
    const atHand = Object.entries(this.sources).flatMap(([locale, source]) =>
      typeof source === 'function' ? [] : [[locale, { parts: ALL_PARTS, messages: source }] as const],
    );
    this.catalogues = Object.fromEntries(atHand);
  }

  /**
   * The messages in `language` when this page has them at hand, else the page's own: for paper that
   * speaks its content's language whatever the screen's (a programme's guide, a set's cards).
   */
  messagesIn(language: string): Messages {
    const locale = asLocale(language);
    return (locale && this.complete(locale)) || this.t;
  }

  /** Resolves once the messages in `locale` are here, every part the page shows (fetching what is missing). */
  ready(): Promise<void> {
    return this.load(this.locale, this.shown);
  }

  /**
   * Resolves once `part` is here in the page's language: a screen that reads it is shown only then.
   * From then on the page keeps it in whatever language it speaks. Reads no state for its caller (a
   * template that awaits it is not run again when the language changes).
   */
  need(part: CataloguePart): Promise<void> {
    const parts = untrack(() => [...this.shown, part]);
    const show = (): Promise<void> => {
      const locale = this.locale;
      return this.load(locale, parts).then(() => {
        // The page switched while the part was on its way: the language it speaks now needs it too.
        if (locale !== this.locale) return show();
        if (!this.shown.includes(part)) this.shown = [...this.shown, part];
      });
    };
    return untrack(show);
  }

  /** The messages in `locale` when they hold every part the page shows. */
  private complete(locale: Locale): Messages | undefined {
    const catalogue = this.catalogues[locale];
    return catalogue && this.shown.every((part) => catalogue.parts.includes(part)) ? catalogue.messages : undefined;
  }

  private load(locale: Locale, parts: readonly CataloguePart[]): Promise<void> {
    const missing = parts.filter((part) => !this.catalogues[locale]?.parts.includes(part));
    if (missing.length === 0) return Promise.resolve();
    const source = this.sources[locale];
    if (typeof source !== 'function') return Promise.reject(new Error(`no catalogue for ${locale}`));
    const fetches = missing.map((part) => {
      const key = `${locale} ${part}` as const;
      return (this.fetching[key] ??= source(part).then(
        (messages) => {
          const had = this.catalogues[locale];
          const catalogue = { parts: [...(had?.parts ?? []), part], messages: { ...had?.messages, ...messages } as Messages };
          this.catalogues = { ...this.catalogues, [locale]: catalogue };
        },
        (error: unknown) => {
          // Another try is allowed (a phone that was offline switches again).
          delete this.fetching[key];
          throw error;
        },
      ));
    });
    return Promise.all(fetches).then(() => {});
  }

  /**
   * This page belongs to session `code`: from now on this browser's choice for it, then its language,
   * decide. `language`: the session's, when the page already knows it (the phone page's HTML says it).
   * Entering the same session again keeps the language known.
   */
  enterSession(code: string, language: Locale | null = null): void {
    if (this.code !== code) this.sessionLanguage = null;
    this.code = code;
    this.sessionChoice = storage.get(sessionKey(code));
    if (language) this.sessionLanguage = language;
    this.fetchWanted();
  }

  /** The session's programme language, as each view tells it. */
  followSession(language: Locale): void {
    if (this.code) this.sessionLanguage = asLocale(language);
    this.fetchWanted();
  }

  leaveSession(): void {
    this.code = null;
    this.sessionChoice = null;
    this.sessionLanguage = null;
    this.fetchWanted();
  }

  /** The other language, kept for this session on its pages and for the home page and library elsewhere. */
  toggle(): void {
    const next = otherLocale(this.locale);
    if (this.code) {
      this.sessionChoice = next;
      storage.set(sessionKey(this.code), next);
    } else {
      this.globalChoice = next;
      storage.set(GLOBAL_KEY, next);
    }
    this.fetchWanted();
  }

  /** Fetches the messages in `locale` in the background; until they come, the page shows those it had. */
  private fetchWanted(): void {
    // A failed fetch (offline) leaves the page in the language it speaks; the next change tries again.
    this.ready().catch(() => {});
  }
}

export const i18n = new I18n();

/** Content in the page's language first, each language in the server's order. */
export const ownLanguageFirst = <T extends { language: Locale }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => Number(b.language === i18n.locale) - Number(a.language === i18n.locale));

/** The same i18n, for code that also runs on the phone page: it may read only the phone's messages. */
export const phoneI18n: PhoneI18n = i18n;
