/** Which phase of the programme is on screen. */
import type { SessionContext } from '../context.ts';

export const phaseKind = (context: SessionContext) => context.programme.phases[context.phaseIndex]?.kind;

export const currentPhaseOf = (context: SessionContext) => context.programme.phases[context.phaseIndex];

/** The phase on screen with its place in the programme; null in the lobby. */
export function currentPhase(context: SessionContext) {
  const phase = currentPhaseOf(context);
  return phase ? { phase, index: context.phaseIndex, count: context.programme.phases.length } : null;
}
