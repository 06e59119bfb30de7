import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { QuestionList } from '../../server/content/types.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { toPhoneView, toProjectorView } from '../../server/session/views.ts';
import { testInput, testProgramme } from '../fixtures/programme.ts';

const mentorList: QuestionList = {
  id: 'evaluatie-mentor',
  language: 'nl',
  title: 'Voor de mentor',
  audience: 'mentor',
  questions: [{ id: 'moeilijk', text: 'Wat was moeilijk?', hint: null }],
};

function session() {
  const programme = { ...testProgramme, phases: testProgramme.phases.map((phase) => (phase.kind === 'evaluation' ? { ...phase, questions: ['evaluatie-mentor'] } : phase)) };
  const actor = createActor(sessionMachine, { input: { ...testInput, programme, library: { cardSets: [], questionLists: [mentorList] } } }).start();
  for (const [n, name] of ['Anouk', 'Bram'].entries()) actor.send({ type: 'join', participantId: `p${n}`, name, tokenHash: `t${n}`, at: n });
  actor.send({ type: 'start', at: 10 });
  return actor;
}

const answer = (participantId: string, key: string, questionId: string, phaseIndex: number, text: string): SessionEvent => ({
  type: 'submit',
  participantId,
  key,
  kind: 'evaluation',
  questionId,
  text,
  phaseIndex,
  at: 20,
});

describe('evaluation answers', () => {
  it('are taken only in the evaluation phase and only for its questions', () => {
    const actor = session();
    expect(actor.getSnapshot().can(answer('p0', 'key-aaaaaaaa', 'moeilijk', 0, 'te vroeg'))).toBe(false);
    actor.send({ type: 'next', at: 11 });
    actor.send({ type: 'next', at: 12 });
    expect(actor.getSnapshot().can(answer('p0', 'key-aaaaaaaa', 'onbekend', 2, 'x'))).toBe(false);
    expect(actor.getSnapshot().can(answer('p0', 'key-aaaaaaaa', 'moeilijk', 2, 'Luisteren zonder oordeel'))).toBe(true);
  });

  it('show on the projector without names, and each phone sees only its own', () => {
    const actor = session();
    actor.send({ type: 'next', at: 11 });
    actor.send({ type: 'next', at: 12 });
    actor.send(answer('p0', 'key-aaaaaaaa', 'moeilijk', 2, 'Stil blijven na een vraag'));
    actor.send(answer('p0', 'key-aaaaaaaa', 'moeilijk', 2, 'Stil blijven na een vraag'));
    actor.send(answer('p1', 'key-bbbbbbbb', 'moeilijk', 2, 'Niet meteen oplossen'));
    const projector = toProjectorView(actor.getSnapshot(), { joinUrl: '', online: new Set(), now: 30 });
    expect(projector.evaluation).toEqual([
      { listTitle: 'Voor de mentor', question: mentorList.questions[0], answers: ['Stil blijven na een vraag', 'Niet meteen oplossen'] },
    ]);
    expect(JSON.stringify(projector.evaluation)).not.toMatch(/Anouk|Bram/);
    expect(toPhoneView(actor.getSnapshot(), 'p1', 30).evaluation?.answers).toEqual([{ key: 'key-bbbbbbbb', questionId: 'moeilijk', text: 'Niet meteen oplossen' }]);
  });
});
