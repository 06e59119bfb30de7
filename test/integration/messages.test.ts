/**
 * Messages that grow with the change, counted on the wire: each socket gets a message only when
 * its own view changed, and then one; a phone's message, and a facilitator's screen's, holds only
 * what changed for it.
 */
import { describe, expect, it } from 'vitest';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { joinedPhone, type Client } from '../../scripts/lib/clients.ts';
import { SETTINGS } from '../../scripts/lib/roleplay.ts';
import { settled } from '../helpers/barrier.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

const live = useLiveServer();
const ok = { ok: true, data: null };
const ROLEPLAY_PHASE = 4;
type AnyClient = Client<ProjectorView> | Client<PhoneView>;
const names = (count: number) => Array.from({ length: count }, (_, index) => `Mentor${index + 1}`);

/** Every message each client gets from now on, per client. */
function recordMessages(clients: AnyClient[]) {
  const messages = clients.map(() => [] as { event: string; payload: unknown }[]);
  for (const [index, client] of clients.entries()) client.socket.onAny((event: string, payload: unknown) => messages[index]!.push({ event, payload }));
  return messages;
}

describe('messages on the wire', () => {
  it('a phase change sends each phone one message and each screen of the facilitator one view', async () => {
    const { host, phones } = await live.sessionAt(names(30), 0);
    const all: AnyClient[] = [host, ...phones];
    await settled(all);
    const messages = recordMessages(all);

    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    await settled([host], all);

    expect(messages.map((list) => list.length)).toEqual(all.map(() => 1));
    expect(messages[0]![0]!.event).toBe('view:projector');
    for (const [index, phone] of phones.entries()) {
      const [message] = messages[index + 1]!;
      expect(message!.event).toBe('view:phone');
      expect(phone.last!.phase?.index).toBe(1);
    }
  });

  it('a join sends the other phones nothing, the facilitator one view, the new phone its whole view and then its seat', async () => {
    const { code, host, phones } = await live.sessionAt(names(10), 0);
    const all: AnyClient[] = [host, ...phones];
    await settled(all);
    const messages = recordMessages(all);

    const newcomer = live.track(await joinedPhone(live.server.url, code, 'Nieuw'));
    await settled([newcomer], all);

    expect(messages.map((list) => list.length)).toEqual([1, ...phones.map(() => 0)]);
    // The facilitator's screen gets the participants, not the programme and the research again.
    expect(Object.keys(messages[0]![0]!.payload as object).sort()).toEqual(['participants', 'serverNow']);
    expect(host.last!.participants.find((participant) => participant.name === 'Nieuw')).toMatchObject({ online: true });
    expect(host.last!.agenda.length).toBeGreaterThan(0);
    expect(newcomer.views).toHaveLength(2);
    expect(newcomer.views[0]!.me).toBeNull();
    expect(newcomer.views[1]).toMatchObject({ me: { name: 'Nieuw' }, phase: { index: 0 } });
  });

  it('a dealt card reaches each phone as one message with its own part only', async () => {
    const { host, phones } = await live.sessionAt(names(12), ROLEPLAY_PHASE);
    expect(await host.socket.emitWithAck('host:roleplaySetup', SETTINGS)).toEqual(ok);
    const all: AnyClient[] = [host, ...phones];
    await settled([host], all);
    const messages = recordMessages(all);

    expect(await host.socket.emitWithAck('host:roleplayStartRound', {})).toEqual(ok);
    await settled([host], all);

    expect(messages.map((list) => list.length)).toEqual(all.map(() => 1));
    for (const [index, phone] of phones.entries()) {
      const { payload } = messages[index + 1]![0]!;
      expect(Object.keys(payload as object).sort(), 'the room part did not change').toEqual(['own', 'serverNow']);
      // The fields of the role-play that changed: not the situation and the card set's title again.
      const { patch } = (payload as { own: { patch: { roleplay: object } } }).own;
      expect(Object.keys((payload as { own: object }).own)).toEqual(['patch']);
      expect(Object.keys(patch.roleplay)).toEqual(expect.arrayContaining(['round', 'seat']));
      expect(Object.keys(patch.roleplay)).not.toContain('situationHtml');
      expect(phone.last!.roleplay!.seat?.card).toBeTruthy();
      expect(phone.last!.roleplay!.situationHtml).toBeTruthy();
    }
  });

  it('a note goes to its writer only, and adds just that note', async () => {
    const { host, phones } = await live.sessionAt(names(4), 0);
    const [anouk, ...others] = phones as [Client<PhoneView>, ...Client<PhoneView>[]];
    const all: AnyClient[] = [host, ...phones];
    for (const n of [1, 2, 3]) expect(await anouk.socket.emitWithAck('phone:addNote', { key: `note-key-${n}`, text: `Notitie ${n}`, phaseIndex: 0 })).toEqual(ok);
    await settled([anouk], all);
    const messages = recordMessages(all);

    expect(await anouk.socket.emitWithAck('phone:addNote', { key: 'note-key-4', text: 'Notitie 4', phaseIndex: 0 })).toEqual(ok);
    await settled([anouk], all);

    expect(messages.map((list) => list.length)).toEqual([0, 1, ...others.map(() => 0)]);
    expect(messages[1]![0]!.payload).toEqual({ serverNow: expect.any(Number), own: { notes: { from: 3, items: [{ key: 'note-key-4', phaseIndex: 0, text: 'Notitie 4' }] } } });
    expect(anouk.last!.notes.map((note) => note.text)).toEqual(['Notitie 1', 'Notitie 2', 'Notitie 3', 'Notitie 4']);
  });
});
