/**
 * The simulator's checks on what the screens got and on the report: the privacy scans (role cards,
 * quickscan ratings, names on the evaluation wall, personal action points) and what the report's
 * Markdown must and must not hold. Each returns its problems as Dutch lines; none means all is well.
 */
import type { Messages } from '../../common/i18n/nl.ts';
import { plain, reportMarkdown, statementRoundText } from '../../common/reportMarkdown.ts';
import type { Card } from '../../server/content/types.ts';
import type { PhoneView, ProjectorView, SessionReport } from '../../server/protocol/views.ts';
import type { Client } from '../lib/clients.ts';
import { allowedCards, leaks, ROLE_NL, type SeatOf } from '../lib/roleplay.ts';
import { botName, firstNames, type Bot } from './bots.ts';
import { expectedStatements, tally, type Ledger } from './ledger.ts';
import { CONSENT_NL } from './phaseContext.ts';

// ——— Privacy scans: over every view a screen got, not just the last one; a card shown once is shown.

/**
 * Role cards seen that may not be: a phone may see its own card (and its group's, when it observes
 * and observers may see cards) in the round its view shows; the projector never a card.
 */
export function cardLeaks(scan: {
  host: ProjectorView[];
  bots: { name: string; id: string; views: PhoneView[] }[];
  /** Per round: participant id → the seat their own phone showed. */
  seatsByRound: Map<string, SeatOf>[];
  cards: Card[];
  observersSeeCards: boolean;
}): string[] {
  const violations: string[] = [];
  for (const bot of scan.bots) {
    const byRound = new Map<number, PhoneView[]>();
    for (const view of bot.views) {
      const shown = view.roleplay?.round ?? -1;
      byRound.set(shown, [...(byRound.get(shown) ?? []), view]);
    }
    for (const [shown, views] of byRound) {
      const table = scan.seatsByRound[shown] ?? new Map<string, SeatOf>();
      const me = table.get(bot.id) ?? null;
      for (const leak of leaks(views, scan.cards, allowedCards(me, table.values(), scan.observersSeeCards))) {
        violations.push(`${bot.name} (${me ? ROLE_NL[me.role] : 'geen plek'}) zag ${leak.how === 'card' ? 'de kaart' : leak.how === 'keepsHtml' ? 'wat verzwegen wordt op' : 'wat gewild wordt op'} ${leak.cardId}`);
      }
    }
  }
  for (const leak of leaks(scan.host, scan.cards, new Set())) violations.push(`het grote scherm toonde ${leak.how} van ${leak.cardId}`);
  return violations;
}

/** Per bot (by index) and statement: every state of its own rating, as JSON of `{ experience, importance }`. */
export type RatingsSeen = Map<string, Set<string>>[];

/** Phones that ever got a quickscan rating that was not one of their own. */
export function foreignRatings(bots: Bot[], own: RatingsSeen): string[] {
  return bots.flatMap((bot, index) => {
    const foreign = bot.views.some((view) =>
      Object.entries(view.research?.quickscan?.mine ?? {}).some(([id, scales]) => !own[index]?.get(id)?.has(JSON.stringify(scales))),
    );
    return foreign ? [`${botName(index)}: privacy FOUT, de telefoon kreeg een antwoord dat niet van deze bot is`] : [];
  });
}

/** The bots' first names that the projector ever showed in its evaluation wall (the answers are anonymous there). */
export function namesOnEvaluationWall(views: ProjectorView[], botCount: number): string[] {
  const namePattern = new RegExp(`\\b(${firstNames(botCount).join('|')})\\b`);
  const named = new Set<string>();
  for (const view of views) {
    const match = view.evaluation ? namePattern.exec(JSON.stringify(view.evaluation)) : null;
    if (match?.[1]) named.add(match[1]);
  }
  return [...named];
}

/**
 * Where a personal action point showed up on a screen other than its writer's phone: the projector
 * may never get one, a phone only its own.
 */
export function pointLeaks(host: Client<ProjectorView>, bots: Bot[], ledger: Ledger): string[] {
  // Every point is "<name>: <phrase>" and the phrases repeat between bots: look for the phrase
  // first, so each view is scanned a few times, not once per point.
  const byPhrase = new Map<string, { owner: number; text: string }[]>();
  ledger.points.forEach((entry, owner) => {
    for (const text of entry.texts) {
      const phrase = text.startsWith(`${entry.name}: `) ? text.slice(entry.name.length + 2) : text;
      byPhrase.set(phrase, [...(byPhrase.get(phrase) ?? []), { owner, text }]);
    }
  });
  const found = new Set<string>();
  const scan = (viewer: string, viewerIndex: number, views: (ProjectorView | PhoneView)[]) => {
    for (const view of views) {
      const json = JSON.stringify(view);
      for (const [phrase, points] of byPhrase) {
        if (!json.includes(phrase)) continue;
        for (const point of points) {
          if (point.owner !== viewerIndex && json.includes(point.text)) found.add(`${viewer} kreeg het actiepunt van ${botName(point.owner)}: "${point.text}"`);
        }
      }
    }
  };
  scan('het grote scherm', -1, host.views);
  bots.forEach((bot, index) => scan(botName(index), index, bot.views));
  return [...found];
}

// ——— The report's Markdown.

/** The lines under a Markdown heading, up to the next heading of the same or a higher level; null when it is missing. */
function under(lines: string[], heading: string): string[] | null {
  const level = heading.indexOf(' ');
  const start = lines.indexOf(heading);
  if (start < 0) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#+ /.test(line) && line.indexOf(' ') <= level);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * The report's quickscan section against the one the bots' answers give: both rendered by the same
 * `reportMarkdown`, so this checks the figures the server put in the report, not the table's layout.
 * No section while the team's figures were hidden.
 */
function checkQuickscanSection(lines: string[], report: SessionReport, ledger: Ledger, t: Messages): string[] {
  if (!ledger.quickscan) return [];
  const heading = `## ${t.rsReportHeading}`;
  const found = under(lines, heading);
  const expected = ledger.quickscan.inReport ? under(reportMarkdown({ ...report, quickscan: ledger.quickscan.inReport }, t, report.language).split('\n'), heading) : null;
  if (!expected) return found ? [`het hoofdstuk "${t.rsReportHeading}" staat erin, maar de teamcijfers waren verborgen`] : [];
  if (!found) return [`het hoofdstuk "${t.rsReportHeading}" ontbreekt`];
  const problems: string[] = [];
  for (const [index, line] of expected.entries()) {
    if (found[index] !== line) problems.push(`quickscan klopt niet: verwacht "${line}", gevonden "${found[index] ?? 'geen regel'}"`);
  }
  if (found.length > expected.length) problems.push(`de quickscan heeft ${found.length - expected.length} regels te veel`);
  return problems;
}

/**
 * The report's statements against the bots' last acknowledged votes: per statements phase that held
 * a vote, per statement and vote, how many voted and (from 3 votes on) how; the Markdown shows each
 * vote in one line (no distribution below 3 votes). No such section for a phase without a vote.
 */
function checkStatementsSections(lines: string[], report: SessionReport, ledger: Ledger, t: Messages): string[] {
  const expected = expectedStatements(ledger);
  const problems: string[] = [];
  const titles = (phases: SessionReport['statements']) => phases.map((phase) => phase.title).join(' | ');
  if (titles(report.statements) !== titles(expected)) problems.push(`stellingenfasen in het verslag: "${titles(report.statements)}", gestemd in: "${titles(expected)}"`);
  for (const phase of expected) {
    const heading = `## ${plain(t.stReportHeading(phase.title))}`;
    const section = under(lines, heading);
    if (!section) {
      problems.push(`het hoofdstuk "${heading.slice(3)}" ontbreekt`);
      continue;
    }
    const inReport = report.statements.find((candidate) => candidate.title === phase.title);
    phase.items.forEach((item, index) => {
      const rounds = inReport?.items[index]?.rounds ?? [];
      for (const [position, round] of item.rounds.entries()) {
        const found = rounds[position];
        const wanted = statementRoundText(round, t);
        if (!found || statementRoundText(found, t) !== wanted || found.open) problems.push(`stelling ${index + 1}: verwacht "${wanted}", het verslag zegt "${found ? statementRoundText(found, t) : 'niets'}"`);
      }
      if (rounds.length > item.rounds.length) problems.push(`stelling ${index + 1}: ${rounds.length - item.rounds.length} stemmingen te veel in het verslag`);
      const body = under(section, `### ${index + 1}. ${plain(item.text)}`);
      const expectedLines = item.rounds.map((round) => `- ${statementRoundText(round, t)}`);
      if (!body) problems.push(`stelling ${index + 1} ontbreekt in het hoofdstuk: "${item.text}"`);
      else if (JSON.stringify(body.filter((line) => line.startsWith('- '))) !== JSON.stringify(expectedLines)) {
        problems.push(`stelling ${index + 1} in de Markdown: ${JSON.stringify(body.filter((line) => line.startsWith('- ')))}, verwacht ${JSON.stringify(expectedLines)}`);
      }
    });
  }
  return problems;
}

/**
 * What the report (rendered in the session's language, `t`) must hold (answers, tips, team and
 * consented points, the quickscan the bots' answers give, the statements' votes) and must not
 * (private points, names of the anonymous). A part of the programme that the walk did not have
 * (no dialogue, no evaluation) is not looked for.
 */
export function checkReport(markdown: string, report: SessionReport, ledger: Ledger, t: Messages): string[] {
  const problems: string[] = [];
  const lines = markdown.split('\n');
  const section = (title: string) => under(lines, `## ${title}`) ?? (problems.push(`het hoofdstuk "${title}" ontbreekt`), []);
  const bullet = (text: string) => `- ${plain(text)}`;

  const dialogue = ledger.dialogue.length || ledger.topStatements?.length ? section(t.reportDialogue) : [];
  if (ledger.topStatements) {
    // The statements the groups talked about, best first, with their share of agree.
    const inReport = report.dialogue?.topStatements ?? [];
    const text = (top: { text: string; agreePercent: number }[]) => top.map((statement) => `"${statement.text}" ${statement.agreePercent}%`).join(', ') || 'geen';
    if (JSON.stringify(inReport) !== JSON.stringify(ledger.topStatements)) problems.push(`stellingen voor de groepjes in het verslag: ${text(inReport)}; de stemmen geven ${text(ledger.topStatements)}`);
    for (const statement of ledger.topStatements) {
      const line = `- ${plain(t.quoted(statement.text))} (${t.dlTopAgree(statement.agreePercent)})`;
      if (!dialogue.includes(line)) problems.push(`stelling voor de groepjes ontbreekt in de Markdown: ${line}`);
    }
  }
  for (const [text, times] of tally(ledger.dialogue)) {
    // A dialogue line ends with its group: "- text (groepje 2…)".
    const found = dialogue.filter((line) => line.startsWith(`${bullet(text)} (`)).length;
    if (found !== times) problems.push(`dialoogantwoord ${times}× geschreven, ${found}× in het verslag: "${text}"`);
  }

  const evaluation = ledger.evaluation.length ? section(t.reportEvaluation) : [];
  const perQuestion = new Map<string, string[]>();
  for (const answer of ledger.evaluation) {
    const heading = `### ${plain(answer.listTitle)}: ${plain(answer.question)}`;
    perQuestion.set(heading, [...(perQuestion.get(heading) ?? []), answer.text]);
  }
  for (const [heading, texts] of perQuestion) {
    const body = under(evaluation, heading);
    if (!body) {
      problems.push(`evaluatievraag ontbreekt: ${heading.slice(4)}`);
      continue;
    }
    for (const [text, times] of tally(texts)) {
      const found = body.filter((line) => line === bullet(text)).length;
      if (found !== times) problems.push(`evaluatieantwoord ${times}× gegeven, ${found}× in het verslag: "${text}"`);
    }
  }

  problems.push(...checkQuickscanSection(lines, report, ledger, t));
  problems.push(...checkStatementsSections(lines, report, ledger, t));

  const team = section(t.reportTeamPoints);
  for (const text of ledger.team) if (!team.includes(bullet(text))) problems.push(`teamactiepunt ontbreekt: "${text}"`);

  const personal = section(t.reportPersonalPoints);
  const frontMatterEnd = lines.indexOf('---', 1);
  const frontMatter = lines.slice(0, frontMatterEnd + 1);
  for (const { name, consent, texts } of ledger.points.filter(Boolean)) {
    if (consent === 'private') {
      for (const text of texts) if (markdown.includes(text) || markdown.includes(plain(text))) problems.push(`actiepunt van ${name} staat erin, maar die koos privé: "${text}"`);
      continue;
    }
    const heading = `### ${consent === 'named' ? plain(name) : t.reportWithoutName}`;
    const body = under(personal, heading) ?? [];
    for (const text of texts) if (!body.includes(bullet(text))) problems.push(`actiepunt van ${name} (${CONSENT_NL[consent]}) ontbreekt onder "${heading.slice(4)}": "${text}"`);
    if (consent === 'anonymous' && (lines.includes(`### ${plain(name)}`) || frontMatter.some((line) => line.trim() === `- name: ${JSON.stringify(name)}`))) {
      problems.push(`${name} koos "zonder naam", maar de naam staat als kopje in het verslag`);
    }
  }
  return problems;
}
