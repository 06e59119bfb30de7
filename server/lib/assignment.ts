/**
 * Min-cost assignment of every row to a distinct column (rows ≤ columns), Hungarian method with
 * potentials. Returns the column of each row.
 */
export function minCostAssignment(cost: number[][], columns: number): number[] {
  const rows = cost.length;
  const u = new Array<number>(rows + 1).fill(0);
  const v = new Array<number>(columns + 1).fill(0);
  const owner = new Array<number>(columns + 1).fill(0); // column → row (1-based), 0 = free
  const way = new Array<number>(columns + 1).fill(0);
  const at = (array: number[], i: number) => array[i] as number;
  for (let row = 1; row <= rows; row++) {
    owner[0] = row;
    let column = 0;
    const minimum = new Array<number>(columns + 1).fill(Infinity);
    const used = new Array<boolean>(columns + 1).fill(false);
    do {
      used[column] = true;
      const current = at(owner, column);
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= columns; j++) {
        if (used[j]) continue;
        const reduced = at(cost[current - 1] as number[], j - 1) - at(u, current) - at(v, j);
        if (reduced < at(minimum, j)) {
          minimum[j] = reduced;
          way[j] = column;
        }
        if (at(minimum, j) < delta) {
          delta = at(minimum, j);
          next = j;
        }
      }
      for (let j = 0; j <= columns; j++) {
        if (used[j]) {
          u[at(owner, j)] = at(u, at(owner, j)) + delta;
          v[j] = at(v, j) - delta;
        } else minimum[j] = at(minimum, j) - delta;
      }
      column = next;
    } while (at(owner, column) !== 0);
    do {
      const previous = at(way, column);
      owner[column] = at(owner, previous);
      column = previous;
    } while (column !== 0);
  }
  const result = new Array<number>(rows).fill(0);
  for (let j = 1; j <= columns; j++) if (at(owner, j) !== 0) result[at(owner, j) - 1] = j - 1;
  return result;
}
