/**
 * The server's start (`npm start`, the compiled dist/server/index.js) judges a content folder as the
 * CLI and the home page's check do (test/unit/contentMistakes.test.ts): a BOM and HTML start it,
 * the HTML with a warning per thing left out; a file that is not UTF-8 keeps it from starting.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { freePort, spawnServer, type ServerProcess } from '../helpers/serverProcess.ts';

const PROGRAMME = ['---', 'id: kort', 'title: Kort programma', 'language: nl', 'phases:', '  - kind: intro', '    title: Begin', '    minutes: 5', '---', ''].join('\n');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A content folder with a programme and the fixtures `names` as card sets, and a server started on it. */
async function startOn(...names: string[]): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-start-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'content', 'programmes'), { recursive: true });
  mkdirSync(join(dir, 'content', 'cardsets'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'content', 'programmes', 'kort.md'), PROGRAMME);
  for (const name of names) writeFileSync(join(dir, 'content', 'cardsets', name), readFileSync(join(PROJECT_ROOT, 'test/fixtures/content-mistakes', name)));
  const server = spawnServer({ port: await freePort(), dataDir: join(dir, 'data'), contentDir: join(dir, 'content') });
  cleanup.push(() => server.stop('SIGKILL'));
  return server;
}

it('starts with a BOM and with HTML in a card set, printing a warning per thing left out, at its line', async () => {
  const server = await startOn('bom.md', 'html.md');
  await server.ready;
  const output = server.output();
  expect(output).toContain('De inhoud heeft 3 waarschuwingen');
  expect(output).toMatch(/cardsets\/html\.md:8: situation: waarschuwing: <script> is weggelaten/);
  expect(output).toMatch(/cardsets\/html\.md:9: situation: waarschuwing: <div> is weggelaten/);
  expect(output).toMatch(/cardsets\/html\.md:15: cards\.0\.tip: waarschuwing: de link „de handleiding” naar javascript:alert\(1\) is weggelaten/);
  const sets = (await (await fetch(`${server.url}/api/library`)).json()) as { cardSets: { id: string; title: string }[] };
  expect(sets.cardSets.map((set) => set.title).sort()).toEqual(['Eigen set', 'Met BOM']);
});

it('does not start on a file that is not UTF-8, and says which and where', async () => {
  const server = await startOn('latin1.md');
  await expect(server.ready).rejects.toThrow(/exited/);
  expect(server.output()).toContain('De inhoud bevat fouten; de server start niet');
  expect(server.output()).toMatch(/cardsets\/latin1\.md:6: \(bestand\): het bestand is geen UTF-8; sla het op als UTF-8/);
});
