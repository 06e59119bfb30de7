/**
 * Bot phones for rehearsing and load-checking a session.
 *
 *   npm run simulate -- --participants 8                 own server, walk every phase, exit 0 if every bot saw every phase
 *   npm run simulate -- --participants 8 --url URL       the same against a running server
 *   npm run simulate -- --participants 8 --code ABC234   only add bots to an existing session (Ctrl-C stops them)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { PhoneView } from '../server/protocol/views.ts';
import { startServer } from '../server/startServer.ts';
import { createSqliteStore } from '../server/store/sqliteStore.ts';
import { createSession, hostClient, joinedPhone, type Client } from '../test/helpers/clients.ts';

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet', 'Koen', 'Lotte', 'Mees', 'Noor', 'Omar', 'Pien'];
const PHASE_TIMEOUT_MS = 10_000;

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '8' },
    url: { type: 'string' },
    code: { type: 'string' },
  },
});
const count = Number(values.participants);
if (!Number.isInteger(count) || count < 1 || count > 500) {
  console.error('--participants moet een geheel getal van 1 tot 500 zijn');
  process.exit(2);
}

const botName = (index: number) => `${NAMES[index % NAMES.length]}${index >= NAMES.length ? ` ${Math.floor(index / NAMES.length) + 1}` : ''}`;

async function joinBots(url: string, code: string): Promise<Client<PhoneView>[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => joinedPhone(url, code, botName(index))));
}

const sawPhase = (bot: Client<PhoneView>, index: number) => bot.views.some((view) => view.phase?.index === index);

async function rehearse(url: string, code: string) {
  const bots = await joinBots(url, code);
  console.log(`${bots.length} bots doen mee met ${code}. Stop met Ctrl-C.`);
  let shown: number | null = null;
  const report = (view: PhoneView) => {
    const index = view.status === 'closed' ? -2 : (view.phase?.index ?? -1);
    if (index === shown) return;
    shown = index;
    console.log(view.status === 'closed' ? 'Sessie afgesloten.' : view.phase ? `Fase ${view.phase.index + 1}: ${view.phase.title}` : 'Wachten in de lobby…');
    if (view.status === 'closed') process.exit(0);
  };
  const first = bots[0];
  if (first?.last) report(first.last);
  first?.socket.on('view:phone', report);
  process.on('SIGINT', () => {
    for (const bot of bots) bot.close();
    process.exit(0);
  });
}

async function walkThrough(url: string): Promise<boolean> {
  const { code, hostToken } = await createSession(url);
  const host = hostClient(url, code, hostToken);
  const bots = await joinBots(url, code);
  await host.until((view) => view.participants.filter((participant) => participant.online).length === count);
  console.log(`Sessie ${code}: ${count} bots in de lobby`);

  const phases = (await host.until((view) => view.agenda.length > 0)).agenda;
  let everyoneSawEverything = true;
  for (const [index, phase] of phases.entries()) {
    const result = await host.socket.emitWithAck(index === 0 ? 'host:start' : 'host:next', {});
    if (!result.ok) throw new Error(`fase ${index + 1}: ${result.error}`);
    await Promise.allSettled(bots.map((bot) => bot.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS)));
    const saw = bots.filter((bot) => sawPhase(bot, index)).length;
    everyoneSawEverything &&= saw === count;
    console.log(`Fase ${index + 1}/${phases.length} ${phase.title} (${phase.kind}): ${saw}/${count} bots`);
  }
  await host.socket.emitWithAck('host:end', {});
  await Promise.allSettled(bots.map((bot) => bot.until((view) => view.status === 'closed', PHASE_TIMEOUT_MS)));
  const closed = bots.filter((bot) => bot.last?.status === 'closed').length;
  everyoneSawEverything &&= closed === count;
  console.log(`Afgesloten: ${closed}/${count} bots`);
  for (const client of [host, ...bots]) client.close();
  return everyoneSawEverything;
}

if (values.code) {
  await rehearse(values.url ?? 'http://localhost:3000', values.code.toUpperCase());
} else {
  // Without --url: a server of our own, with the real SQLite store in a temporary data dir.
  const dataDir = values.url ? null : mkdtempSync(join(tmpdir(), 'driegesprek-simulate-'));
  const server = dataDir ? await startServer({ store: createSqliteStore(dataDir) }) : null;
  const ok = await walkThrough(values.url ?? server?.url ?? '');
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  console.log(ok ? 'OK: elke bot zag elke fase.' : 'FOUT: niet elke bot zag elke fase.');
  process.exit(ok ? 0 : 1);
}
