/**
 * Smoke run of the simulator (scripts/simulate/), as `npm run simulate -- --participants 3 --report FILE`
 * does it minus the argument parsing: three bots walk a whole session on the simulator's own server
 * (the real SQLite store in a temp dir). Asserts what its user would notice in the output: success,
 * every bot in every phase, no privacy problem, and the report written and found in order; and the
 * same on the original programme (no quickscan, no action points), chosen with --programme.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startOwnServer } from '../../scripts/simulate/ownServer.ts';
import { walkThrough } from '../../scripts/simulate/walkThrough.ts';

const BOTS = 3;
/** The default programme: intro, research, dialogue, plenary, roleplay, evaluation, actions. */
const PHASES = 7;

let server: Awaited<ReturnType<typeof startOwnServer>>;
let dir: string;
beforeEach(async () => {
  server = await startOwnServer();
  dir = mkdtempSync(join(tmpdir(), 'driegesprek-simulate-test-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('walks three bots through every phase, keeps privacy and writes a report that checks out', async () => {
  const reportFile = join(dir, 'verslag.md');
  const lines: string[] = [];
  const result = await walkThrough(server.url, { participants: BOTS, reportFile, log: (line) => lines.push(line) });
  const output = lines.join('\n');

  expect(result, output).toEqual({ ok: true, everyoneSawEverything: true, activitiesWentWell: true, reportWentWell: true, crashWentWell: true });
  expect(lines.filter((line) => line.includes('FOUT')), output).toEqual([]);
  // Every bot saw every phase, and the close.
  for (let phase = 1; phase <= PHASES; phase++) expect(lines.some((line) => line.startsWith(`Fase ${phase}/${PHASES} `) && line.endsWith(`: ${BOTS}/${BOTS} bots`)), output).toBe(true);
  expect(lines).toContain(`Afgesloten: ${BOTS}/${BOTS} bots`);
  // Three respondents: the team's figures are shown, and they are what the bots sent.
  expect(lines.find((line) => line.startsWith('Quickscan:')), output).toMatch(`${BOTS}/${BOTS} bots vulden in, teamcijfers kloppen`);
  // No privacy problem: no role card seen in either round, no action point seen by another.
  expect(lines.filter((line) => line === 'Privacy: in orde (0 kaarten gezien die niet mochten)'), output).toHaveLength(2);
  expect(lines.find((line) => line.startsWith('Actiepunten:')), output).toMatch(/privacy in orde$/);
  expect(lines.find((line) => line.startsWith('Evaluatie:')), output).toMatch(/zonder namen$/);
  // The report: written, checked, in order.
  expect(existsSync(reportFile)).toBe(true);
  const lineCount = readFileSync(reportFile, 'utf8').trimEnd().split('\n').length;
  expect(lines).toContain(`Verslag geschreven naar ${reportFile} (${lineCount} regels): in orde`);
  expect(lines.at(-1)).toMatch(/^OK: .*het verslag klopt\.$/);
});

it('walks a programme without a quickscan or action points (--programme tienminutengesprekken-origineel): the presentation only, and a report without them', async () => {
  const lines: string[] = [];
  const result = await walkThrough(server.url, { participants: BOTS, programme: 'tienminutengesprekken-origineel', log: (line) => lines.push(line) });
  const output = lines.join('\n');

  expect(result, output).toEqual({ ok: true, everyoneSawEverything: true, activitiesWentWell: true, reportWentWell: true, crashWentWell: true });
  expect(lines.filter((line) => line.includes('FOUT')), output).toEqual([]);
  expect(lines, output).toContain('Quickscan: deze fase heeft er geen');
  expect(lines.find((line) => line.startsWith('Presentatie:')), output).toMatch(`op ${BOTS}/${BOTS} telefoons`);
  expect(lines.find((line) => line.startsWith('Verslag')), output).toMatch(/^Verslag \(\d+ regels\): in orde$/);
  expect(lines.at(-1)).toBe('OK: elke bot zag elke fase, volgde de presentatie van het onderzoek, schreef op de flap, speelde het rollenspel, gaf feedback, evalueerde; tips gekozen, het verslag klopt.');
});
