/**
 * The programme "Zes misverstanden" over real sockets against the compiled server: six phones vote
 * on the statements, the dialogue then gives the projector and every phone the two statements
 * the room agreed with most, and after a kill -9 and a restart it still does, from the stored votes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, hostClient, joinedPhone, type Client, type ClientOptions } from '../../scripts/lib/clients.ts';
import { loadContent } from '../../server/content/loadContent.ts';
import type { PhoneView, ProjectorView, VoteChoice } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { freePort, spawnServer, type ServerProcess } from '../helpers/serverProcess.ts';

const CONTENT = join(PROJECT_ROOT, 'content');
const STATEMENTS = loadContent(CONTENT).programmes.get('nl/zes-misverstanden')!.phases[1]!.statements.map((statement) => statement.text);
const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor'];
/**
 * How many of the six agree with each of the first four statements: the fourth (6 of 6) and the first
 * (5 of 6) stand out. The last two get no vote (a host may send 20 commands at once, then 5 a second).
 */
const AGREE = [5, 1, 2, 6];
const ok = { ok: true, data: null };

describe('Zes misverstanden over sockets', () => {
  const clients: (Client<ProjectorView> | Client<PhoneView>)[] = [];
  const servers: ServerProcess[] = [];
  let dataDir = '';

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(servers.splice(0).map((server) => server.stop('SIGKILL')));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the dialogue the two statements most agreed with, on the projector and every phone, also after kill -9', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-top-'));
    const port = await freePort();
    const start = () => {
      const server = spawnServer({ port, dataDir, contentDir: CONTENT });
      servers.push(server);
      return server;
    };
    const first = start();
    await first.ready;
    const reconnect: ClientOptions = { reconnectionDelay: 100, reconnectionDelayMax: 2000 };
    const { code, hostToken } = await createSession(first.url, 'zes-misverstanden');
    const host = hostClient(first.url, code, hostToken, reconnect);
    clients.push(host);
    await host.connected();
    const phones: Client<PhoneView>[] = [];
    for (const name of NAMES) phones.push(await joinedPhone(first.url, code, name, undefined, reconnect));
    clients.push(...phones);
    await host.until((view) => view.participants.filter((p) => p.online).length === NAMES.length);
    expect(await host.request('host:start', {})).toEqual(ok);
    expect(await host.request('host:next', {})).toEqual(ok);

    for (const [statement, agree] of AGREE.entries()) {
      if (statement) expect(await host.request('host:statementMove', { delta: 1 })).toEqual(ok);
      expect(await host.request('host:statementVote', { open: true })).toEqual(ok);
      await Promise.all(phones.map((phone) => phone.until((view) => view.statements?.index === statement && view.statements.vote?.open === true)));
      for (const [n, phone] of phones.entries()) {
        const choice: VoteChoice = n < agree ? 'agree' : 'disagree';
        expect(await phone.request('phone:statementVote', { key: `vote-s${statement}-p${n}`, phaseIndex: 1, statement, round: 1, choice })).toEqual(ok);
      }
      expect(await host.request('host:statementVote', { open: false })).toEqual(ok);
    }
    expect(await host.request('host:next', {})).toEqual(ok);
    expect(await host.request('host:dialogueStart', {})).toEqual(ok);

    const expected = {
      wanted: 2,
      statements: [
        { index: 3, text: STATEMENTS[3], round: 1, votes: 6, agreePercent: 100 },
        { index: 0, text: STATEMENTS[0], round: 1, votes: 6, agreePercent: 83 },
      ],
    };
    const texts = [STATEMENTS[3], STATEMENTS[0]];
    const projector = await host.until((view) => Boolean(view.dialogue?.groups), 15_000);
    expect(projector.dialogue!.topStatements).toEqual(expected);
    for (const phone of phones) {
      const view = await phone.until((v) => v.dialogue !== null, 15_000);
      expect(view.dialogue!.topStatements!.statements.map((statement) => statement.text)).toEqual(texts);
    }

    // kill -9: the first view each client gets from the restarted server holds them again.
    const lost = clients.map((client) => client.disconnected());
    await first.stop('SIGKILL');
    await Promise.all(lost);
    const fresh = { host: host.next(() => true, 15_000), phones: phones.map((phone) => phone.next(() => true, 15_000)) };
    const second = start();
    await second.ready;
    expect((await fresh.host).dialogue!.topStatements).toEqual(expected);
    for (const view of await Promise.all(fresh.phones)) expect(view.dialogue!.topStatements!.statements.map((statement) => statement.text)).toEqual(texts);
  }, 60_000);
});
