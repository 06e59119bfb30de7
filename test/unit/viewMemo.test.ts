/**
 * A phone's own parts are remembered per participant and made again only when what they read
 * changed (session/views.ts, the features' `…PhoneInputs`), and what was sent is compared by
 * identity first (sentViews.ts). Whatever happens in a session, the remembered view is exactly the
 * one the features' view functions make afresh, and an unchanged part is the same object.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { loadContent } from '../../server/content/loadContent.ts';
import type { PhoneOwnView } from '../../server/protocol/views.ts';
import type { RoomEvent } from '../../server/rooms.ts';
import { sameJson, SentViews } from '../../server/sentViews.ts';
import { toActionsPhoneView, toLookBackPhoneView } from '../../server/session/actions/views.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { toDialoguePhoneView } from '../../server/session/dialogue/views.ts';
import { toEvaluationPhoneView } from '../../server/session/evaluation/views.ts';
import { toResearchPhoneView } from '../../server/session/research/views.ts';
import { toStatementsPhoneView } from '../../server/session/statements/views.ts';
import { toRoleplayPhoneView } from '../../server/session/roleplay/views.ts';
import { notesOf } from '../../server/session/seats/queries.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import { toPhoneOwnView, type SessionSnapshot } from '../../server/session/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';

const content = loadContent(`${PROJECT_ROOT}content`);
const programme = content.programmes.get('nl/tienminutengesprekken')!;
const library = { cardSets: [...content.cardSets.values()].filter((set) => set.language === 'nl'), questionLists: [...content.questionLists.values()], research: [content.research.get('nl/onderzoek-aos')!] };
const indexOf = (kind: string) => programme.phases.findIndex((phase) => phase.kind === kind);
const T0 = 1_800_000_000_000;
const lookBack = { date: '2026-01-10', programme: programme.title, team: ['Agenda vooraf mailen'], personal: [{ name: 'naam 1', points: ['Eerst vragen wat goed gaat'] }] };

/** The view as the features make it, without anything remembered. */
function fresh(snapshot: SessionSnapshot, participantId: string | null, now: number): PhoneOwnView {
  const { context } = snapshot;
  const me = context.participants.find((participant) => participant.id === participantId);
  const open = !snapshot.matches('closed');
  return {
    me: me ? { id: me.id, name: me.name } : null,
    waiting: (() => {
      const entry = me ? undefined : context.waiting.find((waiting) => waiting.id === participantId);
      return entry ? { name: entry.name } : null;
    })(),
    notes: me ? notesOf(context, me.id) : [],
    roleplay: me && open ? toRoleplayPhoneView(context, me.id) : null,
    dialogue: me && open ? toDialoguePhoneView(context, me.id) : null,
    evaluation: me && open ? toEvaluationPhoneView(context, me.id) : null,
    research: me && open ? toResearchPhoneView(context, me.id, now) : null,
    statements: me && open ? toStatementsPhoneView(context, me.id) : null,
    actions: me ? toActionsPhoneView(context, me.id, !open) : null,
    lookBack: me ? toLookBackPhoneView(context, me.name) : null,
  };
}

/** A whole session, every feature and its changes of mind; after each event every phone's view is checked. */
function playSession(check: (snapshot: SessionSnapshot, now: number) => void) {
  let at = T0;
  const actor = createActor(sessionMachine, { input: { code: 'ABC234', hostTokenHash: 'h', programme, library, lookBack, capacity: 60, at: T0 } });
  actor.start();
  const send = (event: RoomEvent) => {
    actor.send({ ...event, at: (at += 1000) } as SessionEvent);
    check(actor.getSnapshot(), at);
  };
  const toPhase = (index: number) => {
    while (actor.getSnapshot().context.phaseIndex < index) send({ type: actor.getSnapshot().context.phaseIndex < 0 ? 'start' : 'next' });
  };
  const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
  people.slice(0, 6).forEach((id, n) => send({ type: 'join', participantId: id, name: `Naam ${n}`, tokenHash: `t-${id}` }));
  send({ type: 'submit', participantId: 'p1', key: 'note-1', kind: 'note', questionId: null, text: 'In de lobby', phaseIndex: -1 });
  toPhase(indexOf('research'));
  for (const id of people.slice(0, 4)) send({ type: 'quickscanRate', participantId: id, statementId: 'agenda', experience: 2, importance: 4 });
  send({ type: 'quickscanRate', participantId: 'p1', statementId: 'agenda', experience: 4, importance: null });
  send({ type: 'quickscanReveal', revealed: true });
  send({ type: 'researchStep', delta: 1 });
  send({ type: 'researchPlay', playing: true });
  // Playing: the step follows the clock, between events too.
  for (const later of [10_000, 30_000, 70_000, 400_000]) check(actor.getSnapshot(), at + later);
  send({ type: 'researchPlay', playing: false });
  toPhase(indexOf('dialogue'));
  send({ type: 'dialogueStart', present: people.slice(0, 5), seed: 7 });
  send({ type: 'join', participantId: 'p7', name: 'Naam 6', tokenHash: 't-p7' });
  for (const [n, id] of people.entries()) send({ type: 'dialogueAnswer', participantId: id, key: `answer-${n}`, questionId: 'helpen-hinderen', text: `Antwoord ${n}` });
  send({ type: 'dialogueEdit', participantId: 'p1', answerId: 'answer-0', text: 'Antwoord 0, beter' });
  send({ type: 'dialogueDelete', participantId: 'p2', answerId: 'answer-1' });
  const groups = actor.getSnapshot().context.dialogue!.groups;
  send({ type: 'dialogueMove', participantId: 'p3', groupId: groups.at(-1)!.id });
  toPhase(indexOf('plenary'));
  send({ type: 'plenaryTip', answerId: 'answer-2', tip: true });
  send({ type: 'plenarySpotlight', groupId: groups[0]!.id, answerId: null });
  toPhase(indexOf('roleplay'));
  send({ type: 'roleplaySetup', settings: { cardSetId: 'thuissituatie', format: 'auto', observers: true, rounds: 3, minutesPerRound: 5, observersSeeCards: true }, present: people.slice(0, 6), seed: 3 });
  send({ type: 'roleplayStartRound' });
  send({ type: 'roleplayExtend', minutes: 2 });
  send({ type: 'roleplayEndRound' });
  for (const id of people) send({ type: 'roleplayFeedback', participantId: id, key: `fb-${id}`, round: 0, answers: [{ questionId: 'gehoord', text: `Feedback van ${id}` }] });
  send({ type: 'roleplayStartRound' });
  send({ type: 'join', participantId: 'p8', name: 'Laat', tokenHash: 't-p8' });
  send({ type: 'kick', participantId: 'p2' });
  send({ type: 'roleplayEndRound' });
  send({ type: 'roleplayFeedback', participantId: 'p3', key: 'fb-p3-1', round: 1, answers: [{ questionId: 'gehoord', text: 'Tweede ronde' }] });
  toPhase(indexOf('evaluation'));
  const question = actor.getSnapshot().context.library.questionLists.find((list) => list.id === programme.phases[indexOf('evaluation')]!.questions[0])!.questions[0]!;
  send({ type: 'submit', participantId: 'p3', key: 'eval-1', kind: 'evaluation', questionId: question.id, text: 'Lastig', phaseIndex: indexOf('evaluation') });
  send({ type: 'submit', participantId: 'p4', key: 'note-2', kind: 'note', questionId: null, text: 'Tijdens de evaluatie', phaseIndex: indexOf('evaluation') });
  toPhase(indexOf('actions'));
  send({ type: 'actionPoint', participantId: 'p1', key: 'point-1', text: 'Agenda vooraf' });
  send({ type: 'actionPoint', participantId: 'p4', key: 'point-2', text: 'Doorvragen' });
  send({ type: 'actionPointDelete', participantId: 'p4', pointId: 'point-2' });
  send({ type: 'reportConsent', participantId: 'p1', consent: 'named' });
  send({ type: 'teamVote', participantId: 'p3', answerId: 'answer-2', vote: true });
  send({ type: 'teamPoint', answerId: 'answer-2', chosen: true });
  send({ type: 'back' });
  send({ type: 'next' });
  send({ type: 'pause' });
  send({ type: 'resume' });
  send({ type: 'end' });
}

describe('remembered phone views', () => {
  it('are, after every event of a whole session, exactly the views made afresh', () => {
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'nobody', null];
    let checks = 0;
    const seen = new Set<string>();
    playSession((snapshot, now) => {
      for (const id of ids) {
        const view = toPhoneOwnView(snapshot, id, now);
        expect(view, `${id} at ${now - T0}`).toEqual(fresh(snapshot, id, now));
        checks++;
        if (view.roleplay?.seat?.card) seen.add('card');
        if (view.roleplay?.seat?.others.some((other) => other.card)) seen.add('observer sees cards');
        if (view.roleplay?.received.length) seen.add('feedback received');
        if (view.roleplay?.feedback?.sent) seen.add('feedback sent');
        if ((view.research?.step?.index ?? 0) > 1) seen.add('presentation played on');
        if (Object.keys(view.research?.quickscan?.mine ?? {}).length) seen.add('own ratings');
        if (view.dialogue?.answers.some((answer) => answer.mine)) seen.add('own answers');
        if (view.evaluation?.answers.length) seen.add('evaluation answers');
        if (view.actions?.mine.length) seen.add('action points');
        if (view.lookBack?.mine.length) seen.add('look back');
      }
    });
    expect(checks).toBeGreaterThan(500);
    // The session above reaches every feature's own part.
    expect([...seen].sort()).toEqual(
      ['action points', 'card', 'evaluation answers', 'feedback received', 'feedback sent', 'look back', 'observer sees cards', 'own answers', 'own ratings', 'presentation played on'].sort(),
    );
  });

  it('an unchanged part is the same object, and a phone is sent only the parts that changed', () => {
    const sent = new Map<string, SentViews>();
    const counts = { events: 0, sent: 0, unchanged: 0 };
    let previous: Map<string, PhoneOwnView> = new Map();
    playSession((snapshot, now) => {
      counts.events++;
      const views = new Map<string, PhoneOwnView>();
      for (const { id } of snapshot.context.participants) {
        const own = toPhoneOwnView(snapshot, id, now);
        views.set(id, own);
        const before = previous.get(id);
        const freshView = fresh(snapshot, id, now);
        const changes = (sent.get(id) ?? sent.set(id, new SentViews()).get(id)!).ownChanges(own);
        for (const key of ['me', 'roleplay', 'dialogue', 'evaluation', 'research', 'actions', 'lookBack'] as const) {
          const changed = before === undefined || JSON.stringify(before[key]) !== JSON.stringify(freshView[key]);
          // Sent exactly when its JSON changed, whether or not it was made again.
          expect(Boolean(changes && (key in changes || (changes.patch !== undefined && key in changes.patch))), `${id} ${key}`).toBe(changed);
          if (before && before[key] === own[key]) counts.unchanged++;
        }
        if (changes) counts.sent++;
      }
      previous = views;
    });
    expect(counts.sent).toBeGreaterThan(0);
    // Most parts of most phones stay the very same object from one event to the next.
    expect(counts.unchanged).toBeGreaterThan(counts.events * 3);
  });
});

describe('sameJson', () => {
  it('is true exactly when two views would be sent as the same JSON', () => {
    // Values as views hold them: no undefined, no NaN; small alphabets so equal values come up often.
    const leaf = fc.oneof(fc.constantFrom(null, true, false, 0, 1, 2, 'a', 'b', ''), fc.integer({ min: -2, max: 2 }));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('any'), { maxKeys: 3 })),
    })).any;
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('tells apart the same keys in another order, and an array from an object', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
  });
});
