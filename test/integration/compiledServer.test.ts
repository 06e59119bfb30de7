/**
 * The server as `npm start` runs it: compiled into one file (dist/server/index.js, built by the tests'
 * global setup as by `npm run build:server`), packages bundled in. It serves the built client as the
 * server from source does: the phone page with its session, files compressed and cached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSession } from '../../scripts/lib/clients.ts';
import { freePort, spawnServer, type ServerProcess } from '../helpers/serverProcess.ts';

let dataDir: string;
let server: ServerProcess;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-compiled-'));
  server = spawnServer({ port: await freePort(), dataDir });
  await server.ready;
});

afterEach(async () => {
  await server.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('serves the phone page with its session, and the built files compressed and cached', async () => {
  const { code } = await createSession(server.url, undefined, 'en');
  const page = await fetch(`${server.url}/s/${code}`, { headers: { 'accept-encoding': 'br' } });
  expect(page.headers.get('content-encoding')).toBe('br');
  const html = await page.text();
  expect(html).toContain('<meta name="driegesprek-session" content="status=open; language=en">');

  const script = /<script type="module" crossorigin src="([^"]+)">/.exec(html)?.[1];
  const asset = await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-encoding')).toBe('gzip');
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

  const home = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'br' } });
  expect(home.headers.get('content-encoding')).toBe('br');
  expect(home.headers.get('cache-control')).toBe('no-cache');
  expect(await home.text()).toContain('<div id="app"></div>');
});
