/**
 * Several servers on one PostgreSQL: a session runs on one of them at a time, the one asked for it
 * last (in a cluster the proxy asks the same one for every request of a session). The server that
 * ran it before loses it: its connections are closed, and it can never write to it again.
 */
import { describe, expect, it } from 'vitest';
import { createSession, hostClient, joinedPhone, newPhoneToken, phoneClient, type ClientOptions } from '../../scripts/lib/clients.ts';
import type { PhoneView } from '../../server/protocol/views.ts';
import { openPostgresStore } from '../../server/store/postgresStore.ts';
import { SessionLost, type SessionWrite } from '../../server/store/sessionStore.ts';
import { useServers } from '../helpers/liveServer.ts';
import { usePostgres } from '../helpers/postgres.ts';

const { newDatabase } = usePostgres();
const ok = { ok: true, data: null };
/** Clients of the server that loses the session: without a proxy they would only come back to it. */
const NO_RECONNECT: ClientOptions = { reconnection: false };

const write = (code: string, updatedAt: number, text: string): SessionWrite => ({
  code,
  schemaVersion: 3,
  updatedAt,
  state: { phase: updatedAt },
  upserts: [{ kind: 'submission', id: 'p1/k1', seq: 0, data: { text } }],
});

describe('a store shared by several servers', () => {
  it('fences: once another server took a session, every write of the one that had it fails, and it hears so', async () => {
    const url = await newDatabase();
    const [first, second] = [await openPostgresStore(url, 'first'), await openPostgresStore(url, 'second')];
    const lost: string[] = [];
    first.sharing!.onLost((code) => lost.push(code));
    await first.write(write('AAAAAA', 1, 'van de eerste'));
    // Creating a code another server has already is refused too.
    await expect(second.write(write('AAAAAA', 2, 'tweede maakt hem ook'))).rejects.toBeInstanceOf(SessionLost);

    const taken = await second.sharing!.take('AAAAAA');
    expect(taken).toMatchObject({ code: 'AAAAAA', state: { phase: 1 }, rows: [{ data: { text: 'van de eerste' } }] });
    await expect(first.write(write('AAAAAA', 3, 'te laat'))).rejects.toBeInstanceOf(SessionLost);
    expect(lost).toEqual(['AAAAAA']);
    await second.write(write('AAAAAA', 4, 'van de tweede'));
    expect(await second.sharing!.take('BBBBBB')).toBeNull();

    // Taken back, and the first server's token is the newest again; the second one finds out by itself.
    const lostBySecond = new Promise<string>((resolve) => second.sharing!.onLost(resolve));
    expect(await first.sharing!.take('AAAAAA')).toMatchObject({ state: { phase: 4 }, rows: [{ data: { text: 'van de tweede' } }] });
    expect(await lostBySecond).toBe('AAAAAA');
    await first.write(write('AAAAAA', 5, 'weer van de eerste'));
    await Promise.all([first.close(), second.close()]);
  });

  const { serve, track } = useServers();

  it('a session asked for on another server runs there from then on: its phones keep their seats and notes, the first server lets go of it', async () => {
    const url = await newDatabase();
    const a = await serve({ store: await openPostgresStore(url, 'a') });
    const b = await serve({ store: await openPostgresStore(url, 'b') });
    const { code, hostToken } = await createSession(a.url);
    const host = track(hostClient(a.url, code, hostToken, NO_RECONNECT));
    await host.connected();
    const tokens = { anouk: newPhoneToken(), bram: newPhoneToken() };
    const anouk = track(await joinedPhone(a.url, code, 'Anouk', tokens.anouk, NO_RECONNECT));
    const bram = track(await joinedPhone(a.url, code, 'Bram', tokens.bram, NO_RECONNECT));
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
    expect(await anouk.socket.emitWithAck('phone:addNote', { key: 'note-before-move', text: 'Eerst luisteren', phaseIndex: 0 })).toEqual(ok);

    // Bram's phone comes back through the other server (the proxy sends the session there now).
    const disconnected = Promise.all([host, anouk, bram].map((client) => new Promise((resolve) => client.socket.once('disconnect', resolve))));
    const bramOnB = track(phoneClient(b.url, code, tokens.bram));
    expect((await bramOnB.until((view: PhoneView) => view.me !== null)).me?.name).toBe('Bram');
    // The first server closed its connections of the session, so they too come back through the proxy.
    await disconnected;
    expect(a.rooms.get(code)).toBeUndefined();

    const anoukOnB = track(phoneClient(b.url, code, tokens.anouk));
    const back = await anoukOnB.until((view: PhoneView) => view.me !== null);
    expect(back.notes.map((note) => note.text)).toEqual(['Eerst luisteren']);
    const hostOnB = track(hostClient(b.url, code, hostToken));
    const projector = await hostOnB.until((view) => view.participants.filter((p) => p.online).length === 2);
    expect(projector.phase?.index).toBe(0);
    expect(await hostOnB.socket.emitWithAck('host:next', {})).toEqual(ok);
    await anoukOnB.until((view) => view.phase?.index === 1);
  });
});
