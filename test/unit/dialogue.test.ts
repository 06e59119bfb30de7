import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { QuestionList } from '../../server/content/types.ts';
import { addAnswer, formDialogueGroups, groupOf, leave, place, start, type DialogueState } from '../../server/session/dialogue/dialogue.ts';
import type { Group } from '../../server/session/seats/seats.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { testInput, testProgramme } from '../fixtures/programme.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);
const sorted = (list: string[]) => [...list].sort();
const everyone = (groups: Group[]) => groups.flatMap((group) => group.members);
const sizes = (groups: Group[]) => groups.map((group) => group.members.length);

describe('formDialogueGroups', () => {
  // Group sizes in group order (d1, d2, …): about four each, round(n / 4) groups, the first ones one larger.
  it.each<[number, number[]]>([
    [1, [1]],
    [2, [2]],
    [3, [3]],
    [4, [4]],
    [5, [5]],
    [6, [3, 3]],
    [7, [4, 3]],
    [8, [4, 4]],
    [9, [5, 4]],
    [10, [4, 3, 3]],
    [11, [4, 4, 3]],
    [12, [4, 4, 4]],
    [13, [5, 4, 4]],
    [14, [4, 4, 3, 3]],
    [15, [4, 4, 4, 3]],
    [16, [4, 4, 4, 4]],
    [17, [5, 4, 4, 4]],
    [18, [4, 4, 4, 3, 3]],
    [19, [4, 4, 4, 4, 3]],
    [20, [4, 4, 4, 4, 4]],
  ])('%i people → groups of %j', (n, expected) => {
    for (const seed of [1, 2, 42, 2 ** 31 - 1]) {
      const groups = formDialogueGroups(ids(n), seed);
      expect(sizes(groups)).toEqual(expected);
      expect(groups.map((group) => group.id)).toEqual(expected.map((_, i) => `d${i + 1}`));
      expect(sorted(everyone(groups))).toEqual(sorted(ids(n)));
      if (n >= 3) expect(sizes(groups).every((size) => size >= 3 && size <= 5)).toBe(true);
      // The same seed gives the same groups, member order included.
      expect(formDialogueGroups(ids(n), seed)).toEqual(groups);
    }
  });

  it('no one present gives no groups; a name twice in the list counts once', () => {
    expect(formDialogueGroups([], 1)).toEqual([]);
    const groups = formDialogueGroups(['a', 'b', 'a', 'c', 'b', 'd', 'e', 'f'], 3);
    expect(sorted(everyone(groups))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(sizes(groups)).toEqual([3, 3]);
  });

  it('another seed gives other groups', () => {
    const groupings = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(formDialogueGroups(ids(12), seed + 1))));
    expect(groupings.size).toBeGreaterThan(1);
  });

  it('for 1–60 people: everyone exactly once, round(n/4) groups as even as can be, 3–5 each from 3 on, the same per seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, seed) => {
        const groups = formDialogueGroups(ids(n), seed);
        const members = everyone(groups);
        expect(members).toHaveLength(n);
        expect(new Set(members).size).toBe(n);
        expect(sorted(members)).toEqual(sorted(ids(n)));
        expect(groups).toHaveLength(Math.max(1, Math.round(n / 4)));
        expect(new Set(groups.map((group) => group.id)).size).toBe(groups.length);
        expect(Math.max(...sizes(groups)) - Math.min(...sizes(groups))).toBeLessThanOrEqual(1);
        if (n >= 3) expect(Math.max(...sizes(groups))).toBeLessThanOrEqual(5);
        if (n >= 3) expect(Math.min(...sizes(groups))).toBeGreaterThanOrEqual(3);
        expect(formDialogueGroups(ids(n), seed)).toEqual(groups);
      }),
      { numRuns: 500 },
    );
  });
});

describe('place and leave', () => {
  type Op = { kind: 'place'; who: string; group: string | null } | { kind: 'leave'; who: string };
  const people = ids(12);
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('place' as const), who: fc.constantFrom(...people, 'late-1', 'late-2'), group: fc.option(fc.constantFrom('d1', 'd2', 'd3', 'd9')) }),
    fc.record({ kind: fc.constant('leave' as const), who: fc.constantFrom(...people, 'late-1', 'late-2') }),
  );

  it('keep everyone in at most one group, once, with no empty groups; a place into an existing group always lands', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 1000 }), fc.array(op, { maxLength: 40 }), (n, seed, ops) => {
        let state = start(0, people.slice(0, n), seed);
        const expected = new Set(people.slice(0, n));
        for (const step of ops) {
          const before = state;
          if (step.kind === 'leave') {
            state = leave(state, step.who);
            expected.delete(step.who);
          } else {
            state = place(state, step.who, step.group ?? undefined);
            const target = step.group ?? [...before.groups].sort((a, b) => a.members.length - b.members.length)[0]?.id;
            if (before.groups.length === 0) {
              // Nobody had a group yet: the first to come starts one.
              expected.add(step.who);
              expect(state.groups).toEqual([{ id: 'd1', members: [step.who] }]);
            } else if (target !== undefined && before.groups.some((group) => group.id === target)) {
              expected.add(step.who);
              expect(groupOf(state, step.who)?.id).toBe(target);
            } else {
              expect(state).toBe(before);
            }
          }
          const members = everyone(state.groups);
          expect(new Set(members).size).toBe(members.length);
          expect(sorted(members)).toEqual(sorted([...expected]));
          expect(state.groups.every((group) => group.members.length > 0)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a move takes someone out of their old group into the new one', () => {
    const state = start(0, ids(7), 5);
    const [from, to] = state.groups as [Group, Group];
    const who = from.members[0] as string;
    const moved = place(state, who, to.id);
    expect(groupOf(moved, who)?.id).toBe(to.id);
    expect(moved.groups.find((group) => group.id === from.id)?.members).not.toContain(who);
    expect(sorted(everyone(moved.groups))).toEqual(sorted(ids(7)));
    // Into a group that doesn't exist: nothing changes.
    expect(place(state, who, 'd9')).toBe(state);
  });

  it('someone without a group is placed in the smallest one', () => {
    const state = start(0, ids(7), 5);
    const smallest = state.groups.find((group) => group.members.length === 3)?.id;
    expect(groupOf(place(state, 'late', undefined), 'late')?.id).toBe(smallest);
  });
});

describe('addAnswer', () => {
  it('stores an answer once however often the same id comes in, and not for someone without a group', () => {
    let state: DialogueState = start(0, ids(6), 1);
    const answer = { id: 'answer-0001', participantId: 'p1', questionId: 'q', text: 'eerste', at: 1 };
    state = addAnswer(state, answer);
    state = addAnswer(state, { ...answer, text: 'nog eens', at: 2 });
    expect(state.answers).toEqual([{ ...answer, groupId: groupOf(state, 'p1')?.id, tip: false }]);
    expect(addAnswer(state, { ...answer, id: 'answer-0002', participantId: 'nobody' })).toBe(state);
  });
});

// ——— At the machine level: a programme with a dialogue and then a plenary phase. ———

const dialoog: QuestionList = {
  id: 'dialoog',
  language: 'nl',
  title: 'Dialoog in groepjes',
  audience: 'everyone',
  questions: ['helpen-hinderen', 'oplossingen', 'tips-onderzoek', 'perspectief', 'houding-vragen'].map((id) => ({ id, text: `Vraag ${id}?`, hint: null })),
};
const [intro, dialoguePhase, evaluation] = testProgramme.phases as [(typeof testProgramme.phases)[number], (typeof testProgramme.phases)[number], (typeof testProgramme.phases)[number]];
const programme = {
  ...testProgramme,
  phases: [
    intro,
    { ...dialoguePhase, questions: ['dialoog'] },
    { ...dialoguePhase, kind: 'plenary' as const, title: 'Plenair', questions: ['dialoog'] },
    evaluation,
  ],
};
const DIALOGUE = 1;
const people = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const nameOf = (id: string) => `Naam-${id}`;

/** Seven people, in the dialogue phase, grouped (seed 7) from those in `present`. */
function inDialogue(present: string[] = people) {
  const actor = createActor(sessionMachine, { input: { ...testInput, programme, library: { cardSets: [], questionLists: [dialoog] } } }).start();
  const send = (event: SessionEvent) => actor.send(event);
  people.forEach((id, n) => send({ type: 'join', participantId: id, name: nameOf(id), tokenHash: `t-${id}`, at: n }));
  send({ type: 'start', at: 10 });
  send({ type: 'next', at: 11 });
  expect(actor.getSnapshot().context.phaseIndex).toBe(DIALOGUE);
  send({ type: 'dialogueStart', present, seed: 7, at: 20 });
  return actor;
}
type Session = ReturnType<typeof inDialogue>;

const groupsOf = (actor: Session) => actor.getSnapshot().context.dialogue?.groups ?? [];
/** Two people of the same group, and one of another. */
function cast(actor: Session) {
  const [first, second] = groupsOf(actor) as [Group, Group];
  return { author: first.members[0] as string, mate: first.members[1] as string, other: second.members[0] as string, first, second };
}
const answer = (participantId: string, key: string, questionId = 'helpen-hinderen', text = `Antwoord ${key}`): SessionEvent => ({
  type: 'dialogueAnswer',
  participantId,
  key,
  questionId,
  text,
  at: 30,
});
const projector = (actor: Session, online: string[] = people) => toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(online), now: 100 });
const can = (actor: Session, event: SessionEvent) => actor.getSnapshot().can(event);

describe('dialogue at the machine level', () => {
  it('groups everyone present at the start: 7 → a four and a three', () => {
    const actor = inDialogue();
    expect(sizes(groupsOf(actor))).toEqual([4, 3]);
    expect(sorted(everyone(groupsOf(actor)))).toEqual(people);
  });

  it('the groups can be made again as long as nobody wrote, not after; not outside the dialogue phase', () => {
    const actor = inDialogue();
    expect(can(actor, { type: 'dialogueStart', present: people, seed: 8, at: 25 })).toBe(true);
    const { author } = cast(actor);
    actor.send(answer(author, 'answer-0001'));
    expect(can(actor, { type: 'dialogueStart', present: people, seed: 8, at: 35 })).toBe(false);
    actor.send({ type: 'next', at: 40 });
    expect(can(actor, { type: 'dialogueStart', present: people, seed: 8, at: 45 })).toBe(false);
  });

  it('answers only from a member of a group, to a question of the list', () => {
    const actor = inDialogue(people.filter((id) => id !== 'g'));
    const { author } = cast(actor);
    expect(can(actor, answer(author, 'answer-0001'))).toBe(true);
    expect(can(actor, answer(author, 'answer-0001', 'geen-vraag'))).toBe(false);
    // g was away when the groups were made: no group, no answers until moved in.
    expect(can(actor, answer('g', 'answer-0002'))).toBe(false);
    expect(can(actor, answer('nobody', 'answer-0003'))).toBe(false);
    actor.send({ type: 'dialogueMove', participantId: 'g', groupId: 'd2', at: 31 });
    expect(can(actor, answer('g', 'answer-0002'))).toBe(true);
  });

  it('the same key twice is stored once', () => {
    const actor = inDialogue();
    const { author } = cast(actor);
    actor.send(answer(author, 'answer-0001'));
    actor.send(answer(author, 'answer-0001'));
    expect(actor.getSnapshot().context.dialogue?.answers.map((a) => a.id)).toEqual(['answer-0001']);
  });

  it('only the author may edit or delete an answer', () => {
    const actor = inDialogue();
    const { author, mate, other } = cast(actor);
    actor.send(answer(author, 'answer-0001'));
    const edit = (participantId: string, answerId = 'answer-0001'): SessionEvent => ({ type: 'dialogueEdit', participantId, answerId, text: 'anders', at: 40 });
    const remove = (participantId: string, answerId = 'answer-0001'): SessionEvent => ({ type: 'dialogueDelete', participantId, answerId, at: 40 });
    for (const someone of [mate, other, 'nobody']) {
      expect(can(actor, edit(someone)), someone).toBe(false);
      expect(can(actor, remove(someone)), someone).toBe(false);
    }
    expect(can(actor, edit(author, 'answer-9999'))).toBe(false);
    expect(can(actor, remove(author, 'answer-9999'))).toBe(false);
    expect(can(actor, edit(author))).toBe(true);
    expect(can(actor, remove(author))).toBe(true);

    actor.send(edit(author));
    expect(actor.getSnapshot().context.dialogue?.answers.map((a) => a.text)).toEqual(['anders']);
    actor.send(remove(author));
    expect(actor.getSnapshot().context.dialogue?.answers).toEqual([]);
  });

  it('in the plenary: no new answers, edits or deletes; tips and the spotlight, which show on the projector', () => {
    const actor = inDialogue();
    const { author, mate, other, first } = cast(actor);
    actor.send(answer(author, 'answer-0001', 'helpen-hinderen', 'Agenda vooraf sturen'));
    actor.send(answer(mate, 'answer-0002', 'perspectief', 'Vraag wat ouders thuis zien'));
    actor.send(answer(other, 'answer-0003', 'helpen-hinderen', 'Rustige plek'));
    // Not in the dialogue phase itself.
    expect(can(actor, { type: 'plenarySpotlight', groupId: first.id, answerId: null, at: 45 })).toBe(false);

    actor.send({ type: 'next', at: 50 });
    expect(actor.getSnapshot().context.phaseIndex).toBe(DIALOGUE + 1);
    expect(can(actor, answer(author, 'answer-0004'))).toBe(false);
    expect(can(actor, { type: 'dialogueEdit', participantId: author, answerId: 'answer-0001', text: 'later', at: 55 })).toBe(false);
    expect(can(actor, { type: 'dialogueDelete', participantId: author, answerId: 'answer-0001', at: 55 })).toBe(false);
    expect(can(actor, { type: 'dialogueMove', participantId: author, groupId: 'd2', at: 55 })).toBe(false);
    expect(can(actor, { type: 'plenaryTip', answerId: 'answer-9999', tip: true, at: 55 })).toBe(false);
    expect(can(actor, { type: 'plenaryTip', answerId: 'answer-0001', tip: true, at: 55 })).toBe(true);

    actor.send({ type: 'plenaryTip', answerId: 'answer-0001', tip: true, at: 60 });
    actor.send({ type: 'plenarySpotlight', groupId: first.id, answerId: 'answer-0001', at: 61 });
    const view = projector(actor).dialogue;
    expect(view?.mode).toBe('plenary');
    expect(view?.spotlight).toEqual({ groupId: first.id, answerId: 'answer-0001' });
    expect(view?.wall.map((column) => column.questionId)).toEqual(dialoog.questions.map((question) => question.id));
    const column = (questionId: string) => view?.wall.find((item) => item.questionId === questionId)?.answers;
    expect(column('helpen-hinderen')).toEqual([
      { id: 'answer-0001', groupId: first.id, text: 'Agenda vooraf sturen', tip: true },
      { id: 'answer-0003', groupId: groupOf(actor.getSnapshot().context.dialogue as DialogueState, other)?.id, text: 'Rustige plek', tip: false },
    ]);
    expect(column('perspectief')?.map((item) => [item.text, item.tip])).toEqual([['Vraag wat ouders thuis zien', false]]);
    // The tip is on the author's phone too; unmarking takes it off again.
    expect(toPhoneView(actor.getSnapshot(), author, 100).dialogue?.answers.find((a) => a.id === 'answer-0001')?.tip).toBe(true);
    actor.send({ type: 'plenaryTip', answerId: 'answer-0001', tip: false, at: 62 });
    expect(projector(actor).dialogue?.wall[0]?.answers[0]).toMatchObject({ id: 'answer-0001', tip: false });
  });

  it('the projector’s wall has no author names; its groups count the answers per question', () => {
    const actor = inDialogue();
    const { author, mate, other, first, second } = cast(actor);
    actor.send(answer(author, 'answer-0001', 'helpen-hinderen'));
    actor.send(answer(mate, 'answer-0002', 'helpen-hinderen'));
    actor.send(answer(other, 'answer-0003', 'houding-vragen'));
    const check = (mode: 'dialogue' | 'plenary') => {
      const snapshotView = projector(actor).dialogue;
      expect(snapshotView?.mode).toBe(mode);
      const wall = snapshotView?.wall ?? [];
      expect(wall.flatMap((column) => column.answers)).toHaveLength(3);
      for (const item of wall.flatMap((column) => column.answers)) expect(Object.keys(item).sort()).toEqual(['groupId', 'id', 'text', 'tip']);
      expect(JSON.stringify(wall)).not.toMatch(/Naam-/);
      const counts = Object.fromEntries(snapshotView?.groups?.map((group) => [group.id, group.answersPerQuestion]) ?? []);
      expect(counts[first.id]).toEqual({ 'helpen-hinderen': 2, oplossingen: 0, 'tips-onderzoek': 0, perspectief: 0, 'houding-vragen': 0 });
      expect(counts[second.id]).toEqual({ 'helpen-hinderen': 0, oplossingen: 0, 'tips-onderzoek': 0, perspectief: 0, 'houding-vragen': 1 });
    };
    check('dialogue');
    actor.send({ type: 'next', at: 50 });
    check('plenary');
  });

  it('a phone sees only its own group’s answers, with `mine` on its own', () => {
    const actor = inDialogue();
    const written = new Map<string, string>();
    for (const [n, id] of people.entries()) {
      const key = `answer-000${n}`;
      actor.send(answer(id, key, dialoog.questions[n % 5]?.id));
      written.set(key, id);
    }
    const state = actor.getSnapshot().context.dialogue as DialogueState;
    for (const id of people) {
      const view = toPhoneView(actor.getSnapshot(), id, 100).dialogue;
      const group = groupOf(state, id) as Group;
      expect(view?.mode).toBe('dialogue');
      expect(view?.group).toEqual({ id: group.id, names: group.members.filter((member) => member !== id).map(nameOf) });
      expect(sorted(view?.answers.map((a) => a.id) ?? [])).toEqual(sorted([...written].filter(([, author]) => group.members.includes(author)).map(([key]) => key)));
      for (const item of view?.answers ?? []) {
        const author = written.get(item.id) as string;
        expect(item, id).toMatchObject({ author: nameOf(author), mine: author === id, text: `Antwoord ${item.id}` });
      }
      expect(view?.answers.filter((a) => a.mine)).toHaveLength(1);
      // Not a word of the other group's answers.
      const text = JSON.stringify(toPhoneView(actor.getSnapshot(), id, 100));
      for (const [key, author] of written) if (!group.members.includes(author)) expect(text).not.toContain(`Antwoord ${key}`);
    }
  });

  it('a late joiner in the dialogue phase lands in the smallest group and may write at once', () => {
    const actor = inDialogue();
    const smallest = groupsOf(actor).find((group) => group.members.length === 3)?.id;
    actor.send({ type: 'join', participantId: 'late', name: nameOf('late'), tokenHash: 't-late', at: 30 });
    expect(groupsOf(actor).find((group) => group.members.includes('late'))?.id).toBe(smallest);
    expect(sizes(groupsOf(actor))).toEqual([4, 4]);
    expect(can(actor, answer('late', 'answer-0001'))).toBe(true);
    // With the groups even, the next one goes to the first.
    actor.send({ type: 'join', participantId: 'later', name: nameOf('later'), tokenHash: 't-later', at: 31 });
    expect(groupsOf(actor).find((group) => group.members.includes('later'))?.id).toBe('d1');
  });

  it('someone joining in the plenary is placed in no group', () => {
    const actor = inDialogue();
    actor.send({ type: 'next', at: 40 });
    actor.send({ type: 'join', participantId: 'late', name: nameOf('late'), tokenHash: 't-late', at: 41 });
    expect(everyone(groupsOf(actor))).not.toContain('late');
    expect(toPhoneView(actor.getSnapshot(), 'late', 50).dialogue?.group).toBeNull();
  });

  it('a kicked participant leaves their group; what they wrote stays on the flip-over and the wall', () => {
    const actor = inDialogue();
    const { author, mate, first } = cast(actor);
    actor.send(answer(author, 'answer-0001', 'oplossingen', 'Blijft staan'));
    actor.send(answer(mate, 'answer-0002', 'oplossingen', 'Van de groepsgenoot'));
    actor.send({ type: 'kick', participantId: author, at: 40 });
    expect(can(actor, answer(author, 'answer-0003'))).toBe(false);
    expect(groupsOf(actor).find((group) => group.id === first.id)?.members).toEqual(first.members.filter((id) => id !== author));
    expect(actor.getSnapshot().context.dialogue?.answers.map((a) => a.id)).toEqual(['answer-0001', 'answer-0002']);
    expect(toPhoneView(actor.getSnapshot(), mate, 50).dialogue?.answers.map((a) => a.text)).toEqual(['Blijft staan', 'Van de groepsgenoot']);
    expect(projector(actor).dialogue?.groups?.find((group) => group.id === first.id)?.answersPerQuestion.oplossingen).toBe(2);
    actor.send({ type: 'next', at: 50 });
    expect(projector(actor).dialogue?.wall.find((column) => column.questionId === 'oplossingen')?.answers.map((a) => a.text)).toEqual([
      'Blijft staan',
      'Van de groepsgenoot',
    ]);
  });

  it('the projector lists those in no group; a move puts them in one', () => {
    const actor = inDialogue(people.filter((id) => id !== 'g'));
    expect(projector(actor).dialogue?.unassigned).toEqual([{ id: 'g', name: nameOf('g') }]);
    actor.send({ type: 'dialogueMove', participantId: 'g', groupId: 'd1', at: 30 });
    expect(projector(actor).dialogue?.unassigned).toEqual([]);
    expect(groupsOf(actor).find((group) => group.id === 'd1')?.members).toContain('g');
  });
});
