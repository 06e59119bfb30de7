import { describe, expect, it } from 'vitest';
import { en } from '../../common/i18n/en.ts';
import { nl } from '../../common/i18n/nl.ts';
import { preferredLocale } from './i18n.svelte.ts';

describe('language', () => {
  it.each([
    [null, ['nl-NL', 'en'], 'nl'],
    [null, ['en-GB', 'nl'], 'en'],
    [null, ['de-DE', 'fr'], 'nl'],
    [null, ['de-DE', 'en-US'], 'en'],
    ['en', ['nl-NL'], 'en'],
    ['fr', ['en'], 'en'],
  ])('stored %s, browser %j → %s', (stored, languages, expected) => {
    expect(preferredLocale(stored, languages)).toBe(expected);
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
});
