import { describe, expect, it } from 'vitest';
import type { AgendaItemView, TimerView } from '../../server/protocol/views.ts';
import { clockOffsetMs, formatClock, remainingMs, usedMsOf } from './time.ts';

describe('countdown arithmetic', () => {
  it.each([
    [{ state: 'running', endsAt: 10_000, totalMs: 60_000 } as const, 0, 4_000, 6_000],
    // The phone's clock is 2 s behind the server: it still counts to the server's deadline.
    [{ state: 'running', endsAt: 10_000, totalMs: 60_000 } as const, 2_000, 4_000, 4_000],
    [{ state: 'paused', remainingMs: 30_000, totalMs: 60_000 } as const, 2_000, 99_000, 30_000],
  ])('remainingMs(%j, offset %d, now %d) = %d', (timer, offset, now, expected) => {
    expect(remainingMs(timer, offset, now)).toBe(expected);
  });

  const item = (state: AgendaItemView['state'], usedMs: number): AgendaItemView => ({ kind: 'intro', title: 'Intro', plannedMinutes: 10, usedMs, state });
  it.each([
    // Running for 4 s of its 60 (after 30 s used before a pause), the phone 2 s behind the server.
    ['the running phase', item('current', 30_000), { state: 'running', endsAt: 30_000, totalMs: 60_000 } as const, 2_000, 2_000, 34_000],
    ['the running phase in overtime', item('current', 0), { state: 'running', endsAt: 30_000, totalMs: 60_000 } as const, 0, 45_000, 75_000],
    ['the paused phase', item('current', 20_000), { state: 'paused', remainingMs: 40_000, totalMs: 60_000 } as const, 0, 99_000, 20_000],
    ['a phase done', item('done', 50_000), { state: 'running', endsAt: 30_000, totalMs: 60_000 } as const, 0, 99_000, 50_000],
    ['the current phase of a closed session', item('current', 70_000), null, 0, 99_000, 70_000],
  ])('usedMsOf: %s', (_name, agendaItem, timer, offset, now, expected) => {
    expect(usedMsOf(agendaItem, timer, offset, now)).toBe(expected);
  });

  it.each([
    [300_000, '5:00'],
    [299_001, '5:00'],
    [61_000, '1:01'],
    [500, '0:01'],
    [0, '0:00'],
    [-500, '+0:00'],
    [-90_000, '+1:30'],
  ])('formatClock(%d) = %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});

describe('server-clock offset', () => {
  it.each([
    [1_000_000, 1_000_000, 0],
    // The phone's clock is ahead: the server is behind it.
    [1_000_000, 1_090_000, -90_000],
    // The phone's clock is behind: the server is ahead of it.
    [1_000_000, 997_000, 3_000],
  ])('clockOffsetMs(server %d, local %d) = %d', (serverNow, localNow, expected) => {
    expect(clockOffsetMs(serverNow, localNow)).toBe(expected);
  });

  // A view made at server time SERVER_NOW with 5 minutes left; the phone reads its countdown
  // `elapsed` ms later. Whatever its own clock says, it must show what the server's clock says.
  const SERVER_NOW = 1_700_000_000_000;
  const timer: TimerView = { state: 'running', endsAt: SERVER_NOW + 300_000, totalMs: 300_000 };
  it.each([
    { clock: 'right', skewMs: 0, elapsed: 0, shown: '5:00' },
    { clock: 'right', skewMs: 0, elapsed: 55_000, shown: '4:05' },
    { clock: '90 s ahead', skewMs: 90_000, elapsed: 0, shown: '5:00' },
    { clock: '90 s ahead', skewMs: 90_000, elapsed: 55_000, shown: '4:05' },
    { clock: '3 s behind', skewMs: -3_000, elapsed: 55_000, shown: '4:05' },
    { clock: 'an hour behind', skewMs: -3_600_000, elapsed: 299_500, shown: '0:01' },
    { clock: 'an hour ahead', skewMs: 3_600_000, elapsed: 330_000, shown: '+0:30' },
  ])('a phone whose clock is $clock shows $shown $elapsed ms after the view', ({ skewMs, elapsed, shown }) => {
    const offset = clockOffsetMs(SERVER_NOW, SERVER_NOW + skewMs);
    const localNow = SERVER_NOW + skewMs + elapsed;
    expect(remainingMs(timer, offset, localNow)).toBe(300_000 - elapsed);
    expect(formatClock(remainingMs(timer, offset, localNow))).toBe(shown);
  });
});
