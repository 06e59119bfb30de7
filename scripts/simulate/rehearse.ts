/**
 * Bots in a session someone else runs (--code), so a facilitator can rehearse alone: they join,
 * follow the phases, and vote on every statement the facilitator opens a vote on (once per vote,
 * as statements.ts's bots would), so the audience screen has a result to show.
 */
import { randomUUID } from 'node:crypto';
import type { PhoneView } from '../../server/protocol/views.ts';
import { joinBots, type Bot } from './bots.ts';
import { choiceOf } from './statements.ts';

/** Votes once in each vote that opens on the bot's phone. */
function voteWhenOpen(bot: Bot, index: number): void {
  const voted = new Set<string>();
  bot.listen((view) => {
    const statements = view.statements;
    const vote = statements?.vote;
    if (!statements || !vote?.open || vote.mine !== null) return;
    const poll = `${statements.phaseIndex}/${statements.index}/${vote.round}`;
    if (voted.has(poll)) return;
    voted.add(poll);
    const choice = choiceOf(index, statements.index, vote.round);
    void bot.request('phone:statementVote', { key: randomUUID(), phaseIndex: statements.phaseIndex, statement: statements.index, round: vote.round, choice }).catch(() => {});
  });
}

/** Adds `count` bots; prints the phase the first bot shows. Resolves, with the bots gone, when the session closes or on Ctrl-C. */
export async function rehearse(url: string, code: string, count: number): Promise<void> {
  const bots = await joinBots(url, code, count);
  console.log(`${bots.length} bots doen mee met ${code}. Stop met Ctrl-C.`);
  bots.forEach(voteWhenOpen);
  let resolve = () => {};
  const done = new Promise<void>((settle) => (resolve = settle)).then(() => {
    for (const bot of bots) bot.close();
  });
  let shown: number | null = null;
  const report = (view: PhoneView) => {
    const index = view.status === 'closed' ? -2 : (view.phase?.index ?? -1);
    if (index === shown) return;
    shown = index;
    console.log(view.status === 'closed' ? 'Sessie afgesloten.' : view.phase ? `Fase ${view.phase.index + 1}: ${view.phase.title}` : 'Wachten in de lobby…');
    if (view.status === 'closed') resolve();
  };
  const first = bots[0];
  if (first?.last) report(first.last);
  first?.listen(report);
  process.once('SIGINT', () => resolve());
  return done;
}
