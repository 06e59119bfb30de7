import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Card, CardSet } from '../../server/content/types.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { testInput, testProgramme } from '../fixtures/programme.ts';

const card = (id: string, role: Card['role']): Card => ({
  id,
  role,
  title: `titel-${id}`,
  wantsHtml: `<p>wil-${id}</p>`,
  keepsHtml: `<p>geheim-${id}</p>`,
  tipHtml: `<p>tip-${id}</p>`,
});
const set: CardSet = {
  id: 'set',
  language: 'nl',
  title: 'Set',
  theme: 'Thema',
  situationHtml: '<p>situatie</p>',
  source: null,
  students: null,
  observers: null,
  cards: [card('mentor', 'mentor'), ...['p1', 'p2', 'p3'].map((id) => card(id, 'parent')), card('s1', 'student'), card('obs', 'observer')],
};
const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const cardTexts = set.cards.flatMap((c) => [`wil-${c.id}`, `geheim-${c.id}`, `titel-${c.id}`]);

/** A session in its role-play phase with seven people, round 1 dealt. */
function inRound(observersSeeCards: boolean) {
  const programme = {
    ...testProgramme,
    phases: [{ ...testProgramme.phases[0]!, kind: 'roleplay' as const, cardsets: ['set'], questions: [] }, testProgramme.phases[2]!],
  };
  const actor = createActor(sessionMachine, { input: { ...testInput, programme, library: { cardSets: [set], questionLists: [] } } }).start();
  const send = (event: SessionEvent) => actor.send(event);
  ids.forEach((id, n) => send({ type: 'join', participantId: id, name: `Naam-${id}`, tokenHash: `t-${id}`, at: n }));
  send({ type: 'start', at: 10 });
  const settings = { cardSetId: 'set', format: 'trios' as const, observers: true, rounds: 2, minutesPerRound: 5, observersSeeCards };
  send({ type: 'roleplaySetup', settings, present: ids, seed: 7, at: 20 });
  send({ type: 'roleplayStartRound', at: 30 });
  return actor;
}

describe('role-play views', () => {
  it('the projector shows names and roles, never a word of any card', () => {
    const view = toProjectorView(inRound(true).getSnapshot(), { joinUrl: '', online: new Set(ids), now: 40 });
    const names = view.roleplay?.state?.groups.flatMap((group) => group.members.map((member) => member.name)).sort();
    expect(names).toEqual(ids.map((id) => `Naam-${id}`));
    const roles = view.roleplay?.state?.groups.map((group) => group.members.filter((member) => member.role === 'mentor').length);
    expect(roles?.every((count) => count === 1)).toBe(true);
    const text = JSON.stringify(view);
    for (const secret of cardTexts) expect(text).not.toContain(secret);
  });

  it.each([true, false])('each phone sees its own card; observers see their group’s only when allowed (%s)', (observersSeeCards) => {
    const snapshot = inRound(observersSeeCards).getSnapshot();
    const deal = snapshot.context.roleplay?.deals[0] ?? {};
    for (const id of ids) {
      const seat = deal[id];
      const view = toPhoneView(snapshot, id, 40);
      expect(view.roleplay?.seat?.role).toBe(seat?.role);
      const text = JSON.stringify(view);
      const visible = new Set([seat?.cardId]);
      if (seat?.role === 'observer' && observersSeeCards) {
        for (const [other, otherSeat] of Object.entries(deal)) if (otherSeat.groupId === seat.groupId && other !== id) visible.add(otherSeat.cardId);
      }
      for (const c of set.cards) {
        if (visible.has(c.id)) expect(text, `${id} (${seat?.role}) sees ${c.id}`).toContain(`geheim-${c.id}`);
        else expect(text, `${id} (${seat?.role}) must not see ${c.id}`).not.toContain(`geheim-${c.id}`);
      }
    }
  });

  it('feedback reaches the mentor of that round and group only', () => {
    const actor = inRound(true);
    actor.send({ type: 'roleplayEndRound', at: 50 });
    const deal = actor.getSnapshot().context.roleplay?.deals[0] ?? {};
    const [parentId, parentSeat] = Object.entries(deal).find(([, seat]) => seat.role === 'parent') ?? [];
    actor.send({ type: 'roleplayFeedback', participantId: parentId!, key: 'feedback-1', round: 0, answers: [{ questionId: 'x', text: 'goed geluisterd' }], at: 60 });
    actor.send({ type: 'roleplayFeedback', participantId: parentId!, key: 'feedback-1', round: 0, answers: [{ questionId: 'x', text: 'goed geluisterd' }], at: 61 });
    for (const [id, seat] of Object.entries(deal)) {
      const received = toPhoneView(actor.getSnapshot(), id, 70).roleplay?.received ?? [];
      const isThatMentor = seat.role === 'mentor' && seat.groupId === parentSeat?.groupId;
      expect(received.map((item) => item.answers[0]?.text), id).toEqual(isThatMentor ? ['goed geluisterd'] : []);
    }
    expect(toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(ids), now: 70 }).roleplay?.state?.feedback).toEqual({ sent: 1, expected: 7 });
  });
});

describe('role-play feedback in the evaluation', () => {
  it('is shown per role and question, without names', () => {
    const actor = inRound(true);
    actor.send({ type: 'roleplayEndRound', at: 50 });
    const deal = actor.getSnapshot().context.roleplay?.deals[0] ?? {};
    for (const [id, seat] of Object.entries(deal)) {
      const answers = [{ questionId: seat.role === 'mentor' ? 'self' : 'q', text: `antwoord van een ${seat.role}` }];
      actor.send({ type: 'roleplayFeedback', participantId: id, key: `feedback-${id}`, round: 0, answers, at: 60 });
    }
    const during = toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(ids), now: 70 });
    expect(during.roleplayFeedback).toBeNull();
    actor.send({ type: 'next', at: 80 });
    const view = toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(ids), now: 90 });
    // Mentors' self-reflections were for themselves: not on the wall.
    expect(view.roleplayFeedback?.map((group) => [group.role, group.answers.length]).sort()).toEqual([
      ['observer', 1],
      ['parent', 2],
      ['student', 2],
    ]);
    expect(JSON.stringify(view.roleplayFeedback)).not.toMatch(/Naam-/);
  });
});

describe('role-play rules', () => {
  const can = (actor: ReturnType<typeof inRound>, event: SessionEvent) => actor.getSnapshot().can(event);

  it.each<[string, SessionEvent, boolean]>([
    ['no set-up again once a round was dealt', { type: 'roleplaySetup', settings: { cardSetId: 'set', format: 'pairs', observers: true, rounds: 2, minutesPerRound: 5, observersSeeCards: true }, present: ids, seed: 1, at: 40 }, false],
    ['no regrouping while a round is played', { type: 'roleplayRegroup', present: ids, seed: 2, at: 40 }, false],
    ['no moves while a round is played', { type: 'roleplayMove', participantId: 'a', groupId: 'g2', at: 40 }, false],
    ['extend a round that is played', { type: 'roleplayExtend', minutes: 1, at: 40 }, true],
    ['skip to the next round', { type: 'roleplayStartRound', at: 40 }, true],
    ['no feedback while the round is played', { type: 'roleplayFeedback', participantId: 'a', key: 'feedback-1', round: 0, answers: [{ questionId: 'x', text: 'y' }], at: 40 }, false],
    ['no feedback for a round not yet played', { type: 'roleplayFeedback', participantId: 'a', key: 'feedback-1', round: 1, answers: [{ questionId: 'x', text: 'y' }], at: 40 }, false],
  ])('%s', (_name, event, expected) => {
    expect(can(inRound(true), event)).toBe(expected);
  });

  it('stops at the number of rounds set; a late joiner watches a round in play, not one that is over', () => {
    const actor = inRound(true);
    actor.send({ type: 'join', participantId: 'late', name: 'Laat', tokenHash: 't-late', at: 35 });
    expect(actor.getSnapshot().context.roleplay?.deals[0]?.late?.role).toBe('observer');
    actor.send({ type: 'roleplayEndRound', at: 40 });
    actor.send({ type: 'join', participantId: 'later', name: 'Later', tokenHash: 't-later', at: 45 });
    expect(actor.getSnapshot().context.roleplay?.deals[0]?.later).toBeUndefined();
    actor.send({ type: 'roleplayStartRound', at: 50 });
    expect(actor.getSnapshot().context.roleplay?.deals[1]?.later?.role).toBeDefined();
    actor.send({ type: 'roleplayEndRound', at: 60 });
    expect(can(actor, { type: 'roleplayStartRound', at: 70 })).toBe(false);
  });

  // The round started at 30 with 5 minutes; every screen counts down to the same deadline.
  it.each([
    ['no extra time', [], 30 + 5 * 60_000, 5 * 60_000],
    ['"+1 min" once', [1], 30 + 6 * 60_000, 6 * 60_000],
    ['"+1 min" twice', [1, 1], 30 + 7 * 60_000, 7 * 60_000],
    ['three minutes at once', [3], 30 + 8 * 60_000, 8 * 60_000],
  ])('round timer, %s: projector and phones count down to the same later deadline', (_label, extensions, endsAt, totalMs) => {
    const actor = inRound(true);
    extensions.forEach((minutes, n) => actor.send({ type: 'roleplayExtend', minutes, at: 40 + n }));
    const expected = { state: 'running', endsAt, totalMs };
    expect(toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(ids), now: 50 }).roleplay?.state?.timer).toEqual(expected);
    for (const id of ids) expect(toPhoneView(actor.getSnapshot(), id, 50).roleplay?.timer).toEqual(expected);
  });

  it('someone removed mid-round leaves the round; the feedback count can still complete', () => {
    const actor = inRound(true);
    actor.send({ type: 'kick', participantId: 'b', at: 35 });
    actor.send({ type: 'roleplayEndRound', at: 40 });
    const deal = actor.getSnapshot().context.roleplay?.deals[0] ?? {};
    expect(Object.keys(deal).sort()).toEqual(ids.filter((id) => id !== 'b'));
    for (const id of Object.keys(deal)) {
      actor.send({ type: 'roleplayFeedback', participantId: id, key: `feedback-${id}`, round: 0, answers: [{ questionId: 'q', text: 'x' }], at: 50 });
    }
    expect(toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(ids), now: 60 }).roleplay?.state?.feedback).toEqual({ sent: 6, expected: 6 });
  });
});
