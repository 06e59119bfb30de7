/**
 * The wachtkamer against a real server with real socket.io clients: after the start a new phone
 * waits, the presenter view lists it, the facilitator lets it in (its seat, as a late joiner) or
 * refuses it (told, and its token cannot come back); a waiting phone that reconnects still waits;
 * no other phone ever sees who waits; a waiting phone's seated-only commands are refused.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../../server/protocol/events.ts';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { useServers } from '../helpers/liveServer.ts';
import { createSession, hostClient, joinedPhone, newPhoneToken, phoneClient, type Client } from '../../scripts/lib/clients.ts';
import { durableStore, emitRaw, goneAndDisconnected, refusal } from '../helpers/hostile.ts';

const OK: Result = { ok: true, data: null };

const { serve, track, later } = useServers();

/** A started session with the wachtkamer on, its presenter view connected and `names` seated before the start. */
async function startedWithWaitingRoom(url: string, names: string[]) {
  const { code, hostToken } = await createSession(url);
  const host = track(hostClient(url, code, hostToken));
  await host.connected();
  const phones: Client<PhoneView>[] = [];
  for (const name of names) phones.push(track(await joinedPhone(url, code, name)));
  expect(await host.socket.emitWithAck('host:admission', { admission: 'waitingRoom' })).toEqual(OK);
  expect(await host.socket.emitWithAck('host:start', {})).toEqual(OK);
  await host.until((view) => view.status === 'running' && view.admission === 'waitingRoom');
  return { code, hostToken, host, phones };
}

/** A phone that asks to join and, the ack says, got a place (in the wachtkamer): its id. */
async function ask(phone: Client<PhoneView>, name: string): Promise<string> {
  await phone.connected();
  const result = await phone.socket.emitWithAck('phone:join', { name });
  if (!result.ok) throw new Error(`join ${name}: ${result.error}`);
  return result.data.participantId;
}

const waitingNames = (view: ProjectorView) => view.waiting.map((person) => person.name);

describe('the wachtkamer', () => {
  it('a late phone waits; the presenter view lists it; let in, it gets its seat in the running session', async () => {
    const server = await serve();
    const { code, host, phones } = await startedWithWaitingRoom(server.url, ['Anouk']);
    const late = track(phoneClient(server.url, code));
    const id = await ask(late, 'Daan');

    const waiting = await late.until((view) => view.waiting !== null);
    expect(waiting).toMatchObject({ status: 'running', me: null, waiting: { name: 'Daan' }, phase: null });
    await host.until((view) => waitingNames(view).join() === 'Daan' && view.waiting[0]!.online);
    expect(host.last?.waiting).toEqual([{ id, name: 'Daan', online: true }]);
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Anouk']);

    expect(await host.socket.emitWithAck('host:admit', { participantId: id })).toEqual(OK);
    const seated = await late.until((view) => view.me !== null);
    expect(seated).toMatchObject({ me: { id, name: 'Daan' }, waiting: null, status: 'running', phase: { index: 0 } });
    await host.until((view) => view.waiting.length === 0 && view.participants.map((p) => p.name).join() === 'Anouk,Daan');
    expect(host.last?.participants.find((p) => p.id === id)?.online).toBe(true);
    // Seated now: a note is taken.
    expect(await late.socket.emitWithAck('phone:addNote', { key: 'note-00000001', text: 'Hoi', phaseIndex: 0 })).toEqual(OK);
    await late.until((view) => view.notes.length === 1);
    // Nobody else ever saw the name while it waited.
    expect(phones[0]!.views.some((view) => view.waiting !== null)).toBe(false);
  });

  it('refused, the phone is told kindly and cannot come back with its token', async () => {
    const server = await serve();
    const { code, host } = await startedWithWaitingRoom(server.url, ['Anouk']);
    const token = newPhoneToken();
    const late = track(phoneClient(server.url, code, token, { reconnection: false }));
    const id = await ask(late, 'Bot');
    await host.until((view) => view.waiting.length === 1);

    const gone = goneAndDisconnected(late);
    expect(await host.socket.emitWithAck('host:refuse', { participantId: id })).toEqual(OK);
    expect(await gone).toEqual({ gone: 'refused', disconnect: 'io server disconnect' });
    await host.until((view) => view.waiting.length === 0);
    expect(host.last?.participants.map((p) => p.name)).toEqual(['Anouk']);
    expect(await refusal(server.url, { role: 'phone', code, token })).toBe('refused');
    // Once only; and a seated participant is no one to refuse or let in.
    expect(await host.socket.emitWithAck('host:refuse', { participantId: id })).toEqual({ ok: false, error: 'not_allowed' });
    expect(await host.socket.emitWithAck('host:admit', { participantId: id })).toEqual({ ok: false, error: 'not_allowed' });
  });

  it('a waiting phone that reconnects (or reloads) is still waiting, under the same id; two tabs share the place', async () => {
    const server = await serve();
    const { code, host } = await startedWithWaitingRoom(server.url, []);
    const token = newPhoneToken();
    const late = track(phoneClient(server.url, code, token));
    const id = await ask(late, 'Chaima');
    await late.until((view) => view.waiting !== null);

    late.close();
    await host.until((view) => view.waiting[0]?.online === false);
    const back = track(phoneClient(server.url, code, token));
    expect((await back.until((view) => view.waiting !== null)).waiting).toEqual({ name: 'Chaima' });
    await host.until((view) => view.waiting[0]?.online === true);
    // A second tab with the token asks again: the same place, not a second one.
    const tab = track(phoneClient(server.url, code, token));
    expect(await tab.socket.emitWithAck('phone:join', { name: 'Chaima 2' })).toEqual({ ok: true, data: { participantId: id } });
    expect(host.last?.waiting.map((person) => person.id)).toEqual([id]);

    expect(await host.socket.emitWithAck('host:admit', { participantId: id })).toEqual(OK);
    for (const phone of [back, tab]) expect((await phone.until((view) => view.me !== null)).me).toEqual({ id, name: 'Chaima' });
  });

  it('seated-only commands from a waiting phone are refused, and so are the facilitator commands', async () => {
    const server = await serve();
    const { code, host } = await startedWithWaitingRoom(server.url, ['Anouk']);
    const late = track(phoneClient(server.url, code));
    const id = await ask(late, 'Daan');
    await late.until((view) => view.waiting !== null);

    const seatedOnly: [string, unknown][] = [
      ['phone:addNote', { key: 'note-00000001', text: 'Hoi', phaseIndex: 0 }],
      ['phone:evaluationAnswer', { key: 'answer-0000001', questionId: 'q1', text: 'Antwoord' }],
      ['phone:dialogueAnswer', { key: 'answer-0000002', questionId: 'q1', text: 'Antwoord' }],
      ['phone:dialogueEdit', { answerId: 'answer-0000002', text: 'Anders' }],
      ['phone:dialogueDelete', { answerId: 'answer-0000002' }],
      ['phone:quickscanRate', { statementId: 's1', experience: 1, importance: 2 }],
      ['phone:actionPoint', { key: 'point-00000001', text: 'Punt' }],
      ['phone:actionPointDelete', { pointId: 'point-00000001' }],
      ['phone:reportConsent', { consent: 'named' }],
      ['phone:teamVote', { answerId: 'answer-0000002', vote: true }],
      ['phone:roleplayFeedback', { key: 'feedback-0001', round: 0, answers: [{ questionId: 'q1', text: 'Goed' }] }],
    ];
    for (const [event, payload] of seatedOnly) expect(await emitRaw(late.socket, event, payload), event).toEqual({ ok: false, error: 'not_joined' });
    for (const [event, payload] of [
      ['host:admit', { participantId: id }],
      ['host:admission', { admission: 'open' }],
      ['host:refuse', { participantId: id }],
    ] as const) {
      expect(await emitRaw(late.socket, event, payload), event).toEqual({ ok: false, error: 'unauthorized' });
    }
    expect(host.last?.waiting.map((person) => person.id)).toEqual([id]);
    expect(host.last?.admission).toBe('waitingRoom');
    expect(late.last?.me).toBeNull();
  });

  it('before the start nobody waits; open lets everyone waiting in; locked keeps the wachtkamer but takes no one new', async () => {
    const server = await serve();
    const { code, hostToken } = await createSession(server.url);
    const host = track(hostClient(server.url, code, hostToken));
    await host.connected();
    expect(await host.socket.emitWithAck('host:admission', { admission: 'waitingRoom' })).toEqual(OK);
    // In the lobby the wachtkamer lets everyone in at once.
    track(await joinedPhone(server.url, code, 'Anouk'));
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(OK);

    const late = [track(phoneClient(server.url, code)), track(phoneClient(server.url, code)), track(phoneClient(server.url, code))];
    await ask(late[0]!, 'Bram');
    await ask(late[1]!, 'Chaima');
    await host.until((view) => waitingNames(view).join() === 'Bram,Chaima');

    expect(await host.socket.emitWithAck('host:admission', { admission: 'locked' })).toEqual(OK);
    await host.until((view) => view.locked && view.admission === 'locked');
    await late[2]!.connected();
    expect(await late[2]!.socket.emitWithAck('phone:join', { name: 'Daan' })).toEqual({ ok: false, error: 'room_locked' });
    expect(waitingNames(host.last!)).toEqual(['Bram', 'Chaima']);

    expect(await host.socket.emitWithAck('host:admission', { admission: 'open' })).toEqual(OK);
    await host.until((view) => view.waiting.length === 0 && view.participants.map((p) => p.name).join() === 'Anouk,Bram,Chaima');
    for (const phone of late.slice(0, 2)) await phone.until((view) => view.me !== null && view.phase !== null);
    expect(await late[2]!.socket.emitWithAck('phone:join', { name: 'Daan' })).toMatchObject({ ok: true });
    await late[2]!.until((view) => view.me?.name === 'Daan');
  });

  it('a phone in the wachtkamer holds a seat: with all seats taken or held, a newcomer gets room_full', async () => {
    const server = await serve({ capacity: 2 });
    const { code, host } = await startedWithWaitingRoom(server.url, ['Anouk']);
    const late = track(phoneClient(server.url, code));
    const id = await ask(late, 'Bram');
    const full = track(phoneClient(server.url, code));
    await full.connected();
    expect(await full.socket.emitWithAck('phone:join', { name: 'Chaima' })).toEqual({ ok: false, error: 'room_full' });
    expect(await host.socket.emitWithAck('host:admit', { participantId: id })).toEqual(OK);
    await host.until((view) => view.participants.length === 2 && view.waiting.length === 0);
    expect(await full.socket.emitWithAck('phone:join', { name: 'Chaima' })).toEqual({ ok: false, error: 'room_full' });
  });

  it('the wachtkamer, its setting and the refused tokens survive a restart of the server', async () => {
    const store = durableStore();
    later(() => store.destroy());
    const first = await serve({ store });
    const { code, hostToken, host } = await startedWithWaitingRoom(first.url, ['Anouk']);
    const [waitToken, refuseToken] = [newPhoneToken(), newPhoneToken()];
    const waiting = track(phoneClient(first.url, code, waitToken, { reconnection: false }));
    const id = await ask(waiting, 'Bram');
    const refused = track(phoneClient(first.url, code, refuseToken, { reconnection: false }));
    const refusedId = await ask(refused, 'Bot');
    expect(await host.socket.emitWithAck('host:refuse', { participantId: refusedId })).toEqual(OK);
    await host.until((view) => view.waiting.length === 1);
    host.close();
    waiting.close();
    await first.close();

    const second = await serve({ store });
    const back = track(phoneClient(second.url, code, waitToken));
    expect((await back.until((view) => view.waiting !== null)).waiting).toEqual({ name: 'Bram' });
    expect(await refusal(second.url, { role: 'phone', code, token: refuseToken })).toBe('refused');
    const again = track(hostClient(second.url, code, hostToken));
    const view = await again.until((v) => v.waiting.length === 1 && v.waiting[0]!.online);
    expect(view).toMatchObject({ admission: 'waitingRoom', waiting: [{ id, name: 'Bram', online: true }] });
    expect(await again.socket.emitWithAck('host:admit', { participantId: id })).toEqual(OK);
    expect((await back.until((view) => view.me !== null)).me).toEqual({ id, name: 'Bram' });
  });
});
