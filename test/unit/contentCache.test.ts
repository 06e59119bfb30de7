/** Content rendered ahead (server/content/contentCache.ts): used only while it matches the files it came from. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentFingerprint, loadContentCached, writeContentCache } from '../../server/content/contentCache.ts';
import { ContentError, loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';

let dir: string;
let contentDir: string;
let cacheFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'driegesprek-content-cache-'));
  contentDir = join(dir, 'content');
  cpSync(join(PROJECT_ROOT, 'content'), contentDir, { recursive: true });
  cacheFile = join(dir, 'content.json');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const programmeFile = () => join(contentDir, 'programmes', 'tienminutengesprekken.md');

describe('content rendered ahead', () => {
  it('is the same content as loading the files', () => {
    writeContentCache(contentDir, cacheFile);
    expect(loadContentCached(contentDir, cacheFile)).toEqual(loadContent(contentDir));
  });

  it('is used while the files are as they were', () => {
    writeContentCache(contentDir, cacheFile);
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { content: { programmes: [string, { title: string }][] } };
    cached.content.programmes[0]![1].title = 'Uit de cache';
    writeFileSync(cacheFile, JSON.stringify(cached));
    expect([...loadContentCached(contentDir, cacheFile).programmes.values()].map((programme) => programme.title)).toContain('Uit de cache');
  });

  it('is passed over once a file changed: the files are loaded, with every check', () => {
    writeContentCache(contentDir, cacheFile);
    const before = contentFingerprint(contentDir);
    writeFileSync(programmeFile(), readFileSync(programmeFile(), 'utf8').replace(/^title: .*$/m, 'title: Bewerkt na de build'));
    expect(contentFingerprint(contentDir)).not.toBe(before);
    expect([...loadContentCached(contentDir, cacheFile).programmes.values()].map((programme) => programme.title)).toContain('Bewerkt na de build');

    writeFileSync(programmeFile(), readFileSync(programmeFile(), 'utf8').replace(/^title: .*$/m, 'title:'));
    expect(() => loadContentCached(contentDir, cacheFile)).toThrow(ContentError);
  });

  it('is not written for content with errors', () => {
    writeFileSync(programmeFile(), readFileSync(programmeFile(), 'utf8').replace(/^title: .*$/m, 'title:'));
    expect(() => writeContentCache(contentDir, cacheFile)).toThrow(ContentError);
    expect(() => readFileSync(cacheFile)).toThrow();
  });
});
