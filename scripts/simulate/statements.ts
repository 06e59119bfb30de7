/**
 * A statements phase (stellingen): statement by statement the host opens the vote, the bots vote
 * agree, disagree or don't know, and the host closes it; on some statements the host opens a second
 * vote, and on the last one only two bots vote in it. Some bots change their mind before the close;
 * some lose their connection before the ack of their vote came and send it again with the same key.
 * The ledger keeps each bot's last acknowledged vote per poll, once. Checks: the projector counts
 * every voter once, shows no distribution while a vote is open or below MIN_VOTES votes, and after
 * the close shows what the bots' last votes add up to; every phone shows its own vote, never another's.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { CHOICES } from '../../common/voteShares.ts';
import type { PhoneView, ProjectorView, StatementsRoundView, TopStatementsView, VoteChoice } from '../../server/protocol/views.ts';
import { MIN_VOTES } from '../../server/session/statements/statements.ts';
import { botName, PHASE_TIMEOUT_MS, type Bot } from './bots.ts';
import { expectedRound, expectedTopStatements, type LedgerPoll, type LedgerStatements } from './ledger.ts';
import { plural, type PhaseContext } from './phaseContext.ts';

export const CHOICE_NL: Record<VoteChoice, string> = { agree: 'eens', disagree: 'oneens', unsure: 'weet niet' };
/** How many bots vote in the last statement's second vote: fewer than MIN_VOTES, so it must show no distribution. */
const FEW_VOTERS = 2;

/**
 * After each result the facilitator leads the talk, at least this long. A host that fired every
 * command of six statements at once would spend its socket's budget (20 events, then 5 a second)
 * and have the next phase's commands refused, which a person never does.
 */
const TALK_MS = 500;

/** What a projector may hold of a statements phase, and a phone: anything else would be a leak. */
const PROJECTOR_FIELDS = ['count', 'index', 'minVotes', 'notesHtml', 'participantCount', 'rounds', 'text'].join();
const PHONE_FIELDS = ['count', 'index', 'phaseIndex', 'text', 'vote'].join();

/**
 * A bot's vote: the room leans per statement (most agree, split, most disagree), and in a second
 * vote some have moved. Fixed per bot, statement and round, so a run repeats.
 */
export function choiceOf(bot: number, statement: number, round: 1 | 2): VoteChoice {
  const agreeBelow = [7, 4, 2][statement % 3]!;
  const spread = (bot * 7 + statement * 3 + (round === 2 ? 4 : 0)) % 10;
  return spread < agreeBelow ? 'agree' : spread < agreeBelow + 2 ? 'unsure' : 'disagree';
}

/** What a bot does in the first vote on a statement: vote once, change its mind, or lose the connection before the ack. */
type Behaviour = 'once' | 'changes' | 'lostAck';
const behaviourOf = (bot: number, statement: number, round: 1 | 2): Behaviour =>
  round === 2 ? 'once' : (['once', 'changes', 'lostAck', 'once'] as const)[(bot + statement) % 4]!;

/** The host holds a second vote on every third statement and on the last. */
const secondVote = (statement: number, count: number) => statement % 3 === 0 || statement === count - 1;

const roundOn = (view: ProjectorView | undefined, statement: number, round: 1 | 2): StatementsRoundView | undefined =>
  view?.statements?.index === statement ? view.statements.rounds.find((candidate) => candidate.round === round) : undefined;

const sameRound = (a: StatementsRoundView | undefined, b: StatementsRoundView) =>
  a !== undefined && a.round === b.round && a.open === b.open && a.votes === b.votes && JSON.stringify(a.counts) === JSON.stringify(b.counts);

const countsText = (round: StatementsRoundView | undefined) =>
  !round
    ? 'geen'
    : `${round.votes} ${round.open ? 'open' : 'dicht'}, ${round.counts ? CHOICES.map((choice) => `${CHOICE_NL[choice]} ${round.counts?.[choice]}`).join(', ') : 'geen verdeling'}`;

const short = (text: string) => (text.length > 48 ? `${text.slice(0, 47)}…` : text);

/** Sends one vote as a phone does; with `lostAck` the connection drops right after the send, so its ack never comes and it goes again with the same key. */
async function sendVote(bot: Bot, payload: { key: string; phaseIndex: number; statement: number; round: 1 | 2; choice: VoteChoice }, lostAck: boolean) {
  if (!lostAck) return bot.request('phone:statementVote', payload);
  // The first send reaches the server, but its answer is lost with the connection (a phone on school Wi-Fi).
  bot.socket.emit('phone:statementVote', payload, () => {});
  bot.socket.io.engine.close();
  // The phone's outbox sends it again once it is back; the server must count it once.
  return bot.request('phone:statementVote', payload);
}

interface PollResult {
  poll: LedgerPoll;
  line: string;
  problems: string[];
}

/** One vote on the statement on screen: open (or open again for round 2), the voters vote, check while open, close, check the result. */
async function holdPoll(context: PhaseContext, where: { phaseIndex: number; statement: number; round: 1 | 2 }, voters: number[]): Promise<PollResult> {
  const { host, bots } = context;
  const { phaseIndex, statement, round } = where;
  const problems: string[] = [];
  const label = round === 1 ? 'eerste stemming' : 'tweede stemming';
  // A lost ack is sent again only when the restored session does not show it took effect.
  const opened =
    round === 1
      ? await host.request('host:statementVote', { open: true }, (view) => roundOn(view, statement, 1)?.open === true)
      : await host.request('host:statementVoteAgain', {}, (view) => roundOn(view, statement, 2) !== undefined);
  if (!opened.ok) return { poll: { round, choices: [] }, line: `${label}: FOUT`, problems: [`${label} openen: ${opened.error}`] };

  const choices: (VoteChoice | null)[] = bots.map(() => null);
  let changed = 0;
  let lostAcks = 0;
  await Promise.all(
    voters.map(async (index) => {
      const bot = bots[index]!;
      const open = await bot
        .until((view) => view.statements?.phaseIndex === phaseIndex && view.statements.index === statement && view.statements.vote?.round === round && view.statements.vote.open, PHASE_TIMEOUT_MS)
        .catch(() => null);
      if (!open) return problems.push(`${botName(index)}: de telefoon toont de ${label} niet`);
      const final = choiceOf(index, statement, round);
      const behaviour = behaviourOf(index, statement, round);
      const ballots = behaviour === 'changes' ? [CHOICES[(CHOICES.indexOf(final) + 1) % CHOICES.length]!, final] : [final];
      for (const choice of ballots) {
        const result = await sendVote(bot, { key: randomUUID(), phaseIndex, statement, round, choice }, behaviour === 'lostAck');
        if (result.ok) choices[index] = choice;
        else problems.push(`${botName(index)}: stem ${CHOICE_NL[choice]} geweigerd (${result.error})`);
      }
      if (behaviour === 'changes') changed++;
      if (behaviour === 'lostAck') lostAcks++;
    }),
  );
  const poll: LedgerPoll = { round, choices };
  const expected = expectedRound(poll);

  // Open: every voter counted once, no distribution yet.
  const whileOpen: StatementsRoundView = { ...expected, open: true, counts: null };
  const counted = await host.until((view) => sameRound(roundOn(view, statement, round), whileOpen), PHASE_TIMEOUT_MS).catch(() => host.last);
  if (!sameRound(roundOn(counted, statement, round), whileOpen)) problems.push(`${label} open: het scherm toont ${countsText(roundOn(counted, statement, round))}, verwacht ${countsText(whileOpen)}`);

  const closed = await host.request('host:statementVote', { open: false }, (view) => roundOn(view, statement, round)?.open === false);
  if (!closed.ok) problems.push(`${label} sluiten: ${closed.error}`);
  const result = await host.until((view) => sameRound(roundOn(view, statement, round), expected), PHASE_TIMEOUT_MS).catch(() => host.last);
  const shown = roundOn(result, statement, round);
  if (!sameRound(shown, expected)) problems.push(`${label} dicht: het scherm toont ${countsText(shown)}, de bots stemden ${countsText(expected)}`);

  // Each phone: its own last vote (none for who did not vote), whatever the others did.
  const mirrored = await Promise.all(
    bots.map((bot, index) =>
      bot
        .until((view) => view.statements?.index === statement && view.statements.vote?.round === round && !view.statements.vote.open && view.statements.vote.mine === choices[index], PHASE_TIMEOUT_MS)
        .then(() => true, () => false),
    ),
  );
  mirrored.forEach((ok, index) => ok || problems.push(`${botName(index)}: de telefoon toont niet de eigen stem (${choices[index] ? CHOICE_NL[choices[index]] : 'geen'})`));
  await delay(TALK_MS);

  const outcome = expected.counts ? CHOICES.map((choice) => `${CHOICE_NL[choice]} ${expected.counts?.[choice]}`).join(', ') : `geen verdeling: minder dan ${MIN_VOTES}`;
  const extras = [changed && `${changed} van mening veranderd`, lostAcks && `${lostAcks} zonder bevestiging (verbinding weg) en opnieuw verstuurd`].filter(Boolean).join(', ');
  return { poll, line: `${label} ${expected.votes}/${bots.length} stemmen (${outcome}${extras ? `; ${extras}` : ''})`, problems };
}

/** Views that show more than they may: a distribution while a vote is open or has too few votes, or fields a screen must not get. */
export function statementLeaks(host: ProjectorView[], bots: PhoneView[][]): string[] {
  const found = new Set<string>();
  for (const view of host) {
    if (!view.statements) continue;
    if (Object.keys(view.statements).sort().join() !== PROJECTOR_FIELDS) found.add(`het grote scherm kreeg andere velden: ${Object.keys(view.statements).sort().join(', ')}`);
    for (const round of view.statements.rounds) {
      if (round.counts && round.open) found.add(`het grote scherm toonde een verdeling terwijl stemming ${round.round} nog open was`);
      if (round.counts && round.votes < view.statements.minVotes) found.add(`het grote scherm toonde een verdeling bij ${round.votes} stemmen`);
    }
  }
  bots.forEach((views, index) => {
    for (const view of views) {
      if (view.statements && Object.keys(view.statements).sort().join() !== PHONE_FIELDS) found.add(`${botName(index)} kreeg andere velden: ${Object.keys(view.statements).sort().join(', ')}`);
    }
  });
  return [...found];
}

/** The statements phase on screen, statement by statement; true when every count and every phone was right. */
export async function voteOnStatements(context: PhaseContext): Promise<boolean> {
  const { host, bots, ledger, log } = context;
  const board = await host.until((view) => view.statements !== null, PHASE_TIMEOUT_MS).catch(() => null);
  if (!board?.statements || !board.phase) return log('Stellingen: het scherm toont geen stelling'), false;
  const phaseIndex = board.phase.index;
  const count = board.statements.count;
  const from = { host: host.views.length, bots: bots.map((bot) => bot.views.length) };
  const entry: LedgerStatements = { phaseIndex, title: board.phase.title, items: [] };
  ledger.statements.push(entry);
  const problems: string[] = [];
  let polls = 0;

  for (let statement = 0; statement < count; statement++) {
    if (statement > 0) {
      const moved = await host.request('host:statementMove', { delta: 1 }, (view) => view.statements?.index === statement);
      if (!moved.ok) problems.push(`naar stelling ${statement + 1}: ${moved.error}`);
    }
    const shown = await host.until((view) => view.statements?.index === statement, PHASE_TIMEOUT_MS).catch(() => null);
    if (!shown?.statements) {
      problems.push(`stelling ${statement + 1} komt niet op het scherm`);
      break;
    }
    const item = { text: shown.statements.text, polls: [] as LedgerPoll[] };
    entry.items.push(item);
    const lines: string[] = [];
    const everyone = bots.map((_, index) => index);
    const rounds: (1 | 2)[] = secondVote(statement, count) ? [1, 2] : [1];
    for (const round of rounds) {
      // The last statement's second vote: only a few still vote, too few for a distribution.
      const voters = round === 2 && statement === count - 1 ? everyone.slice(0, FEW_VOTERS) : everyone;
      const result = await holdPoll(context, { phaseIndex, statement, round }, voters);
      item.polls.push(result.poll);
      lines.push(result.line);
      problems.push(...result.problems.map((problem) => `stelling ${statement + 1}, ${problem}`));
      polls++;
    }
    log(`Stelling ${statement + 1}/${count} "${short(item.text)}": ${lines.join('; ')}`);
  }

  const leaks = statementLeaks(
    host.views.slice(from.host),
    bots.map((bot, index) => bot.views.slice(from.bots[index])),
  );
  log(
    `Stellingen: ${plural(entry.items.length, 'stelling', 'stellingen')}, ${plural(polls, 'stemming', 'stemmingen')}, ` +
      `${problems.length ? `${plural(problems.length, 'fout', 'fouten')}` : 'uitslagen kloppen'}, privacy ${leaks.length ? `FOUT (${leaks.length})` : 'in orde'}`,
  );
  for (const problem of [...problems, ...leaks]) log(`  FOUT: ${problem}`);
  return !problems.length && !leaks.length && entry.items.length === count;
}

const topText = (top: TopStatementsView['statements']) => (top.length ? top.map((statement) => `"${short(statement.text)}" (${statement.agreePercent}% eens)`).join(', ') : 'geen');

/**
 * A dialogue or plenary that asks for the statements the room agreed with most (topStatements): the
 * projector and every phone must show the ones the bots' votes give, best first. Logs one line and
 * returns those statements and what was wrong; null when the phase asks for none.
 */
export async function checkTopStatements(
  { host, bots, ledger, log }: PhaseContext,
  label: string,
): Promise<null | { expected: TopStatementsView['statements']; problems: string[] }> {
  const shown = host.last?.dialogue?.topStatements ?? null;
  const phaseIndex = host.last?.phase?.index ?? -1;
  if (!shown) return null;
  const expected = expectedTopStatements(ledger, phaseIndex, shown.wanted);
  const same = (top: TopStatementsView | null | undefined) => JSON.stringify(top?.statements ?? null) === JSON.stringify(expected);
  const board = await host.until((view) => same(view.dialogue?.topStatements), PHASE_TIMEOUT_MS).catch(() => host.last);
  const problems: string[] = [];
  if (!same(board?.dialogue?.topStatements)) problems.push(`het scherm toont ${topText(board?.dialogue?.topStatements?.statements ?? [])}, de stemmen geven ${topText(expected)}`);
  const phones = await Promise.all(bots.map((bot) => bot.until((view) => same(view.dialogue?.topStatements), PHASE_TIMEOUT_MS).then(() => true, () => false)));
  const missing = phones.filter((ok) => !ok).length;
  if (missing) problems.push(`${plural(missing, 'telefoon toont', 'telefoons tonen')} andere stellingen`);
  log(`${label}: de ${shown.wanted} stellingen waar het team het meest mee eens was: ${topText(expected)}; ${problems.length ? 'FOUT' : `op het scherm en ${bots.length}/${bots.length} telefoons`}`);
  for (const problem of problems) log(`  FOUT: ${problem}`);
  return { expected, problems };
}
