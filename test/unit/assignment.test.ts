import { describe, expect, it } from 'vitest';
import { spreadAssignment } from '../../server/lib/assignment.ts';
import { mulberry32 } from '../../server/lib/random.ts';

/** What an assignment costs: each row's own cost, plus (k − 1) × crowding for the k-th row on a column. */
function total(cost: number[][], crowding: number, columns: number[]): number {
  const count = new Map<number, number>();
  return columns.reduce((sum, column, row) => {
    const before = count.get(column) ?? 0;
    count.set(column, before + 1);
    return sum + cost[row]![column]! + before * crowding;
  }, 0);
}

/** The least total, by trying every assignment. */
function leastTotal(cost: number[][], crowding: number): number {
  const columns = cost[0]!.length;
  let best = Infinity;
  const pick = (chosen: number[]): void => {
    if (chosen.length === cost.length) {
      best = Math.min(best, total(cost, crowding, chosen));
      return;
    }
    for (let column = 0; column < columns; column++) pick([...chosen, column]);
  };
  pick([]);
  return best;
}

describe('spreading rows over columns', () => {
  it.each([
    { name: 'one column takes every row', cost: [[5], [2], [9]], crowding: 10, expected: [0, 0, 0] },
    { name: 'each row its cheapest column when nothing is shared', cost: [[1, 9], [9, 1], [1, 9]], crowding: 0, expected: [0, 1, 0] },
    { name: 'crowding outweighs cost: spread evenly', cost: [[0, 5], [0, 5], [0, 5], [0, 5]], crowding: 100, expected: [0, 1, 0, 1] },
    { name: 'a row moves over to make room for one that has nowhere better', cost: [[0, 1], [0, 50]], crowding: 10, expected: [1, 0] },
    { name: 'a chain of moves through three columns', cost: [[0, 1, 99], [99, 0, 1], [0, 99, 99]], crowding: 1000, expected: [1, 2, 0] },
  ])('$name', ({ cost, crowding, expected }) => {
    expect(spreadAssignment(cost, crowding)).toEqual(expected);
  });

  it('finds the least total cost, ties and all, over 600 small cases checked against every assignment', () => {
    const random = mulberry32(12);
    for (let run = 0; run < 600; run++) {
      const rows = 1 + Math.floor(random() * 6);
      const columns = 1 + Math.floor(random() * 4);
      // Few distinct costs: many ties.
      const cost = Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.floor(random() * 4) * 10));
      const crowding = [0, 1, 7, 25, 1000][run % 5]!;
      const columnsGiven = spreadAssignment(cost, crowding);
      expect(columnsGiven).toHaveLength(rows);
      expect(columnsGiven.every((column) => column >= 0 && column < columns)).toBe(true);
      expect(total(cost, crowding, columnsGiven), JSON.stringify({ cost, crowding })).toBe(leastTotal(cost, crowding));
    }
  });

  it('gives nothing to no rows', () => {
    expect(spreadAssignment([], 5)).toEqual([]);
  });
});
