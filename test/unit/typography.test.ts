/**
 * One style of quotation marks in everything a user reads: „…” in Dutch, “…” in English, and ’ as
 * the apostrophe, in the message catalogues and in every content file (YAML's own quoting of a
 * `source:` or `summary:` line aside).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/startServer.ts';

const CONTENT = join(PROJECT_ROOT, 'content');
const contentFiles = readdirSync(CONTENT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => readdirSync(join(CONTENT, dir.name)).filter((name) => name.endsWith('.md')).map((name) => join(dir.name, name)));

/** Lines with a straight quote or apostrophe, or the other language's opening quote. */
function offending(text: string, language: 'nl' | 'en'): string[] {
  const foreignOpening = language === 'nl' ? '“' : '„';
  return text
    .split('\n')
    .map((line, index) => ({ line: line.replace(/^(\s*(?:- )?(?:source|summary): )"(.*)"$/, '$1$2'), number: index + 1 }))
    .filter(({ line }) => /["']/.test(line) || line.includes(foreignOpening))
    .map(({ line, number }) => `${number}: ${line.trim()}`);
}

describe('quotation marks', () => {
  it('the content has a file for each language to check', () => {
    expect(contentFiles.filter((file) => file.endsWith('.en.md')).length).toBeGreaterThan(0);
    expect(contentFiles.filter((file) => !file.endsWith('.en.md')).length).toBeGreaterThan(0);
  });

  it.each(contentFiles)('content/%s', (file) => {
    expect(offending(readFileSync(join(CONTENT, file), 'utf8'), file.endsWith('.en.md') ? 'en' : 'nl')).toEqual([]);
  });

  it.each([
    ['nl', 'common/i18n/nl.ts'],
    ['en', 'common/i18n/en.ts'],
  ] as const)('the %s catalogue: no straight double quote, and no opening quote of the other language', (language, file) => {
    const source = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    expect(source).not.toContain('"');
    expect(source).not.toContain(language === 'nl' ? '“' : '„');
  });
});
