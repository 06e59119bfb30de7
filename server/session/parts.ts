/**
 * The shape of a feature's part of the session machine: named guards and context updates that
 * sessionMachine.ts composes into one `setup()`.
 */
import { assign } from 'xstate';
import type { SessionContext, SessionEvent } from './context.ts';

export interface MachineArgs {
  context: SessionContext;
  event: SessionEvent;
}

export type Guard = (args: MachineArgs) => boolean;

/** A context change for one event, as an XState `assign` action. */
export const update = (change: (args: MachineArgs) => Partial<SessionContext>) =>
  assign<SessionContext, SessionEvent, undefined, SessionEvent, never>(change);

