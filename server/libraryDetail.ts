/**
 * What the library's pages and the facilitator's guide show of a card set or a programme: the
 * content plus the trainer's notes and the observer's questions. Pure: the library routes give it
 * content/, a session's routes give it what the session copied in.
 */
import type { FileNote } from './content/trainerNotes.ts';
import type { CardSet, QuestionList, ResearchData } from './content/types.ts';
import type { CardSetDetail, GuideCardSet, ProgrammeDetail } from './protocol/library.ts';
import type { Programme } from './session/programme/programme.ts';

/** The general observer's questions (those of the shared observer card); a programme may name its own. */
const GENERAL_OBSERVER_LIST_ID = 'waarnemer';

/**
 * The observer's questions for `set`: the observer list a programme plays with it (its role-play
 * phase names both), else the general list, else the first observer list in its language (a set in no
 * programme, such as a trainer's own, would otherwise get whichever programme's list sorts first).
 * `lists` in order of preference.
 */
export function observerQuestionsFor(set: CardSet, lists: QuestionList[], programmes: Iterable<Programme> = []): QuestionList | null {
  if (!set.cards.some((card) => card.role === 'observer')) return null;
  const observerLists = lists.filter((list) => list.audience === 'observer' && list.language === set.language);
  for (const programme of programmes) {
    if (programme.language !== set.language) continue;
    for (const phase of programme.phases) {
      if (!phase.cardsets.includes(set.id)) continue;
      const named = observerLists.find((list) => phase.questions.includes(list.id));
      if (named) return named;
    }
  }
  return observerLists.find((list) => list.id === GENERAL_OBSERVER_LIST_ID) ?? observerLists[0] ?? null;
}

export function cardSetDetail(set: CardSet, noteHtml: string, observerQuestions: QuestionList | null): CardSetDetail {
  return { ...set, noteHtml, observerQuestions };
}

export function guideCardSet(set: CardSet, noteHtml: string): GuideCardSet {
  return {
    id: set.id,
    title: set.title,
    theme: set.theme,
    situationHtml: set.situationHtml,
    noteHtml,
    cards: set.cards.map(({ role, title }) => ({ role, title })),
  };
}

export interface ProgrammeSources {
  /** The sets, lists and research the programme names, by id (all in the programme's language). */
  cardSet: (id: string) => CardSet | undefined;
  questionList: (id: string) => QuestionList | undefined;
  research: (id: string) => ResearchData | undefined;
  cardSetNote: (set: CardSet) => string;
  programmeNote: FileNote | undefined;
  ownCardSet?: GuideCardSet | null;
}

/** Each id once, in the order the phases name them, found or left out. */
const named = <T>(ids: string[], find: (id: string) => T | undefined): T[] => [...new Set(ids)].flatMap((id) => find(id) ?? []);

export function programmeDetail(programme: Programme, sources: ProgrammeSources): ProgrammeDetail {
  const researchId = programme.phases.find((phase) => phase.research)?.research;
  return {
    programme,
    noteHtml: sources.programmeNote?.noteHtml ?? '',
    source: sources.programmeNote?.source ?? null,
    questionLists: named(programme.phases.flatMap((phase) => phase.questions), sources.questionList),
    cardSets: named(programme.phases.flatMap((phase) => phase.cardsets), sources.cardSet).map((set) => guideCardSet(set, sources.cardSetNote(set))),
    ownCardSet: sources.ownCardSet ?? null,
    research: (researchId && sources.research(researchId)) || null,
  };
}
