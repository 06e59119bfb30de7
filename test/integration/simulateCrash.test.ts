/**
 * The simulator's crash rehearsal, as `npm run simulate -- --participants 20 --kill-at roleplay --report FILE`
 * runs it minus the argument parsing and the build (vitest's global setup built dist/server/): the
 * own server as a process of its own, killed with SIGKILL in the role-play once half the bots' feedback
 * is acknowledged, started again on the same port and data dir. Asserts what its user would notice
 * in the output: every bot back in its seat, nothing acknowledged lost, the walk finished, the report
 * in order.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { phaseToKill } from '../../scripts/simulate/crash.ts';
import { startOwnServerProcess, type OwnServerProcess } from '../../scripts/simulate/ownServer.ts';
import { walkThrough } from '../../scripts/simulate/walkThrough.ts';

const BOTS = 20;
/** The default programme: intro, research, dialogue, plenary, roleplay, evaluation, actions. */
const PHASES = 7;
const ROLEPLAY = 5;

let server: OwnServerProcess | null = null;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'driegesprek-simulate-crash-test-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

it('names the phase to crash in by number, kind or title', () => {
  const agenda = [
    { kind: 'intro', title: 'Introductie' },
    { kind: 'roleplay', title: 'Oefenen' },
  ];
  expect(phaseToKill(agenda, '2')).toBe(1);
  expect(phaseToKill(agenda, 'roleplay')).toBe(1);
  expect(phaseToKill(agenda, 'oefenen')).toBe(1);
  expect(phaseToKill(agenda, 'Introductie')).toBe(0);
  expect(phaseToKill(agenda, '0')).toBeNull();
  expect(phaseToKill(agenda, '3')).toBeNull();
  expect(phaseToKill(agenda, 'evaluation')).toBeNull();
});

it('brings 20 bots and the host back after a kill -9 in the role-play, loses nothing acknowledged and finishes the session', async () => {
  server = await startOwnServerProcess();
  const reportFile = join(dir, 'verslag.md');
  const lines: string[] = [];
  const result = await walkThrough(server.url, { participants: BOTS, reportFile, log: (line) => lines.push(line), crash: { at: 'roleplay', server } });
  const output = lines.join('\n');

  expect(result, output).toEqual({ ok: true, everyoneSawEverything: true, activitiesWentWell: true, reportWentWell: true, crashWentWell: true });
  expect(lines.filter((line) => line.includes('FOUT')), output).toEqual([]);
  // Killed in the role-play, with half the bots' feedback in and the rest on its way.
  const crash = /^Crash: kill -9 op de server in fase (\d)\/(\d) (.+), (\d+) inzendingen van de bots al bevestigd$/.exec(lines.find((line) => line.startsWith('Crash:')) ?? '');
  expect(crash, output).not.toBeNull();
  expect(crash?.slice(1, 4), output).toEqual([String(ROLEPLAY), String(PHASES), 'Oefenen']);
  const acknowledged = Number(crash?.[4]);
  expect(acknowledged).toBeGreaterThanOrEqual(BOTS / 2);
  // Everyone back, the host in the phase it left, and every acknowledged submission still there.
  expect(lines.find((line) => line.startsWith('Herstart:')), output).toMatch(new RegExp(`^Herstart: ${BOTS}/${BOTS} bots terug in \\d+,\\d\\d s \\(server na \\d+,\\d\\d s klaar\\), de begeleider terug in fase ${ROLEPLAY}$`));
  expect(lines, output).toContain(`Niets kwijt: ${acknowledged}/${acknowledged} bevestigde inzendingen staan er na de herstart nog`);
  // What got no answer was sent again with its key, and stored once.
  expect(lines.find((line) => line.startsWith('Na de herstart opnieuw verstuurd:')), output).toMatch(/; niets dubbel opgeslagen$/);
  // The walk went on: both rounds' feedback complete, every phase and the close seen by every bot.
  expect(lines.filter((line) => /^Feedback ronde \d: (\d+)\/\1$/.test(line)), output).toHaveLength(2);
  for (let phase = 1; phase <= PHASES; phase++) expect(lines.some((line) => line.startsWith(`Fase ${phase}/${PHASES} `) && line.endsWith(`: ${BOTS}/${BOTS} bots`)), output).toBe(true);
  expect(lines).toContain(`Afgesloten: ${BOTS}/${BOTS} bots`);
  // The report, fetched from the restarted server, holds what was written before and after the crash.
  expect(existsSync(reportFile)).toBe(true);
  expect(lines.find((line) => line.startsWith('Verslag geschreven')), output).toMatch(/: in orde$/);
  expect(lines.at(-1)).toMatch(/^OK: .*na de crash was iedereen terug en niets kwijt\.$/);
}, 60_000);

it('kills the server in a phase where the bots send nothing (the intro) when that phase is done, and walks on', async () => {
  server = await startOwnServerProcess();
  const lines: string[] = [];
  const result = await walkThrough(server.url, { participants: 3, log: (line) => lines.push(line), crash: { at: '1', server } });
  const output = lines.join('\n');

  expect(result, output).toEqual({ ok: true, everyoneSawEverything: true, activitiesWentWell: true, reportWentWell: true, crashWentWell: true });
  expect(lines, output).toContain('Crash: kill -9 op de server in fase 1/7 Introductie, 0 inzendingen van de bots al bevestigd');
  expect(lines.find((line) => line.startsWith('Herstart:')), output).toMatch(/^Herstart: 3\/3 bots terug in .*, de begeleider terug in fase 1$/);
  expect(lines, output).toContain('Afgesloten: 3/3 bots');
}, 60_000);
