/**
 * The dialogue (phase 3) and the plenary (phase 4) of the default programme over real sockets:
 * a flip-over per group that only that group sees, live; only the author edits or deletes;
 * the plenary wall without names, tips and the spotlight; who may steer it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import type { Client } from '../../scripts/lib/clients.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs'];
/** Agenda of the default programme: intro, research, dialogue, plenary, roleplay, evaluation. */
const DIALOGUE_PHASE = 2;
const PLENARY_PHASE = 3;
/** content/questions/dialoog.md, in order. */
const QUESTION_IDS = ['helpen-hinderen', 'oplossingen', 'tips-onderzoek', 'perspectief', 'houding-vragen'];
const ok = { ok: true, data: null };
const notAllowed = { ok: false, error: 'not_allowed' };
const unauthorized = { ok: false, error: 'unauthorized' };

const live = useLiveServer();

const meOf = (phone: Client<PhoneView>) => phone.last?.me?.id ?? '';
const nameOf = (phone: Client<PhoneView>) => phone.last?.me?.name ?? '';

/** The first view `client` gets after it had `from` views. */
const nextView = <V extends ProjectorView | PhoneView>(client: Client<V>, from: number): Promise<V> =>
  client.until(() => client.views.length > from).then(() => client.views[from] as V);

/** A session with phones for `names`, on the dialogue phase, the groups not yet made. */
async function inDialoguePhase(names: string[]) {
  const { host, phones, code, view } = await live.sessionAt(names, DIALOGUE_PHASE);
  expect(view.phase?.kind).toBe('dialogue');
  expect(view.dialogue?.groups).toBeNull();
  expect(view.dialogue?.questions.map((question) => question.id)).toEqual(QUESTION_IDS);
  return { host, phones, code };
}

/** The server's own record of the flip-overs. */
const answersOnServer = (code: string) => live.server.rooms.get(code)?.snapshot.context.dialogue?.answers ?? [];

describe('dialogue: a flip-over per group', () => {
  it('group mates see each other’s answers live, other groups never; only the author edits or deletes; the plenary wall has no names', async () => {
    const { host, phones, code } = await inDialoguePhase(NAMES);

    // ——— The groups: 7 people make a four and a three; each phone knows its own. ———
    expect(await host.socket.emitWithAck('host:dialogueStart', {})).toEqual(ok);
    const board = await host.until((view) => view.dialogue?.groups !== null && view.dialogue?.groups !== undefined);
    const groups = board.dialogue?.groups ?? [];
    expect(groups.map((group) => group.members.length)).toEqual([4, 3]);
    expect(groups.flatMap((group) => group.members.map((member) => member.name)).sort()).toEqual([...NAMES].sort());
    expect(board.dialogue?.unassigned).toEqual([]);
    const groupOf = (phone: Client<PhoneView>) => groups.find((group) => group.members.some((member) => member.id === meOf(phone)));
    for (const phone of phones) {
      const view = await phone.until((v) => v.dialogue?.group !== null && v.dialogue?.group !== undefined);
      const group = groupOf(phone);
      expect(view.dialogue?.group).toEqual({ id: group?.id, names: group?.members.filter((member) => member.id !== meOf(phone)).map((member) => member.name) });
      expect(view.dialogue?.answers).toEqual([]);
    }
    const [big, small] = groups as [(typeof groups)[number], (typeof groups)[number]];
    const bigPhones = phones.filter((phone) => groupOf(phone) === big);
    const smallPhones = phones.filter((phone) => groupOf(phone) === small);
    const [a, b] = bigPhones as [Client<PhoneView>, Client<PhoneView>];
    const [c] = smallPhones as [Client<PhoneView>];
    const answerOf = (view: PhoneView | undefined, id: string) => view?.dialogue?.answers.find((answer) => answer.id === id);

    // ——— A writes: B's very next view has it, under A's name and not as B's own. ———
    const keyA = randomUUID();
    const textA = 'Wat helpt: een rustige plek';
    const fromB = b.views.length;
    expect(await a.socket.emitWithAck('phone:dialogueAnswer', { key: keyA, questionId: 'helpen-hinderen', text: textA })).toEqual(ok);
    expect((await nextView(b, fromB)).dialogue?.answers).toEqual([{ id: keyA, questionId: 'helpen-hinderen', text: textA, author: nameOf(a), mine: false, tip: false }]);
    expect(answerOf(await a.until((view) => answerOf(view, keyA) !== undefined), keyA)).toMatchObject({ author: nameOf(a), mine: true });
    for (const mate of bigPhones) await mate.until((view) => answerOf(view, keyA)?.text === textA);

    // The same key again (a retried send): acked, stored once.
    expect(await a.socket.emitWithAck('phone:dialogueAnswer', { key: keyA, questionId: 'helpen-hinderen', text: textA })).toEqual(ok);
    expect(answersOnServer(code).filter((answer) => answer.id === keyA)).toHaveLength(1);
    expect(b.last?.dialogue?.answers.filter((answer) => answer.id === keyA)).toHaveLength(1);

    // B writes too; C writes in the other group.
    const keyB = randomUUID();
    const textB = 'Vraag ouders wat zij thuis zien';
    expect(await b.socket.emitWithAck('phone:dialogueAnswer', { key: keyB, questionId: 'perspectief', text: textB })).toEqual(ok);
    expect(answerOf(await a.until((view) => answerOf(view, keyB) !== undefined), keyB)).toEqual({
      id: keyB,
      questionId: 'perspectief',
      text: textB,
      author: nameOf(b),
      mine: false,
      tip: false,
    });
    const keyC = randomUUID();
    const textC = 'Stuur vooraf een agenda';
    expect(await c.socket.emitWithAck('phone:dialogueAnswer', { key: keyC, questionId: 'oplossingen', text: textC })).toEqual(ok);
    for (const mate of smallPhones) await mate.until((view) => answerOf(view, keyC)?.text === textC);

    // ——— Only the author edits or deletes; the change reaches the group mate. ———
    const editedA = 'Wat helpt: een rustige plek en tijd genoeg';
    expect(await b.socket.emitWithAck('phone:dialogueEdit', { answerId: keyA, text: 'door B veranderd' })).toEqual(notAllowed);
    expect(await c.socket.emitWithAck('phone:dialogueEdit', { answerId: keyA, text: 'door C veranderd' })).toEqual(notAllowed);
    expect(await b.socket.emitWithAck('phone:dialogueDelete', { answerId: keyA })).toEqual(notAllowed);
    expect(await c.socket.emitWithAck('phone:dialogueDelete', { answerId: keyA })).toEqual(notAllowed);
    expect(await a.socket.emitWithAck('phone:dialogueEdit', { answerId: keyB, text: 'door A veranderd' })).toEqual(notAllowed);
    expect(answersOnServer(code).map((answer) => answer.text).sort()).toEqual([textA, textB, textC].sort());

    expect(await a.socket.emitWithAck('phone:dialogueEdit', { answerId: keyA, text: editedA })).toEqual(ok);
    expect(answerOf(await b.until((view) => answerOf(view, keyA)?.text === editedA), keyA)).toMatchObject({ author: nameOf(a), mine: false });

    const keyGone = randomUUID();
    const textGone = 'Toch niet, dit gaat weer weg';
    expect(await a.socket.emitWithAck('phone:dialogueAnswer', { key: keyGone, questionId: 'oplossingen', text: textGone })).toEqual(ok);
    await b.until((view) => answerOf(view, keyGone) !== undefined);
    expect(await b.socket.emitWithAck('phone:dialogueDelete', { answerId: keyGone })).toEqual(notAllowed);
    expect(await a.socket.emitWithAck('phone:dialogueDelete', { answerId: keyGone })).toEqual(ok);
    const afterDelete = await b.until((view) => answerOf(view, keyGone) === undefined);
    expect(afterDelete.dialogue?.answers.map((answer) => answer.id).sort()).toEqual([keyA, keyB].sort());

    // ——— The projector counts answers per group and question. ———
    const counts = (helpen: number, oplossingen: number, perspectief: number) => ({
      'helpen-hinderen': helpen,
      oplossingen,
      'tips-onderzoek': 0,
      perspectief,
      'houding-vragen': 0,
    });
    const progress = await host.until((view) => JSON.stringify(view.dialogue?.groups?.map((group) => group.answersPerQuestion)) === JSON.stringify([counts(1, 0, 1), counts(0, 1, 0)]));
    expect(progress.dialogue?.mode).toBe('dialogue');
    expect(progress.dialogue?.groups?.map((group) => group.id)).toEqual([big.id, small.id]);

    // ——— The plenary: the wall per question, without names; a tip and the spotlight. ———
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    const plenary = await host.until((view) => view.phase?.index === PLENARY_PHASE && view.dialogue?.mode === 'plenary');
    expect(plenary.phase?.kind).toBe('plenary');
    const wall = plenary.dialogue?.wall ?? [];
    expect(wall).toEqual([
      { questionId: 'helpen-hinderen', answers: [{ id: keyA, groupId: big.id, text: editedA, tip: false }] },
      { questionId: 'oplossingen', answers: [{ id: keyC, groupId: small.id, text: textC, tip: false }] },
      { questionId: 'tips-onderzoek', answers: [] },
      { questionId: 'perspectief', answers: [{ id: keyB, groupId: big.id, text: textB, tip: false }] },
      { questionId: 'houding-vragen', answers: [] },
    ]);
    for (const name of NAMES) expect(JSON.stringify(wall)).not.toContain(name);
    expect(plenary.dialogue?.groups?.map((group) => group.answersPerQuestion)).toEqual([counts(1, 0, 1), counts(0, 1, 0)]);

    expect(await host.socket.emitWithAck('host:plenaryTip', { answerId: keyA, tip: true })).toEqual(ok);
    const tipped = await host.until((view) => view.dialogue?.wall[0]?.answers[0]?.tip === true);
    expect(tipped.dialogue?.wall.flatMap((column) => column.answers).filter((answer) => answer.tip).map((answer) => answer.id)).toEqual([keyA]);
    await a.until((view) => answerOf(view, keyA)?.tip === true);
    expect(await host.socket.emitWithAck('host:plenaryTip', { answerId: randomUUID(), tip: true })).toEqual(notAllowed);

    expect(await host.socket.emitWithAck('host:plenarySpotlight', { groupId: big.id, answerId: keyA })).toEqual(ok);
    await host.until((view) => view.dialogue?.spotlight.groupId === big.id && view.dialogue.spotlight.answerId === keyA);

    // Phones still see their group's flip-over, but can no longer change it.
    const phoneInPlenary = await a.until((view) => view.dialogue?.mode === 'plenary');
    expect(phoneInPlenary.dialogue?.answers.map((answer) => answer.id).sort()).toEqual([keyA, keyB].sort());
    expect(await a.socket.emitWithAck('phone:dialogueAnswer', { key: randomUUID(), questionId: 'houding-vragen', text: 'Te laat' })).toEqual(notAllowed);
    expect(await a.socket.emitWithAck('phone:dialogueEdit', { answerId: keyA, text: 'Te laat veranderd' })).toEqual(notAllowed);
    expect(await a.socket.emitWithAck('phone:dialogueDelete', { answerId: keyA })).toEqual(notAllowed);
    expect(await c.socket.emitWithAck('phone:dialogueAnswer', { key: randomUUID(), questionId: 'oplossingen', text: 'Ook te laat' })).toEqual(notAllowed);
    expect(answersOnServer(code).map((answer) => [answer.id, answer.text])).toEqual([
      [keyA, editedA],
      [keyB, textB],
      [keyC, textC],
    ]);

    // ——— Over the whole session, no phone got a word of another group's flip-over. ———
    await Promise.all(phones.map((phone) => phone.until((view) => view.dialogue?.mode === 'plenary')));
    const bigTexts = [textA, editedA, textB, textGone];
    for (const phone of phones) {
      const mine = groupOf(phone) === big;
      const foreign = mine ? [textC] : bigTexts;
      const foreignKeys = mine ? [keyC] : [keyA, keyB, keyGone];
      for (const view of phone.views) {
        const payload = JSON.stringify(view);
        for (const text of foreign) expect(payload, `${nameOf(phone)} got “${text}”`).not.toContain(text);
        for (const key of foreignKeys) expect(payload, `${nameOf(phone)} got answer ${key}`).not.toContain(key);
        for (const answer of view.dialogue?.answers ?? []) expect(answer.author === nameOf(phone)).toBe(answer.mine);
      }
      // Not an empty check: each phone did see its own group's answers.
      const own = mine ? [keyA, keyB] : [keyC];
      expect(phone.last?.dialogue?.answers.map((answer) => answer.id).sort(), nameOf(phone)).toEqual([...own].sort());
    }
  });
});

describe('dialogue: who may steer it', () => {
  it('a phone sending host:dialogue* or host:plenary* is refused unauthorized in every phase, and changes nothing', async () => {
    const { host, phones, code } = await inDialoguePhase(NAMES.slice(0, 4));
    const [phone] = phones as [Client<PhoneView>];
    const tryAll = async () => {
      expect(await phone.socket.emitWithAck('host:dialogueStart', {})).toEqual(unauthorized);
      expect(await phone.socket.emitWithAck('host:dialogueMove', { participantId: meOf(phone), groupId: 'd2' })).toEqual(unauthorized);
      expect(await phone.socket.emitWithAck('host:plenaryTip', { answerId: randomUUID(), tip: true })).toEqual(unauthorized);
      expect(await phone.socket.emitWithAck('host:plenarySpotlight', { groupId: 'd1', answerId: null })).toEqual(unauthorized);
    };
    const room = () => live.server.rooms.get(code)?.snapshot.context;

    // The dialogue phase, before the groups: the phone can't make them; the host can't spotlight yet.
    await tryAll();
    expect(room()?.dialogue).toBeNull();
    expect(await host.socket.emitWithAck('host:plenarySpotlight', { groupId: 'd1', answerId: null })).toEqual(notAllowed);
    expect(await phone.socket.emitWithAck('phone:dialogueAnswer', { key: randomUUID(), questionId: 'oplossingen', text: 'Nog geen groep' })).toEqual(notAllowed);

    // With groups: the phone can't move anyone.
    expect(await host.socket.emitWithAck('host:dialogueStart', {})).toEqual(ok);
    await phone.until((view) => view.dialogue?.group !== null && view.dialogue?.group !== undefined);
    const groups = room()?.dialogue?.groups;
    expect(groups?.map((group) => group.members.length)).toEqual([4]);
    const key = randomUUID();
    expect(await phone.socket.emitWithAck('phone:dialogueAnswer', { key, questionId: 'oplossingen', text: 'Een antwoord' })).toEqual(ok);
    await tryAll();
    expect(room()?.dialogue?.groups).toEqual(groups);

    // The plenary: the phone can't mark a tip or set the spotlight, not even on an answer that exists.
    expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    await host.until((view) => view.dialogue?.mode === 'plenary');
    await tryAll();
    expect(await phone.socket.emitWithAck('host:plenaryTip', { answerId: key, tip: true })).toEqual(unauthorized);
    expect(await phone.socket.emitWithAck('host:plenarySpotlight', { groupId: 'd1', answerId: key })).toEqual(unauthorized);
    expect(room()?.dialogue?.answers.map((answer) => answer.tip)).toEqual([false]);
    expect(room()?.dialogue?.spotlight).toEqual({ groupId: null, answerId: null });
    // The host can't make groups again outside the dialogue phase.
    expect(await host.socket.emitWithAck('host:dialogueStart', {})).toEqual(notAllowed);
    expect(host.last?.dialogue?.spotlight).toEqual({ groupId: null, answerId: null });
  });
});
