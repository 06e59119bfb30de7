/**
 * A statements phase (stellingen) over real sockets, with the fixture programme of
 * test/fixtures/content-statements: phones vote, a vote sent twice with the same key counts once,
 * the projector gets counts and never who voted what; and a server killed with SIGKILL during a
 * vote loses no acknowledged vote and counts none twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loadContent.ts';
import type { PhoneView, VoteChoice } from '../../server/protocol/views.ts';
import { createSession, hostClient, joinedPhone, type Client, type ClientOptions } from '../../scripts/lib/clients.ts';
import { useLiveServer } from '../helpers/liveServer.ts';
import { freePort, spawnServer, type ServerProcess } from '../helpers/serverProcess.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/content-statements');
const PHASE = 1;
const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet'];
const ok = { ok: true, data: null };
const notAllowed = { ok: false, error: 'not_allowed' };
let keys = 0;
const newKey = () => `vote-${++keys}-${Math.random().toString(36).slice(2, 10)}`;
const ballot = (choice: VoteChoice, key = newKey(), round: 1 | 2 = 1) => ({ key, phaseIndex: PHASE, statement: 0, round, choice });

/** Host and phones in the statements phase, from the lobby. */
async function inStatements(url: string, names: string[], options?: ClientOptions) {
  const { code, hostToken } = await createSession(url, 'stellingen');
  const host = hostClient(url, code, hostToken, options);
  await host.connected();
  const phones: Client<PhoneView>[] = [];
  for (const name of names) phones.push(await joinedPhone(url, code, name, undefined, options));
  await host.until((view) => view.participants.filter((p) => p.online).length === names.length);
  expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
  expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
  await host.until((view) => view.statements !== null);
  return { host, phones };
}

describe('statements over sockets', () => {
  const live = useLiveServer({ content: loadContent(FIXTURE) });

  it('counts each phone once, a repeat with the same key too, and shows counts only once closed', async () => {
    const { host, phones } = await inStatements(live.server.url, NAMES.slice(0, 5));
    [host, ...phones].forEach((client) => live.track(client));
    expect(await phones[0]!.socket.emitWithAck('phone:statementVote', ballot('agree'))).toEqual(notAllowed);
    expect(await host.socket.emitWithAck('host:statementVote', { open: true }), 'open').toEqual(ok);
    await phones[0]!.until((view) => view.statements?.vote?.open === true);

    const choices: VoteChoice[] = ['agree', 'agree', 'disagree', 'unsure', 'agree'];
    const sent = await Promise.all(phones.map(async (phone, n) => {
      const payload = ballot(choices[n]!);
      expect(await phone.socket.emitWithAck('phone:statementVote', payload)).toEqual(ok);
      return payload;
    }));
    // The same vote again (its ack was lost): acknowledged, counted once.
    expect(await phones[1]!.socket.emitWithAck('phone:statementVote', sent[1]!)).toEqual(ok);
    // A change of mind.
    expect(await phones[4]!.socket.emitWithAck('phone:statementVote', ballot('disagree'))).toEqual(ok);

    const open = await host.until((view) => view.statements?.rounds[0]?.votes === 5);
    expect(open.statements!.rounds).toEqual([{ round: 1, open: true, votes: 5, counts: null }]);
    expect((await phones[4]!.until((view) => view.statements?.vote?.mine === 'disagree')).statements!.vote).toEqual({ round: 1, open: true, mine: 'disagree' });

    // Only the host opens and closes.
    const asHost = phones[0]!.socket.emitWithAck.bind(phones[0]!.socket) as unknown as (event: string, payload: object) => Promise<unknown>;
    expect(await asHost('host:statementVote', { open: false })).toEqual({ ok: false, error: 'unauthorized' });
    expect(await host.socket.emitWithAck('host:statementVote', { open: false })).toEqual(ok);
    const closed = await host.until((view) => view.statements?.rounds[0]?.open === false);
    expect(closed.statements!.rounds).toEqual([{ round: 1, open: false, votes: 5, counts: { agree: 2, disagree: 2, unsure: 1 } }]);
    // Too late: refused, and nothing changed.
    expect(await phones[0]!.socket.emitWithAck('phone:statementVote', ballot('unsure'))).toEqual(notAllowed);

    // What went over the wire: no phone got anyone's choice but its own, the projector no names with choices.
    for (const [n, phone] of phones.entries()) {
      for (const view of phone.views) {
        if (!view.statements) continue;
        expect(Object.keys(view.statements).sort()).toEqual(['count', 'index', 'phaseIndex', 'text', 'vote']);
      }
      expect(phone.last!.statements!.vote!.mine).toBe(n === 4 ? 'disagree' : choices[n]);
    }
    expect(JSON.stringify(host.views.map((view) => view.statements))).not.toMatch(/Anouk|Bram|Chaima|Daan|Esra|vote-/);

    // The second vote, beside the first.
    expect(await host.socket.emitWithAck('host:statementVoteAgain', {})).toEqual(ok);
    await Promise.all(phones.map((phone) => phone.until((view) => view.statements?.vote?.round === 2)));
    await Promise.all(phones.map(async (phone) => expect(await phone.socket.emitWithAck('phone:statementVote', ballot('agree', newKey(), 2))).toEqual(ok)));
    expect(await host.socket.emitWithAck('host:statementVote', { open: false })).toEqual(ok);
    const both = await host.until((view) => view.statements?.rounds[1]?.open === false);
    expect(both.statements!.rounds.map((round) => round.counts)).toEqual([
      { agree: 2, disagree: 2, unsure: 1 },
      { agree: 5, disagree: 0, unsure: 0 },
    ]);
  });

  it('refuses a payload that does not fit', async () => {
    const { host, phones } = await inStatements(live.server.url, NAMES.slice(0, 1));
    [host, ...phones].forEach((client) => live.track(client));
    expect(await host.socket.emitWithAck('host:statementVote', { open: true })).toEqual(ok);
    for (const payload of [{ ...ballot('agree'), choice: 'yes' }, { ...ballot('agree'), round: 3 }, { ...ballot('agree'), key: 'short' }, { ...ballot('agree'), extra: 1 }]) {
      expect(await phones[0]!.socket.emitWithAck('phone:statementVote', payload as never)).toEqual({ ok: false, error: 'invalid_payload' });
    }
  });
});

describe('statements after a SIGKILL', () => {
  let dataDir = '';
  const servers: ServerProcess[] = [];
  const clients: { close(): void }[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(servers.splice(0).map((server) => server.stop('SIGKILL')));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged vote and counts none twice', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-statements-'));
    const port = await freePort();
    const start = () => {
      const server = spawnServer({ port, dataDir, contentDir: FIXTURE });
      servers.push(server);
      return server;
    };
    const first = start();
    await first.ready;
    const reconnect: ClientOptions = { reconnectionDelay: 100, reconnectionDelayMax: 2000 };
    const { host, phones } = await inStatements(first.url, NAMES, reconnect);
    clients.push(host, ...phones);
    expect(await host.socket.emitWithAck('host:statementVote', { open: true })).toEqual(ok);
    await Promise.all(phones.map((phone) => phone.until((view) => view.statements?.vote?.open === true)));

    // Half vote and have their ack; the first changes its mind (also acknowledged).
    const firstVote = ballot('agree');
    const acknowledged: VoteChoice[] = [];
    for (const [n, phone] of phones.slice(0, 5).entries()) {
      expect(await phone.request('phone:statementVote', n === 0 ? firstVote : ballot('agree'))).toEqual(ok);
      acknowledged[n] = 'agree';
    }
    expect(await phones[0]!.request('phone:statementVote', ballot('disagree'))).toEqual(ok);
    acknowledged[0] = 'disagree';

    // The other half send as the server dies: each is sent again after the restart until acknowledged.
    const lost = [host, ...phones].map((client) => client.disconnected());
    const inFlight = phones.slice(5).map((phone) => phone.request('phone:statementVote', ballot('unsure')));
    await first.stop('SIGKILL');
    await Promise.all(lost);
    const second = start();
    await second.ready;
    expect(await Promise.all(inFlight)).toEqual(phones.slice(5).map(() => ok));
    // The first phone's first vote, sent again late (its ack lost): it must not undo the change.
    expect(await phones[0]!.request('phone:statementVote', firstVote)).toEqual(ok);

    await host.until((view) => view.statements?.rounds[0]?.votes === 10, 15_000);
    expect(await host.request('host:statementVote', { open: false })).toEqual(ok);
    const closed = await host.until((view) => view.statements?.rounds[0]?.open === false);
    expect(closed.statements!.rounds).toEqual([{ round: 1, open: false, votes: 10, counts: { agree: 4, disagree: 1, unsure: 5 } }]);
    for (const [n, phone] of phones.entries()) {
      const view = await phone.until((v: PhoneView) => v.statements?.vote?.open === false);
      expect(view.statements!.vote!.mine).toBe(n < 5 ? acknowledged[n] : 'unsure');
    }
  }, 60_000);
});
