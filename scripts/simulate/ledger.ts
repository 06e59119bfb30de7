/** What the bots and the host wrote during a walk, so that the screens and the report can be checked against it. */
import type { Consent, SessionReport } from '../../server/protocol/views.ts';

export interface Ledger {
  /** Every dialogue answer that the server accepted, one per bot. */
  dialogue: string[];
  /** How many answers the host marked as tips in the plenary. */
  tips: number;
  evaluation: { listTitle: string; questionId: string; question: string; text: string }[];
  /** Per bot (by index): its personal action points, each starting with its name, and what it let the report hold. */
  points: { name: string; consent: Consent; texts: string[] }[];
  team: string[];
  /**
   * Once the quickscan was walked: what the report's quickscan must be, worked out from what the bots
   * sent (null while the team's figures are hidden, the report then has no quickscan).
   */
  quickscan: null | { inReport: SessionReport['quickscan'] };
}

export const emptyLedger = (): Ledger => ({ dialogue: [], tips: 0, evaluation: [], points: [], team: [], quickscan: null });

/** How often each item occurs: answers may repeat between bots, so compare counts, not sets. */
export const tally = (items: string[]) => items.reduce((counts, item) => counts.set(item, (counts.get(item) ?? 0) + 1), new Map<string, number>());

export const sumOf = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0);
