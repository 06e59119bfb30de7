/**
 * Content rendered ahead, for a fast start. `npm run build:server` loads content/ once and writes it,
 * checked and rendered, beside the compiled server (dist/server/content.json), with a fingerprint of
 * the files it came from. The server reads that instead of parsing and rendering every Markdown file
 * again on each start: a server killed in the middle of a session is back before the phones' next
 * try. When the files no longer match the fingerprint (an edit since the build, another CONTENT_DIR),
 * the server loads them as always, with all its checks.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadContent, type ContentProblem } from './loadContent.ts';
import type { Content } from './types.ts';

/** What content/ holds: every file's path, size and time of last change (media included: a programme may name one). */
export function contentFingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      const file = join(path, name);
      const stat = statSync(file);
      if (stat.isDirectory()) walk(file);
      else hash.update(`${relative(dir, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  walk(dir);
  return hash.digest('hex');
}

type Entries<M> = M extends Map<infer K, infer V> ? [K, V][] : never;
interface CacheFile {
  fingerprint: string;
  content: { [K in keyof Content]: Entries<Content[K]> };
  /** What the loading said the screens leave out: a start from the cache says it too. */
  warnings?: ContentProblem[];
}

/** Loads `dir` (throwing ContentError as loadContent does, telling `onWarnings` what it warned about) and writes it to `cacheFile`. */
export function writeContentCache(dir: string, cacheFile: string, onWarnings: (warnings: ContentProblem[]) => void = () => {}): void {
  rmSync(cacheFile, { force: true });
  const fingerprint = contentFingerprint(dir);
  let warnings: ContentProblem[] = [];
  const content = loadContent(dir, (found) => {
    warnings = found;
    onWarnings(found);
  });
  const file: CacheFile = {
    fingerprint,
    warnings,
    content: {
      programmes: [...content.programmes],
      cardSets: [...content.cardSets],
      questionLists: [...content.questionLists],
      research: [...content.research],
    },
  };
  writeFileSync(cacheFile, JSON.stringify(file));
}

/** The content of `dir`: from `cacheFile` when it was made from these very files, else loaded. `onWarnings` as for loadContent. */
export function loadContentCached(dir: string, cacheFile: string, onWarnings: (warnings: ContentProblem[]) => void = () => {}): Content {
  if (existsSync(cacheFile)) {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheFile;
    if (cached.fingerprint === contentFingerprint(dir)) {
      if (cached.warnings?.length) onWarnings(cached.warnings);
      return {
        programmes: new Map(cached.content.programmes),
        cardSets: new Map(cached.content.cardSets),
        questionLists: new Map(cached.content.questionLists),
        research: new Map(cached.content.research),
      };
    }
  }
  return loadContent(dir, onWarnings);
}
