/**
 * Bot phones for rehearsing and load-checking a session.
 *
 *   npm run simulate -- --participants 8                 own server, walk every phase, exit 0 if every bot saw every phase and
 *                                                        the activities went well: the quickscan (research.ts), dialogue and
 *                                                        plenary tips (dialogue.ts), role-play (roleplay.ts), evaluation
 *                                                        (evaluation.ts) and action points (actionPoints.ts)
 *   npm run simulate -- --participants 8 --report FILE   the same, then write the session report as Markdown to FILE and
 *                                                        check it holds what it must and nothing it must not (checks.ts)
 *   npm run simulate -- --participants 8 --url URL       the same against a running server
 *   npm run simulate -- --participants 8 --code ABC234   only add bots to an existing session (Ctrl-C stops them)
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
import { parseArgs } from 'node:util';
import { buildServer } from '../buildServer.ts';
import { rehearse } from './bots.ts';
import { UnknownPhaseError } from './crash.ts';
import { startOwnServer, startOwnServerProcess } from './ownServer.ts';
import { walkThrough } from './walkThrough.ts';

/** Built apart from dist/server/, so that a rehearsal never swaps the file under a server that tests are starting. */
const REHEARSAL_BUILD = 'dist/simulate';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '8' },
    url: { type: 'string' },
    code: { type: 'string' },
    report: { type: 'string' },
    'kill-at': { type: 'string' },
  },
});
const count = Number(values.participants);
const killAt = values['kill-at'];
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
if (killAt !== undefined && !killAt.trim()) {
  console.error('--kill-at wil een fase: haar nummer (1 is de eerste), soort (bijvoorbeeld roleplay) of titel');
  process.exit(2);
}

if (values.code) {
  await rehearse(values.url ?? 'http://localhost:3000', values.code.toUpperCase(), count);
  process.exit(0);
}
if (killAt !== undefined) {
  await buildServer(REHEARSAL_BUILD);
  const server = await startOwnServerProcess(`${REHEARSAL_BUILD}/index.js`);
  console.log(`Eigen server als apart proces (${REHEARSAL_BUILD}/index.js) op ${server.url}`);
  try {
    const { ok } = await walkThrough(server.url, { participants: count, reportFile: values.report, crash: { at: killAt, server } });
    process.exitCode = ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UnknownPhaseError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  } finally {
    // Also when the walk throws: no server process outlives the simulator.
    await server.close();
  }
  process.exit();
}
const server = values.url ? null : await startOwnServer();
const { ok } = await walkThrough(values.url ?? server?.url ?? '', { participants: count, reportFile: values.report });
await server?.close();
process.exit(ok ? 0 : 1);
