/** Content as the server keeps it after loading: validated, cross-checked, rendered to safe HTML. */
import type { Language, Programme } from '../session/programme/programme.ts';
import type { ExperienceScale } from '../protocol/views.ts';

export const CARD_ROLES = ['mentor', 'parent', 'student', 'observer'] as const;
export type CardRole = (typeof CARD_ROLES)[number];

export interface Card {
  id: string;
  role: CardRole;
  title: string;
  wantsHtml: string;
  /** What this person keeps to themselves: shown to the one who plays the card (and, if allowed, their group's observer). */
  keepsHtml: string;
  tipHtml: string;
}

export interface CardSet {
  id: string;
  language: Language;
  title: string;
  theme: string;
  situationHtml: string;
  source: string | null;
  /** Own cards first, then the student and observer cards of the sets named in `students` and `observers`. */
  cards: Card[];
  students: string | null;
  observers: string | null;
}

export const AUDIENCES = ['everyone', 'mentor', 'parent', 'student', 'observer'] as const;

export interface QuestionList {
  id: string;
  language: Language;
  title: string;
  audience: (typeof AUDIENCES)[number];
  questions: { id: string; text: string; hint: string | null }[];
}

export const RESEARCH_THEMES = ['algemeen', 'wederkerigheid', 'ondersteuning', 'gesprek'] as const;

/** Percentages 0–100; null where the source gives no figure. */
export interface Figures {
  experience: number | null;
  importance: number | null;
}

export interface ResearchData {
  id: string;
  language: Language;
  title: string;
  source: string;
  respondents: { mentors: number; parents: number; schools: number };
  statements: {
    id: string;
    theme: (typeof RESEARCH_THEMES)[number];
    /** How its experience was asked (how often, or how well known); `vaak` unless the file says otherwise. */
    scale: ExperienceScale;
    mentor: string;
    parent: string;
    figures: { mentors: Figures; parents: Figures };
    takeaway: string;
  }[];
}

/** What a follow-up meeting takes from the previous meeting's report: the action points to look back on. */
export interface LookBack {
  /** The day of the previous meeting, yyyy-mm-dd. */
  date: string;
  programme: string;
  team: string[];
  /** Only points whose owners agreed to their name in the report. */
  personal: { name: string; points: string[] }[];
}

/** Everything in content/, each kind keyed by `contentKey(id, language)`. */
export interface Content {
  programmes: Map<string, Programme>;
  cardSets: Map<string, CardSet>;
  questionLists: Map<string, QuestionList>;
  research: Map<string, ResearchData>;
}

/** The programme a session gets when the facilitator does not choose one. */
export const DEFAULT_PROGRAMME_ID = 'tienminutengesprekken';

export const contentKey = (id: string, language: Language = 'nl') => `${language}/${id}`;
