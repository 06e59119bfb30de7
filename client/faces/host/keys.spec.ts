import { describe, expect, it } from 'vitest';
import type { ProjectorView, ResearchProjectorView, SessionStatus } from '../../../server/protocol/views.ts';
import { keyAction, type KeyAction, type KeyPress } from './keys.ts';

const press = (key: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

/** A research presentation of three steps (intro, one statement, the team) at `step`. */
function research(step: number, withQuickscan = false): ResearchProjectorView {
  return {
    title: 'Driegesprekken in cijfers',
    respondents: { mentors: 120, parents: 300, schools: 8 },
    statements: [],
    steps: [{ kind: 'intro' }, { kind: 'statement', statementId: 's1' }, { kind: 'team' }],
    step,
    playing: false,
    nextStepAt: null,
    quickscan: withQuickscan ? { respondents: 4, participantCount: 5, shown: true, revealed: false, minRespondents: 3 } : null,
    video: 'https://example.org/driegesprek.mp4',
  };
}

/** The part of a projector view the keys read. */
const viewOf = (status: SessionStatus, research: ResearchProjectorView | null = null, screen: Partial<ProjectorView['screen']> = {}) => ({
  status,
  research,
  screen: { blank: false, video: false, page: 0, pageSince: 0, pageMs: 20_000, ...screen },
});

const ACTIONS = {
  start: { command: 'host:start' },
  next: { command: 'host:next' },
  back: { command: 'host:back' },
  pause: { command: 'host:pause' },
  resume: { command: 'host:resume' },
  addMinute: { command: 'host:addTime', payload: { minutes: 1 } },
  stepForward: { command: 'host:researchStep', payload: { delta: 1 } },
  stepBack: { command: 'host:researchStep', payload: { delta: -1 } },
  notes: { toggle: 'notes' },
  blank: { command: 'host:screenBlank', payload: { blank: true } },
  unblank: { command: 'host:screenBlank', payload: { blank: false } },
  pageOn: { command: 'host:screenPage', payload: { delta: 1 } },
  pageBack: { command: 'host:screenPage', payload: { delta: -1 } },
  fullscreen: { toggle: 'fullscreen' },
  nothing: null,
} satisfies Record<string, KeyAction | null>;
type Expected = keyof typeof ACTIONS;

type Row = { key: string; status: SessionStatus; blank?: boolean; expected: Expected };

describe('presenter keys outside the research presentation', () => {
  it.each<Row>([
    { key: 'ArrowRight', status: 'lobby', expected: 'start' },
    { key: 'PageDown', status: 'lobby', expected: 'start' },
    { key: 'ArrowRight', status: 'running', expected: 'next' },
    { key: 'PageDown', status: 'running', expected: 'next' },
    { key: 'ArrowRight', status: 'paused', expected: 'next' },
    { key: 'ArrowRight', status: 'closed', expected: 'next' },
    { key: 'ArrowLeft', status: 'running', expected: 'back' },
    { key: 'PageUp', status: 'running', expected: 'back' },
    { key: 'ArrowLeft', status: 'paused', expected: 'back' },
    { key: 'ArrowLeft', status: 'lobby', expected: 'back' },
    { key: ' ', status: 'running', expected: 'pause' },
    { key: ' ', status: 'paused', expected: 'resume' },
    { key: ' ', status: 'lobby', expected: 'nothing' },
    { key: ' ', status: 'closed', expected: 'nothing' },
    { key: '+', status: 'running', expected: 'addMinute' },
    { key: '=', status: 'running', expected: 'addMinute' },
    { key: '+', status: 'paused', expected: 'addMinute' },
    { key: '+', status: 'lobby', expected: 'nothing' },
    { key: '=', status: 'closed', expected: 'nothing' },
    { key: 'n', status: 'running', expected: 'notes' },
    { key: 'N', status: 'running', expected: 'notes' },
    { key: 'n', status: 'lobby', expected: 'notes' },
    { key: 'n', status: 'closed', expected: 'notes' },
    { key: 'b', status: 'running', expected: 'blank' },
    { key: 'B', status: 'lobby', expected: 'blank' },
    { key: '.', status: 'paused', expected: 'blank' },
    { key: 'b', status: 'running', blank: true, expected: 'unblank' },
    { key: '.', status: 'running', blank: true, expected: 'unblank' },
    { key: 'ArrowDown', status: 'running', expected: 'pageOn' },
    { key: 'ArrowUp', status: 'running', expected: 'pageBack' },
    { key: 'ArrowDown', status: 'lobby', expected: 'pageOn' },
    { key: 'f', status: 'running', expected: 'fullscreen' },
    { key: 'F', status: 'closed', expected: 'fullscreen' },
    { key: 'Enter', status: 'running', expected: 'nothing' },
    { key: 'Escape', status: 'running', expected: 'nothing' },
    { key: '-', status: 'running', expected: 'nothing' },
    { key: 'p', status: 'running', expected: 'nothing' },
  ])('$key while $status (black: $blank) → $expected', ({ key, status, blank = false, expected }) => {
    expect(keyAction(press(key), false, viewOf(status, null, { blank }))).toEqual(ACTIONS[expected]);
  });
});

describe('presenter keys in the research presentation', () => {
  it.each<{ key: string; step: number; quickscan: boolean; showVideo: boolean; expected: Expected }>([
    { key: 'ArrowRight', step: 0, quickscan: false, showVideo: false, expected: 'stepForward' },
    { key: 'PageDown', step: 0, quickscan: false, showVideo: false, expected: 'stepForward' },
    { key: 'ArrowRight', step: 1, quickscan: false, showVideo: false, expected: 'stepForward' },
    // The last step: on to the next phase.
    { key: 'ArrowRight', step: 2, quickscan: false, showVideo: false, expected: 'next' },
    { key: 'PageDown', step: 2, quickscan: false, showVideo: false, expected: 'next' },
    { key: 'ArrowLeft', step: 2, quickscan: false, showVideo: false, expected: 'stepBack' },
    { key: 'PageUp', step: 1, quickscan: false, showVideo: false, expected: 'stepBack' },
    // The first step: back to the previous phase, or to the quickscan when there is one.
    { key: 'ArrowLeft', step: 0, quickscan: false, showVideo: false, expected: 'back' },
    { key: 'PageUp', step: 0, quickscan: false, showVideo: false, expected: 'back' },
    { key: 'ArrowLeft', step: 0, quickscan: true, showVideo: false, expected: 'stepBack' },
    // The quickscan is open (step -1): forward starts the presentation, back leaves the phase.
    { key: 'ArrowRight', step: -1, quickscan: true, showVideo: false, expected: 'stepForward' },
    { key: 'ArrowLeft', step: -1, quickscan: true, showVideo: false, expected: 'back' },
    // The video instead of the presentation: the arrows move between phases.
    { key: 'ArrowRight', step: 0, quickscan: false, showVideo: true, expected: 'next' },
    { key: 'PageDown', step: 1, quickscan: false, showVideo: true, expected: 'next' },
    { key: 'ArrowLeft', step: 1, quickscan: false, showVideo: true, expected: 'back' },
    { key: 'PageUp', step: 0, quickscan: true, showVideo: true, expected: 'back' },
    // The other keys do as anywhere else.
    { key: ' ', step: 1, quickscan: false, showVideo: false, expected: 'pause' },
    { key: '+', step: 1, quickscan: false, showVideo: true, expected: 'addMinute' },
    { key: 'n', step: 1, quickscan: false, showVideo: false, expected: 'notes' },
  ])('$key at step $step of 0…2 (quickscan $quickscan, video $showVideo) → $expected', ({ key, step, quickscan, showVideo, expected }) => {
    expect(keyAction(press(key), false, viewOf('running', research(step, quickscan), { video: showVideo }))).toEqual(ACTIONS[expected]);
  });
});

describe('presenter keys in a statements phase', () => {
  const at = (index: number) => ({ ...viewOf('running'), statements: { index, count: 3, text: 'x', notesHtml: '', rounds: [], participantCount: 4, minVotes: 3 } });
  it.each([
    { key: 'ArrowRight', index: 0, expected: { command: 'host:statementMove', payload: { delta: 1 } } },
    { key: 'PageDown', index: 1, expected: { command: 'host:statementMove', payload: { delta: 1 } } },
    // The last statement: on to the next phase; the first: back to the previous one.
    { key: 'ArrowRight', index: 2, expected: ACTIONS.next },
    { key: 'ArrowLeft', index: 2, expected: { command: 'host:statementMove', payload: { delta: -1 } } },
    { key: 'PageUp', index: 0, expected: ACTIONS.back },
  ])('$key on statement $index of 0…2', ({ key, index, expected }) => {
    expect(keyAction(press(key), false, at(index))).toEqual(expected);
  });
});

describe('keys the presenter page leaves alone', () => {
  const keys = ['ArrowRight', 'ArrowLeft', 'PageDown', 'PageUp', ' ', '+', '=', 'n', 'N', 'b', '.', 'f', 'ArrowDown'];

  it.each(['ctrlKey', 'metaKey', 'altKey'] as const)('any key with %s', (modifier) => {
    for (const key of keys) expect(keyAction(press(key, { [modifier]: true }), false, viewOf('running', research(1))), key).toBeNull();
  });

  it('any key typed into an input, select or textarea', () => {
    for (const key of keys) expect(keyAction(press(key), true, viewOf('running', research(1))), key).toBeNull();
  });

  it('any key before the first view has come', () => {
    for (const key of keys) expect(keyAction(press(key), false, null), key).toBeNull();
  });
});
