import type { AgendaItemView, TimerView } from '../../server/protocol/views.ts';

/**
 * How far the server's clock is ahead of this device's, in ms (negative: behind), from a view
 * stamped `serverNow` that arrived at local time `localNow`. The view's time in transit is not
 * corrected for: it only makes a countdown lag by that much.
 */
export function clockOffsetMs(serverNow: number, localNow: number): number {
  return serverNow - localNow;
}

/** Remaining ms of a timer at local time `localNow`; negative means overtime. */
export function remainingMs(timer: TimerView, clockOffsetMs: number, localNow: number): number {
  return timer.state === 'paused' ? timer.remainingMs : timer.endsAt - (localNow + clockOffsetMs);
}

/** Time used in an agenda item at local time `localNow`: the current phase's from its timer. */
export function usedMsOf(item: AgendaItemView, timer: TimerView | null, clockOffsetMs: number, localNow: number): number {
  return item.state === 'current' && timer ? timer.totalMs - remainingMs(timer, clockOffsetMs, localNow) : item.usedMs;
}

/** "4:05" for time left, "+1:30" for overtime. Rounds so a fresh 5-minute timer shows 5:00. */
export function formatClock(ms: number): string {
  const overtime = ms < 0;
  const seconds = overtime ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return overtime ? `+${text}` : text;
}

export function minutesOf(ms: number): number {
  return Math.round(ms / 60_000);
}
