import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../common/i18n/en.ts';
import { nl } from '../../common/i18n/nl.ts';
import { phoneEn } from '../../common/i18n/phone/en.ts';
import { phoneNl } from '../../common/i18n/phone/nl.ts';
import { phoneScreensEn } from '../../common/i18n/phone/screensEn.ts';
import { phoneScreensNl } from '../../common/i18n/phone/screensNl.ts';
import { preferredLocale, resolveLocale, type I18n as I18nClass, type LocaleInputs } from './i18n.svelte.ts';

describe('language', () => {
  it.each([
    [null, ['nl-NL', 'en'], 'nl'],
    [null, ['en-GB', 'nl'], 'en'],
    [null, ['de-DE', 'fr'], 'nl'],
    [null, ['de-DE', 'en-US'], 'en'],
    ['en', ['nl-NL'], 'en'],
    ['fr', ['en'], 'en'],
  ])('home page and library: stored %s, browser %j → %s', (stored, languages, expected) => {
    expect(preferredLocale(stored, languages)).toBe(expected);
  });

  // A session page: this browser's choice for the session > the session's language > (before
  // the first view) the home page's rule: stored global choice > browser > Dutch.
  it.each<[string, LocaleInputs, 'nl' | 'en']>([
    ['own choice beats the session', { sessionChoice: 'en', sessionLanguage: 'nl', globalChoice: 'nl', browserLanguages: ['nl-NL'] }, 'en'],
    ['own choice beats the session (reverse)', { sessionChoice: 'nl', sessionLanguage: 'en', globalChoice: 'en', browserLanguages: ['en-US'] }, 'nl'],
    ['session beats the browser', { sessionChoice: null, sessionLanguage: 'nl', globalChoice: null, browserLanguages: ['en-US'] }, 'nl'],
    ['session beats the browser (reverse)', { sessionChoice: null, sessionLanguage: 'en', globalChoice: null, browserLanguages: ['nl-NL'] }, 'en'],
    ['session beats the home page choice', { sessionChoice: null, sessionLanguage: 'nl', globalChoice: 'en', browserLanguages: ['en-US'] }, 'nl'],
    ['a broken own choice is ignored', { sessionChoice: 'fr', sessionLanguage: 'nl', globalChoice: 'en', browserLanguages: ['en'] }, 'nl'],
    ['before the first view: home page choice', { sessionChoice: null, sessionLanguage: null, globalChoice: 'en', browserLanguages: ['nl-NL'] }, 'en'],
    ['before the first view: browser', { sessionChoice: null, sessionLanguage: null, globalChoice: null, browserLanguages: ['de', 'en-US'] }, 'en'],
    ['before the first view: own choice', { sessionChoice: 'en', sessionLanguage: null, globalChoice: 'nl', browserLanguages: ['nl'] }, 'en'],
    ['nothing known: Dutch', { sessionChoice: null, sessionLanguage: null, globalChoice: null, browserLanguages: [] }, 'nl'],
  ])('session page: %s', (_name, inputs, expected) => {
    expect(resolveLocale(inputs)).toBe(expected);
  });

  it('every Dutch message has an English one, and none is empty', () => {
    const keys = (messages: object): string[] =>
      Object.entries(messages).flatMap(([key, value]) =>
        typeof value === 'object' ? keys(value as object).map((inner) => `${key}.${inner}`) : [key],
      );
    expect(keys(en)).toEqual(keys(nl));
    for (const [key, value] of Object.entries({ ...nl, ...en })) {
      if (typeof value === 'string') expect(value.trim(), key).not.toBe('');
    }
  });

  it('numbers are written as the language writes them', () => {
    expect(nl.rsIntroNumbers(128, 1211, 4)).toBe('128 mentoren en 1.211 ouders van 4 scholen');
    expect(en.rsIntroNumbers(128, 1211, 4)).toBe('128 mentors and 1,211 parents from 4 schools');
  });
});

/** localStorage outlives a page load; the storage module's memory fallback does not. */
const stored = new Map<string, string>();
const fakeLocalStorage: Pick<Storage, 'getItem' | 'setItem'> = {
  getItem: (key) => stored.get(key) ?? null,
  setItem: (key, value) => void stored.set(key, value),
};
let page = new EventTarget();

/**
 * A fresh page load in a browser whose languages are `languages`: modules evaluated anew. Like every
 * page but the phone's, it has the whole catalogue in both languages at hand (client/main.ts).
 */
async function loadPage(languages: string[]): Promise<I18nClass> {
  vi.resetModules();
  page = new EventTarget();
  vi.stubGlobal('window', page);
  vi.stubGlobal('navigator', { languages });
  const { i18n } = await import('./i18n.svelte.ts');
  i18n.use({ nl, en });
  return i18n;
}

/**
 * The phone page (client/phone.ts): the phone's messages, each language fetched when first spoken,
 * in two parts ('nl core', 'nl screens', …), each arriving when the test says so.
 */
async function loadPhonePage(languages: string[]) {
  vi.resetModules();
  page = new EventTarget();
  vi.stubGlobal('window', page);
  vi.stubGlobal('navigator', { languages });
  const { i18n, phoneI18n } = await import('./i18n.svelte.ts');
  const fetched: string[] = [];
  const arrivals: Record<string, () => void> = {};
  const fetchLater = (language: string, parts: { core: object; screens: object }) => (part: 'core' | 'screens') => {
    fetched.push(`${language} ${part}`);
    return new Promise<object>((resolve) => (arrivals[`${language} ${part}`] = () => resolve(parts[part])));
  };
  i18n.use({ nl: fetchLater('nl', { core: phoneNl, screens: phoneScreensNl }), en: fetchLater('en', { core: phoneEn, screens: phoneScreensEn }) });
  const settle = async () => {
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
  };
  return { i18n, phoneI18n, fetched, arrive: async (part: string) => (arrivals[part]?.(), await settle()) };
}

/** Another window of this browser wrote `key`. */
const storageEventFromOtherWindow = (key: string, newValue: string) => {
  stored.set(key, newValue);
  page.dispatchEvent(Object.assign(new Event('storage'), { key, newValue }));
};

beforeEach(() => {
  stored.clear();
  vi.stubGlobal('localStorage', fakeLocalStorage);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('I18n', () => {
  it('an English browser on a Dutch session speaks Dutch once the first view tells the language', async () => {
    const i18n = await loadPage(['en-US', 'en']);
    expect(i18n.locale).toBe('en');
    i18n.enterSession('ABCD');
    expect(i18n.locale, 'before the first view').toBe('en');
    i18n.followSession('nl');
    expect(i18n.locale).toBe('nl');
    expect(i18n.t.phaseOf(1, 7)).toBe('Fase 1 van 7');
  });

  it('a Dutch browser on an English session speaks English', async () => {
    const i18n = await loadPage(['nl-NL']);
    i18n.enterSession('ABCD');
    i18n.followSession('en');
    expect(i18n.locale).toBe('en');
    expect(i18n.t.phaseOf(1, 7)).toBe('Phase 1 of 7');
  });

  it('a choice made in a session is kept for that session only, over reloads, and leaves the home page rule alone', async () => {
    let i18n = await loadPage(['nl-NL']);
    i18n.enterSession('ABCD');
    i18n.followSession('nl');
    i18n.toggle();
    expect(i18n.locale).toBe('en');
    // A later view does not undo it.
    i18n.followSession('nl');
    expect(i18n.locale).toBe('en');
    expect(Object.fromEntries(stored)).toEqual({ 'driegesprek:locale:ABCD': 'en' });

    i18n = await loadPage(['nl-NL']);
    i18n.enterSession('ABCD');
    expect(i18n.locale, 'after a reload, before the first view').toBe('en');
    i18n.followSession('nl');
    expect(i18n.locale, 'after a reload').toBe('en');

    i18n = await loadPage(['nl-NL']);
    i18n.enterSession('WXYZ');
    i18n.followSession('nl');
    expect(i18n.locale, 'another session').toBe('nl');

    i18n = await loadPage(['nl-NL']);
    expect(i18n.locale, 'the home page').toBe('nl');
  });

  it('a choice on the home page is kept for the home page and library, and a session still speaks its own language', async () => {
    let i18n = await loadPage(['nl-NL']);
    i18n.toggle();
    expect(i18n.locale).toBe('en');
    expect(Object.fromEntries(stored)).toEqual({ 'driegesprek:locale': 'en' });

    i18n = await loadPage(['nl-NL']);
    expect(i18n.locale, 'after a reload').toBe('en');
    i18n.enterSession('ABCD');
    i18n.followSession('nl');
    expect(i18n.locale, 'in a Dutch session').toBe('nl');
    i18n.leaveSession();
    expect(i18n.locale, 'back out of the session').toBe('en');
  });

  it('leaving a session forgets its language and its choice; a view after leaving changes nothing', async () => {
    const i18n = await loadPage(['nl-NL']);
    i18n.enterSession('ABCD');
    i18n.followSession('en');
    i18n.leaveSession();
    expect(i18n.locale).toBe('nl');
    i18n.followSession('en');
    expect(i18n.locale).toBe('nl');
    i18n.toggle();
    expect(Object.fromEntries(stored), 'a toggle outside a session is the home page choice').toEqual({ 'driegesprek:locale': 'en' });
  });

  it("follows a choice made in another window of this browser for the same session, not another session's", async () => {
    const i18n = await loadPage(['nl-NL']);
    i18n.enterSession('ABCD');
    i18n.followSession('nl');
    storageEventFromOtherWindow('driegesprek:locale:WXYZ', 'en');
    expect(i18n.locale).toBe('nl');
    storageEventFromOtherWindow('driegesprek:locale:ABCD', 'en');
    expect(i18n.locale).toBe('en');
  });
});

describe('the phone page', () => {
  it('fetches only the language the page speaks: the session\'s, told by the page itself before any view', async () => {
    const { i18n, phoneI18n, fetched, arrive } = await loadPhonePage(['en-US']);
    i18n.enterSession('ABCD', 'nl');
    const ready = i18n.ready();
    await arrive('nl core');
    await ready;
    expect(fetched).toEqual(['nl core']);
    expect(phoneI18n.locale).toBe('nl');
    expect(phoneI18n.t.joinHeading).toBe('Meedoen');

    // The socket's session enters again (LiveSession): the language the page told stays.
    i18n.enterSession('ABCD');
    expect(phoneI18n.locale).toBe('nl');
    expect(fetched).toEqual(['nl core']);
  });

  it('switching fetches the other language once; until it has come the page keeps the messages it showed', async () => {
    const { i18n, phoneI18n, fetched, arrive } = await loadPhonePage(['nl-NL']);
    i18n.enterSession('ABCD', 'nl');
    const ready = i18n.ready();
    await arrive('nl core');
    await ready;

    phoneI18n.toggle();
    expect(phoneI18n.locale).toBe('en');
    expect(phoneI18n.t.joinHeading, 'still on its way').toBe('Meedoen');
    await arrive('en core');
    expect(phoneI18n.t.joinHeading).toBe('Join');

    phoneI18n.toggle();
    phoneI18n.toggle();
    expect(fetched, 'each language fetched once').toEqual(['nl core', 'en core']);
    expect(phoneI18n.t.joinHeading).toBe('Join');
  });

  it("a phone's own choice for the session is the language it fetches first", async () => {
    stored.set('driegesprek:locale:ABCD', 'en');
    const { i18n, phoneI18n, fetched, arrive } = await loadPhonePage(['nl-NL']);
    i18n.enterSession('ABCD', 'nl');
    const ready = i18n.ready();
    await arrive('en core');
    await ready;
    expect(fetched).toEqual(['en core']);
    expect(phoneI18n.t.joinHeading).toBe('Join');
  });
});

describe("the phone page's screens part", () => {
  /** A Dutch phone page that has shown its join form (the core part is here). */
  async function dutchPhone() {
    const phone = await loadPhonePage(['nl-NL']);
    phone.i18n.enterSession('ABCD', 'nl');
    const ready = phone.i18n.ready();
    await phone.arrive('nl core');
    await ready;
    return phone;
  }

  it('is fetched when a screen first needs it, in the language the page speaks, and once', async () => {
    const { phoneI18n, fetched, arrive } = await dutchPhone();
    let shown = 0;
    const screen = () => phoneI18n.need('screens').then(() => shown++);
    void screen();
    void screen();
    expect(shown, 'not before it came').toBe(0);
    await arrive('nl screens');
    expect(shown).toBe(2);
    expect(phoneI18n.t.rpYourRole).toBe('Jouw rol');
    await phoneI18n.need('screens');
    expect(fetched).toEqual(['nl core', 'nl screens']);
  });

  it('switching once it is shown: the page keeps its language until both parts of the other have come', async () => {
    const { phoneI18n, fetched, arrive } = await dutchPhone();
    const needed = phoneI18n.need('screens');
    await arrive('nl screens');
    await needed;

    phoneI18n.toggle();
    expect(fetched).toEqual(['nl core', 'nl screens', 'en core', 'en screens']);
    await arrive('en core');
    expect(phoneI18n.t.rpYourRole, 'the English screens are still on their way').toBe('Jouw rol');
    expect(phoneI18n.t.joinHeading).toBe('Meedoen');
    await arrive('en screens');
    expect(phoneI18n.t.rpYourRole).toBe('Your role');
    expect(phoneI18n.t.joinHeading).toBe('Join');
  });

  it('a switch while it is on its way: the screen waits for the part in the language the page speaks then', async () => {
    const { phoneI18n, fetched, arrive } = await dutchPhone();
    let shown = false;
    void phoneI18n.need('screens').then(() => (shown = true));
    phoneI18n.toggle();
    await arrive('en core');
    expect(phoneI18n.t.joinHeading).toBe('Join');
    await arrive('nl screens');
    expect(shown, 'the English screens are still on their way').toBe(false);
    expect(phoneI18n.t.joinHeading, 'the page stays in English').toBe('Join');
    await arrive('en screens');
    expect(shown).toBe(true);
    expect(phoneI18n.t.rpYourRole).toBe('Your role');
    expect(fetched).toEqual(['nl core', 'nl screens', 'en core', 'en screens']);
  });
});

describe('the catalogue', () => {
  it("the phone's parts are in the whole catalogue, word for word, in both languages, and share no key", () => {
    expect(nl).toMatchObject({ ...phoneNl, ...phoneScreensNl });
    expect(en).toMatchObject({ ...phoneEn, ...phoneScreensEn });
    expect(Object.keys(phoneEn)).toEqual(Object.keys(phoneNl));
    expect(Object.keys(phoneScreensEn)).toEqual(Object.keys(phoneScreensNl));
    expect(Object.keys(phoneNl).filter((key) => key in phoneScreensNl)).toEqual([]);
  });
});
