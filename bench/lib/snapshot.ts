/**
 * A copy of the app as it is when the bench starts: every file git tracks or would track (so work
 * not yet committed counts), with the project's node_modules linked in. The bench builds and runs
 * this copy, so every run measures the same app even while people keep editing the project, and
 * nobody else's `vite build` can swap dist/client under a running server.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from './servers.ts';

/** Not copied when git is not there to say what belongs to the project. */
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'data', 'test-results', 'playwright-report', 'results']);

function projectFiles(): string[] | null {
  try {
    const listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 });
    return listing.toString().split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

export function snapshotProject(into: string): string {
  mkdirSync(into, { recursive: true });
  const files = projectFiles();
  if (files) {
    for (const file of files) {
      const source = join(PROJECT_ROOT, file);
      // Listed but deleted in the working tree, or a directory (a submodule): not part of the app now.
      if (!existsSync(source) || !statSync(source).isFile()) continue;
      mkdirSync(dirname(join(into, file)), { recursive: true });
      copyFileSync(source, join(into, file));
    }
  } else {
    cpSync(PROJECT_ROOT, into, { recursive: true, filter: (source) => !SKIPPED.has(source.split('/').at(-1) ?? '') });
  }
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(into, 'node_modules'), 'dir');
  return into;
}
