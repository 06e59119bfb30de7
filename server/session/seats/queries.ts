/** Who has a seat, and whether a new phone may take one. */
import type { SessionContext } from '../context.ts';

/** Why a new phone may not take a seat now, if it may not. */
export function joinRefusal(context: SessionContext): 'room_locked' | 'room_full' | null {
  if (context.locked) return 'room_locked';
  if (context.participants.length >= context.capacity) return 'room_full';
  return null;
}

export const isSeated = (context: SessionContext, participantId: string) => context.participants.some((p) => p.id === participantId);
