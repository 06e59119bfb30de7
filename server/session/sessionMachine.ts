/**
 * The session as a state machine: lobby → the programme's phases → closed.
 *
 * Pure: every event carries the time it happened (`at`, epoch ms), stamped by the server,
 * so tests drive it with a fake clock and a restored snapshot keeps its deadlines.
 * Nothing advances by itself: past a deadline the views show overtime.
 */
import { assign, setup } from 'xstate';
import type { Programme } from './programme.ts';

export interface Participant {
  id: string;
  name: string;
  /** sha256 of the phone's token; the token itself is never stored. */
  tokenHash: string;
  joinedAt: number;
}

export interface PhaseClock {
  /** Time spent in this phase while running, not counting the current stretch. */
  usedMs: number;
  /** Minutes the facilitator added, in ms. */
  extraMs: number;
}

export interface SessionContext {
  code: string;
  hostTokenHash: string;
  createdAt: number;
  programme: Programme;
  participants: Participant[];
  /** -1 in the lobby. */
  phaseIndex: number;
  /** Start of the current running stretch; null in the lobby, while paused and when closed. */
  runningSince: number | null;
  clocks: PhaseClock[];
  closedAt: number | null;
}

export interface SessionInput {
  code: string;
  hostTokenHash: string;
  programme: Programme;
  at: number;
}

type Stamped<T> = T & { at: number };
export type SessionEvent =
  | Stamped<{ type: 'start' }>
  | Stamped<{ type: 'next' }>
  | Stamped<{ type: 'back' }>
  | Stamped<{ type: 'pause' }>
  | Stamped<{ type: 'resume' }>
  | Stamped<{ type: 'addTime'; minutes: number }>
  | Stamped<{ type: 'end' }>
  | Stamped<{ type: 'join'; participantId: string; name: string; tokenHash: string }>;

const MINUTE_MS = 60_000;

/** Close the current running stretch into the phase's used time. */
function settle(context: SessionContext, at: number): PhaseClock[] {
  const since = context.runningSince;
  if (since === null || context.phaseIndex < 0) return context.clocks;
  return context.clocks.map((clock, index) =>
    index === context.phaseIndex ? { ...clock, usedMs: clock.usedMs + Math.max(0, at - since) } : clock,
  );
}

function moveTo(context: SessionContext, phaseIndex: number, at: number): Partial<SessionContext> {
  return { clocks: settle(context, at), phaseIndex, runningSince: at };
}

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  guards: {
    hasNextPhase: ({ context }) => context.phaseIndex < context.programme.phases.length - 1,
    hasPreviousPhase: ({ context }) => context.phaseIndex > 0,
    hasPhases: ({ context }) => context.programme.phases.length > 0,
  },
  actions: {
    enterFirstPhase: assign(({ context, event }) => moveTo(context, 0, event.at)),
    enterNextPhase: assign(({ context, event }) => moveTo(context, context.phaseIndex + 1, event.at)),
    enterPreviousPhase: assign(({ context, event }) => moveTo(context, context.phaseIndex - 1, event.at)),
    stopClock: assign(({ context, event }) => ({ clocks: settle(context, event.at), runningSince: null })),
    startClock: assign(({ event }) => ({ runningSince: event.at })),
    addTime: assign(({ context, event }) => {
      if (event.type !== 'addTime') return {};
      return {
        clocks: context.clocks.map((clock, index) =>
          index === context.phaseIndex ? { ...clock, extraMs: clock.extraMs + event.minutes * MINUTE_MS } : clock,
        ),
      };
    }),
    close: assign(({ context, event }) => ({ clocks: settle(context, event.at), runningSince: null, closedAt: event.at })),
    addParticipant: assign(({ context, event }) => {
      if (event.type !== 'join') return {};
      const { participantId: id, name, tokenHash, at } = event;
      return { participants: [...context.participants, { id, name, tokenHash, joinedAt: at }] };
    }),
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    code: input.code,
    hostTokenHash: input.hostTokenHash,
    createdAt: input.at,
    programme: input.programme,
    participants: [],
    phaseIndex: -1,
    runningSince: null,
    clocks: input.programme.phases.map(() => ({ usedMs: 0, extraMs: 0 })),
    closedAt: null,
  }),
  initial: 'lobby',
  states: {
    lobby: {
      on: {
        start: { guard: 'hasPhases', target: 'running', actions: 'enterFirstPhase' },
        join: { actions: 'addParticipant' },
        end: { target: 'closed', actions: 'close' },
      },
    },
    running: {
      initial: 'ticking',
      on: {
        next: { guard: 'hasNextPhase', target: '.ticking', actions: 'enterNextPhase' },
        back: { guard: 'hasPreviousPhase', target: '.ticking', actions: 'enterPreviousPhase' },
        addTime: { actions: 'addTime' },
        join: { actions: 'addParticipant' },
        end: { target: 'closed', actions: 'close' },
      },
      states: {
        ticking: { on: { pause: { target: 'paused', actions: 'stopClock' } } },
        paused: { on: { resume: { target: 'ticking', actions: 'startClock' } } },
      },
    },
    closed: { type: 'final' },
  },
});
