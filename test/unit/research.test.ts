/**
 * The research phase: the presentation's steps and their clock (research.ts), the phase's rules in
 * the session machine, what the projector and each phone see of it, and the report. All on the real
 * research (11 statements, 8 with figures) and the real programme; the team quickscan's arithmetic
 * is tested in quickscan.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActor, type Actor, type Snapshot } from 'xstate';
import { loadContent } from '../../server/content/loadContent.ts';
import type { Rating } from '../../server/session/research/quickscan.ts';
import { currentStep, isPlaying, move, nextStepAt, play, start, STEP_MS, stepsOf, type ResearchState } from '../../server/session/research/research.ts';
import { nextChangeAt, toResearchPhoneView, toResearchProjectorView } from '../../server/session/research/views.ts';
import { toReport } from '../../server/session/report/report.ts';
import { reportMarkdown } from '../../common/reportMarkdown.ts';
import { en } from '../../common/i18n/en.ts';
import { nl } from '../../common/i18n/nl.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { testInput } from '../fixtures/programme.ts';

const content = loadContent(join(PROJECT_ROOT, 'content'));
const aos = content.research.get('nl/onderzoek-aos')!;
const programme = content.programmes.get('nl/tienminutengesprekken')!;
const RESEARCH = programme.phases.findIndex((phase) => phase.kind === 'research');

/** The statements with figures, in the research's order: the presentation shows these. */
const WITH_FIGURES = [
  'thuissituatie-kennen',
  'rol-ouders-kennen',
  'ontwikkeling-thuis',
  'praktische-afspraken',
  'steun-ouders',
  'aanbod-rol-thuis',
  'toekomst-leidraad',
  'agenda',
];
const statementOf = (id: string) => aos.statements.find((statement) => statement.id === id)!;

/** The fake clock: the presentation starts playing at T. */
const T = 1_800_000_000_000;
const SECOND = 1000;

describe('the real research and programme', () => {
  it('have the research phase at index 1 with a quickscan over 11 statements', () => {
    expect(RESEARCH).toBe(1);
    expect(programme.phases[RESEARCH]).toMatchObject({ research: 'onderzoek-aos', quickscan: true, video: null });
    expect(aos.statements).toHaveLength(11);
  });
});

describe('stepsOf', () => {
  it('with the quickscan: the intro, the 8 statements with figures in order, then the team (10 steps)', () => {
    expect(stepsOf(aos, true)).toEqual([
      { kind: 'intro' },
      ...WITH_FIGURES.map((statementId) => ({ kind: 'statement', statementId })),
      { kind: 'team' },
    ]);
  });

  it('without the quickscan: the same without the team step (9 steps)', () => {
    expect(stepsOf(aos, false)).toEqual([{ kind: 'intro' }, ...WITH_FIGURES.map((statementId) => ({ kind: 'statement', statementId }))]);
  });

  it('leaves out the three statements the research has no figures for', () => {
    const shown = new Set(stepsOf(aos, true).flatMap((step) => (step.kind === 'statement' ? [step.statementId] : [])));
    expect(aos.statements.filter((statement) => !shown.has(statement.id)).map((statement) => statement.id)).toEqual([
      'aandacht-thuissituatie',
      'contact-bij-zorgen',
      'zelf-onderwerpen',
    ]);
  });
});

describe('start', () => {
  it.each<[string, boolean, number]>([
    ['with a quickscan: the quickscan is open (step -1)', true, -1],
    ['without a quickscan: the intro (step 0)', false, 0],
  ])('%s', (_, withQuickscan, step) => {
    const state = start(RESEARCH, withQuickscan);
    expect(state).toEqual({ phaseIndex: RESEARCH, quickscan: { answers: [], revealed: false }, step, playingSince: null });
    expect(isPlaying(state, 10, T)).toBe(false);
    expect(nextStepAt(state, 10, T)).toBeNull();
  });
});

describe('move', () => {
  const at = (step: number): ResearchState => ({ ...start(RESEARCH, true), step });

  // [from, delta, with quickscan, expected step]; 10 steps with the quickscan, 9 without.
  it.each<[number, 1 | -1, boolean, number]>([
    [-1, 1, true, 0],
    [-1, -1, true, -1],
    [0, -1, true, -1],
    [0, 1, true, 1],
    [4, 1, true, 5],
    [4, -1, true, 3],
    [8, 1, true, 9],
    [9, 1, true, 9],
    [9, -1, true, 8],
    [0, -1, false, 0],
    [1, -1, false, 0],
    [7, 1, false, 8],
    [8, 1, false, 8],
  ])('from step %i by %i (quickscan %s) → step %i', (from, delta, withQuickscan, expected) => {
    const count = withQuickscan ? 10 : 9;
    const moved = move(at(from), delta, count, withQuickscan, T);
    expect(moved.step).toBe(expected);
    expect(currentStep(moved, count, T + 10 * 60 * SECOND)).toBe(expected);
    expect(isPlaying(moved, count, T)).toBe(false);
  });
});

describe('playing', () => {
  const playingFrom = (step: number) => play({ ...start(RESEARCH, true), step }, true, 10, T);

  // Time since play was pressed on the intro → [step on screen, playing, next step at (from T)].
  it.each<[string, number, number, boolean, number | null]>([
    ['+0', 0, 0, true, 24 * SECOND],
    ['+23.999 s', 23_999, 0, true, 24 * SECOND],
    ['+24 s', 24 * SECOND, 1, true, 48 * SECOND],
    ['+47.999 s', 47_999, 1, true, 48 * SECOND],
    ['+71 s', 71 * SECOND, 2, true, 72 * SECOND],
    ['+72 s', 72 * SECOND, 3, true, 96 * SECOND],
    ['+215.999 s', 215_999, 8, true, 216 * SECOND],
    ['+216 s: the last step, and it stops', 216 * SECOND, 9, false, null],
    ['+1 hour: still the last step', 3600 * SECOND, 9, false, null],
  ])('at %s', (_, elapsed, step, playing, next) => {
    const state = playingFrom(0);
    expect(STEP_MS).toBe(24 * SECOND);
    expect(currentStep(state, 10, T + elapsed)).toBe(step);
    expect(isPlaying(state, 10, T + elapsed)).toBe(playing);
    expect(nextStepAt(state, 10, T + elapsed)).toBe(next === null ? null : T + next);
  });

  it('from a later step counts on from there', () => {
    const state = playingFrom(5);
    expect([0, 23_999, 24 * SECOND, 95_999, 96 * SECOND].map((elapsed) => currentStep(state, 10, T + elapsed))).toEqual([5, 5, 6, 8, 9]);
    expect(nextStepAt(state, 10, T + 30 * SECOND)).toBe(T + 48 * SECOND);
    expect(isPlaying(state, 10, T + 96 * SECOND)).toBe(false);
  });

  it('from the quickscan starts the presentation at the intro', () => {
    const state = play(start(RESEARCH, true), true, 10, T);
    expect(currentStep(state, 10, T)).toBe(0);
    expect(nextStepAt(state, 10, T)).toBe(T + STEP_MS);
  });

  it('from the last step starts again at the first', () => {
    const state = playingFrom(9);
    expect(currentStep(state, 10, T)).toBe(0);
    expect(isPlaying(state, 10, T)).toBe(true);
    expect(nextStepAt(state, 10, T)).toBe(T + STEP_MS);
  });

  it('again after it stopped by itself on the last step starts again at the first', () => {
    const ended = playingFrom(0);
    const later = T + 300 * SECOND;
    const again = play(ended, true, 10, later);
    expect(currentStep(again, 10, later)).toBe(0);
    expect(isPlaying(again, 10, later)).toBe(true);
    expect(nextStepAt(again, 10, later)).toBe(later + STEP_MS);
  });

  // Pause at T + elapsed → the step on screen then, kept for good.
  it.each<[string, number, number]>([
    ['at once', 0, 0],
    ['just before the first change', 23_999, 0],
    ['at +50 s', 50 * SECOND, 2],
    ['after the end', 400 * SECOND, 9],
  ])('pause %s keeps the step shown at that moment', (_, elapsed, step) => {
    const paused = play(playingFrom(0), false, 10, T + elapsed);
    for (const later of [T + elapsed, T + elapsed + STEP_MS, T + 3600 * SECOND]) {
      expect(currentStep(paused, 10, later)).toBe(step);
      expect(isPlaying(paused, 10, later)).toBe(false);
      expect(nextStepAt(paused, 10, later)).toBeNull();
    }
  });

  it('play after a pause goes on from the paused step with a full step time', () => {
    const paused = play(playingFrom(0), false, 10, T + 50 * SECOND);
    const resumed = play(paused, true, 10, T + 80 * SECOND);
    expect(currentStep(resumed, 10, T + 80 * SECOND + 23_999)).toBe(2);
    expect(currentStep(resumed, 10, T + 104 * SECOND)).toBe(3);
  });

  it.each<[string, 1 | -1, number]>([
    ['forward', 1, 2],
    ['back', -1, 0],
  ])('a step %s while playing keeps playing and gives the new step its full time', (_, delta, step) => {
    // At +30 s the presentation is 6 s into step 1.
    const moved = move(playingFrom(0), delta, 10, true, T + 30 * SECOND);
    expect(currentStep(moved, 10, T + 30 * SECOND)).toBe(step);
    expect(isPlaying(moved, 10, T + 30 * SECOND)).toBe(true);
    expect(nextStepAt(moved, 10, T + 30 * SECOND)).toBe(T + 54 * SECOND);
    expect(currentStep(moved, 10, T + 53_999)).toBe(step);
    expect(currentStep(moved, 10, T + 54 * SECOND)).toBe(step + 1);
  });

  it('back from the intro while playing reopens the quickscan and stops playing', () => {
    const moved = move(playingFrom(0), -1, 10, true, T + 10 * SECOND);
    expect(currentStep(moved, 10, T + 3600 * SECOND)).toBe(-1);
    expect(isPlaying(moved, 10, T + 3600 * SECOND)).toBe(false);
    expect(nextStepAt(moved, 10, T + 10 * SECOND)).toBeNull();
  });

  it('back after it stopped by itself on the last step shows the step before, standing still', () => {
    // Playing ended at +216 s; the facilitator steps back a minute later to talk about step 8.
    const back = move(playingFrom(0), -1, 10, true, T + 276 * SECOND);
    expect(currentStep(back, 10, T + 276 * SECOND)).toBe(8);
    expect(isPlaying(back, 10, T + 276 * SECOND)).toBe(false);
    expect(currentStep(back, 10, T + 400 * SECOND)).toBe(8);
  });
});

// ——— the session machine ———

const PEOPLE = ['mentor-anouk', 'mentor-bram', 'mentor-chris', 'mentor-dewi'];
/** The research phase comes on screen at R (the intro took five minutes). */
const R = T - 10 * 60 * SECOND;

type Session = Actor<typeof sessionMachine>;

/** The real programme with its research and seated people, in the lobby; `quickscan` switches the research phase's quickscan. */
function lobby({ quickscan = true, people = PEOPLE }: { quickscan?: boolean; people?: string[] } = {}): Session {
  const phases = programme.phases.map((phase, index) => (index === RESEARCH ? { ...phase, quickscan } : phase));
  const actor = createActor(sessionMachine, {
    input: { ...testInput, programme: { ...programme, phases }, library: { research: [aos] }, at: 0 },
  }).start();
  people.forEach((id, n) => actor.send({ type: 'join', participantId: id, name: `Naam ${n + 1}`, tokenHash: `token-${id}`, at: n + 1 }));
  return actor;
}

/** The same, started: on the intro. */
function session(options?: { quickscan?: boolean; people?: string[] }): Session {
  const actor = lobby(options);
  actor.send({ type: 'start', at: R - 5 * 60 * SECOND });
  return actor;
}

/** Moves a session on to phase `index` (-1: stays in the lobby), one minute a phase; the research phase comes at R. */
function toPhase(actor: Session, index: number): Session {
  if (index >= 0 && context(actor).phaseIndex < 0) actor.send({ type: 'start', at: R - 5 * 60 * SECOND });
  while (context(actor).phaseIndex < index) actor.send({ type: 'next', at: R + (context(actor).phaseIndex + 1 - RESEARCH) * 60 * SECOND });
  return actor;
}

/** The same, on the research phase. */
function inResearch(options?: { quickscan?: boolean; people?: string[] }): Session {
  return toPhase(lobby(options), RESEARCH);
}

const rate = (participantId: string, statementId: string, experience: Rating | null, importance: Rating | null, at = R + SECOND): SessionEvent => ({
  type: 'quickscanRate',
  participantId,
  statementId,
  experience,
  importance,
  at,
});

/** `people` each rate every statement: experience 2 ("soms"), importance 4 ("heel belangrijk"). */
function rateAll(actor: Session, people: string[]) {
  for (const id of people) for (const statement of aos.statements) actor.send(rate(id, statement.id, 2, 4));
}

const context = (actor: Session) => actor.getSnapshot().context;
const projector = (actor: Session, now: number) => toResearchProjectorView(context(actor), now);
const phone = (actor: Session, id: string, now: number) => toResearchPhoneView(context(actor), id, now);

describe('the machine: the research phase', () => {
  it('creates the research state when the phase is first reached, and keeps it going back and forth', () => {
    const actor = session();
    expect(context(actor).research).toBeNull();
    actor.send({ type: 'next', at: R });
    expect(context(actor).research).toEqual({ phaseIndex: RESEARCH, quickscan: { answers: [], revealed: false }, step: -1, playingSince: null });

    actor.send(rate('mentor-anouk', 'agenda', 3, 4));
    actor.send({ type: 'quickscanReveal', revealed: true, at: R + 2 * SECOND });
    actor.send({ type: 'researchStep', delta: 1, at: R + 3 * SECOND });
    const before = context(actor).research;
    expect(before?.quickscan.answers).toEqual([
      { participantId: 'mentor-anouk', statementId: 'agenda', experience: 3, importance: 4, at: R + SECOND },
    ]);

    actor.send({ type: 'next', at: R + 60 * SECOND });
    expect(projector(actor, R + 60 * SECOND)).toBeNull();
    actor.send({ type: 'back', at: R + 120 * SECOND });
    expect(context(actor).research).toEqual(before);
    actor.send({ type: 'back', at: R + 130 * SECOND });
    actor.send({ type: 'next', at: R + 140 * SECOND });
    expect(context(actor).research).toEqual(before);
    expect(phone(actor, 'mentor-anouk', R + 140 * SECOND)?.quickscan?.mine).toEqual({ agenda: { experience: 3, importance: 4 } });
  });

  it('without a quickscan the presentation starts at the intro', () => {
    const actor = inResearch({ quickscan: false });
    expect(projector(actor, R)).toMatchObject({ step: 0, steps: stepsOf(aos, false), quickscan: null, playing: false });
  });

  it('takes steps and play from the host with the time of the event', () => {
    const actor = inResearch();
    actor.send({ type: 'researchPlay', playing: true, at: T });
    expect(projector(actor, T + 71 * SECOND)).toMatchObject({ step: 2, playing: true, nextStepAt: T + 72 * SECOND });
    actor.send({ type: 'researchStep', delta: 1, at: T + 71 * SECOND });
    expect(projector(actor, T + 71 * SECOND)).toMatchObject({ step: 3, playing: true, nextStepAt: T + 95 * SECOND });
    actor.send({ type: 'researchPlay', playing: false, at: T + 80 * SECOND });
    expect(projector(actor, T + 3600 * SECOND)).toMatchObject({ step: 3, playing: false, nextStepAt: null });
  });

  it('leaving the phase stops the presentation where it was; coming back shows that step, standing still', () => {
    const actor = inResearch();
    actor.send({ type: 'researchPlay', playing: true, at: T });
    actor.send({ type: 'next', at: T + 30 * SECOND });
    actor.send({ type: 'back', at: T + 150 * SECOND });
    expect(projector(actor, T + 150 * SECOND)).toMatchObject({ step: 1, playing: false, nextStepAt: null });
  });

  it('pausing the session stops the presentation too, and it cannot be played while the session is paused', () => {
    const actor = inResearch();
    actor.send({ type: 'researchPlay', playing: true, at: T });
    actor.send({ type: 'pause', at: T + 50 * SECOND });
    expect(projector(actor, T + 500 * SECOND)).toMatchObject({ step: 2, playing: false, nextStepAt: null });
    expect(actor.getSnapshot().can({ type: 'researchPlay', playing: true, at: T + 501 * SECOND })).toBe(false);
    expect(actor.getSnapshot().can({ type: 'researchStep', delta: 1, at: T + 501 * SECOND })).toBe(true);
    actor.send({ type: 'resume', at: T + 600 * SECOND });
    actor.send({ type: 'researchPlay', playing: true, at: T + 601 * SECOND });
    expect(projector(actor, T + 625 * SECOND)).toMatchObject({ step: 3, playing: true });
  });

  it('a restored session plays on where it was', () => {
    const actor = inResearch();
    actor.send({ type: 'researchPlay', playing: true, at: T });
    const persisted: unknown = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    const restored = createActor(sessionMachine, { snapshot: persisted as Snapshot<unknown>, input: testInput }).start();
    for (const now of [T + 10 * SECOND, T + 100 * SECOND, T + 300 * SECOND]) expect(projector(restored, now)).toEqual(projector(actor, now));
    expect(projector(restored, T + 100 * SECOND)).toMatchObject({ step: 4, playing: true });
  });

  // [where, the rating, the phase the session is on, someone removed first]
  it.each<[string, SessionEvent, number, string | null]>([
    ['in the lobby', rate('mentor-anouk', 'agenda', 4, 4), -1, null],
    ['in the intro', rate('mentor-anouk', 'agenda', 4, 4), 0, null],
    ['in the dialogue after the research', rate('mentor-anouk', 'agenda', 4, 4), RESEARCH + 1, null],
    ['in the research phase, for an unknown statement', rate('mentor-anouk', 'bestaat-niet', 4, 4), RESEARCH, null],
    ['in the research phase, by someone not seated', rate('onbekend', 'agenda', 4, 4), RESEARCH, null],
    ['in the research phase, by someone who was removed', rate('mentor-bram', 'agenda', 4, 4), RESEARCH, 'mentor-bram'],
  ])('a rating is refused %s', (_, event, phase, removed) => {
    const actor = toPhase(lobby(), phase);
    if (removed) actor.send({ type: 'kick', participantId: removed, at: R });
    expect(actor.getSnapshot().can(event)).toBe(false);
    const before = context(actor).research;
    actor.send(event);
    expect(context(actor).research).toEqual(before);
  });

  it('a rating is refused in a research phase without a quickscan', () => {
    const actor = inResearch({ quickscan: false });
    expect(actor.getSnapshot().can(rate('mentor-anouk', 'agenda', 4, 4))).toBe(false);
    actor.send(rate('mentor-anouk', 'agenda', 4, 4));
    expect(context(actor).research?.quickscan.answers).toEqual([]);
  });

  it('a rating of a seated person for a research statement is taken, also one without figures', () => {
    const actor = inResearch();
    expect(actor.getSnapshot().can(rate('mentor-anouk', 'zelf-onderwerpen', 1, 3))).toBe(true);
    actor.send(rate('mentor-anouk', 'zelf-onderwerpen', 1, 3));
    expect(context(actor).research?.quickscan.answers).toHaveLength(1);
  });

  const hostEvents: [string, SessionEvent][] = [
    ['quickscanReveal', { type: 'quickscanReveal', revealed: true, at: R + SECOND }],
    ['researchStep', { type: 'researchStep', delta: 1, at: R + SECOND }],
    ['researchPlay', { type: 'researchPlay', playing: true, at: R + SECOND }],
  ];
  const elsewhere: [string, number][] = [
    ['the lobby', -1],
    ['the intro', 0],
    ['the dialogue', RESEARCH + 1],
    ['the actions phase', programme.phases.length - 1],
  ];
  it.each(hostEvents.flatMap(([name, event]) => elsewhere.map(([where, phase]) => [name, where, event, phase] as const)))(
    '%s is refused in %s',
    (_, __, event, phase) => {
      const actor = toPhase(lobby(), phase);
      expect(actor.getSnapshot().can(event)).toBe(false);
      const before = context(actor).research;
      actor.send(event);
      expect(context(actor).research).toEqual(before);
    },
  );

  it.each(hostEvents)('%s is taken in the research phase', (_, event) => {
    expect(inResearch().getSnapshot().can(event)).toBe(true);
  });

  it("removing someone removes their ratings, in the research phase and after it", () => {
    const actor = inResearch();
    rateAll(actor, PEOPLE);
    expect(projector(actor, R + 2 * SECOND)?.quickscan).toMatchObject({ respondents: 4, shown: true });

    actor.send({ type: 'kick', participantId: 'mentor-anouk', at: R + 2 * SECOND });
    expect(context(actor).research?.quickscan.answers.map((answer) => answer.participantId)).not.toContain('mentor-anouk');
    expect(projector(actor, R + 2 * SECOND)?.quickscan).toMatchObject({ respondents: 3, participantCount: 3, shown: true });

    actor.send({ type: 'next', at: R + 60 * SECOND });
    actor.send({ type: 'kick', participantId: 'mentor-bram', at: R + 61 * SECOND });
    expect(new Set(context(actor).research?.quickscan.answers.map((answer) => answer.participantId))).toEqual(new Set(['mentor-chris', 'mentor-dewi']));
    // Two left: the report hides the team again.
    expect(toReport(context(actor), R + 62 * SECOND).quickscan).toBeNull();
  });
});

// ——— the views ———

describe('privacy of the views', () => {
  // [respondents, revealed by the facilitator] → the team's figures shown on the projector.
  it.each<[number, boolean, boolean]>([
    [0, false, false],
    [1, false, false],
    [2, false, false],
    [3, false, true],
    [4, false, true],
    [1, true, true],
  ])('%i respondents, revealed %s → team figures shown %s, for every statement', (count, revealed, shown) => {
    const actor = inResearch();
    rateAll(actor, PEOPLE.slice(0, count));
    if (revealed) actor.send({ type: 'quickscanReveal', revealed: true, at: R + 2 * SECOND });
    const view = projector(actor, R + 3 * SECOND)!;
    expect(view.quickscan).toMatchObject({ respondents: count, shown, revealed, participantCount: 4, minRespondents: 3 });
    expect(view.statements.map((statement) => statement.id)).toEqual(aos.statements.map((statement) => statement.id));
    for (const statement of view.statements) {
      if (shown) expect(statement.team).toEqual({ experience: 0, importance: 100, answers: count });
      else {
        expect(statement.team).toBeNull();
        expect(statement.largestGap).toBe(false);
      }
    }
  });

  it('the projector never names a participant: no id and no name in its research view, whatever the step', () => {
    const actor = inResearch();
    rateAll(actor, PEOPLE);
    actor.send({ type: 'researchPlay', playing: true, at: T });
    for (const now of [R + 2 * SECOND, T, T + 100 * SECOND, T + 216 * SECOND]) {
      const json = JSON.stringify(projector(actor, now));
      for (const [n, id] of PEOPLE.entries()) {
        expect(json).not.toContain(id);
        expect(json).not.toContain(`Naam ${n + 1}`);
      }
    }
  });

  it("a phone sees its own ratings, and nobody else's", () => {
    const actor = inResearch();
    actor.send(rate('mentor-anouk', 'agenda', 3, null));
    actor.send(rate('mentor-anouk', 'agenda', null, 4));
    actor.send(rate('mentor-anouk', 'steun-ouders', 1, 2));
    actor.send(rate('mentor-bram', 'agenda', 1, 1));
    actor.send(rate('mentor-bram', 'thuissituatie-kennen', 2, 2));
    actor.send(rate('mentor-chris', 'toekomst-leidraad', 4, 4));

    const anouk = phone(actor, 'mentor-anouk', R + 2 * SECOND)!;
    expect(anouk.quickscan?.mine).toEqual({ agenda: { experience: 3, importance: 4 }, 'steun-ouders': { experience: 1, importance: 2 } });
    expect(anouk.quickscan?.statements).toEqual(aos.statements.map((statement) => ({ id: statement.id, text: statement.mentor, scale: statement.scale })));
    // The two statements about knowing are asked how well, the others how often.
    expect(anouk.quickscan?.statements.filter((statement) => statement.scale === 'goed').map((statement) => statement.id)).toEqual(['thuissituatie-kennen', 'rol-ouders-kennen']);
    expect(anouk.quickscan?.presenting).toBe(false);
    expect(phone(actor, 'mentor-bram', R + 2 * SECOND)?.quickscan?.mine).toEqual({
      agenda: { experience: 1, importance: 1 },
      'thuissituatie-kennen': { experience: 2, importance: 2 },
    });
    expect(phone(actor, 'mentor-dewi', R + 2 * SECOND)?.quickscan?.mine).toEqual({});

    // Also once the team's figures are on the projector: a phone gets none of them.
    actor.send({ type: 'quickscanReveal', revealed: true, at: R + 3 * SECOND });
    const json = JSON.stringify(phone(actor, 'mentor-dewi', R + 4 * SECOND));
    for (const id of PEOPLE) expect(json).not.toContain(id);
    expect(json).not.toContain('"team"');
    expect(json).not.toContain('"answers"');
  });

  it('a phone gets no step while the quickscan is open, and no quickscan in a phase without one', () => {
    expect(phone(inResearch(), 'mentor-anouk', R)).toMatchObject({ step: null, quickscan: { presenting: false } });
    expect(phone(inResearch({ quickscan: false }), 'mentor-anouk', R)).toEqual({
      quickscan: null,
      step: { index: 0, count: 9, kind: 'intro', statement: null, takeaway: null },
    });
  });

  it("while playing, each phone shows the step on the projector at the same moment, with that statement's takeaway", () => {
    const actor = inResearch();
    actor.send({ type: 'researchPlay', playing: true, at: T });
    const steps = stepsOf(aos, true);
    const seen: string[] = [];
    for (let now = T; now <= T + 240 * SECOND; now += 6 * SECOND - 1) {
      const screen = projector(actor, now)!;
      const mine = phone(actor, 'mentor-chris', now)!;
      expect(mine.step?.index).toBe(screen.step);
      expect(mine.step?.count).toBe(10);
      expect(mine.quickscan?.presenting).toBe(true);
      const step = steps[screen.step]!;
      expect(mine.step?.kind).toBe(step.kind);
      if (step.kind === 'statement') {
        const statement = statementOf(step.statementId);
        expect(mine.step).toMatchObject({ statement: statement.mentor, takeaway: statement.takeaway });
        expect(screen.statements.find((entry) => entry.id === step.statementId)?.takeaway).toBe(statement.takeaway);
        seen.push(step.statementId);
      } else expect(mine.step).toMatchObject({ statement: null, takeaway: null });
    }
    expect([...new Set(seen)]).toEqual(WITH_FIGURES);
  });

  it.each<[string, number]>([
    ['just before a change', T + 24 * SECOND - 1],
    ['at the change', T + 24 * SECOND],
    ['just after it', T + 24 * SECOND + 1],
  ])('the projector and a phone agree on the step %s', (_, now) => {
    const actor = inResearch();
    actor.send({ type: 'researchPlay', playing: true, at: T });
    expect(phone(actor, 'mentor-anouk', now)?.step?.index).toBe(projector(actor, now)?.step);
  });
});

describe('nextChangeAt', () => {
  it('is the next step while playing, and null otherwise', () => {
    const actor = session();
    expect(nextChangeAt(context(actor), R - SECOND)).toBeNull();
    actor.send({ type: 'next', at: R });
    expect(nextChangeAt(context(actor), R)).toBeNull();
    actor.send({ type: 'researchPlay', playing: true, at: T });
    expect(nextChangeAt(context(actor), T + 30 * SECOND)).toBe(T + 48 * SECOND);
    expect(nextChangeAt(context(actor), T + 215 * SECOND)).toBe(T + 216 * SECOND);
    expect(nextChangeAt(context(actor), T + 216 * SECOND)).toBeNull();
    // Still playing when the facilitator moves on: nothing on screen changes by itself any more.
    actor.send({ type: 'researchPlay', playing: true, at: T + 300 * SECOND });
    actor.send({ type: 'next', at: T + 301 * SECOND });
    expect(nextChangeAt(context(actor), T + 301 * SECOND)).toBeNull();
  });
});

// ——— the report ———

describe('the report', () => {
  const reportAfter = (actor: Session) => {
    actor.send({ type: 'next', at: R + 60 * SECOND });
    actor.send({ type: 'end', at: R + 120 * SECOND });
    return toReport(context(actor), R + 120 * SECOND);
  };

  it.each<[number, boolean, boolean]>([
    [0, false, false],
    [1, false, false],
    [2, false, false],
    [3, false, true],
    [1, true, true],
  ])('with %i respondents, revealed %s, has the quickscan: %s', (count, revealed, shown) => {
    const actor = inResearch();
    rateAll(actor, PEOPLE.slice(0, count));
    // The first one changes their mind: agenda happens (bijna) altijd.
    if (count > 0) actor.send(rate(PEOPLE[0]!, 'agenda', 4, null, R + 2 * SECOND));
    if (revealed) actor.send({ type: 'quickscanReveal', revealed: true, at: R + 2 * SECOND });
    const screen = projector(actor, R + 3 * SECOND)!;
    const { quickscan } = reportAfter(actor);
    if (!shown) {
      expect(quickscan).toBeNull();
      return;
    }
    expect(quickscan).toEqual({ title: aos.title, respondents: count, statements: screen.statements });
    expect(quickscan?.statements.find((statement) => statement.id === 'agenda')?.team).toEqual({
      experience: Math.round(100 / count),
      importance: 100,
      answers: count,
    });
    expect(JSON.stringify(quickscan)).not.toMatch(/mentor-|Naam /);
  });

  it('labels a statement about knowing with its own scale on the screen and in the Markdown file', () => {
    const actor = inResearch();
    // Goed, redelijk, redelijk: one in three knows it well; on the how-often scale it would be all three.
    for (const [person, rating] of [[PEOPLE[0]!, 4], [PEOPLE[1]!, 3], [PEOPLE[2]!, 3]] as const) {
      actor.send(rate(person, 'thuissituatie-kennen', rating, 4));
      actor.send(rate(person, 'agenda', rating, 4));
    }
    const screen = projector(actor, R + 3 * SECOND)!;
    expect(screen.statements.find((statement) => statement.id === 'thuissituatie-kennen')).toMatchObject({ scale: 'goed', team: { experience: 33 } });
    expect(screen.statements.find((statement) => statement.id === 'agenda')).toMatchObject({ scale: 'vaak', team: { experience: 100 } });
    const report = reportAfter(actor);
    const rows = reportMarkdown(report, nl, 'nl').split('\n');
    expect(rows.find((row) => row.includes('Ik ken de thuissituatie'))).toContain('| Mentor kent het goed: 33% / 31% / – |');
    expect(rows.find((row) => row.includes('Ik gebruik in mijn gesprekken'))).toContain('| 100% / – / 58% |');
    expect(reportMarkdown(report, en, 'en')).toContain('| Mentor knows it well: 33% / 31% / – |');
  });

  it('has no quickscan when the programme has none', () => {
    const actor = inResearch({ quickscan: false });
    actor.send({ type: 'quickscanReveal', revealed: true, at: R + SECOND });
    expect(reportAfter(actor).quickscan).toBeNull();
  });

  it('has no quickscan when the research phase was never reached', () => {
    const actor = session();
    actor.send({ type: 'end', at: R });
    expect(toReport(context(actor), R).quickscan).toBeNull();
  });
});
