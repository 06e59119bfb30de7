/** Content rendered ahead (server/content/contentCache.ts): used only while it matches the files it came from. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentFingerprint, loadContentCached, writeContentCache } from '../../server/content/contentCache.ts';
import { ContentError, loadContent, type ContentProblem } from '../../server/content/loadContent.ts';
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

  it('keeps what the loading warned about, and says it again on a start from the cache', () => {
    writeFileSync(programmeFile(), readFileSync(programmeFile(), 'utf8').replace(/^ {4}projector: \|\n/m, '    projector: |\n      <b>Let op</b>\n'));
    let atBuild: ContentProblem[] = [];
    writeContentCache(contentDir, cacheFile, (warnings) => (atBuild = warnings));
    expect(atBuild.map((warning) => [warning.field, warning.severity])).toEqual([['phases.0.projector', 'warning']]);
    let atStart: ContentProblem[] = [];
    loadContentCached(contentDir, cacheFile, (warnings) => (atStart = warnings));
    expect(atStart).toEqual(atBuild);
  });

  it('is not written for content with errors', () => {
    writeFileSync(programmeFile(), readFileSync(programmeFile(), 'utf8').replace(/^title: .*$/m, 'title:'));
    expect(() => writeContentCache(contentDir, cacheFile)).toThrow(ContentError);
    expect(() => readFileSync(cacheFile)).toThrow();
  });
});
