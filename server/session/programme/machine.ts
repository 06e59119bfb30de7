/**
 * The programme's part of the session machine: moving between phases, pausing, adding time and
 * closing. No phase advances by itself: past a deadline the views show overtime.
 */
import { MINUTE_MS } from '../../lib/time.ts';
import type { SessionContext } from '../context.ts';
import { update, type Guard } from '../parts.ts';
import { settle } from './clock.ts';

function moveTo(context: SessionContext, phaseIndex: number, at: number): Partial<SessionContext> {
  return { clocks: settle(context, at), phaseIndex, runningSince: at };
}

export const programmeGuards = {
  hasNextPhase: ({ context }) => context.phaseIndex < context.programme.phases.length - 1,
  hasPreviousPhase: ({ context }) => context.phaseIndex > 0,
  hasPhases: ({ context }) => context.programme.phases.length > 0,
} satisfies Record<string, Guard>;

export const programmeActions = {
  enterFirstPhase: update(({ context, event }) => moveTo(context, 0, event.at)),
  enterNextPhase: update(({ context, event }) => moveTo(context, context.phaseIndex + 1, event.at)),
  enterPreviousPhase: update(({ context, event }) => moveTo(context, context.phaseIndex - 1, event.at)),
  stopClock: update(({ context, event }) => ({ clocks: settle(context, event.at), runningSince: null })),
  startClock: update(({ event }) => ({ runningSince: event.at })),
  addTime: update(({ context, event }) => {
    if (event.type !== 'addTime') return {};
    return {
      clocks: context.clocks.map((clock, index) =>
        index === context.phaseIndex ? { ...clock, extraMs: clock.extraMs + event.minutes * MINUTE_MS } : clock,
      ),
    };
  }),
  close: update(({ context, event }) => ({ clocks: settle(context, event.at), runningSince: null, closedAt: event.at })),
};
