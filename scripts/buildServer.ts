// `npm run build:server`: the server compiled to one JavaScript file, dist/server/index.js, which
// `npm start` runs, and content/ checked and rendered ahead beside it (dist/server/content.json,
// see server/content/contentCache.ts). Node starts that without compiling TypeScript, resolving
// hundreds of package files or rendering Markdown: a server killed in the middle of a session is
// back in a fraction of a second, before the phones' next try.
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_DIR = 'dist/server';

/** `outDir` (inside the project, so the server finds package.json above it): another place, e.g. for a profile. */
export async function buildServer(outDir = SERVER_DIR): Promise<void> {
  await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { index: 'server/index.ts', contentCache: 'server/content/contentCache.ts' },
    outdir: outDir,
    bundle: true,
    // The packages are bundled too (loading one file beats resolving hundreds), except a native
    // module and the optional ones ws looks for.
    external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
    // The bundled CommonJS packages call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // For a stack trace in server/*.ts: NODE_OPTIONS=--enable-source-maps (it slows the start down a little).
    sourcemap: true,
    logLevel: 'warning',
  });
  // The loader just compiled, so the content is rendered by the very code the server runs.
  const { writeContentCache } = (await import(pathToFileURL(join(PROJECT_ROOT, outDir, 'contentCache.js')).href)) as typeof import('../server/content/contentCache.ts');
  try {
    writeContentCache(join(PROJECT_ROOT, 'content'), join(PROJECT_ROOT, outDir, 'content.json'));
  } catch (error) {
    // The server reports what is wrong with the content when it starts, and does not start.
    console.warn(`build:server: content/ not rendered ahead (${error instanceof Error ? error.name : 'error'})`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildServer();
