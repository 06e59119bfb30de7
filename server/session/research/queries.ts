/** The research phase inside a session: its state, figures and presentation steps while it is on screen. */
import type { ResearchData } from '../../content/types.ts';
import { perObject } from '../../lib/memo.ts';
import type { SessionContext } from '../context.ts';
import type { Phase } from '../programme/programme.ts';
import { currentPhaseOf } from '../programme/queries.ts';
import { stepsOf, type ResearchState, type ResearchStep } from './research.ts';

/** The steps of a research's presentation, with and without the quickscan's: worked out once per research. */
const stepsPer = perObject((data: ResearchData) => ({ withQuickscan: stepsOf(data, true), without: stepsOf(data, false) }));

/** The research phase on screen: its state, its figures and its presentation steps. */
export function activeResearch(context: SessionContext): { state: ResearchState; data: ResearchData; phase: Phase; steps: ResearchStep[] } | null {
  const phase = currentPhaseOf(context);
  const state = context.research;
  if (phase?.kind !== 'research' || !state || state.phaseIndex !== context.phaseIndex) return null;
  const data = context.library.research.find((candidate) => candidate.id === phase.research);
  if (!data) return null;
  const steps = stepsPer(data);
  return { state, data, phase, steps: phase.quickscan ? steps.withQuickscan : steps.without };
}
