import { describe, expect, it } from 'vitest';
import type { HandshakeAuth } from '../../server/protocol/events.ts';
import { Client, createSession, hostClient, joinedPhone, newPhoneToken, phoneClient } from '../../scripts/lib/clients.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

const live = useLiveServer();
const track = live.track;

async function sessionWithPhones(names: string[]) {
  const { code, hostToken } = await createSession(live.server.url);
  const host = track(hostClient(live.server.url, code, hostToken));
  await host.connected();
  const phones = [];
  for (const name of names) phones.push(track(await joinedPhone(live.server.url, code, name)));
  await host.until((view) => view.participants.filter((p) => p.online).length === names.length);
  return { code, hostToken, host, phones };
}

describe('a live session', () => {
  it('joined phones appear on the projector, and a phase change reaches every client', async () => {
    const { host, phones } = await sessionWithPhones(['Anouk', 'Bram', 'Chaima']);
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Anouk', 'Bram', 'Chaima']);

    expect(await host.socket.emitWithAck('host:start', {})).toEqual({ ok: true, data: null });
    expect(await host.socket.emitWithAck('host:next', {})).toEqual({ ok: true, data: null });
    await host.until((view) => view.phase?.index === 1);
    for (const phone of phones) {
      const view = await phone.until((v) => v.phase?.index === 1);
      expect(view.phase).toMatchObject({ title: 'Het onderzoek', count: 7 });
    }
  });

  it('a participant sending host commands is refused and nothing changes', async () => {
    const { host, phones } = await sessionWithPhones(['Anouk', 'Bram', 'Chaima']);
    const [phone] = phones;
    const before = host.views.length;
    for (const command of ['host:start', 'host:next', 'host:back', 'host:pause', 'host:resume', 'host:end'] as const) {
      expect(await phone!.socket.emitWithAck(command, {})).toEqual({ ok: false, error: 'unauthorized' });
    }
    expect(await phone!.socket.emitWithAck('host:addTime', { minutes: 5 })).toEqual({ ok: false, error: 'unauthorized' });
    expect(host.views.length).toBe(before);
    expect(host.last?.status).toBe('lobby');
  });

  it('malformed payloads get an error ack and change nothing', async () => {
    const { host } = await sessionWithPhones(['Anouk', 'Bram', 'Chaima']);
    const emit = host.socket.emitWithAck.bind(host.socket) as (event: string, payload: unknown) => Promise<unknown>;
    for (const payload of [null, 'x', 42, [], { minutes: 'five' }, { minutes: 0 }, { minutes: 1.5 }, { minutes: 999 }, { minutes: 5, extra: 1 }]) {
      expect(await emit('host:addTime', payload)).toEqual({ ok: false, error: 'invalid_payload' });
    }
    expect(await emit('host:next', { role: 'host' })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await emit('phone:join', { name: 42 })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(host.last?.status).toBe('lobby');
  });

  it('commands in the wrong phase are refused', async () => {
    const { host } = await sessionWithPhones(['Anouk']);
    expect(await host.socket.emitWithAck('host:next', {})).toEqual({ ok: false, error: 'not_allowed' });
    expect(await host.socket.emitWithAck('host:pause', {})).toEqual({ ok: false, error: 'not_allowed' });
    await host.socket.emitWithAck('host:start', {});
    expect(await host.socket.emitWithAck('host:back', {})).toEqual({ ok: false, error: 'not_allowed' });
  });

  it('a phone that reconnects with its token is back in its seat without joining again', async () => {
    const { code, host } = await sessionWithPhones([]);
    const token = newPhoneToken();
    const first = track(await joinedPhone(live.server.url, code, 'Dirk', token));
    const seat = first.last?.me?.id;
    first.close();
    await host.until((view) => view.participants[0]?.online === false);
    const again = track(phoneClient(live.server.url, code, token));
    const view = await again.until((v) => v.me !== null);
    expect(view.me).toEqual({ id: seat, name: 'Dirk' });
    await host.until((v) => v.participants.length === 1 && v.participants[0]?.online === true);
  });

  it('names are checked: empty and too long are refused with their own codes', async () => {
    const { code } = await sessionWithPhones([]);
    const phone = track(phoneClient(live.server.url, code));
    await phone.connected();
    expect(await phone.socket.emitWithAck('phone:join', { name: '   ' })).toEqual({ ok: false, error: 'name_required' });
    expect(await phone.socket.emitWithAck('phone:join', { name: 'x'.repeat(25) })).toEqual({ ok: false, error: 'name_too_long' });
    expect(phone.last?.me).toBeNull();
  });

  it('refuses unknown codes, wrong host tokens, and new phones after the end', async () => {
    const { code, host } = await sessionWithPhones(['Anouk']);
    const refused = async (auth: HandshakeAuth) => {
      const client = track(new Client(live.server.url, auth));
      client.socket.io.opts.reconnection = false;
      return client.connected().then(
        () => 'connected',
        (error: { data?: { code?: string } }) => error.data?.code,
      );
    };
    expect(await refused({ role: 'phone', code: 'ZZZZZZ', token: newPhoneToken() })).toBe('unknown_session');
    expect(await refused({ role: 'host', code, token: newPhoneToken() })).toBe('unknown_session'); // as a wrong code: the answer does not tell that the code exists
    expect(await refused({ role: 'phone', code: 'bad', token: 'short' })).toBe('invalid_payload');
    await host.socket.emitWithAck('host:end', {});
    expect(await refused({ role: 'phone', code, token: newPhoneToken() })).toBe('session_closed');
    expect(await (await fetch(`${live.server.url}/api/sessions/${code}`)).json()).toEqual({ code, status: 'closed' });
    expect((await fetch(`${live.server.url}/api/sessions/ZZZZZZ`)).status).toBe(404);
  });
});
