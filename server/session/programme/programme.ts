import type { PhaseKind } from '../../protocol/views.ts';

/** A phase as the machine keeps it: content already rendered to sanitised HTML. */
export interface Phase {
  kind: PhaseKind;
  title: string;
  minutes: number;
  notesHtml: string;
  projectorHtml: string;
  phoneHtml: string;
  /** ids of the question lists, card sets and research data this phase uses (same language). */
  questions: string[];
  cardsets: string[];
  research: string | null;
  /** The team answers the research's statements on their phones before the presentation. */
  quickscan: boolean;
  /** A video the projector can play instead of the built-in presentation: a file in content/media/ or an https URL. */
  video: string | null;
  /** A statements phase's statements, one on screen at a time; empty in every other kind. */
  statements: { text: string; notesHtml: string }[];
  /**
   * A dialogue or plenary phase: show the groups this many statements of the nearest earlier
   * statements phase, those the room agreed with most (see statements/queries.ts mostAgreed).
   * Absent in other phases and in sessions stored before the field existed.
   */
  topStatements?: number;
}

export interface Programme {
  id: string;
  title: string;
  language: Language;
  /** One sentence for the home page and the library (sessions stored before it existed have none). */
  summary?: string;
  phases: Phase[];
}

export type Language = 'nl' | 'en';

/** A phase's time: see ./clock.ts. */
export interface PhaseClock {
  /** Time spent in this phase while running, not counting the current stretch. */
  usedMs: number;
  /** Minutes the facilitator added, in ms. */
  extraMs: number;
}
