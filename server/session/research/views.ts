/**
 * What each screen sees of the research phase: the projector the figures, the steps and the
 * team's quickscan figures once enough answered; a phone its own ratings and the current takeaway.
 * Nobody ever sees another person's ratings.
 */
import type { ResearchData } from '../../content/types.ts';
import { perObject } from '../../lib/memo.ts';
import type { ResearchPhoneView, ResearchProjectorView, StatementView } from '../../protocol/views.ts';
import type { SessionContext } from '../context.ts';
import { QUICKSCAN_MIN_RESPONDENTS, summarise, type QuickscanAnswer } from './quickscan.ts';
import { activeResearch } from './queries.ts';
import { currentStep, isPlaying, nextStepAt, type ResearchState } from './research.ts';

/** A file in content/media/ is served under /media/; a URL is played as it is. */
const videoSource = (video: string | null) => (video === null || video.startsWith('https://') ? video : `/media/${encodeURIComponent(video)}`);

/** The research's statements with the team's figures (null while they are hidden). */
export function statementViews(state: ResearchState, data: ResearchData): { respondents: number; shown: boolean; statements: StatementView[] } {
  const summary = summarise(state.quickscan, data.statements);
  const statements = data.statements.map((statement, index) => ({
    id: statement.id,
    text: statement.mentor,
    scale: statement.scale,
    takeaway: statement.takeaway,
    research: statement.figures,
    team: summary.statements[index]?.team ?? null,
    largestGap: summary.statements[index]?.largestGap ?? false,
  }));
  return { respondents: summary.respondents, shown: summary.shown, statements };
}

export function toResearchProjectorView(context: SessionContext, now: number): ResearchProjectorView | null {
  const active = activeResearch(context);
  if (!active) return null;
  const { state, data, phase, steps } = active;
  const summary = statementViews(state, data);
  const { statements } = summary;
  return {
    title: data.title,
    respondents: data.respondents,
    statements,
    steps,
    step: currentStep(state, steps.length, now),
    playing: isPlaying(state, steps.length, now),
    nextStepAt: nextStepAt(state, steps.length, now),
    quickscan: phase.quickscan
      ? {
          respondents: summary.respondents,
          participantCount: context.participants.length,
          shown: summary.shown,
          revealed: state.quickscan.revealed,
          minRespondents: QUICKSCAN_MIN_RESPONDENTS,
        }
      : null,
    video: videoSource(phase.video),
  };
}

/** Each participant's quickscan answers, in order: made once per list of answers, not once per phone. */
const answersByParticipant = perObject((answers: readonly QuickscanAnswer[]) => {
  const byParticipant = new Map<string, QuickscanAnswer[]>();
  for (const answer of answers) {
    const list = byParticipant.get(answer.participantId);
    if (list) list.push(answer);
    else byParticipant.set(answer.participantId, [answer]);
  }
  return byParticipant;
});

/**
 * What toResearchPhoneView reads of the context: its view is the same as long as these are (see
 * ../views.ts), and the time while the presentation plays (then its step follows the clock).
 */
export const researchPhoneReads = ['research', 'phaseIndex', 'programme', 'library'] as const satisfies readonly (keyof SessionContext)[];
export const researchFollowsClock = (context: SessionContext) => (context.research?.playingSince ?? null) !== null;

export function toResearchPhoneView(context: SessionContext, participantId: string, now: number): ResearchPhoneView | null {
  const active = activeResearch(context);
  if (!active) return null;
  const { state, data, phase, steps } = active;
  const index = currentStep(state, steps.length, now);
  const step = steps[index];
  const statement = step?.kind === 'statement' ? data.statements.find((candidate) => candidate.id === step.statementId) : undefined;
  const mine = Object.fromEntries(
    (answersByParticipant(state.quickscan.answers).get(participantId) ?? []).map(({ statementId, experience, importance }) => [statementId, { experience, importance }]),
  );
  return {
    quickscan: phase.quickscan
      ? { statements: data.statements.map(({ id, mentor, scale }) => ({ id, text: mentor, scale })), mine, presenting: index >= 0 }
      : null,
    step: step ? { index, count: steps.length, kind: step.kind, statement: statement?.mentor ?? null, takeaway: statement?.takeaway ?? null } : null,
  };
}

/** When the views change by themselves next (a playing presentation's next step), so the room can send them. */
export function nextChangeAt(context: SessionContext, now: number): number | null {
  const active = activeResearch(context);
  return active ? nextStepAt(active.state, active.steps.length, now) : null;
}
