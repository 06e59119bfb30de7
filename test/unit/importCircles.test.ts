import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCircles } from '../../scripts/importCircles.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes the files into a fresh folder and returns the circles found there, as file names. */
function circlesIn(files: Record<string, string>): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-circles-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return importCircles(Object.keys(files).map((name) => join(dir, name))).map((circle) => circle.map((file) => basename(file)));
}

describe('import circles', () => {
  it.each([
    ['none in a chain', { 'a.ts': "import { b } from './b.ts';", 'b.ts': "import { c } from './c.ts';", 'c.ts': 'export const c = 1;' }, []],
    ['two files importing each other', { 'a.ts': "import { b } from './b.ts';", 'b.ts': "import { a } from './a.ts';" }, [['a.ts', 'b.ts']]],
    ['a circle of types only', { 'a.ts': "import type { B } from './b.ts';", 'b.ts': "import type { A } from './a.ts';" }, [['a.ts', 'b.ts']]],
    ['a re-export closing the circle', { 'a.ts': "import { b } from './b.ts';", 'b.ts': "export { a } from './a.ts';" }, [['a.ts', 'b.ts']]],
    ['a circle of three through a Svelte component', { 'A.svelte': "<script lang=\"ts\">import { b } from './b.ts';</script>", 'b.ts': "import { c } from './c.ts';", 'c.ts': "const A = () => import('./A.svelte');" }, [['A.svelte', 'b.ts', 'c.ts']]],
    ['packages are not followed', { 'a.ts': "import { setup } from 'xstate';" }, []],
  ])('%s', (_label, files, expected) => {
    expect(circlesIn(files)).toEqual(expected);
  });
});
