/**
 * Names that are not names, against a real server with real socket.io clients: refused with their
 * code and never on the room's screen; invisible characters taken out of a name that is one.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../server/protocol/events.ts';
import { createSession, hostClient, joinedPhone, phoneClient } from '../../scripts/lib/clients.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

const live = useLiveServer();

async function lobby() {
  const { code, hostToken } = await createSession(live.server.url);
  const host = live.track(hostClient(live.server.url, code, hostToken));
  await host.until((view) => view.status === 'lobby');
  return { code, host };
}

describe('names on the wire', () => {
  it('a name that looks blank is refused with its code, and the projector never shows it', async () => {
    const { code, host } = await lobby();
    const phone = live.track(phoneClient(live.server.url, code));
    await phone.connected();

    const refusals: [string, ErrorCode][] = [
      ['\u3164', 'name_required'],
      ['\uFFA0', 'name_required'],
      ['\u2800\u2800', 'name_required'],
      ['\u200B\u202E\u{E0041}', 'name_required'],
      ['👻', 'name_invalid_chars'],
      [`a${'\u0301'.repeat(188)}`, 'name_too_many_marks'],
      ['...', 'name_no_letter'],
    ];
    for (const [name, error] of refusals) expect(await phone.socket.emitWithAck('phone:join', { name })).toEqual({ ok: false, error });
    expect(phone.last?.me).toBeNull();

    // The same phone then joins with a name: the first and only one the projector lists.
    expect(await phone.socket.emitWithAck('phone:join', { name: 'Anouk' })).toMatchObject({ ok: true });
    await host.until((view) => view.participants.length === 1);
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Anouk']);
    for (const view of host.views) expect(view.participants.map((p) => p.name)).toEqual(view.participants.length ? ['Anouk'] : []);
    // Nor anywhere else in what the projector got ('...' could be in the programme's own text).
    const everything = JSON.stringify(host.views);
    for (const [name] of refusals.filter(([, error]) => error !== 'name_no_letter')) expect(everything).not.toContain(name);
  });

  it('invisible characters are taken out of a real name: the room and the phone see it clean', async () => {
    const { code, host } = await lobby();
    const typed = '\u202E\u061CCha\u00ADi\u0308ma\u{E0041}\u3164  ';
    const phone = live.track(phoneClient(live.server.url, code));
    await phone.connected();
    expect(await phone.socket.emitWithAck('phone:join', { name: typed })).toMatchObject({ ok: true });
    expect((await phone.until((view) => view.me !== null)).me?.name).toBe('Chaïma');
    await host.until((view) => view.participants.length === 1);
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Chaïma']);

    // A right-to-left name without bidi controls is taken as it is.
    live.track(await joinedPhone(live.server.url, code, 'محمد'));
    await host.until((view) => view.participants.length === 2);
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Chaïma', 'محمد']);
  });
});
