/**
 * Action points at the machine level, with a fake clock: personal points (own only, at most ten,
 * only in the action points phase), the consent for the report, votes and the team's choice from the
 * plenary's tips, what each screen sees of them, and the look back in a follow-up meeting.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { LookBack, QuestionList } from '../../server/content/types.ts';
import type { RoomEvent } from '../../server/rooms.ts';
import { MAX_POINTS_PER_PERSON } from '../../server/session/actions/actionPoints.ts';
import type { Group } from '../../server/session/seats/seats.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { testInput, testProgramme } from '../fixtures/programme.ts';

const MINUTE_MS = 60_000;
const T0 = Date.UTC(2026, 10, 23, 15, 0);

const dialoog: QuestionList = {
  id: 'dialoog',
  language: 'nl',
  title: 'Dialoog in groepjes',
  audience: 'everyone',
  questions: [
    { id: 'helpen', text: 'Wat helpt?', hint: null },
    { id: 'oplossingen', text: 'Welke oplossingen?', hint: null },
  ],
};
const base = testProgramme.phases[0] as (typeof testProgramme.phases)[number];
const phase = (kind: typeof base.kind, title: string, minutes: number, questions: string[] = []) => ({ ...base, kind, title, minutes, questions });
/** intro, dialogue, plenary, actions: the part of the real programme the action points need. */
const programme = {
  ...testProgramme,
  phases: [phase('intro', 'Intro', 5), phase('dialogue', 'Dialoog', 10, ['dialoog']), phase('plenary', 'Plenair', 10, ['dialoog']), phase('actions', 'Actiepunten', 8)],
};
const [INTRO, DIALOGUE, PLENARY, ACTIONS] = [0, 1, 2, 3];

const PEOPLE = ['a', 'b', 'c', 'd', 'e', 'f'];
const NAMES: Record<string, string> = { a: 'Anouk', b: 'Bram', c: 'Chaima', d: 'Daan', e: 'Esra', f: 'Floor' };

/** A session on a fake clock: every event is stamped one second after the one before it. */
function meeting(lookBack: LookBack | null = null) {
  let now = T0;
  const actor = createActor(sessionMachine, { input: { ...testInput, programme, library: { cardSets: [], questionLists: [dialoog] }, lookBack, at: now } }).start();
  const stamp = (event: RoomEvent) => ({ ...event, at: (now += 1000) }) as SessionEvent;
  const send = (event: RoomEvent) => actor.send(stamp(event));
  const can = (event: RoomEvent) => actor.getSnapshot().can(stamp(event));
  const context = () => actor.getSnapshot().context;
  const projector = () => toProjectorView(actor.getSnapshot(), { joinUrl: 'http://x/s/ABCDEF', online: new Set(PEOPLE), now: now + MINUTE_MS });
  const phone = (id: string) => toPhoneView(actor.getSnapshot(), id, now + MINUTE_MS);
  for (const id of PEOPLE) send({ type: 'join', participantId: id, name: NAMES[id] as string, tokenHash: `t-${id}` });
  return { actor, send, can, context, projector, phone, elapse: (minutes: number) => (now += minutes * MINUTE_MS) };
}
type Meeting = ReturnType<typeof meeting>;

/** The answer every participant wrote in the dialogue, by participant. */
const answerKey = (id: string) => `answer-${id}-0001`;
const answerText = (id: string) => `Antwoord van groep van ${id}`;

/**
 * Walks a meeting to the action points phase: six people in two dialogue groups, each wrote one
 * answer, and the plenary marked the answers of `tips` as tips.
 */
function inActions(tips: string[] = ['a', 'd'], lookBack: LookBack | null = null) {
  const m = meeting(lookBack);
  m.send({ type: 'start' });
  m.send({ type: 'next' });
  m.send({ type: 'dialogueStart', present: PEOPLE, seed: 7 });
  for (const id of PEOPLE) m.send({ type: 'dialogueAnswer', participantId: id, key: answerKey(id), questionId: 'helpen', text: answerText(id) });
  expect(m.context().dialogue?.answers).toHaveLength(PEOPLE.length);
  m.send({ type: 'next' });
  for (const id of tips) m.send({ type: 'plenaryTip', answerId: answerKey(id), tip: true });
  m.send({ type: 'next' });
  expect(m.context().phaseIndex).toBe(ACTIONS);
  return m;
}

const point = (participantId: string, key: string, text = `Punt ${key} van ${participantId}`): RoomEvent => ({ type: 'actionPoint', participantId, key, text });
const pointKey = (id: string, n: number) => `point-${id}-${String(n).padStart(4, '0')}`;
const textsOf = (m: Meeting, id: string) => m.context().actions.points.filter((p) => p.participantId === id).map((p) => p.text);

describe('personal action points', () => {
  it('(the walk: six people in two dialogue groups of three, on the action points phase)', () => {
    const groups = inActions().context().dialogue?.groups as Group[];
    expect(groups.map((group) => group.members.length)).toEqual([3, 3]);
  });

  it('are stored once per key: a retried send (same key, even with other text) counts once', () => {
    const m = inActions();
    m.send(point('a', 'point-a-0001', 'Vaker doorvragen'));
    m.send(point('a', 'point-a-0001', 'Vaker doorvragen'));
    m.send(point('a', 'point-a-0001', 'Een herhaalde versie'));
    expect(m.context().actions.points.map(({ id, participantId, text }) => ({ id, participantId, text }))).toEqual([
      { id: 'point-a-0001', participantId: 'a', text: 'Vaker doorvragen' },
    ]);
    expect(m.phone('a').actions?.mine).toEqual([{ id: 'point-a-0001', text: 'Vaker doorvragen' }]);
  });

  it(`at most ${MAX_POINTS_PER_PERSON} per person; the limit is per person, not per room`, () => {
    const m = inActions();
    for (let n = 1; n <= MAX_POINTS_PER_PERSON; n++) m.send(point('a', pointKey('a', n)));
    m.send(point('a', pointKey('a', 11)));
    expect(textsOf(m, 'a')).toHaveLength(MAX_POINTS_PER_PERSON);
    expect(m.phone('a').actions?.mine.map((p) => p.id)).not.toContain(pointKey('a', 11));
    // Someone else can still write.
    expect(m.can(point('b', pointKey('b', 1)))).toBe(true);
    // After deleting one, there is room for one more.
    m.send({ type: 'actionPointDelete', participantId: 'a', pointId: pointKey('a', 3) });
    m.send(point('a', pointKey('a', 12)));
    expect(textsOf(m, 'a')).toHaveLength(MAX_POINTS_PER_PERSON);
    expect(m.phone('a').actions?.mine.map((p) => p.id)).toContain(pointKey('a', 12));
  });

  it(`the ${MAX_POINTS_PER_PERSON + 1}th point is refused, so the phone hears it was not kept; a retried send of the ${MAX_POINTS_PER_PERSON}th is still fine`, () => {
    const m = inActions();
    for (let n = 1; n <= MAX_POINTS_PER_PERSON; n++) m.send(point('a', pointKey('a', n)));
    // Room.send acks ok exactly when the machine can take the event.
    expect(m.can(point('a', pointKey('a', 11)))).toBe(false);
    expect(m.can(point('a', pointKey('a', MAX_POINTS_PER_PERSON)))).toBe(true);
    m.send(point('a', pointKey('a', MAX_POINTS_PER_PERSON)));
    expect(textsOf(m, 'a')).toHaveLength(MAX_POINTS_PER_PERSON);
  });

  it('only the owner deletes a point, only an existing one, only in the action points phase', () => {
    const m = inActions();
    m.send(point('a', 'point-a-0001', 'Van Anouk'));
    m.send(point('b', 'point-b-0001', 'Van Bram'));
    const remove = (participantId: string, pointId: string): RoomEvent => ({ type: 'actionPointDelete', participantId, pointId });
    expect(m.can(remove('b', 'point-a-0001'))).toBe(false);
    expect(m.can(remove('nobody', 'point-a-0001'))).toBe(false);
    expect(m.can(remove('a', 'point-a-9999'))).toBe(false);
    expect(m.can(remove('a', 'point-a-0001'))).toBe(true);
    m.send(remove('a', 'point-a-0001'));
    expect(m.context().actions.points.map((p) => p.text)).toEqual(['Van Bram']);
    // Back in the plenary: Bram's point can't be deleted any more (nor a new one written).
    m.send({ type: 'back' });
    expect(m.can(remove('b', 'point-b-0001'))).toBe(false);
    expect(m.can(point('b', 'point-b-0002'))).toBe(false);
  });

  type Where = 'lobby' | 'intro' | 'dialogue' | 'plenary' | 'closed';
  /** Brings a fresh meeting (groups made, an answer of a marked as tip where there is a plenary) to `where`. */
  function at(where: Where): Meeting {
    const m = meeting();
    if (where === 'lobby') return m;
    m.send({ type: 'start' });
    if (where === 'intro') return m;
    m.send({ type: 'next' });
    m.send({ type: 'dialogueStart', present: PEOPLE, seed: 7 });
    m.send({ type: 'dialogueAnswer', participantId: 'a', key: answerKey('a'), questionId: 'helpen', text: answerText('a') });
    if (where === 'dialogue') return m;
    m.send({ type: 'next' });
    m.send({ type: 'plenaryTip', answerId: answerKey('a'), tip: true });
    if (where === 'plenary') return m;
    m.send({ type: 'next' });
    m.send({ type: 'end' });
    return m;
  }
  it.each<Where>(['lobby', 'intro', 'dialogue', 'plenary', 'closed'])('%s: no point, consent, vote or team point is taken', (where) => {
    const m = at(where);
    expect(m.can(point('a', 'point-a-0001'))).toBe(false);
    expect(m.can({ type: 'reportConsent', participantId: 'a', consent: 'named' })).toBe(false);
    expect(m.can({ type: 'teamVote', participantId: 'a', answerId: answerKey('a'), vote: true })).toBe(false);
    expect(m.can({ type: 'teamPoint', answerId: answerKey('a'), chosen: true })).toBe(false);
    expect(m.context().actions).toEqual({ points: [], consent: {}, votes: [], team: [] });
  });

  it.each([
    ['someone who never joined', 'nobody'],
    ['a participant the facilitator removed', 'f'],
  ])('refused for %s: no point, consent or vote', (_who, id) => {
    const m = inActions();
    m.send({ type: 'kick', participantId: 'f' });
    expect(m.can(point(id, 'point-x-0001'))).toBe(false);
    expect(m.can({ type: 'reportConsent', participantId: id, consent: 'named' })).toBe(false);
    expect(m.can({ type: 'teamVote', participantId: id, answerId: answerKey('a'), vote: true })).toBe(false);
    // A seated participant may.
    expect(m.can(point('a', 'point-a-0001'))).toBe(true);
  });

  it('someone who joins during the action points phase may write at once', () => {
    const m = inActions();
    m.send({ type: 'join', participantId: 'late', name: 'Gijs', tokenHash: 't-late' });
    expect(m.can(point('late', 'point-late-0001'))).toBe(true);
    m.send(point('late', 'point-late-0001', 'Laat maar goed'));
    expect(m.phone('late').actions?.mine).toEqual([{ id: 'point-late-0001', text: 'Laat maar goed' }]);
  });
});

describe('consent for the report', () => {
  it('is private by default; anonymous and named can be chosen, changed and reset', () => {
    const m = inActions();
    const consent = (id: string) => m.phone(id).actions?.consent;
    expect(PEOPLE.map(consent)).toEqual(PEOPLE.map(() => 'private'));
    m.send({ type: 'reportConsent', participantId: 'a', consent: 'named' });
    m.send({ type: 'reportConsent', participantId: 'b', consent: 'anonymous' });
    expect([consent('a'), consent('b'), consent('c')]).toEqual(['named', 'anonymous', 'private']);
    m.send({ type: 'reportConsent', participantId: 'a', consent: 'anonymous' });
    expect(consent('a')).toBe('anonymous');
    m.send({ type: 'reportConsent', participantId: 'a', consent: 'private' });
    m.send({ type: 'reportConsent', participantId: 'b', consent: 'private' });
    expect([consent('a'), consent('b')]).toEqual(['private', 'private']);
    expect(m.context().actions.consent).toEqual({});
  });

  it('a removed participant’s points, votes and consent go with them', () => {
    const m = inActions();
    m.send(point('a', 'point-a-0001', 'Weg met Anouk'));
    m.send(point('b', 'point-b-0001', 'Blijft van Bram'));
    m.send({ type: 'reportConsent', participantId: 'a', consent: 'named' });
    m.send({ type: 'reportConsent', participantId: 'b', consent: 'named' });
    m.send({ type: 'teamVote', participantId: 'a', answerId: answerKey('a'), vote: true });
    m.send({ type: 'teamVote', participantId: 'b', answerId: answerKey('a'), vote: true });
    expect(m.projector().actions).toMatchObject({ writers: 2 });
    expect(m.projector().actions?.tips.find((tip) => tip.id === answerKey('a'))?.votes).toBe(2);

    m.send({ type: 'kick', participantId: 'a' });
    const { actions } = m.context();
    expect(actions.points.map((p) => p.text)).toEqual(['Blijft van Bram']);
    expect(actions.consent).toEqual({ b: 'named' });
    expect(actions.votes).toEqual([{ participantId: 'b', answerId: answerKey('a') }]);
    expect(m.projector().actions).toMatchObject({ writers: 1, participantCount: 5 });
    expect(m.projector().actions?.tips.find((tip) => tip.id === answerKey('a'))?.votes).toBe(1);
  });
});

describe('votes and team action points', () => {
  it('only on tips marked in the plenary: not on an ordinary answer, not on one that does not exist', () => {
    const m = inActions(['a']);
    const vote = (answerId: string): RoomEvent => ({ type: 'teamVote', participantId: 'b', answerId, vote: true });
    const choose = (answerId: string): RoomEvent => ({ type: 'teamPoint', answerId, chosen: true });
    expect(m.can(vote(answerKey('a')))).toBe(true);
    expect(m.can(choose(answerKey('a')))).toBe(true);
    for (const answerId of [answerKey('b'), 'answer-none-0001']) {
      expect(m.can(vote(answerId)), answerId).toBe(false);
      expect(m.can(choose(answerId)), answerId).toBe(false);
    }
    expect(m.projector().actions?.tips.map((tip) => tip.id)).toEqual([answerKey('a')]);
    expect(m.phone('b').actions?.tips.map((tip) => tip.id)).toEqual([answerKey('a')]);
  });

  it('a vote toggles: twice yes counts once, no takes it back; each phone sees only its own vote', () => {
    const m = inActions(['a', 'd']);
    const vote = (participantId: string, answerId: string, wanted: boolean): RoomEvent => ({ type: 'teamVote', participantId, answerId, vote: wanted });
    const votes = () => Object.fromEntries(m.projector().actions?.tips.map((tip) => [tip.id, tip.votes]) ?? []);
    m.send(vote('b', answerKey('a'), true));
    m.send(vote('b', answerKey('a'), true));
    m.send(vote('c', answerKey('a'), true));
    m.send(vote('c', answerKey('d'), true));
    expect(votes()).toEqual({ [answerKey('a')]: 2, [answerKey('d')]: 1 });
    const voted = (id: string) => Object.fromEntries(m.phone(id).actions?.tips.map((tip) => [tip.id, tip.voted]) ?? []);
    expect(voted('b')).toEqual({ [answerKey('a')]: true, [answerKey('d')]: false });
    expect(voted('c')).toEqual({ [answerKey('a')]: true, [answerKey('d')]: true });
    expect(voted('e')).toEqual({ [answerKey('a')]: false, [answerKey('d')]: false });

    m.send(vote('c', answerKey('a'), false));
    m.send(vote('e', answerKey('d'), false));
    expect(votes()).toEqual({ [answerKey('a')]: 1, [answerKey('d')]: 1 });
    expect(voted('c')).toEqual({ [answerKey('a')]: false, [answerKey('d')]: true });
  });

  it('a chosen tip becomes a team point with the tip’s text as it was; unchoosing takes it off', () => {
    const m = inActions(['a', 'd']);
    m.send({ type: 'teamPoint', answerId: answerKey('d'), chosen: true });
    m.send({ type: 'teamPoint', answerId: answerKey('a'), chosen: true });
    m.send({ type: 'teamPoint', answerId: answerKey('a'), chosen: true });
    expect(m.projector().actions?.team).toEqual([
      { answerId: answerKey('d'), text: answerText('d') },
      { answerId: answerKey('a'), text: answerText('a') },
    ]);
    expect(m.projector().actions?.tips.map((tip) => tip.chosen)).toEqual([true, true]);
    expect(m.phone('f').actions?.team).toEqual([answerText('d'), answerText('a')]);

    // Back to the dialogue: the author rewrites the tip; the team point keeps what the team chose.
    m.send({ type: 'back' });
    m.send({ type: 'back' });
    expect(m.context().phaseIndex).toBe(DIALOGUE);
    m.send({ type: 'dialogueEdit', participantId: 'a', answerId: answerKey('a'), text: 'Later herschreven' });
    m.send({ type: 'next' });
    m.send({ type: 'next' });
    expect(m.projector().actions?.tips.find((tip) => tip.id === answerKey('a'))?.text).toBe('Later herschreven');
    expect(m.projector().actions?.team.find((team) => team.answerId === answerKey('a'))?.text).toBe(answerText('a'));

    m.send({ type: 'teamPoint', answerId: answerKey('d'), chosen: false });
    expect(m.projector().actions?.team).toEqual([{ answerId: answerKey('a'), text: answerText('a') }]);
    expect(m.phone('f').actions?.team).toEqual([answerText('a')]);
    expect(m.projector().actions?.tips.find((tip) => tip.id === answerKey('d'))?.chosen).toBe(false);
  });

  it('a team point whose tip was unmarked in the plenary can still be taken off', () => {
    const m = inActions(['a']);
    m.send({ type: 'teamPoint', answerId: answerKey('a'), chosen: true });
    // The facilitator goes back to the plenary and unmarks the tip, then on to the action points.
    m.send({ type: 'back' });
    expect(m.context().phaseIndex).toBe(PLENARY);
    m.send({ type: 'plenaryTip', answerId: answerKey('a'), tip: false });
    m.send({ type: 'next' });
    expect(m.projector().actions?.tips).toEqual([]);
    // Either the team point went with its tip, or the facilitator can take it off now.
    m.send({ type: 'teamPoint', answerId: answerKey('a'), chosen: false });
    expect(m.projector().actions?.team).toEqual([]);
    expect(m.phone('b').actions?.team).toEqual([]);
  });
});

describe('what each screen sees', () => {
  /** Everyone writes two points; a and b choose how the report may hold them; a tip is a team point. */
  function written() {
    const m = inActions(['a', 'd']);
    for (const id of PEOPLE.slice(0, 4)) {
      m.send(point(id, pointKey(id, 1), `GEHEIM-${id}-1 <b>vet</b>`));
      m.send(point(id, pointKey(id, 2), `GEHEIM-${id}-2`));
    }
    m.send({ type: 'reportConsent', participantId: 'a', consent: 'named' });
    m.send({ type: 'reportConsent', participantId: 'b', consent: 'anonymous' });
    m.send({ type: 'teamVote', participantId: 'c', answerId: answerKey('d'), vote: true });
    m.send({ type: 'teamPoint', answerId: answerKey('d'), chosen: true });
    return m;
  }

  it('the projector never holds a personal action point, named or not; it shows how many wrote', () => {
    const m = written();
    const view = m.projector();
    expect(JSON.stringify(view)).not.toMatch(/GEHEIM|point-/);
    expect(view.actions).toEqual({
      tips: [
        { id: answerKey('a'), groupId: expect.any(String), text: answerText('a'), votes: 0, chosen: false },
        { id: answerKey('d'), groupId: expect.any(String), text: answerText('d'), votes: 1, chosen: true },
      ],
      team: [{ answerId: answerKey('d'), text: answerText('d') }],
      writers: 4,
      participantCount: 6,
    });
    // Not after the close either.
    m.send({ type: 'end' });
    expect(JSON.stringify(m.projector())).not.toMatch(/GEHEIM|point-/);
  });

  it('a phone sees its own points and consent, the tips with its own vote, the team points: nobody else’s points', () => {
    const m = written();
    for (const id of PEOPLE) {
      const view = m.phone(id);
      const own = PEOPLE.indexOf(id) < 4 ? [1, 2].map((n) => ({ id: pointKey(id, n), text: `GEHEIM-${id}-${n}${n === 1 ? ' <b>vet</b>' : ''}` })) : [];
      expect(view.actions, id).toEqual({
        open: true,
        mine: own,
        consent: id === 'a' ? 'named' : id === 'b' ? 'anonymous' : 'private',
        tips: [
          { id: answerKey('a'), text: answerText('a'), voted: false, chosen: false },
          { id: answerKey('d'), text: answerText('d'), voted: id === 'c', chosen: true },
        ],
        team: [answerText('d')],
      });
      const text = JSON.stringify(view);
      for (const other of PEOPLE.filter((someone) => someone !== id)) {
        expect(text, `${id} sees ${other}`).not.toContain(`GEHEIM-${other}-`);
        expect(text, `${id} sees a key of ${other}`).not.toContain(`point-${other}-`);
      }
    }
  });

  it('after the close a phone still has its own points (no longer open); without points and team points it has nothing', () => {
    const m = written();
    m.send({ type: 'end' });
    expect(m.phone('a').status).toBe('closed');
    expect(m.phone('a').actions).toEqual({
      open: false,
      mine: [
        { id: pointKey('a', 1), text: 'GEHEIM-a-1 <b>vet</b>' },
        { id: pointKey('a', 2), text: 'GEHEIM-a-2' },
      ],
      consent: 'named',
      tips: [],
      team: [answerText('d')],
    });
    // Floor wrote nothing, but there is a team point to take home.
    expect(m.phone('f').actions).toMatchObject({ open: false, mine: [], team: [answerText('d')] });

    const quiet = inActions(['a']);
    quiet.send(point('a', pointKey('a', 1), 'Alleen van Anouk'));
    quiet.send({ type: 'end' });
    expect(quiet.phone('a').actions).toMatchObject({ open: false, mine: [{ id: pointKey('a', 1), text: 'Alleen van Anouk' }], team: [] });
    expect(quiet.phone('b').actions).toBeNull();
  });

  it.each([
    ['the lobby', INTRO - 1],
    ['the intro', INTRO],
    ['the dialogue', DIALOGUE],
    ['the plenary', PLENARY],
  ])('in %s neither screen has an action points section', (_where, index) => {
    const m = meeting();
    if (index >= INTRO) m.send({ type: 'start' });
    for (let step = INTRO; step < index; step++) m.send({ type: 'next' });
    expect(m.context().phaseIndex).toBe(index);
    expect(m.projector().actions).toBeNull();
    expect(m.phone('a').actions).toBeNull();
  });
});

describe('the look back in a follow-up meeting', () => {
  const lookBack: LookBack = {
    date: '2026-10-12',
    programme: 'Tienminutengesprekken',
    team: ['Agenda vooraf sturen', 'Eerst de leerling laten praten'],
    personal: [
      { name: 'Anna', points: ['VORIG-Anna-1', 'VORIG-Anna-2'] },
      { name: 'Bram', points: ['VORIG-Bram-1'] },
    ],
  };

  function followUp() {
    let now = T0;
    const actor = createActor(sessionMachine, { input: { ...testInput, programme, library: { cardSets: [], questionLists: [dialoog] }, lookBack, at: now } }).start();
    const join = (participantId: string, name: string) => actor.send({ type: 'join', participantId, name, tokenHash: `t-${participantId}`, at: (now += 1000) });
    return { actor, join, phone: (id: string) => toPhoneView(actor.getSnapshot(), id, now), projector: () => toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(), now }) };
  }

  it('the projector shows the team points and how many kept their own, never a personal point', () => {
    const f = followUp();
    f.join('p1', 'Anna');
    const view = f.projector();
    expect(view.lookBack).toEqual({ date: '2026-10-12', programme: 'Tienminutengesprekken', team: lookBack.team, personalCount: 2 });
    expect(JSON.stringify(view)).not.toContain('VORIG-');
  });

  it.each([
    ['Anna', ['VORIG-Anna-1', 'VORIG-Anna-2']],
    ['anna ', ['VORIG-Anna-1', 'VORIG-Anna-2']],
    [' ANNA', ['VORIG-Anna-1', 'VORIG-Anna-2']],
    ['bram', ['VORIG-Bram-1']],
    ['Anne', []],
    ['Annabel', []],
  ])('a phone that joined as “%s” sees the team points and its own: %j', (name, mine) => {
    const f = followUp();
    f.join('p1', name);
    f.join('p2', 'Chaima');
    const view = f.phone('p1');
    expect(view.lookBack).toEqual({ date: '2026-10-12', team: lookBack.team, mine });
    const others = lookBack.personal.flatMap((entry) => entry.points).filter((text) => !mine.includes(text));
    for (const text of others) expect(JSON.stringify(view)).not.toContain(text);
  });

  it('a phone that has not joined sees nothing of it; a meeting without a report has no look back', () => {
    const f = followUp();
    expect(toPhoneView(f.actor.getSnapshot(), null, T0).lookBack).toBeNull();
    const m = meeting();
    expect(m.projector().lookBack).toBeNull();
    expect(m.phone('a').lookBack).toBeNull();
  });
});
