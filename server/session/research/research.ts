/**
 * The research phase as pure functions on its state: first (when the phase has one) the team
 * quickscan on the phones, then the presentation of the findings, one step at a time. The
 * facilitator moves through the steps or lets them play; while playing, the step on screen is
 * derived from the time, like a countdown, so a restored session plays on where it was.
 */
import type { ResearchData } from '../../content/types.ts';
import type { ResearchStepView } from '../../protocol/views.ts';
import * as quickscan from './quickscan.ts';
import type { QuickscanState } from './quickscan.ts';

/** About four minutes for the usual ten steps. */
export const STEP_MS = 24_000;

export interface ResearchState {
  phaseIndex: number;
  quickscan: QuickscanState;
  /** The step on screen when the presentation last changed; -1 while the quickscan is open. */
  step: number;
  /** While playing: when `step` came on screen. */
  playingSince: number | null;
}

/** What one step of the presentation shows (the projector gets these as they are). */
export type ResearchStep = ResearchStepView;

/** The intro, each statement the research has figures for, and with a quickscan the team's largest gaps. */
export function stepsOf(research: ResearchData, withQuickscan: boolean): ResearchStep[] {
  const withFigures = research.statements.filter(({ figures }) =>
    [figures.mentors, figures.parents].some((side) => side.experience !== null || side.importance !== null),
  );
  return [
    { kind: 'intro' },
    ...withFigures.map((statement) => ({ kind: 'statement' as const, statementId: statement.id })),
    ...(withQuickscan ? [{ kind: 'team' as const }] : []),
  ];
}

export function start(phaseIndex: number, withQuickscan: boolean): ResearchState {
  return { phaseIndex, quickscan: quickscan.emptyQuickscan(), step: withQuickscan ? -1 : 0, playingSince: null };
}

/** The step on screen at `now`. */
export function currentStep(state: ResearchState, stepCount: number, now: number): number {
  if (state.playingSince === null || state.step < 0) return state.step;
  return Math.min(stepCount - 1, state.step + Math.floor(Math.max(0, now - state.playingSince) / STEP_MS));
}

/** Playing stops by itself on the last step. */
export const isPlaying = (state: ResearchState, stepCount: number, now: number) =>
  state.playingSince !== null && currentStep(state, stepCount, now) < stepCount - 1;

/** When the step on screen changes by itself next, if it does. */
export function nextStepAt(state: ResearchState, stepCount: number, now: number): number | null {
  if (state.playingSince === null || !isPlaying(state, stepCount, now)) return null;
  const shown = currentStep(state, stepCount, now);
  return state.playingSince + (shown - state.step + 1) * STEP_MS;
}

/** One step on or back (back from the first step reopens the quickscan, if there is one). */
export function move(state: ResearchState, delta: 1 | -1, stepCount: number, withQuickscan: boolean, at: number): ResearchState {
  const from = currentStep(state, stepCount, at);
  const step = Math.min(stepCount - 1, Math.max(withQuickscan ? -1 : 0, from + delta));
  // A presentation that finished on its last step stays still when the facilitator steps back.
  return { ...state, step, playingSince: isPlaying(state, stepCount, at) && step >= 0 ? at : null };
}

export function play(state: ResearchState, playing: boolean, stepCount: number, at: number): ResearchState {
  // Pausing never closes the quickscan.
  if (!playing) return { ...state, step: currentStep(state, stepCount, at), playingSince: null };
  const step = Math.max(0, currentStep(state, stepCount, at));
  // Play from the last step starts again at the first.
  return { ...state, step: step >= stepCount - 1 ? 0 : step, playingSince: at };
}

export function rate(state: ResearchState, answer: quickscan.QuickscanAnswer): ResearchState {
  return { ...state, quickscan: quickscan.rate(state.quickscan, answer) };
}

export function reveal(state: ResearchState, revealed: boolean): ResearchState {
  return { ...state, quickscan: quickscan.reveal(state.quickscan, revealed) };
}

export function leave(state: ResearchState, participantId: string): ResearchState {
  return { ...state, quickscan: quickscan.leave(state.quickscan, participantId) };
}
