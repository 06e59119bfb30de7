/** What the library (/library) and the own-card-set upload get over HTTP. */
import type { Card, CardRole, CardSet, LookBack, QuestionList, ResearchData } from '../content/types.ts';
import type { Programme } from '../session/programme/programme.ts';
import type { ContentProblem } from '../content/loadContent.ts';
import type { ProgrammeSummary } from './events.ts';

export type { Card, CardRole, CardSet, ContentProblem, LookBack, Programme, QuestionList, ResearchData };

export interface LibraryIndex {
  programmes: ProgrammeSummary[];
  cardSets: { id: string; language: 'nl' | 'en'; title: string; theme: string; roles: Record<CardRole, number> }[];
}

/** A card set as the library shows and prints it. */
export interface CardSetDetail extends CardSet {
  /** The trainer's note: what the set's file says after its front matter, rendered. */
  noteHtml: string;
  /** The questions on the observer's sheet (the set has an observer card): the observer list in the set's language. */
  observerQuestions: QuestionList | null;
}

/** A card set as the facilitator's guide describes it: no card's text, only who is in it. */
export interface GuideCardSet {
  id: string;
  title: string;
  theme: string;
  situationHtml: string;
  noteHtml: string;
  cards: { role: CardRole; title: string }[];
}

/** A programme with what its phases name: the library's programme page and the facilitator's guide. */
export interface ProgrammeDetail {
  programme: Programme;
  /** The trainer's note after the programme's front matter, and where the programme comes from. */
  noteHtml: string;
  source: string | null;
  questionLists: QuestionList[];
  cardSets: GuideCardSet[];
  /** A session's own card set (the guide of a running session), played in its role-play phase. */
  ownCardSet: GuideCardSet | null;
  research: ResearchData | null;
}

/** Warnings (what the screens leave out) stop nothing; `problems` holds the errors first, then any warnings. */
export type CardSetCheckResponse = { ok: true; cardSet: CardSetDetail; warnings: ContentProblem[] } | { ok: false; problems: ContentProblem[] };

export type ReportCheckResponse = { ok: true; lookBack: LookBack } | { ok: false; problems: ContentProblem[] };
