/**
 * Prepares the baseline: its server compiled to plain JavaScript (so it starts with node alone) and
 * its phone page built with the project's vite into a temporary folder of its own, never dist/.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { build } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { PROJECT_ROOT } from './servers.ts';

const BASELINE = join(PROJECT_ROOT, 'bench/baseline');

/**
 * Compiles server.ts (its one import of ./protocol.ts is types only) into node_modules/.cache, from
 * where node finds socket.io in the project's node_modules. Returns the file to run.
 */
export function compileBaselineServer(): string {
  const source = readFileSync(join(BASELINE, 'server.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    fileName: 'server.ts',
  });
  const dir = join(PROJECT_ROOT, 'node_modules/.cache/driegesprek-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'baseline-server.mjs');
  writeFileSync(file, outputText);
  return file;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

/** Builds the baseline phone page into `outDir` and writes a .gz beside every file. */
export async function buildBaselinePage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: join(BASELINE, 'page'),
    logLevel: 'warn',
    plugins: [svelte({ configFile: false })],
    build: { outDir, emptyOutDir: true, target: 'es2020' },
  });
  for (const file of files(outDir)) writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
}
