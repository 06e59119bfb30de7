/**
 * The session report as a Markdown file. Its front matter holds the action points in a form the
 * server reads back (`parseReport`) to start the follow-up meeting; the rest is for people.
 * Pure: the printable page, the download button and the simulator all use it.
 */
import type { SessionReport } from '../server/protocol/views.ts';
import { isoDate, longDate } from './dates.ts';
import type { Messages } from './i18n/nl.ts';
import { CHOICES, voteShares } from './voteShares.ts';

/** Participant text as one line of plain text in Markdown: no markup, no HTML, no line breaks. */
export function plain(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~]/g, (char) => `\\${char}`)
    // A leading "-", "+" or "1." would start a list (or "---" a rule) inside the list item.
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A YAML string: JSON's double-quoted strings are valid YAML. */
const yamlString = (text: string) => JSON.stringify(text);

function frontMatter(report: SessionReport): string[] {
  const lines = ['---', 'report: driegesprek', 'version: 1', `date: ${yamlString(isoDate(report.createdAt))}`, `programme: ${yamlString(report.programmeTitle)}`];
  lines.push(report.teamActionPoints.length ? 'team:' : 'team: []', ...report.teamActionPoints.map((point) => `  - ${yamlString(point)}`));
  const named = report.personalActionPoints.filter((entry) => entry.name !== null);
  lines.push(named.length ? 'personal:' : 'personal: []');
  for (const entry of named) {
    lines.push(`  - name: ${yamlString(entry.name ?? '')}`, '    points:', ...entry.points.map((point) => `      - ${yamlString(point)}`));
  }
  lines.push('---');
  return lines;
}

/**
 * A phase's time as the report shows it: to the nearest minute (90 s is 2 min), a phase that ran
 * under half a minute "< 1 min" rather than 0, and one that never ran "not held".
 */
export function usedMinutesText(minutes: number, t: Messages): string {
  if (minutes <= 0) return t.reportNotHeld;
  if (minutes < 0.5) return t.reportUnderAMinute;
  return t.reportMinutes(Math.round(minutes));
}

/** One vote on a statement in one line: how many voted and, from 3 votes on, how. */
export function statementRoundText(round: SessionReport['statements'][number]['items'][number]['rounds'][number], t: Messages): string {
  if (!round.counts) return t.stReportRound(round.round, t.stVotesShort(round.votes), t.stReportTooFew);
  const counts = round.counts;
  const shares = voteShares(counts);
  return t.stReportRound(round.round, t.stVotesShort(round.votes), CHOICES.map((choice) => `${t.stChoices[choice].toLowerCase()} ${counts[choice]} (${shares[choice]}%)`).join(' · '));
}

/** Longer than planned, as the rounded figure shows it. */
export const overPlan = (phase: SessionReport['phases'][number]) => Math.round(phase.usedMinutes) > phase.plannedMinutes;

/** A programme without a plenary has no tips to report: no empty section for them. */
export const reportsTips = (report: SessionReport) => report.tips.length > 0 || report.phases.some((phase) => phase.kind === 'plenary');

const list = (items: string[], t: Messages) => (items.length ? items.map((item) => `- ${plain(item)}`) : [t.reportNone]);

export function reportMarkdown(report: SessionReport, t: Messages, locale: string): string {
  const lines = [...frontMatter(report), ''];
  const section = (title: string, ...body: string[]) => lines.push(`## ${title}`, '', ...body, '');
  lines.push(`# ${plain(t.reportTitle(report.programmeTitle))}`, '', t.reportMeta(longDate(report.createdAt, locale), report.participantCount, report.code), '');
  lines.push(`_${t.reportPrivacy}_`, '');

  section(
    t.reportPhases,
    `| ${t.reportPhase} | ${t.reportPlanned} | ${t.reportActual} |`,
    '| --- | ---: | ---: |',
    ...report.phases.map((phase) => `| ${plain(phase.title)} | ${t.reportMinutes(phase.plannedMinutes)} | ${usedMinutesText(phase.usedMinutes, t)} |`),
  );
  if (report.quickscan) {
    const figure = (value: number | null | undefined) => (value == null ? '–' : `${value}%`);
    type Statement = (typeof report.quickscan.statements)[number];
    const triple = (statement: Statement, measure: 'experience' | 'importance') =>
      [statement.team?.[measure], statement.research.mentors[measure], statement.research.parents[measure]].map(figure).join(' / ');
    // A statement about knowing was asked how well, not how often: its cell says so under the column's "often or always".
    const experience = (statement: Statement) => `${statement.scale === 'goed' ? `${t.rsKnowsWell}: ` : ''}${triple(statement, 'experience')}`;
    section(
      t.rsReportHeading,
      t.rsReportRespondents(report.quickscan.respondents),
      '',
      `| ${t.rsReportStatement} | ${t.rsExperience} (${t.rsReportTriple}) | ${t.rsImportance} (${t.rsReportTriple}) |`,
      '| --- | :---: | :---: |',
      ...report.quickscan.statements.map(
        (statement) => `| ${statement.largestGap ? '◆ ' : ''}${plain(statement.text)} | ${experience(statement)} | ${triple(statement, 'importance')} |`,
      ),
      '',
      `◆ ${t.rsLargestGap}`,
    );
  }
  for (const phase of report.statements ?? []) {
    lines.push(`## ${plain(t.stReportHeading(phase.title))}`, '');
    phase.items.forEach((item, index) => {
      lines.push(`### ${index + 1}. ${plain(item.text)}`, '', ...(item.rounds.length ? item.rounds.map((round) => `- ${statementRoundText(round, t)}`) : [t.stReportNoVote]), '');
    });
  }
  if (report.lookBack) section(t.reportLookBack(longDate(report.lookBack.date, locale)), ...list(report.lookBack.team, t));
  if (report.dialogue) {
    lines.push(`## ${t.reportDialogue}`, '');
    const top = report.dialogue.topStatements ?? [];
    if (top.length) lines.push(t.reportTopStatements(top.length), '', ...top.map((statement) => `- ${plain(t.quoted(statement.text))} (${t.dlTopAgree(statement.agreePercent)})`), '');
    report.dialogue.questions.forEach((question, index) => {
      lines.push(`### ${index + 1}. ${plain(question.text)}`, '');
      lines.push(
        ...(question.answers.length
          ? question.answers.map((answer) => `- ${plain(answer.text)} (${t.reportGroup(answer.group)}${answer.tip ? `, ★ ${t.reportTip}` : ''})`)
          : [t.reportNone]),
        '',
      );
    });
  }
  if (reportsTips(report)) section(t.reportTips, ...list(report.tips, t));
  if (report.evaluation.length) {
    lines.push(`## ${t.reportEvaluation}`, '');
    for (const item of report.evaluation) lines.push(`### ${plain(item.listTitle)}: ${plain(item.question)}`, '', ...list(item.answers, t), '');
  }
  if (report.feedback.length) {
    lines.push(`## ${t.reportFeedback}`, '');
    for (const item of report.feedback) {
      lines.push(`### ${t.evalFeedbackFrom[item.role]}${item.question ? `: ${plain(item.question)}` : ''}`, '', ...list(item.answers, t), '');
    }
  }
  section(t.reportTeamPoints, ...list(report.teamActionPoints, t));
  lines.push(`## ${t.reportPersonalPoints}`, '', `_${t.reportPersonalHint}_`, '');
  if (!report.personalActionPoints.length) lines.push(t.reportNone, '');
  for (const entry of report.personalActionPoints) {
    lines.push(`### ${entry.name === null ? t.reportWithoutName : plain(entry.name)}`, '', ...list(entry.points, t), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
