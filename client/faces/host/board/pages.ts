/**
 * Paging a board that does not fit the room's screen: which page is on screen (the pages turn by
 * themselves, from the presenter's last turn — see ScreenView), and on which page an item landed.
 */
import type { ScreenView } from '../../../../server/protocol/views.ts';

/** Where a board's paged list tells the page on screen and how many there are (Svelte context). */
export const PAGES_CONTEXT = Symbol('board pages');
export type PagesReport = (page: number, count: number) => void;

/** The page (0-based) on a screen with `pageCount` pages at server time `serverNow`. */
export function pageOnScreen(screen: Pick<ScreenView, 'page' | 'pageSince' | 'pageMs'>, serverNow: number, pageCount: number): number {
  if (pageCount <= 1) return 0;
  const turned = Math.floor(Math.max(0, serverNow - screen.pageSince) / screen.pageMs);
  const page = screen.page + turned;
  return ((page % pageCount) + pageCount) % pageCount;
}

/**
 * The page an item lands on in a multi-column box `width` wide with `gap` between columns: the
 * columns that overflow the box continue to its right, a box's width (plus a gap) per page.
 */
export function pageOfOffset(offsetLeft: number, width: number, gap: number): number {
  return Math.max(0, Math.floor((offsetLeft + gap / 2) / (width + gap)));
}

/** Columns for a board's groups: as many as there are, two to four (a few groups get wider cards and larger type). */
export const groupColumns = (groups: number): number => Math.min(4, Math.max(2, groups));
