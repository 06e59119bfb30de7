/**
 * A statement's votes as whole percentages that add up to 100 (largest remainder): the audience
 * board and the report show the same figures.
 */
import type { VoteChoice, VoteCounts } from '../server/protocol/views.ts';

export const CHOICES: readonly VoteChoice[] = ['agree', 'disagree', 'unsure'];

export function voteShares(counts: VoteCounts): VoteCounts {
  const total = CHOICES.reduce((sum, choice) => sum + counts[choice], 0);
  const shares: VoteCounts = { agree: 0, disagree: 0, unsure: 0 };
  if (total === 0) return shares;
  const exact = CHOICES.map((choice) => ({ choice, value: (100 * counts[choice]) / total }));
  for (const { choice, value } of exact) shares[choice] = Math.floor(value);
  let left = 100 - CHOICES.reduce((sum, choice) => sum + shares[choice], 0);
  for (const { choice } of [...exact].sort((a, b) => (b.value % 1) - (a.value % 1))) {
    if (left-- <= 0) break;
    shares[choice] += 1;
  }
  return shares;
}
