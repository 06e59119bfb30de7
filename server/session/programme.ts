import type { PhaseKind } from '../protocol/views.ts';

/** A phase as the machine keeps it: content already rendered to sanitised HTML. */
export interface Phase {
  kind: PhaseKind;
  title: string;
  minutes: number;
  notesHtml: string;
  projectorHtml: string;
  phoneHtml: string;
}

export interface Programme {
  id: string;
  title: string;
  language: string;
  phases: Phase[];
}
