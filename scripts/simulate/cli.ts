/**
 * Bot phones for rehearsing and load-checking a session.
 *
 *   npm run simulate -- --participants 8                 own server, walk every phase, exit 0 if every bot saw every phase and
 *                                                        the activities went well: the quickscan (research.ts), statements
 *                                                        (statements.ts), dialogue and plenary tips (dialogue.ts), role-play
 *                                                        (roleplay.ts), evaluation (evaluation.ts) and action points
 *                                                        (actionPoints.ts), and the session report holds what it must and
 *                                                        nothing it must not (report.ts, checks.ts)
 *   npm run simulate -- --participants 8 --report FILE   the same, and write the session report as Markdown to FILE
 *   npm run simulate -- --participants 8 --url URL       the same against a running server
 *   npm run simulate -- --participants 8 --code ABC234   only add bots to an existing session; they vote on the statements (rehearse.ts; Ctrl-C stops them)
 *   npm run simulate -- --programme zes-misverstanden    the same with another programme the server has (its id; --language nl|en,
 *                                                        Dutch by default). An id the server does not have is a wrong argument:
 *                                                        the message lists the programmes there are (programmes.ts)
 *   npm run simulate -- --content DIR --programme ID     the own server loads DIR instead of content/ (a fixture, a trainer's draft)
 *   npm run simulate -- --participants 20 --kill-at roleplay
 *                                                        the walk with a crash rehearsal (crash.ts): the own server is built and
 *                                                        run as a process of its own (dist/simulate/index.js), killed with
 *                                                        kill -9 in that phase (its number, kind or title) once half the bots'
 *                                                        submissions are acknowledged, and started again on the same port and
 *                                                        data dir. Prints how long until every bot was back in its seat, and
 *                                                        checks that nothing the server acknowledged was lost; the bots and the
 *                                                        host send again what got no answer (same key) and finish the session
 *
 * Exit code: 0 when all went well, 1 when a check failed, 2 for wrong arguments.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../buildServer.ts';
import { rehearse } from './rehearse.ts';
import { UnknownPhaseError } from './crash.ts';
import { startOwnServer, startOwnServerProcess } from './ownServer.ts';
import { LANGUAGES, UnknownProgrammeError, type Language } from './programmes.ts';
import { walkThrough, type WalkOptions } from './walkThrough.ts';

/** Built apart from dist/server/, so that a rehearsal never swaps the file under a server that tests are starting. */
const REHEARSAL_BUILD = 'dist/simulate';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '8' },
    url: { type: 'string' },
    code: { type: 'string' },
    report: { type: 'string' },
    'kill-at': { type: 'string' },
    programme: { type: 'string' },
    language: { type: 'string' },
    content: { type: 'string' },
  },
});
const count = Number(values.participants);
const killAt = values['kill-at'];
const language = values.language as Language | undefined;
const contentDir = values.content === undefined ? undefined : resolve(values.content);
if (!Number.isInteger(count) || count < 1 || count > 500) {
  console.error('--participants moet een geheel getal van 1 tot 500 zijn');
  process.exit(2);
}
if (values.code && values.report) {
  // Bots added to someone else's session have no host token, so they cannot fetch its report.
  console.error('--report kan niet samen met --code: alleen de begeleider mag het verslag ophalen');
  process.exit(2);
}
if (killAt !== undefined && (values.url || values.code)) {
  console.error('--kill-at kan niet samen met --url of --code: de simulator stopt alleen zijn eigen server');
  process.exit(2);
}
if (language !== undefined && !LANGUAGES.includes(language)) {
  console.error(`--language moet ${LANGUAGES.join(' of ')} zijn`);
  process.exit(2);
}
if (values.code && (values.programme || language || contentDir)) {
  console.error('--programme, --language en --content gaan niet samen met --code: die sessie heeft haar programma al');
  process.exit(2);
}
if (contentDir && values.url) {
  console.error('--content kan niet samen met --url: een draaiende server heeft zijn eigen inhoud');
  process.exit(2);
}
if (contentDir && !existsSync(contentDir)) {
  console.error(`--content ${values.content}: die map bestaat niet`);
  process.exit(2);
}
if (killAt !== undefined && !killAt.trim()) {
  console.error('--kill-at wil een fase: haar nummer (1 is de eerste), soort (bijvoorbeeld roleplay) of titel');
  process.exit(2);
}

if (values.code) {
  await rehearse(values.url ?? 'http://localhost:3000', values.code.toUpperCase(), count);
  process.exit(0);
}
const walk: WalkOptions = { participants: count, programme: values.programme, language, contentDir, reportFile: values.report };

/** Walks with `options`; a programme or phase that is not there is a wrong argument (exit 2), a failed check exit 1. */
async function walkOn(url: string, options: WalkOptions): Promise<number> {
  try {
    return (await walkThrough(url, options)).ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UnknownPhaseError || error instanceof UnknownProgrammeError)) throw error;
    console.error(error.message);
    return 2;
  }
}

if (killAt !== undefined) {
  await buildServer(REHEARSAL_BUILD);
  const server = await startOwnServerProcess(`${REHEARSAL_BUILD}/index.js`, contentDir);
  console.log(`Eigen server als apart proces (${REHEARSAL_BUILD}/index.js) op ${server.url}`);
  try {
    process.exitCode = await walkOn(server.url, { ...walk, crash: { at: killAt, server } });
  } finally {
    // Also when the walk throws: no server process outlives the simulator.
    await server.close();
  }
  process.exit();
}
const server = values.url ? null : await startOwnServer(contentDir);
try {
  process.exitCode = await walkOn(values.url ?? server?.url ?? '', walk);
} finally {
  await server?.close();
}
process.exit();
