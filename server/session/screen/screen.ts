/**
 * What the room's screen does besides showing the board: go black (the B key), play the research
 * phase's video instead of the presentation, and page through a board too full for one screen. Pages turn by themselves every SCREEN_PAGE_MS, counted from the
 * last turn the presenter made, like a countdown: no ticks, and every screen shows the same page.
 */
import { SECOND_MS } from '../../lib/time.ts';

export const SCREEN_PAGE_MS = 20 * SECOND_MS;

export interface ScreenState {
  blank: boolean;
  /** The research phase's video instead of the built-in presentation. */
  video: boolean;
  /** The page the presenter turned to last (any integer: screens take it modulo their page count). */
  page: number;
  /** When that page came up; the pages turn on from here. */
  pageSince: number;
}

export const freshScreen = (at: number): ScreenState => ({ blank: false, video: false, page: 0, pageSince: at });

/** One page on or back, from the page on screen at `at`; the rotation starts again from there. */
export function turnPage(state: ScreenState, delta: 1 | -1, at: number): ScreenState {
  const turned = Math.floor(Math.max(0, at - state.pageSince) / SCREEN_PAGE_MS);
  return { ...state, page: state.page + turned + delta, pageSince: at };
}
