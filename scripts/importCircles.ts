/**
 * `npm run check` fails when modules import each other in a circle (a type-only import counts too:
 * a circle of types is a circle of ideas, and the next value import makes it a real one).
 * Reads the project's .ts and .svelte files (their <script> blocks); relative imports only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|svelte)$/;
const SCRIPT_BLOCK = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

/** The project files `file` imports (statically, dynamically or by re-export). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const code = file.endsWith('.svelte') ? [...text.matchAll(SCRIPT_BLOCK)].map((match) => match[1]).join('\n') : text;
  return ts
    .preProcessFile(code, true, true)
    .importedFiles.map(({ fileName }) => fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name))
    .filter((path) => existsSync(path));
}

/** Every import circle among `files`, each as the list of files around it (Tarjan's strongly connected components). */
export function importCircles(files: string[]): string[][] {
  const graph = new Map(files.map((file) => [resolve(file), importsOf(file)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) circles.push(component.reverse());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(import.meta.dirname, '..');
  const dirs = (process.argv.length > 2 ? process.argv.slice(2) : ['client', 'common', 'server', 'scripts', 'test']).map((dir) => resolve(root, dir));
  const files = dirs.flatMap(sourceFiles);
  const circles = importCircles(files);
  for (const circle of circles) console.error(`Import circle: ${circle.map((file) => relative(root, file)).join(' → ')}`);
  if (circles.length) process.exit(1);
  console.log(`No import circles in ${files.length} files.`);
}
