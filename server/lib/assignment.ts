/**
 * Min-cost assignment of every row to a distinct column (rows ≤ columns), Hungarian method with
 * potentials. Returns the column of each row.
 *
 * A deal runs this a few times per round, too rarely for the JIT to optimise it: it runs mostly
 * interpreted, where every call and every bounds-checked array access counts. Hence typed arrays,
 * one row of costs looked up per step and no helper calls in the inner loop (issue 12's profile of
 * a deal to 40 phones had this at ~7 % of the server's time). The arithmetic and its order are
 * those of the plain version, so ties break the same way and a deal is the same as before.
 */
export function minCostAssignment(cost: number[][], columns: number): number[] {
  const rows = cost.length;
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(columns + 1);
  const owner = new Int32Array(columns + 1); // column → row (1-based), 0 = free
  const way = new Int32Array(columns + 1);
  const minimum = new Float64Array(columns + 1);
  const used = new Uint8Array(columns + 1);
  for (let row = 1; row <= rows; row++) {
    owner[0] = row;
    let column = 0;
    minimum.fill(Infinity);
    used.fill(0);
    do {
      used[column] = 1;
      const current = owner[column]!;
      const costs = cost[current - 1]!;
      const potential = u[current]!;
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= columns; j++) {
        if (used[j]) continue;
        const reduced = costs[j - 1]! - potential - v[j]!;
        if (reduced < minimum[j]!) {
          minimum[j] = reduced;
          way[j] = column;
        }
        if (minimum[j]! < delta) {
          delta = minimum[j]!;
          next = j;
        }
      }
      for (let j = 0; j <= columns; j++) {
        if (used[j]) {
          const at = owner[j]!;
          u[at] = u[at]! + delta;
          v[j] = v[j]! - delta;
        } else minimum[j] = minimum[j]! - delta;
      }
      column = next;
    } while (owner[column] !== 0);
    do {
      const previous = way[column]!;
      owner[column] = owner[previous]!;
      column = previous;
    } while (column !== 0);
  }
  const result = new Array<number>(rows).fill(0);
  for (let j = 1; j <= columns; j++) if (owner[j] !== 0) result[owner[j]! - 1] = j - 1;
  return result;
}
