/** One statement as a bar chart: how often it happens (or how well it is known) and how important it is, for the team and the research. */
import type { ExperienceScale, StatementView } from '../../server/protocol/views.ts';
import type { BarRow, BarSeries } from './charts.ts';
import type { Messages } from '../../common/i18n/nl.ts';

export function statementSeries(t: Messages, withTeam: boolean): BarSeries[] {
  return [
    ...(withTeam ? [{ id: 'team', label: t.rsSeries.team, tone: 'team' as const }] : []),
    { id: 'mentors', label: t.rsSeries.mentors, tone: 'mentors' },
    { id: 'parents', label: t.rsSeries.parents, tone: 'parents' },
  ];
}

/** The experience row says what the figures count, on the scale the statement was asked on. */
export const experienceLabel = (t: Messages, scale: ExperienceScale) => (scale === 'goed' ? t.rsKnowsWell : t.rsExperience);

export function statementRows(statement: StatementView, t: Messages, withTeam: boolean): BarRow[] {
  return (['experience', 'importance'] as const).map((measure) => ({
    id: measure,
    label: measure === 'experience' ? experienceLabel(t, statement.scale) : t.rsImportance,
    values: [...(withTeam ? [statement.team?.[measure] ?? null] : []), statement.research.mentors[measure], statement.research.parents[measure]],
  }));
}
