/** What the library (/library) and the own-card-set upload get over HTTP. */
import type { Card, CardRole, CardSet, LookBack, QuestionList, ResearchData } from '../content/types.ts';
import type { Programme } from '../session/programme/programme.ts';
import type { ContentProblem } from '../content/loadContent.ts';

export type { Card, CardRole, CardSet, ContentProblem, LookBack, Programme, QuestionList, ResearchData };

export interface LibraryIndex {
  programmes: { id: string; language: 'nl' | 'en'; title: string; minutes: number; phaseCount: number }[];
  cardSets: { id: string; language: 'nl' | 'en'; title: string; theme: string; roles: Record<CardRole, number> }[];
}

export interface ProgrammeDetail {
  programme: Programme;
  questionLists: QuestionList[];
  cardSets: { id: string; title: string }[];
  research: ResearchData | null;
}

/** Warnings (what the screens leave out) stop nothing; `problems` holds the errors first, then any warnings. */
export type CardSetCheckResponse = { ok: true; cardSet: CardSet; warnings: ContentProblem[] } | { ok: false; problems: ContentProblem[] };

export type ReportCheckResponse = { ok: true; lookBack: LookBack } | { ok: false; problems: ContentProblem[] };
