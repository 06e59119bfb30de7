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
 *
 * Exit code: 0 when all went well, 1 when a check failed, 2 for wrong arguments.
 */
import { parseArgs } from 'node:util';
import { rehearse } from './bots.ts';
import { startOwnServer } from './ownServer.ts';
import { walkThrough } from './walkThrough.ts';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '8' },
    url: { type: 'string' },
    code: { type: 'string' },
    report: { type: 'string' },
  },
});
const count = Number(values.participants);
if (!Number.isInteger(count) || count < 1 || count > 500) {
  console.error('--participants moet een geheel getal van 1 tot 500 zijn');
  process.exit(2);
}
if (values.code && values.report) {
  // Bots added to someone else's session have no host token, so they cannot fetch its report.
  console.error('--report kan niet samen met --code: alleen de begeleider mag het verslag ophalen');
  process.exit(2);
}

if (values.code) {
  await rehearse(values.url ?? 'http://localhost:3000', values.code.toUpperCase(), count);
  process.exit(0);
}
const server = values.url ? null : await startOwnServer();
const { ok } = await walkThrough(values.url ?? server?.url ?? '', { participants: count, reportFile: values.report });
await server?.close();
process.exit(ok ? 0 : 1);
