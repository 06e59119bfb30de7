import type { TimerView } from '../../server/protocol/views.ts';

/** Remaining ms of a timer at local time `localNow`; negative means overtime. */
export function remainingMs(timer: TimerView, clockOffsetMs: number, localNow: number): number {
  return timer.state === 'paused' ? timer.remainingMs : timer.endsAt - (localNow + clockOffsetMs);
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

/** yyyy-mm-dd in local time: the day the meeting was held where it was held. */
export function isoDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** "23 november 2026" for a yyyy-mm-dd day or an epoch ms. */
export function longDate(day: string | number, locale: string): string {
  const date = typeof day === 'number' ? new Date(day) : new Date(`${day}T12:00:00`);
  return Number.isNaN(date.getTime()) ? String(day) : new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date);
}
