/**
 * Gives every row a column at the least total cost, where several rows may share a column:
 * `cost[row][column]`, plus `crowding` for every row a column already has when one more joins it
 * (the k-th row on a column adds (k − 1) × crowding). Returns the column of each row.
 *
 * Successive shortest paths: the rows join one at a time, each along the cheapest chain of moves
 * (the new row takes a column, a row there moves on to another, …, the last column gains a row),
 * found by Bellman–Ford over the columns: the rows placed so far are placed at least cost, so no
 * chain of moves can lower it by going round. O(rows² × columns²) at most, and a deal has a few
 * columns (its cards): far less work than an assignment over a column per copy of a card.
 */
export function spreadAssignment(cost: readonly (readonly number[])[], crowding: number): number[] {
  const rows = cost.length;
  const columns = cost[0]?.length ?? 0;
  const at = new Int32Array(rows).fill(-1);
  const count = new Int32Array(columns);
  /** The cheapest chain found to each column, where it came from (-1: the new row itself) and who moved in. */
  const reach = new Float64Array(columns);
  const from = new Int32Array(columns);
  const mover = new Int32Array(columns);
  for (let row = 0; row < rows; row++) {
    const costs = cost[row]!;
    for (let column = 0; column < columns; column++) {
      reach[column] = costs[column]!;
      from[column] = -1;
      mover[column] = row;
    }
    // A chain passes each column once: at most columns − 1 moves.
    for (let pass = 1, changed = true; changed && pass < columns; pass++) {
      changed = false;
      for (let placed = 0; placed < row; placed++) {
        const column = at[placed]!;
        const own = cost[placed]!;
        const left = reach[column]! - own[column]!;
        for (let to = 0; to < columns; to++) {
          const via = left + own[to]!;
          if (via < reach[to]!) {
            reach[to] = via;
            from[to] = column;
            mover[to] = placed;
            changed = true;
          }
        }
      }
    }
    let end = 0;
    for (let column = 1; column < columns; column++) if (reach[column]! + count[column]! * crowding < reach[end]! + count[end]! * crowding) end = column;
    count[end] = count[end]! + 1;
    for (let column = end; column >= 0; column = from[column]!) at[mover[column]!] = column;
  }
  return Array.from(at);
}
