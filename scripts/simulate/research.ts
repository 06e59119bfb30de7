/**
 * The research phase: every bot answers the team quickscan, then the host starts the presentation.
 * The team's figures are not worked out here: the server's own `summarise` turns what the bots sent
 * into the figures the projector must show, so this walk checks the wiring (bots → projector), and
 * the formula itself is unit-tested with written-out values.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Content, ResearchData } from '../../server/content/types.ts';
import type { FiguresView, ProjectorView, Rating } from '../../server/protocol/views.ts';
import { emptyQuickscan, QUICKSCAN_MIN_RESPONDENTS, rate, summarise, type QuickscanState } from '../../server/session/research/quickscan.ts';
import { botName, PHASE_TIMEOUT_MS } from './bots.ts';
import { foreignRatings, type RatingsSeen } from './checks.ts';
import type { PhaseContext } from './phaseContext.ts';

type Scales = { experience: Rating; importance: Rating };
type TeamFigures = FiguresView & { answers: number };

/**
 * Between two quickscan taps of one bot. A person takes seconds per statement; a bot that sent its
 * 15 ratings at once would spend its socket's burst (20 events, then 5 a second) and have its action
 * points refused later in a fast walk.
 */
const QUICKSCAN_TAP_MS = 200;

/**
 * How a team tends to answer each statement, in the research's order: how often (−1 less, +1 more
 * than the rest) and how important. Like the research found, knowing the home situation and the
 * parents' role lags behind; an agenda and a specific offer matter less to mentors.
 */
const EXPERIENCE_LEAN = [-1, -1, 0, 1, 0, 1, 0, -1, 1, 0, -1];
const IMPORTANCE_LEAN = [1, 1, 0, 1, 0, 0, 0, -1, 0, 0, -1];
const clampRating = (value: number) => Math.min(4, Math.max(1, value)) as Rating;

/**
 * A bot's plausible quickscan: most find a statement important (3 or 4, now and then a 2), and how
 * often it happens is spread over the whole scale, both leaning per statement. Fixed per bot and
 * statement, so a run repeats.
 */
function plausibleRating(bot: number, statement: number): Scales {
  const importance = (bot * 7 + statement * 3 + 1) % 10;
  const experience = (bot * 3 + statement * 7 + 2) % 10;
  return {
    importance: clampRating((importance < 1 ? 2 : importance < 5 ? 3 : 4) + (bot % 3 === 0 ? IMPORTANCE_LEAN[statement % IMPORTANCE_LEAN.length]! : 0)),
    experience: clampRating((experience < 2 ? 1 : experience < 5 ? 2 : experience < 8 ? 3 : 4) + (bot % 2 === 0 ? EXPERIENCE_LEAN[statement % EXPERIENCE_LEAN.length]! : 0)),
  };
}

/** The research the projector shows, looked up in content/ by its title and statements (any language). */
function findResearch(content: Content, title: string, statementIds: string[]): ResearchData | null {
  const ids = JSON.stringify(statementIds);
  return [...content.research.values()].find((data) => data.title === title && JSON.stringify(data.statements.map((statement) => statement.id)) === ids) ?? null;
}

/** How far a shown team figure is from the expected one, in percentage points (100 when one of them is missing). */
function figureError(shown: TeamFigures | null, expected: TeamFigures | null): number {
  if (shown === null || expected === null) return shown === expected ? 0 : 100;
  const scale = (a: number | null, b: number | null) => (a === null || b === null ? (a === b ? 0 : 100) : Math.abs(a - b));
  return Math.max(scale(shown.experience, expected.experience), scale(shown.importance, expected.importance), shown.answers === expected.answers ? 0 : 100);
}

/**
 * The research phase. Every bot answers its quickscan (all statements, both scales; every other bot
 * sends the two scales of its first four statements one at a time, as a phone does), then the host
 * starts the presentation; a phase without a quickscan has the presentation only. Checks: the projector counts every bot once, its team figures are what the server's
 * `summarise` makes of what the bots sent (or hidden with fewer than three), every phone shows its
 * own ratings and never anyone else's, and the presentation reaches the projector and every phone.
 */
export async function answerQuickscan(context: PhaseContext): Promise<boolean> {
  const { host, bots, ledger, content, log } = context;
  const board = await host.until((view) => view.research != null, PHASE_TIMEOUT_MS).catch(() => null);
  if (!board?.research) return log('Onderzoek: het scherm toont het onderzoek niet'), false;
  if (!board.research.quickscan) {
    // A research phase without a quickscan (the original programme): only the presentation.
    log('Quickscan: deze fase heeft er geen');
    const problems = await playPresentation(context);
    for (const problem of problems) log(`  FOUT: ${problem}`);
    return !problems.length;
  }
  const statements = board.research.statements;
  const ids = statements.map((statement) => statement.id);
  const research = findResearch(content, board.research.title, ids);
  if (!research) return log(`Quickscan: het onderzoek "${board.research.title}" staat niet in content/, de teamcijfers zijn niet te controleren`), false;

  const refused: string[] = [];
  /** What the server holds after every accepted tap, merged by its own `rate`. */
  let sent: QuickscanState = emptyQuickscan();
  const participantIds = bots.map((bot, index) => bot.last?.me?.id ?? botName(index));
  const ratingOf = (index: number, statementId: string) => {
    const answer = sent.answers.find((candidate) => candidate.participantId === participantIds[index] && candidate.statementId === statementId);
    return answer ? { experience: answer.experience, importance: answer.importance } : null;
  };
  /** Every state of each bot's own rating per statement: its phone may show these and nothing else. */
  const seen: RatingsSeen = bots.map(() => new Map());
  const remember = (index: number, statementId: string, scales: { experience: Rating | null; importance: Rating | null }) =>
    seen[index]!.set(statementId, (seen[index]!.get(statementId) ?? new Set()).add(JSON.stringify(scales)));

  await Promise.all(
    bots.map(async (bot, index) => {
      const form = await bot.until((view) => view.research?.quickscan != null, PHASE_TIMEOUT_MS).catch(() => null);
      if (!form?.research?.quickscan) return refused.push(`${botName(index)}: geen quickscan op de telefoon`);
      for (const [position, { id }] of form.research.quickscan.statements.entries()) {
        const scales = plausibleRating(index, position);
        const oneAtATime = index % 2 === 1 && position < 4;
        const taps = oneAtATime ? [{ experience: scales.experience, importance: null }, { experience: null, importance: scales.importance }] : [scales];
        for (const payload of taps) {
          await delay(QUICKSCAN_TAP_MS);
          const result = await bot.request('phone:quickscanRate', { statementId: id, ...payload });
          if (!result.ok) {
            refused.push(`${botName(index)}, ${id}: ${result.error}`);
            break;
          }
          sent = rate(sent, { participantId: participantIds[index]!, statementId: id, ...payload, at: Date.now() });
          const merged = ratingOf(index, id);
          if (merged) remember(index, id, merged);
        }
      }
    }),
  );

  const expected = summarise(sent, research.statements);
  const expectedOf = (statementId: string) => expected.statements.find((statement) => statement.id === statementId);
  const settled = (view: ProjectorView) =>
    view.research?.quickscan?.respondents === expected.respondents &&
    view.research.statements.every((statement) => figureError(statement.team, expectedOf(statement.id)?.team ?? null) === 0);
  const counted = (await host.until(settled, PHASE_TIMEOUT_MS).catch(() => host.last))?.research;
  if (!counted?.quickscan) return log('Quickscan: het scherm toont geen quickscan meer'), false;

  const problems: string[] = [...refused];
  if (counted.quickscan.respondents !== bots.length) problems.push(`het scherm telt ${counted.quickscan.respondents} respondenten, er deden ${bots.length} bots mee`);
  if (counted.quickscan.shown !== expected.shown) problems.push(`teamcijfers ${counted.quickscan.shown ? 'getoond' : 'verborgen'}, verwacht ${expected.shown ? 'getoond' : 'verborgen'}`);
  let largestError = 0;
  for (const statement of counted.statements) {
    const wanted = expectedOf(statement.id);
    const error = figureError(statement.team, wanted?.team ?? null);
    largestError = Math.max(largestError, error);
    if (error) problems.push(`${statement.id}: het scherm toont ${JSON.stringify(statement.team)}, de bots stuurden ${JSON.stringify(wanted?.team ?? null)}`);
    if (statement.largestGap !== (wanted?.largestGap ?? false)) problems.push(`${statement.id}: ${statement.largestGap ? 'ten onrechte' : 'niet'} gemarkeerd als grootste verschil`);
  }

  // Each phone: its own ratings back, and in no view ever a rating that is not its own.
  for (const [index, bot] of bots.entries()) {
    const mine = bot.last?.research?.quickscan?.mine ?? {};
    const shown = JSON.stringify(Object.fromEntries(ids.filter((id) => mine[id]).map((id) => [id, mine[id]])));
    const own = JSON.stringify(Object.fromEntries(ids.flatMap((id) => (ratingOf(index, id) ? [[id, ratingOf(index, id)]] : []))));
    if (shown !== own) problems.push(`${botName(index)}: de telefoon toont niet precies de eigen antwoorden`);
  }
  problems.push(...foreignRatings(bots, seen));

  const rows = statements.map((statement) => ({ ...statement, team: expectedOf(statement.id)?.team ?? null, largestGap: expectedOf(statement.id)?.largestGap ?? false }));
  ledger.quickscan = { inReport: expected.shown ? { title: board.research.title, respondents: expected.respondents, statements: rows } : null };
  // The largest gap the server found; the first in the research's order among equals.
  const widest = expected.statements
    .filter((row): row is typeof row & { gap: number } => row.largestGap && row.gap !== null)
    .reduce<((typeof expected.statements)[number] & { gap: number }) | null>((best, row) => (best === null || row.gap > best.gap ? row : best), null);
  const widestText = statements.find((statement) => statement.id === widest?.id)?.text;
  const summary = expected.shown
    ? `teamcijfers ${largestError ? 'FOUT' : 'kloppen'} (grootste afwijking ${largestError} procentpunt over ${ids.length} stellingen; grootste verschil belang–praktijk: ` +
      `${widest?.team ? `"${widestText}" ${widest.team.importance}% belangrijk, ${widest.team.experience}% vaak of altijd` : 'geen'})`
    : `teamcijfers ${counted.quickscan.shown || counted.statements.some((statement) => statement.team !== null) ? 'FOUT: getoond' : 'verborgen'} (minder dan ${QUICKSCAN_MIN_RESPONDENTS} respondenten)`;
  log(`Quickscan: ${counted.quickscan.respondents}/${bots.length} bots vulden in, ${summary}`);

  problems.push(...(await playPresentation(context)));
  for (const problem of problems) log(`  FOUT: ${problem}`);
  return !problems.length;
}

/** The presentation: the host starts it, the projector and every phone show its first step. Returns what went wrong. */
async function playPresentation({ host, bots, log }: PhaseContext): Promise<string[]> {
  const problems: string[] = [];
  const played = await host.request('host:researchPlay', { playing: true });
  if (!played.ok) problems.push(`presentatie starten: ${played.error}`);
  const first = await host.until((view) => view.research?.playing === true && view.research.step === 0, PHASE_TIMEOUT_MS).catch(() => null);
  const following = (await Promise.all(bots.map((bot) => bot.until((view) => view.research?.step?.index === 0, PHASE_TIMEOUT_MS).then(() => true, () => false)))).filter(Boolean).length;
  const steps = first?.research?.steps.length ?? 0;
  log(`Presentatie: ${first ? `speelt, stap 1 van ${steps} op het scherm` : 'FOUT: start niet op het scherm'}, op ${following}/${bots.length} telefoons`);
  if (!first) problems.push('de presentatie startte niet op het scherm');
  if (following !== bots.length) problems.push(`${bots.length - following} telefoons tonen de eerste stap niet`);
  return problems;
}
