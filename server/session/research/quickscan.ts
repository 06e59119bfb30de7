/**
 * The team quickscan, as pure functions on its state: mentors rate the research's statements on
 * their phones (how often it happens, or for a statement about knowing how well they know it; and
 * how important it is) and the projector sets the team's figures beside the research's. Answers are anonymous on screen, and the team's figures stay
 * hidden until enough people answered that no one's answer can be read off the bars — unless the
 * facilitator decides to show them anyway.
 */
import type { Figures, ResearchData } from '../../content/types.ts';

import type { ExperienceScale, Rating } from '../../protocol/views.ts';

/** 1 "(bijna) nooit" / "niet" / "onbelangrijk" … 4 "(bijna) altijd" / "goed" / "heel belangrijk": the protocol's type. */
export type { Rating };

/**
 * The lowest experience rating the team's figure counts, per scale, so it means what the research's
 * figure means: "vaak" or "altijd" (3 and 4) on the how-often scale, only "goed" (4) on the how-well
 * scale, where the research's 31% and 17% are the mentors who said they know it well.
 */
export const EXPERIENCE_COUNTED_FROM: Record<ExperienceScale, Rating> = { vaak: 3, goed: 4 };
/** Importance: "belangrijk" and "heel belangrijk", as the research's "redelijk tot zeer belangrijk". */
const IMPORTANCE_COUNTED_FROM: Rating = 3;

/** Below this many respondents one person's answers could be read off the team's figures. */
export const QUICKSCAN_MIN_RESPONDENTS = 3;

/** How many statements the projector marks as the team's largest gaps between importance and experience. */
const LARGEST_GAPS = 3;

export interface QuickscanAnswer {
  participantId: string;
  statementId: string;
  experience: Rating | null;
  importance: Rating | null;
  at: number;
}

export interface QuickscanState {
  answers: QuickscanAnswer[];
  /** the facilitator showed the team's figures before 3 answered */
  revealed: boolean;
}

export interface TeamFigures {
  experience: number | null;
  importance: number | null;
  /** how many rated this statement (either scale) */
  answers: number;
}

export interface QuickscanSummary {
  respondents: number;
  /** true when respondents >= QUICKSCAN_MIN_RESPONDENTS or revealed */
  shown: boolean;
  statements: {
    id: string;
    /** null while not shown: hidden figures never leave this function */
    team: TeamFigures | null;
    research: { mentors: Figures; parents: Figures };
    /** team importance − team experience, null when hidden or a side has no answers */
    gap: number | null;
    largestGap: boolean;
  }[];
}

export const emptyQuickscan = (): QuickscanState => ({ answers: [], revealed: false });

// The payload schema should already refuse other values; checking again here keeps a stray 0 or 5
// from skewing the percentages if a caller forgets.
const asRating = (value: unknown): Rating | null => (value === 1 || value === 2 || value === 3 || value === 4 ? value : null);

const sameSlot = (a: QuickscanAnswer, b: { participantId: string; statementId: string }) =>
  a.participantId === b.participantId && a.statementId === b.statementId;

/** Sets one participant's ratings for one statement (a later answer replaces the earlier one; a null field keeps the earlier value of that field). */
export function rate(state: QuickscanState, answer: QuickscanAnswer): QuickscanState {
  const earlier = state.answers.find((existing) => sameSlot(existing, answer));
  // A phone sends one scale at a time, so a missing field means "not touched", not "cleared".
  const experience = asRating(answer.experience) ?? earlier?.experience ?? null;
  const importance = asRating(answer.importance) ?? earlier?.importance ?? null;
  // Storing an answer without any rating would count someone as a respondent who rated nothing.
  if (experience === null && importance === null) return state;
  const merged: QuickscanAnswer = { ...answer, experience, importance };
  return {
    ...state,
    // Keep the earlier place in the list so a change of mind does not reorder the stored answers.
    answers: earlier
      ? state.answers.map((existing) => (existing === earlier ? merged : existing))
      : [...state.answers, merged],
  };
}

/** A removed participant's answers go with them. */
export function leave(state: QuickscanState, participantId: string): QuickscanState {
  return { ...state, answers: state.answers.filter((answer) => answer.participantId !== participantId) };
}

export function reveal(state: QuickscanState, revealed: boolean): QuickscanState {
  return { ...state, revealed };
}

/** Share of the ratings that are `from` or higher, as a whole percentage; null over no ratings, since 0% would claim "nobody". */
function highShare(ratings: (Rating | null)[], from: Rating): number | null {
  const given = ratings.filter((rating): rating is Rating => rating !== null);
  if (given.length === 0) return null;
  return Math.round((100 * given.filter((rating) => rating >= from).length) / given.length);
}

export function summarise(state: QuickscanState, statements: ResearchData['statements']): QuickscanSummary {
  const known = new Set(statements.map((statement) => statement.id));
  // Answers to a statement that is not (or no longer) in the research cannot be shown, so they
  // must not make someone count as a respondent either.
  const answers = state.answers.filter((answer) => known.has(answer.statementId));
  const respondents = new Set(answers.map((answer) => answer.participantId)).size;
  const shown = respondents >= QUICKSCAN_MIN_RESPONDENTS || state.revealed;

  const rows = statements.map((statement) => {
    const research = { mentors: { ...statement.figures.mentors }, parents: { ...statement.figures.parents } };
    if (!shown) return { id: statement.id, team: null, research, gap: null, largestGap: false };
    const mine = answers.filter((answer) => answer.statementId === statement.id);
    // The same rule per statement: one or two people's ratings stay off the bars (the count alone shows).
    const enough = state.revealed || mine.length >= QUICKSCAN_MIN_RESPONDENTS;
    const team: TeamFigures = {
      experience: enough ? highShare(mine.map((answer) => answer.experience), EXPERIENCE_COUNTED_FROM[statement.scale]) : null,
      importance: enough ? highShare(mine.map((answer) => answer.importance), IMPORTANCE_COUNTED_FROM) : null,
      answers: mine.length,
    };
    // From the rounded figures, so the gap is exactly the difference the projector shows.
    const gap = team.importance !== null && team.experience !== null ? team.importance - team.experience : null;
    return { id: statement.id, team, research, gap, largestGap: false };
  });

  // Only a positive gap (more important than it happens) is something to work on; a stable sort
  // keeps the research's order among equal gaps.
  const largest = rows
    .filter((row): row is typeof row & { gap: number } => row.gap !== null && row.gap > 0)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, LARGEST_GAPS);
  for (const row of largest) row.largestGap = true;

  return { respondents, shown, statements: rows };
}
