/**
 * Phase time as deadlines: each phase keeps the time used while running and the minutes added;
 * the current running stretch counts from `runningSince`. Nothing ticks: the time left is derived.
 */
import type { TimerView } from '../../protocol/views.ts';
import { MINUTE_MS } from '../../lib/time.ts';
import type { SessionContext } from '../context.ts';
import type { PhaseClock } from './programme.ts';


/** Close the current running stretch into the phase's used time. */
export function settle(context: SessionContext, at: number): PhaseClock[] {
  const since = context.runningSince;
  if (since === null || context.phaseIndex < 0) return context.clocks;
  return context.clocks.map((clock, index) =>
    index === context.phaseIndex ? { ...clock, usedMs: clock.usedMs + Math.max(0, at - since) } : clock,
  );
}

/** Time used in a phase up to `now`, including the current running stretch. */
export function usedMs(context: SessionContext, index: number, now: number): number {
  const clock = context.clocks[index];
  if (!clock) return 0;
  const running = index === context.phaseIndex && context.runningSince !== null;
  return clock.usedMs + (running ? Math.max(0, now - (context.runningSince ?? now)) : 0);
}

/** The current phase's countdown: a deadline while running, the time left while paused. */
export function timerOf(context: SessionContext): TimerView {
  const phase = context.programme.phases[context.phaseIndex];
  const clock = context.clocks[context.phaseIndex];
  const totalMs = (phase?.minutes ?? 0) * MINUTE_MS + (clock?.extraMs ?? 0);
  const remainingMs = totalMs - (clock?.usedMs ?? 0);
  return context.runningSince === null
    ? { state: 'paused', remainingMs, totalMs }
    : { state: 'running', endsAt: context.runningSince + remainingMs, totalMs };
}
