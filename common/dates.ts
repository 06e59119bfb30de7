/** Dates as people read them, in the report and on screen. */

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
