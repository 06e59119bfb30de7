/** Load content, create the app and listen: shared by `npm start`, the simulator and the tests. */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './app.ts';
import { loadContent } from './content/loadContent.ts';
import { createMemoryStore } from './store/sessionStore.ts';

/** The folder with package.json: above server/ when run from source, above dist/server/ when compiled (npm start). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir + sep;
}

export const PROJECT_ROOT = projectRoot();

export interface StartOptions extends Partial<Omit<AppDeps, 'publicUrl'>> {
  port?: number;
  host?: string;
  /** Base URL for phones; defaults to the address the server listens on. */
  publicUrl?: string;
}

export async function startServer(options: StartOptions = {}) {
  const { port: wantedPort, host, publicUrl: wantedUrl, ...deps } = options;
  let publicUrl = wantedUrl ?? '';
  const server = createApp({
    ...deps,
    content: deps.content ?? loadContent(`${PROJECT_ROOT}content`),
    store: deps.store ?? createMemoryStore(),
    clientDir: deps.clientDir ?? `${PROJECT_ROOT}dist/client`,
    mediaDir: deps.mediaDir ?? `${PROJECT_ROOT}content/media`,
    contentDir: deps.contentDir ?? `${PROJECT_ROOT}content`,
    publicUrl: () => publicUrl,
  });
  await server.restored;
  await server.app.listen({ port: wantedPort ?? 0, host: host ?? '127.0.0.1' });
  const { port } = server.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  publicUrl ||= url;
  return { ...server, url, port };
}

export type RunningServer = Awaited<ReturnType<typeof startServer>>;
