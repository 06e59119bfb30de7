/**
 * The session report as data: what happened, without names except where a participant agreed.
 * The client turns it into the printable page and the Markdown file (its words live in the catalogue).
 */
import { MINUTE_MS, SECOND_MS } from '../../lib/time.ts';
import type { SessionReport } from '../../protocol/views.ts';
import { toLookBackProjectorView } from '../actions/views.ts';
import type { SessionContext } from '../context.ts';
import { usedMs } from '../programme/clock.ts';
import { statementViews } from '../research/views.ts';
import { feedbackSummary } from '../roleplay/views.ts';
import { roundsOf } from '../statements/views.ts';
import { topStatementsIn } from '../dialogue/views.ts';

export function toReport(context: SessionContext, now: number): SessionReport {
  const { programme, dialogue, actions } = context;
  const groupNumber = (groupId: string) => Number(groupId.replace(/\D/g, '')) || 0;
  const dialogueQuestions = programme.phases
    .filter((phase) => phase.kind === 'dialogue')
    .flatMap((phase) => phase.questions)
    .flatMap((id) => context.library.questionLists.find((list) => list.id === id && list.audience === 'everyone')?.questions ?? []);
  const evaluationLists = programme.phases
    .filter((phase) => phase.kind === 'evaluation')
    .flatMap((phase) => phase.questions)
    .flatMap((id) => context.library.questionLists.find((list) => list.id === id) ?? []);
  const consenting = context.participants.filter((participant) => (actions.consent[participant.id] ?? 'private') !== 'private');
  const pointsOf = (participantId: string) => actions.points.filter((point) => point.participantId === participantId).map((point) => point.text);
  const anonymous = consenting.filter((participant) => actions.consent[participant.id] === 'anonymous').flatMap((participant) => pointsOf(participant.id));
  return {
    code: context.code,
    programmeTitle: programme.title,
    language: programme.language,
    createdAt: context.createdAt,
    closedAt: context.closedAt,
    participantCount: context.participants.length,
    phases: programme.phases.map((phase, index) => ({
      kind: phase.kind,
      title: phase.title,
      plannedMinutes: phase.minutes,
      // To the second; the page and the file round it for people (usedMinutesText in common/reportMarkdown.ts).
      usedMinutes: Math.round(usedMs(context, index, now) / SECOND_MS) / (MINUTE_MS / SECOND_MS),
    })),
    dialogue: dialogue && {
      groupCount: dialogue.groups.length,
      ...topStatementsOf(context, dialogue.phaseIndex),
      questions: dialogueQuestions.map((question) => ({
        text: question.text,
        answers: dialogue.answers
          .filter((answer) => answer.questionId === question.id)
          .map((answer) => ({ group: groupNumber(answer.groupId), text: answer.text, tip: answer.tip }))
          .sort((a, b) => a.group - b.group),
      })),
    },
    tips: dialogue?.answers.filter((answer) => answer.tip).map((answer) => answer.text) ?? [],
    // Only the questions someone answered: a list of empty questions is noise in a report.
    evaluation: evaluationLists.flatMap((list) =>
      list.questions
        .map((question) => ({
          listTitle: list.title,
          question: question.text,
          answers: context.submissions.filter((s) => s.kind === 'evaluation' && s.questionId === question.id).map((s) => s.text),
        }))
        .filter((item) => item.answers.length > 0),
    ),
    feedback: context.roleplay ? feedbackSummary(context.roleplay) : [],
    teamActionPoints: actions.team.map((point) => point.text),
    personalActionPoints: [
      ...consenting
        .filter((participant) => actions.consent[participant.id] === 'named')
        .map((participant) => ({ name: participant.name, points: pointsOf(participant.id) }))
        .filter((entry) => entry.points.length),
      ...(anonymous.length ? [{ name: null, points: anonymous }] : []),
    ],
    lookBack: toLookBackProjectorView(context),
    quickscan: quickscanOf(context),
    statements: statementsOf(context),
  };
}

/** The statements the dialogue's groups were shown, when its phase asked for them (absent otherwise). */
function topStatementsOf(context: SessionContext, phaseIndex: number): { topStatements?: { text: string; agreePercent: number }[] } {
  const top = topStatementsIn(context, phaseIndex);
  return top ? { topStatements: top.statements.map(({ text, agreePercent }) => ({ text, agreePercent })) } : {};
}

/** Each statements phase that held a vote: its statements with their votes counted (no counts below 3 votes). */
function statementsOf(context: SessionContext): SessionReport['statements'] {
  return context.programme.phases.flatMap((phase, phaseIndex) => {
    if (phase.kind !== 'statements' || !context.statements.polls.some((poll) => poll.phaseIndex === phaseIndex)) return [];
    const items = (phase.statements ?? []).map((statement, index) => ({ text: statement.text, rounds: roundsOf(context.statements, phaseIndex, index) }));
    return [{ title: phase.title, items }];
  });
}

/** The quickscan beside the research, under the same rule as on the projector: hidden below 3 respondents unless shown. */
function quickscanOf(context: SessionContext): SessionReport['quickscan'] {
  const { research } = context;
  const phase = research ? context.programme.phases[research.phaseIndex] : undefined;
  const data = context.library.research.find((candidate) => candidate.id === phase?.research);
  if (!research || !phase?.quickscan || !data) return null;
  const { respondents, shown, statements } = statementViews(research, data);
  return shown ? { title: data.title, respondents, statements } : null;
}
