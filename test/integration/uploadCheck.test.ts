/**
 * The home page's check of an own card set (POST /api/cardsets/check, shown by CheckedFile.svelte):
 * warnings come with a usable set, errors refuse it, and a file reads the same as in the CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

const live = useLiveServer();
const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'test/fixtures/content-mistakes', name));
const check = async (fileName: string, source: string) => {
  const response = await fetch(`${live.server.url}/api/cardsets/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fileName, source }) });
  expect(response.status).toBe(200);
  return response.json();
};
/** As the browser's file.text() reads a chosen file. */
const asBrowserReads = (name: string) => new TextDecoder().decode(fixture(name));

describe('POST /api/cardsets/check', () => {
  it('a set with HTML in it: usable, with a warning per thing left out, at its line', async () => {
    const result = await check('html.md', asBrowserReads('html.md'));
    expect(result).toMatchObject({ ok: true, cardSet: { id: 'met-html', title: 'Eigen set' } });
    expect(result.warnings.map(({ line, field, severity }: { line: number; field: string; severity: string }) => [line, field, severity])).toEqual([
      [8, 'situation', 'warning'],
      [9, 'situation', 'warning'],
      [15, 'cards.0.tip', 'warning'],
    ]);
  });

  it('a good set: no warnings', async () => {
    expect(await check('goed.md', asBrowserReads('goed.md'))).toMatchObject({ ok: true, warnings: [] });
  });

  it('a Latin-1 file: refused, with the line of its first letter that is not UTF-8', async () => {
    expect(await check('latin1.md', asBrowserReads('latin1.md'))).toEqual({
      ok: false,
      problems: [{ file: 'latin1.md', line: 6, field: '(bestand)', severity: 'error', message: expect.stringMatching(/^het bestand is geen UTF-8; sla het op als UTF-8/) }],
    });
  });

  it('a BOM: accepted, whether the browser dropped it or not', async () => {
    expect(await check('bom.md', asBrowserReads('bom.md'))).toMatchObject({ ok: true, cardSet: { title: 'Met BOM' } });
    expect(await check('bom.md', fixture('bom.md').toString('utf8'))).toMatchObject({ ok: true, cardSet: { title: 'Met BOM' } });
  });

  it('a tab indent: one error at the tab’s line', async () => {
    expect(await check('tab.md', asBrowserReads('tab.md'))).toEqual({
      ok: false,
      problems: [{ file: 'tab.md', line: 12, field: '(yaml)', severity: 'error', message: 'deze regel springt in met een tab: gebruik spaties, geen tabs (twee spaties per niveau)' }],
    });
  });
});
