import { describe, expect, it } from 'vitest';
import { groupColumns, pageOfOffset, pageOnScreen } from './pages.ts';

describe('the page on screen', () => {
  const screen = { page: 0, pageSince: 1_000, pageMs: 20_000 };
  it.each([
    ['one page never turns', screen, 999_999, 1, 0],
    ['the first page at first', screen, 1_000, 3, 0],
    ['just before the first turn', screen, 20_999, 3, 0],
    ['turned once by itself', screen, 21_000, 3, 1],
    ['after the last page, the first again', screen, 61_000, 3, 0],
    ['the presenter turned on twice', { ...screen, page: 2 }, 1_000, 3, 2],
    ['the presenter turned back from the first: the last', { ...screen, page: -1 }, 1_000, 3, 2],
    ['a screen whose clock is behind the turn stays on that page', { ...screen, page: 1 }, 500, 3, 1],
    ['fewer pages than the presenter turned', { ...screen, page: 5 }, 1_000, 2, 1],
  ])('%s', (_label, state, now, count, expected) => {
    expect(pageOnScreen(state, now, count)).toBe(expected);
  });
});

describe('the page an item lands on', () => {
  // A box 900 wide with 30 between columns: page 2 starts 930 further to the right.
  it.each([
    [0, 0],
    [610, 0],
    [930, 1],
    [1540, 1],
    [1860, 2],
    [-5, 0],
  ])('offset %d is on page %d', (offset, page) => {
    expect(pageOfOffset(offset, 900, 30)).toBe(page);
  });
});

describe('the columns for a board\'s groups', () => {
  it.each([
    [1, 2],
    [2, 2],
    [3, 3],
    [4, 4],
    [15, 4],
  ])('%d group(s) in %d columns', (groups, columns) => {
    expect(groupColumns(groups)).toBe(columns);
  });
});
