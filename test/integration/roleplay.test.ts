/**
 * The role-play phase over real sockets: who receives which card, feedback, who may steer it,
 * and people coming and going in the middle of a round.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loadContent.ts';
import { contentKey, type Card, type CardSet } from '../../server/content/types.ts';
import type { PhoneView, ProjectorView, RoleplaySettingsView } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession, hostClient, joinedPhone, newPhoneToken, phoneClient, type Client } from '../../scripts/lib/clients.ts';
import { useLiveServer } from '../helpers/liveServer.ts';
import { allowedCards, leaks, seatOf, SETTINGS, type SeatOf } from '../../scripts/lib/roleplay.ts';

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias'];
const ROLEPLAY_PHASE = 4;
const ok = { ok: true, data: null };

const content = loadContent(`${PROJECT_ROOT}content`);
const setOf = (id: string): CardSet => {
  const set = content.cardSets.get(contentKey(id, 'nl'));
  if (!set) throw new Error(`no card set ${id}`);
  return set;
};
const cardSet = setOf(SETTINGS.cardSetId);
/** Every card the programme's role-play offers, from all its sets. */
const everyCard: Card[] = [...new Map(['thuissituatie', 'prestaties', 'startgesprek'].flatMap((id) => setOf(id).cards).map((card) => [card.id, card])).values()];
const cardById = (id: string | null): Card => {
  const card = cardSet.cards.find((candidate) => candidate.id === id);
  if (!card) throw new Error(`no card ${id}`);
  return card;
};
const asJson = (text: string) => JSON.stringify(text).slice(1, -1);

const live = useLiveServer();
const track = live.track;

interface Table {
  host: Client<ProjectorView>;
  phones: Client<PhoneView>[];
  code: string;
}

/** A session with phones for `names`, on the role-play phase (agenda: intro, research, dialogue, plenary, roleplay, evaluation). */
async function inRoleplayPhase(names: string[]): Promise<Table> {
  const { host, phones, code, view } = await live.sessionAt(names, ROLEPLAY_PHASE);
  expect(view.phase?.kind).toBe('roleplay');
  expect(view.roleplay?.choices[0]?.id).toBe(SETTINGS.cardSetId);
  return { host, phones, code };
}

async function setUp({ host }: Table, settings: Partial<RoleplaySettingsView> = {}) {
  expect(await host.socket.emitWithAck('host:roleplaySetup', { ...SETTINGS, ...settings })).toEqual(ok);
  return host.until((view) => view.roleplay?.state?.stage === 'grouping');
}

const meOf = (phone: Client<PhoneView>) => phone.last?.me?.id ?? '';
const nameOf = (phone: Client<PhoneView>) => phone.last?.me?.name ?? '';

/** Starts `round` and waits until the projector and every phone in `phones` show it; returns each phone's seat. */
async function startRound({ host }: Table, phones: Client<PhoneView>[], round: number) {
  expect(await host.socket.emitWithAck('host:roleplayStartRound', {})).toEqual(ok);
  const board = await host.until((view) => view.roleplay?.state?.round === round && view.roleplay.state.stage === 'playing');
  const views = await Promise.all(phones.map((phone) => phone.until((view) => view.roleplay?.round === round && view.roleplay.stage === 'playing')));
  const seats = new Map<string, SeatOf>();
  for (const view of views) {
    const seat = seatOf(view);
    if (seat) seats.set(seat.participantId, seat);
  }
  return { board, seats };
}

/** Ends the round and waits until every phone in `phones` shows its feedback form. */
async function endRound({ host }: Table, phones: Client<PhoneView>[], round: number) {
  expect(await host.socket.emitWithAck('host:roleplayEndRound', {})).toEqual(ok);
  await host.until((view) => view.roleplay?.state?.stage === 'feedback');
  return Promise.all(phones.map((phone) => phone.until((view) => view.roleplay?.round === round && view.roleplay.stage === 'feedback')));
}

const feedbackText = (phone: Client<PhoneView>, round: number) => `Feedback van ${nameOf(phone)} over ronde ${round + 1}`;

/** The phone answers every question of its form (the mentor: 'self') with one text that names it. */
function sendFeedback(phone: Client<PhoneView>, round: number, key: string = randomUUID()) {
  const form = phone.last?.roleplay?.feedback;
  if (!form) throw new Error(`${nameOf(phone)} has no feedback form`);
  const ids = form.questions.length ? form.questions.map((question) => question.id) : ['self'];
  return phone.socket.emitWithAck('phone:roleplayFeedback', { key, round, answers: ids.map((questionId) => ({ questionId, text: feedbackText(phone, round) })) });
}

const feedbackCount = (host: Client<ProjectorView>, sent: number) =>
  host.until((view) => view.roleplay?.state?.feedback.sent === sent).then((view) => view.roleplay?.state?.feedback);

/** The server's own record of a round's deal, to hold the phones' views against. */
function dealOf(code: string, round: number) {
  const deal = live.server.rooms.get(code)?.snapshot.context.roleplay?.deals[round];
  if (!deal) throw new Error(`no deal for round ${round}`);
  return deal;
}

const byRole = (seats: Map<string, SeatOf>, role: SeatOf['role']) => [...seats.values()].filter((seat) => seat.role === role);
const phoneOf = (phones: Client<PhoneView>[], participantId: string) => {
  const phone = phones.find((candidate) => meOf(candidate) === participantId);
  if (!phone) throw new Error(`no phone for ${participantId}`);
  return phone;
};

describe('role-play: who sees which card', () => {
  it('a mentor never receives a parent or student card, the projector no card at all, an observer its own group’s', async () => {
    const table = await inRoleplayPhase(NAMES.slice(0, 8));
    const { host, phones, code } = table;
    const fromHost = host.views.length;
    await setUp(table);
    const from = phones.map((phone) => phone.views.length);
    const { board, seats } = await startRound(table, phones, 0);

    // 8 people in trios with observers: two groups of mentor, parent, student and observer.
    const groups = board.roleplay?.state?.groups ?? [];
    expect(groups.map((group) => group.members.map((member) => member.role).sort())).toEqual([
      ['mentor', 'observer', 'parent', 'student'],
      ['mentor', 'observer', 'parent', 'student'],
    ]);
    // Each phone shows exactly the seat the server dealt it, and the projector agrees.
    const deal = dealOf(code, 0);
    expect(Object.keys(deal).sort()).toEqual(phones.map(meOf).sort());
    for (const [id, seat] of seats) expect(seat, id).toEqual({ participantId: id, ...deal[id] });
    for (const group of groups) for (const member of group.members) expect(seats.get(member.id)).toMatchObject({ groupId: group.id, role: member.role });
    // Different groups play different parent and student cards.
    for (const role of ['parent', 'student'] as const) expect(new Set(byRole(seats, role).map((seat) => seat.cardId)).size).toBe(2);

    await endRound(table, phones, 0);
    await Promise.all(phones.map(async (phone) => expect(await sendFeedback(phone, 0)).toEqual(ok)));
    await feedbackCount(host, 8);
    // Everyone's screen has caught up with the last feedback too.
    await Promise.all(phones.map((phone) => phone.until((view) => view.roleplay?.feedback?.sent === true)));
    /** Everything the phone got from the set-up on; `played`: only the views of round 1 itself. */
    const roundOf = (index: number) => phones[index]!.views.slice(from[index]);
    const played = (index: number) => roundOf(index).filter((view) => view.roleplay?.round === 0);

    const parentAndStudentCards = cardSet.cards.filter((card) => card.role === 'parent' || card.role === 'student');
    for (const mentor of byRole(seats, 'mentor')) {
      const index = phones.findIndex((phone) => meOf(phone) === mentor.participantId);
      const received = JSON.stringify(roundOf(index));
      for (const card of parentAndStudentCards) {
        expect(received, `${nameOf(phones[index]!)} got ${card.id}`).not.toContain(asJson(card.keepsHtml));
        expect(received, `${nameOf(phones[index]!)} got ${card.id}`).not.toContain(asJson(card.wantsHtml));
      }
      // Not an empty check: the mentor did get its own card, in every view of the round.
      expect(received).toContain(asJson(cardById(mentor.cardId).keepsHtml));
      expect(played(index).length).toBeGreaterThan(2);
      expect(played(index).every((view) => view.roleplay?.seat?.card?.id === 'mentor')).toBe(true);
    }

    // Nobody, over the whole round, got a card beyond their own (observers: their group's).
    for (const [index, phone] of phones.entries()) {
      const me = seats.get(meOf(phone)) ?? null;
      expect(leaks(roundOf(index), cardSet.cards, allowedCards(me, seats.values(), true)), nameOf(phone)).toEqual([]);
    }

    // The projector, from before the set-up on, never got any card's text.
    const projector = host.views.slice(fromHost);
    expect(projector.some((view) => view.roleplay?.state?.groups.length)).toBe(true);
    expect(leaks(projector, everyCard, new Set())).toEqual([]);

    // Each observer sees exactly the cards of its own group, and not the other group's.
    for (const observer of byRole(seats, 'observer')) {
      const phone = phoneOf(phones, observer.participantId);
      const own = [...seats.values()].filter((seat) => seat.groupId === observer.groupId && seat.participantId !== observer.participantId);
      const others = phone.last?.roleplay?.seat?.others ?? [];
      expect(others.map((other) => other.card?.id).sort()).toEqual(own.map((seat) => seat.cardId).sort());
      const text = JSON.stringify(phone.views);
      for (const seat of own) expect(text).toContain(asJson(cardById(seat.cardId).keepsHtml));
      const otherGroup = [...seats.values()].filter((seat) => seat.groupId !== observer.groupId && (seat.role === 'parent' || seat.role === 'student'));
      for (const seat of otherGroup) expect(text).not.toContain(asJson(cardById(seat.cardId).keepsHtml));
    }
  });

  it('with observersSeeCards off, an observer sees no card but its own', async () => {
    const table = await inRoleplayPhase(NAMES.slice(0, 7));
    const { phones } = table;
    await setUp(table, { observersSeeCards: false });
    const from = phones.map((phone) => phone.views.length);
    const { seats } = await startRound(table, phones, 0);
    // 7 people in trios with observers: a group of 4 with an observer and a group of 3 without.
    const [observer] = byRole(seats, 'observer');
    expect(byRole(seats, 'observer')).toHaveLength(1);
    if (!observer) throw new Error('no observer');
    expect(observer.cardId).toBe('waarnemer');
    await endRound(table, phones, 0);

    const phone = phoneOf(phones, observer.participantId);
    const views = phone.views.slice(from[phones.indexOf(phone)]);
    const played = views.filter((view) => view.roleplay?.round === 0);
    expect(played.length).toBeGreaterThan(1);
    for (const view of played) {
      expect(view.roleplay?.seat?.others.length).toBe(3);
      expect(view.roleplay?.seat?.others.every((other) => other.card === null)).toBe(true);
    }
    expect(leaks(views, everyCard, new Set(['waarnemer']))).toEqual([]);
    expect(JSON.stringify(views)).toContain(asJson(cardById('waarnemer').keepsHtml));
  });
});

describe('role-play: feedback', () => {
  it('is stored once per key, refused for a round one had no seat in, and reaches only that group’s mentor', async () => {
    const table = await inRoleplayPhase(NAMES.slice(0, 8));
    const { host, phones, code } = table;
    // Ilias joins, but is away while the groups are made: he gets no seat in round 1.
    const token = newPhoneToken();
    const away = track(await joinedPhone(live.server.url, code, 'Ilias', token));
    away.close();
    await host.until((view) => view.participants.length === 9 && view.participants.filter((p) => p.online).length === 8);
    await setUp(table);
    const { seats } = await startRound(table, phones, 0);
    const ilias = track(phoneClient(live.server.url, code, token));
    const iliasView = await ilias.until((view) => view.roleplay?.round === 0);
    expect(iliasView.me?.name).toBe('Ilias');
    expect(iliasView.roleplay?.seat).toBeNull();

    // Not while the round is still being played, not for a round that has not been played.
    const [parentSeat] = byRole(seats, 'parent');
    const parent = phoneOf(phones, parentSeat!.participantId);
    const someAnswer = [{ questionId: 'gesteund', text: 'Te vroeg' }];
    expect(await parent.socket.emitWithAck('phone:roleplayFeedback', { key: randomUUID(), round: 0, answers: someAnswer })).toEqual({ ok: false, error: 'not_allowed' });

    await endRound(table, phones, 0);
    await ilias.until((view) => view.roleplay?.stage === 'feedback');
    expect(ilias.last?.roleplay?.feedback).toBeNull();
    expect(await ilias.socket.emitWithAck('phone:roleplayFeedback', { key: randomUUID(), round: 0, answers: someAnswer })).toEqual({ ok: false, error: 'not_allowed' });
    expect(await parent.socket.emitWithAck('phone:roleplayFeedback', { key: randomUUID(), round: 1, answers: someAnswer })).toEqual({ ok: false, error: 'not_allowed' });

    // The parent's outbox sends the same feedback twice: both acked, stored once.
    const key = randomUUID();
    expect(await sendFeedback(parent, 0, key)).toEqual(ok);
    expect(await sendFeedback(parent, 0, key)).toEqual(ok);
    expect(await feedbackCount(host, 1)).toEqual({ sent: 1, expected: 8 });
    expect(live.server.rooms.get(code)?.snapshot.context.roleplay?.feedback.filter((item) => item.key === key)).toHaveLength(1);

    // Everyone else answers.
    await Promise.all(phones.filter((phone) => phone !== parent).map(async (phone) => expect(await sendFeedback(phone, 0)).toEqual(ok)));
    expect(await feedbackCount(host, 8)).toEqual({ sent: 8, expected: 8 });

    const parentQuestions = content.questionLists.get(contentKey('evaluatie-ouder', 'nl'))!.questions;
    for (const mentorSeat of byRole(seats, 'mentor')) {
      const mentor = phoneOf(phones, mentorSeat.participantId);
      const group = [...seats.values()].filter((seat) => seat.groupId === mentorSeat.groupId && seat.role !== 'mentor');
      // A view with everyone's feedback in it: the parent's twice-sent one shows once.
      const view = await mentor.until((v) => (v.roleplay?.received.length ?? 0) >= group.length);
      const received = view.roleplay?.received ?? [];
      expect(received.map((item) => item.role).sort()).toEqual(['observer', 'parent', 'student']);
      for (const seat of group) {
        const item = received.find((entry) => entry.role === seat.role)!;
        const sender = phoneOf(phones, seat.participantId);
        expect(item.round).toBe(0);
        expect(item.answers.every((answer) => answer.text === feedbackText(sender, 0))).toBe(true);
        expect(item.answers.length).toBe(sender.last?.roleplay?.feedback?.questions.length);
      }
      // Questions come back as their text, not their id.
      const fromParent = received.find((item) => item.role === 'parent')!;
      expect(fromParent.answers.map((answer) => answer.question)).toEqual(parentQuestions.map((question) => question.text));
      // Nothing from the other group reaches this mentor.
      const text = JSON.stringify(mentor.views);
      for (const seat of seats.values()) {
        if (seat.groupId !== mentorSeat.groupId) expect(text).not.toContain(feedbackText(phoneOf(phones, seat.participantId), 0));
      }
    }
    // Only mentors receive feedback; nobody else gets anyone's answers.
    for (const phone of phones) {
      if (seats.get(meOf(phone))?.role === 'mentor') continue;
      expect(phone.last?.roleplay?.received).toEqual([]);
      const others = phones.filter((other) => other !== phone).map((other) => feedbackText(other, 0));
      for (const text of others) expect(JSON.stringify(phone.views)).not.toContain(text);
    }
  });
});

describe('role-play: who may steer it', () => {
  it('a phone sending host:roleplay* is refused unauthorized, and the set-up is refused outside the role-play phase', async () => {
    const { code, hostToken } = await createSession(live.server.url);
    const host = track(hostClient(live.server.url, code, hostToken));
    await host.connected();
    const phone = track(await joinedPhone(live.server.url, code, 'Anouk'));
    const id = meOf(phone);
    const unauthorized = { ok: false, error: 'unauthorized' };
    const tryAll = async () => {
      expect(await phone.socket.emitWithAck('host:roleplaySetup', SETTINGS)).toEqual(unauthorized);
      expect(await phone.socket.emitWithAck('host:roleplayRegroup', {})).toEqual(unauthorized);
      expect(await phone.socket.emitWithAck('host:roleplayMove', { participantId: id, groupId: 'g1' })).toEqual(unauthorized);
      expect(await phone.socket.emitWithAck('host:roleplayStartRound', {})).toEqual(unauthorized);
      expect(await phone.socket.emitWithAck('host:roleplayExtend', { minutes: 2 })).toEqual(unauthorized);
      expect(await phone.socket.emitWithAck('host:roleplayEndRound', {})).toEqual(unauthorized);
    };

    // In the lobby and in the first phase the host may not set it up either.
    await tryAll();
    expect(await host.socket.emitWithAck('host:roleplaySetup', SETTINGS)).toEqual({ ok: false, error: 'not_allowed' });
    expect(await host.socket.emitWithAck('host:start', {})).toEqual(ok);
    expect(await host.socket.emitWithAck('host:roleplaySetup', SETTINGS)).toEqual({ ok: false, error: 'not_allowed' });
    expect(await host.socket.emitWithAck('host:roleplayStartRound', {})).toEqual({ ok: false, error: 'not_allowed' });
    for (let step = 0; step < ROLEPLAY_PHASE; step++) expect(await host.socket.emitWithAck('host:next', {})).toEqual(ok);
    await host.until((view) => view.phase?.kind === 'roleplay' && view.participants[0]?.online === true);

    // In the role-play phase: the phone still may not; the host may not with a set the phase does not offer.
    await tryAll();
    expect((await host.until((view) => view.phase?.kind === 'roleplay')).roleplay?.state).toBeNull();
    expect(await host.socket.emitWithAck('host:roleplaySetup', { ...SETTINGS, cardSetId: 'waarnemer' })).toEqual({ ok: false, error: 'not_allowed' });
    expect(await host.socket.emitWithAck('host:roleplaySetup', SETTINGS)).toEqual(ok);
    expect(await host.socket.emitWithAck('host:roleplayStartRound', {})).toEqual(ok);
    await tryAll();
    // Once a round has been dealt, the set-up is fixed.
    expect(await host.socket.emitWithAck('host:roleplaySetup', SETTINGS)).toEqual({ ok: false, error: 'not_allowed' });
    const view = await phone.until((v) => v.roleplay?.stage === 'playing');
    expect(view.roleplay?.seat?.role).toBe('mentor');
    expect(live.server.rooms.get(code)?.snapshot.context.roleplay?.deals).toHaveLength(1);
  });
});

describe('role-play: people coming and going mid-round', () => {
  it('a late joiner gets an observer seat in the current round and plays from the next', async () => {
    const table = await inRoleplayPhase(NAMES.slice(0, 8));
    const { host, phones, code } = table;
    await setUp(table);
    const { board, seats } = await startRound(table, phones, 0);
    const smallest = board.roleplay!.state!.groups[0]!;

    const late = track(await joinedPhone(live.server.url, code, 'Ilias'));
    const view = await late.until((v) => v.roleplay?.round === 0 && v.roleplay.seat !== null);
    const seat = view.roleplay!.seat!;
    expect(view.roleplay?.stage).toBe('playing');
    expect(seat).toMatchObject({ role: 'observer', groupId: smallest.id, card: { id: 'waarnemer' } });
    // As an observer (observersSeeCards is on) Ilias sees the cards of his group, and only those.
    const group = [...seats.values()].filter((other) => other.groupId === smallest.id);
    expect(seat.others.map((other) => other.card?.id).sort()).toEqual(group.map((other) => other.cardId).sort());
    const me = seatOf(view)!;
    expect(leaks(late.views, cardSet.cards, allowedCards(me, [...seats.values(), me], true))).toEqual([]);
    // The other phones of his group now see him, as observer.
    for (const other of group) {
      const phone = phoneOf(phones, other.participantId);
      const card = other.role === 'observer' ? 'waarnemer' : undefined;
      await phone.until((v) => v.roleplay?.seat?.others.some((o) => o.name === 'Ilias' && o.role === 'observer' && o.card?.id === card) === true);
    }

    // The board shows him in that group as observer; nobody else's seat moved.
    const after = await host.until((v) => v.roleplay?.state?.groups.some((g) => g.members.some((m) => m.name === 'Ilias')) === true);
    const groupAfter = after.roleplay!.state!.groups.find((g) => g.id === smallest.id)!;
    expect(groupAfter.members.find((m) => m.name === 'Ilias')).toMatchObject({ role: 'observer', online: true });
    expect(after.roleplay?.state?.feedback.expected).toBe(9);
    for (const phone of phones) expect(seatOf(phone.last)).toEqual(seats.get(meOf(phone)));

    // He gives feedback on the round he watched, and plays in the next one.
    const everyone = [...phones, late];
    await endRound(table, everyone, 0);
    await Promise.all(everyone.map(async (phone) => expect(await sendFeedback(phone, 0)).toEqual(ok)));
    expect(await feedbackCount(host, 9)).toEqual({ sent: 9, expected: 9 });
    const next = await startRound(table, everyone, 1);
    expect(next.seats.get(meOf(late))?.groupId).toBe(smallest.id);
    expect(next.seats.size).toBe(9);
  });

  it('a participant kicked mid-round disappears from the board, and the group plays on', async () => {
    const table = await inRoleplayPhase(NAMES.slice(0, 8));
    const { host, phones } = table;
    await setUp(table);
    const { seats } = await startRound(table, phones, 0);
    const student = byRole(seats, 'student')[0]!;
    const kicked = phoneOf(phones, student.participantId);
    const gone = kicked.disconnected();
    expect(await host.socket.emitWithAck('host:kick', { participantId: student.participantId })).toEqual(ok);
    await gone;

    const board = await host.until((view) => !view.participants.some((p) => p.id === student.participantId));
    const groups = board.roleplay!.state!.groups;
    expect(groups.flatMap((group) => group.members.map((member) => member.id))).not.toContain(student.participantId);
    // The rest of the group keeps its roles on the board and its seats on the phones.
    const rest = [...seats.values()].filter((seat) => seat.groupId === student.groupId && seat !== student);
    const group = groups.find((g) => g.id === student.groupId)!;
    expect(group.members.map((member) => ({ id: member.id, role: member.role })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      rest.map((seat) => ({ id: seat.participantId, role: seat.role })).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(board.roleplay?.state?.stage).toBe('playing');
    const staying = phones.filter((phone) => phone !== kicked);
    for (const phone of staying) expect(seatOf(phone.last)).toEqual(seats.get(meOf(phone)));

    // The round ends as usual and everyone left gives feedback.
    await endRound(table, staying, 0);
    await Promise.all(staying.map(async (phone) => expect(await sendFeedback(phone, 0)).toEqual(ok)));
    await host.until((view) => view.roleplay?.state?.feedback.sent === 7);

    // The next round the group rotates among the three who are left.
    const next = await startRound(table, staying, 1);
    expect(next.seats.size).toBe(7);
    expect([...next.seats.values()].filter((seat) => seat.groupId === student.groupId).map((seat) => seat.role).sort()).toEqual(['mentor', 'parent', 'student']);
  });

  it('after a kick mid-round, the others no longer see the kicked one and the feedback count can be completed', async () => {
    const table = await inRoleplayPhase(NAMES.slice(0, 8));
    const { host, phones } = table;
    await setUp(table);
    const { seats } = await startRound(table, phones, 0);
    const student = byRole(seats, 'student')[0]!;
    const kicked = phoneOf(phones, student.participantId);
    expect(await host.socket.emitWithAck('host:kick', { participantId: student.participantId })).toEqual(ok);
    const staying = phones.filter((phone) => phone !== kicked);
    await host.until((view) => !view.participants.some((p) => p.id === student.participantId));

    await endRound(table, staying, 0);
    await Promise.all(staying.map(async (phone) => expect(await sendFeedback(phone, 0)).toEqual(ok)));
    const board = await host.until((view) => view.roleplay?.state?.feedback.sent === 7);
    // The kicked student is no longer waited for…
    expect(board.roleplay?.state?.feedback).toEqual({ sent: 7, expected: 7 });
    // …and no longer listed in the group on the phones of those who stay.
    for (const phone of staying.filter((p) => seats.get(meOf(p))?.groupId === student.groupId)) {
      expect(phone.last?.roleplay?.seat?.others.map((other) => other.name)).not.toContain(nameOf(kicked));
      expect(phone.last?.roleplay?.seat?.others.map((other) => other.name)).not.toContain('?');
      expect(phone.last?.roleplay?.seat?.others).toHaveLength(2);
    }
  });
});
