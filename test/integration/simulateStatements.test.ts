/**
 * The simulator on programmes other than the default, as `npm run simulate -- --programme ID` runs
 * it minus the argument parsing: the fixture programme with a statements phase
 * (test/fixtures/content-statements, `--content`), with 12 bots that vote, change their mind and
 * lose an ack; the same with a kill -9 during the first vote (`--kill-at statements`; vitest's global
 * setup built dist/server/); an id the server does not have; and the two programmes of content/ with
 * statements, Zes misverstanden and Het startgesprek, each with 12 bots; and bots added to a
 * facilitator's own session (`--code`) voting when a vote opens. Asserts what its user would notice
 * in the output or on the projector.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loadContent.ts';
import { contentKey } from '../../server/content/types.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { startOwnServer, startOwnServerProcess, type OwnServerProcess } from '../../scripts/simulate/ownServer.ts';
import { UnknownProgrammeError } from '../../scripts/simulate/programmes.ts';
import { rehearse } from '../../scripts/simulate/rehearse.ts';
import { createSession, hostClient } from '../../scripts/lib/clients.ts';
import { walkThrough } from '../../scripts/simulate/walkThrough.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/content-statements');
const BOTS = 12;
/** The fixture programme: intro, statements (3 statements), actions. */
const PHASES = 3;
const STATEMENTS = 3;
const allWell = { ok: true, everyoneSawEverything: true, activitiesWentWell: true, reportWentWell: true, crashWentWell: true };

let own: { url: string; close: () => Promise<void> } | null = null;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'driegesprek-simulate-statements-test-'));
});
afterEach(async () => {
  await own?.close();
  own = null;
  rmSync(dir, { recursive: true, force: true });
});

/** What every walk of the fixture programme must print, crash or not. */
function expectFixtureWalk(lines: string[]) {
  const output = lines.join('\n');
  expect(lines.filter((line) => line.includes('FOUT')), output).toEqual([]);
  expect(lines, output).toContain('Programma "Stellingen over het tienminutengesprek" (stellingen, nl): intro, statements, actions');
  for (let phase = 1; phase <= PHASES; phase++) expect(lines.some((line) => line.startsWith(`Fase ${phase}/${PHASES} `) && line.endsWith(`: ${BOTS}/${BOTS} bots`)), output).toBe(true);
  // Every statement voted on by every bot, with changes of mind and lost acks counted once each.
  const statementLines = lines.filter((line) => line.startsWith('Stelling '));
  expect(statementLines, output).toHaveLength(STATEMENTS);
  for (const line of statementLines) {
    expect(line, output).toMatch(new RegExp(`eerste stemming ${BOTS}/${BOTS} stemmen \\(eens \\d+, oneens \\d+, weet niet \\d+; 3 van mening veranderd, 3 zonder bevestiging \\(verbinding weg\\) en opnieuw verstuurd\\)`));
  }
  // A second vote on the first statement and on the last, where only two bots vote: no distribution.
  expect(statementLines[0], output).toMatch(new RegExp(`; tweede stemming ${BOTS}/${BOTS} stemmen \\(eens \\d+, oneens \\d+, weet niet \\d+\\)$`));
  expect(statementLines[1], output).not.toContain('tweede stemming');
  expect(statementLines[2], output).toMatch(new RegExp(`; tweede stemming 2/${BOTS} stemmen \\(geen verdeling: minder dan 3\\)$`));
  expect(lines, output).toContain('Stellingen: 3 stellingen, 5 stemmingen, uitslagen kloppen, privacy in orde');
  expect(lines.find((line) => line.startsWith('Actiepunten:')), output).toMatch(/0 teamactiepunten, privacy in orde$/);
  expect(lines, output).toContain(`Afgesloten: ${BOTS}/${BOTS} bots`);
}

it('walks 12 bots through the fixture programme: they vote, change their mind, lose acks, and the screens and the report count each last vote once', async () => {
  own = await startOwnServer(FIXTURE);
  const reportFile = join(dir, 'verslag.md');
  const lines: string[] = [];
  const result = await walkThrough(own.url, { participants: BOTS, programme: 'stellingen', contentDir: FIXTURE, reportFile, log: (line) => lines.push(line) });
  const output = lines.join('\n');

  expect(result, output).toEqual(allWell);
  expectFixtureWalk(lines);
  expect(existsSync(reportFile)).toBe(true);
  expect(lines.find((line) => line.startsWith('Verslag geschreven naar')), output).toMatch(/: in orde$/);
  expect(lines.at(-1)).toBe('OK: elke bot zag elke fase, stemde over de stellingen, schreef actiepunten; niemand zag andermans actiepunten, het verslag klopt.');
});

it('kills the server with kill -9 during the first vote: every bot back, no acknowledged vote lost or counted twice', async () => {
  const server: OwnServerProcess = await startOwnServerProcess(undefined, FIXTURE);
  own = server;
  const lines: string[] = [];
  const result = await walkThrough(server.url, { participants: BOTS, programme: 'stellingen', contentDir: FIXTURE, log: (line) => lines.push(line), crash: { at: 'statements', server } });
  const output = lines.join('\n');

  expect(result, output).toEqual(allWell);
  // Killed in the vote on the first statement, with half the bots' votes acknowledged and the rest on their way.
  const crash = /^Crash: kill -9 op de server in fase 2\/3 Stellingen, (\d+) inzendingen van de bots al bevestigd$/.exec(lines.find((line) => line.startsWith('Crash:')) ?? '');
  expect(crash, output).not.toBeNull();
  expect(Number(crash?.[1])).toBeGreaterThanOrEqual(BOTS / 2);
  expect(lines.findIndex((line) => line.startsWith('Crash:')), output).toBeLessThan(lines.findIndex((line) => line.startsWith('Stelling 1/3')));
  expect(lines.find((line) => line.startsWith('Herstart:')), output).toMatch(new RegExp(`^Herstart: ${BOTS}/${BOTS} bots terug in \\d+,\\d\\d s \\(server na \\d+,\\d\\d s klaar\\), de begeleider terug in fase 2$`));
  expect(lines.find((line) => line.startsWith('Niets kwijt:')), output).toMatch(/^Niets kwijt: (\d+)\/\1 bevestigde inzendingen staan er na de herstart nog$/);
  // Counted once: the projector's counts after the restart are the bots' last votes (checked per vote in the statement lines).
  expectFixtureWalk(lines);
  expect(lines.find((line) => line.startsWith('Verslag')), output).toMatch(/^Verslag \(\d+ regels\): in orde$/);
  expect(lines.at(-1)).toMatch(/^OK: .*na de crash was iedereen terug en niets kwijt\.$/);
}, 60_000);

it('npm run simulate -- --programme with an id the server does not have: exit 2, and the message names the programmes there are', async () => {
  const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['scripts/simulate/cli.ts', '--content', FIXTURE, '--programme', 'bestaat-niet'], { cwd: PROJECT_ROOT }, (_error, _stdout, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });
  expect(run.stderr.trim()).toBe("--programme bestaat-niet: onbekend programma. Programma's op de server: stellingen (nl)");
  expect(run.code).toBe(2);
}, 20_000);

it('refuses a programme the server does not have, naming the ones it has', async () => {
  own = await startOwnServer(FIXTURE);
  const walk = walkThrough(own.url, { participants: 1, programme: 'zes-misverstanden', log: () => {} });
  await expect(walk).rejects.toThrow(UnknownProgrammeError);
  await expect(walk).rejects.toThrow("--programme zes-misverstanden: onbekend programma. Programma's op de server: stellingen (nl)");
  await expect(walkThrough(own.url, { participants: 1, programme: 'stellingen', language: 'en', log: () => {} })).rejects.toThrow(
    "--programme stellingen: dit programma is er niet in het Engels (--language en). Programma's op de server: stellingen (nl)",
  );
});

// The programmes of content/ with a statements phase; their phases and statements are read from the files, so an edit there does not break this.
it.each([
  { id: 'zes-misverstanden', done: 'stemde over de stellingen, schreef op de flap, schreef actiepunten' },
  { id: 'startgesprek', done: 'stemde over de stellingen, speelde het rollenspel, gaf feedback, evalueerde, schreef op de flap, schreef actiepunten' },
])('walks 12 bots through the programme $id with its votes and checks its report', async ({ id, done }) => {
  const programme = loadContent(`${PROJECT_ROOT}content`).programmes.get(contentKey(id, 'nl'));
  expect(programme, `content/programmes/${id}.md`).toBeDefined();
  const phases = programme!.phases;
  const statements = phases.filter((phase) => phase.kind === 'statements').reduce((sum, phase) => sum + phase.statements.length, 0);
  own = await startOwnServer();
  const lines: string[] = [];
  const result = await walkThrough(own.url, { participants: BOTS, programme: id, log: (line) => lines.push(line) });
  const output = lines.join('\n');

  expect(result, output).toEqual(allWell);
  expect(lines.filter((line) => line.includes('FOUT')), output).toEqual([]);
  for (let phase = 1; phase <= phases.length; phase++) expect(lines.some((line) => line.startsWith(`Fase ${phase}/${phases.length} `) && line.endsWith(`: ${BOTS}/${BOTS} bots`)), output).toBe(true);
  const statementLines = lines.filter((line) => line.startsWith('Stelling '));
  expect(statementLines, output).toHaveLength(statements);
  for (const line of statementLines) expect(line, output).toMatch(new RegExp(`^Stelling \\d+/\\d+ ".+": eerste stemming ${BOTS}/${BOTS} stemmen \\(eens \\d+, oneens \\d+, weet niet \\d+; `));
  expect(lines.filter((line) => line.startsWith('Stellingen:')).every((line) => line.endsWith('uitslagen kloppen, privacy in orde')), output).toBe(true);
  // A dialogue about the statements the team agreed with most shows those the votes give, on the screen and every phone.
  for (const phase of phases.filter((candidate) => candidate.topStatements)) {
    const label = phase.kind === 'plenary' ? 'Plenair' : 'Dialoog';
    expect(lines.find((line) => line.startsWith(`${label}: de ${phase.topStatements} stellingen`)), output).toMatch(new RegExp(`; op het scherm en ${BOTS}/${BOTS} telefoons$`));
  }
  expect(lines, output).toContain(`Afgesloten: ${BOTS}/${BOTS} bots`);
  expect(lines.find((line) => line.startsWith('Verslag')), output).toMatch(/^Verslag \(\d+ regels\): in orde$/);
  expect(lines.at(-1)).toMatch(new RegExp(`^OK: elke bot zag elke fase, ${done}; .*het verslag klopt\\.$`));
}, 30_000);

it("adds bots to a facilitator's session (--code) that vote when the facilitator opens a vote, so the rehearsal has a result to show", async () => {
  own = await startOwnServer(FIXTURE);
  const { code, hostToken } = await createSession(own.url, 'stellingen');
  const host = hostClient(own.url, code, hostToken);
  await host.connected();
  const rehearsal = rehearse(own.url, code, 4);
  await host.until((view) => view.participants.filter((participant) => participant.online).length === 4);
  expect(await host.socket.emitWithAck('host:start', {})).toEqual({ ok: true, data: null });
  expect(await host.socket.emitWithAck('host:next', {})).toEqual({ ok: true, data: null });
  await host.until((view) => view.statements !== null);
  expect(await host.socket.emitWithAck('host:statementVote', { open: true })).toEqual({ ok: true, data: null });
  await host.until((view) => view.statements?.rounds[0]?.votes === 4);
  expect(await host.socket.emitWithAck('host:statementVote', { open: false })).toEqual({ ok: true, data: null });
  const result = await host.until((view) => view.statements?.rounds[0]?.open === false);
  const counts = result.statements!.rounds[0]!.counts!;
  expect(counts.agree + counts.disagree + counts.unsure).toBe(4);
  // The bots follow the session to its end, and then the rehearsal stops.
  expect(await host.socket.emitWithAck('host:end', {})).toEqual({ ok: true, data: null });
  await rehearsal;
  host.close();
});
