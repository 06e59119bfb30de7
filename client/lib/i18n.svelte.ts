/** The current language and its messages. The browser's language decides until the user picks one. */
import { en } from '../../common/i18n/en.ts';
import { nl, type Messages } from '../../common/i18n/nl.ts';
import { storage } from './storage.ts';

export type Locale = 'nl' | 'en';
const catalogues: Record<Locale, Messages> = { nl, en };
const STORAGE_KEY = 'driegesprek:locale';

export function preferredLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (stored === 'nl' || stored === 'en') return stored;
  for (const language of browserLanguages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'nl' || base === 'en') return base;
  }
  return 'nl';
}

class I18n {
  locale = $state<Locale>(preferredLocale(storage.get(STORAGE_KEY), globalThis.navigator?.languages ?? []));
  readonly t: Messages = $derived(catalogues[this.locale]);

  toggle(): void {
    this.locale = this.locale === 'nl' ? 'en' : 'nl';
    storage.set(STORAGE_KEY, this.locale);
  }
}

export const i18n = new I18n();
