/** HTTP routes for trainers: the library of programmes and card sets, and checking an own set. */
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { parseCardSet } from './content/loadContent.ts';
import { noteOf, type TrainerNotes } from './content/trainerNotes.ts';
import { CARD_ROLES, contentKey, DEFAULT_PROGRAMME_ID, type CardSet, type Content } from './content/types.ts';
import { cardSetDetail, observerQuestionsFor, programmeDetail } from './libraryDetail.ts';
import type { ProgrammeSummary } from './protocol/events.ts';
import type { CardSetCheckResponse, CardSetDetail, LibraryIndex, ProgrammeDetail } from './protocol/library.ts';
import type { Programme } from './session/programme/programme.ts';
import { cardSetUploadSchema, tooLarge } from './protocol/schemas.ts';

const languageSchema = v.picklist(['nl', 'en']);

/** A set of content/ as the library shows it: with its note and the observer's questions. */
export function libraryCardSet(set: CardSet, content: Content, notes: TrainerNotes): CardSetDetail {
  const note = notes.cardSets.get(contentKey(set.id, set.language))?.noteHtml ?? '';
  return cardSetDetail(set, note, observerQuestionsFor(set, [...content.questionLists.values()], content.programmes.values()));
}

/** A programme of content/ with what its phases name, for its library page and its guide. */
export function libraryProgramme(programme: Programme, content: Content, notes: TrainerNotes): ProgrammeDetail {
  const key = (id: string) => contentKey(id, programme.language);
  return programmeDetail(programme, {
    cardSet: (id) => content.cardSets.get(key(id)),
    questionList: (id) => content.questionLists.get(key(id)),
    research: (id) => content.research.get(key(id)),
    cardSetNote: (set) => notes.cardSets.get(contentKey(set.id, set.language))?.noteHtml ?? '',
    programmeNote: notes.programmes.get(key(programme.id)),
  });
}

/**
 * The programmes on offer, the default one first (the home page preselects the first in the
 * visitor's language, and that stays the session people got before there was a choice), then by id.
 */
export function programmeSummaries(content: Content): ProgrammeSummary[] {
  const rank = (programme: Programme) => (programme.id === DEFAULT_PROGRAMME_ID ? '' : programme.id);
  return [...content.programmes.values()]
    .sort((a, b) => rank(a).localeCompare(rank(b)))
    .map((programme) => ({
      id: programme.id,
      language: programme.language,
      title: programme.title,
      summary: programme.summary ?? '',
      phaseCount: programme.phases.length,
      minutes: programme.phases.reduce((sum, phase) => sum + phase.minutes, 0),
    }));
}

/** `notes`: the trainer's notes of content/, read the first time a page asks. */
export function registerLibraryRoutes(app: FastifyInstance, content: Content, notes: () => TrainerNotes): void {
  app.get('/api/library', async (): Promise<LibraryIndex> => ({
    programmes: programmeSummaries(content),
    cardSets: [...content.cardSets.values()].map((set) => ({
      id: set.id,
      language: set.language,
      title: set.title,
      theme: set.theme,
      roles: Object.fromEntries(CARD_ROLES.map((role) => [role, set.cards.filter((card) => card.role === role).length])) as LibraryIndex['cardSets'][number]['roles'],
    })),
  }));

  app.get<{ Params: { language: string; id: string } }>('/api/library/cardsets/:language/:id', async (request, reply) => {
    const language = v.safeParse(languageSchema, request.params.language);
    const set = language.success ? content.cardSets.get(contentKey(request.params.id, language.output)) : undefined;
    return set ? libraryCardSet(set, content, notes()) : reply.code(404).send({ error: 'not_found' });
  });

  app.get<{ Params: { language: string; id: string } }>('/api/library/programmes/:language/:id', async (request, reply) => {
    const language = v.safeParse(languageSchema, request.params.language);
    if (!language.success) return reply.code(404).send({ error: 'not_found' });
    const programme = content.programmes.get(contentKey(request.params.id, language.output));
    if (!programme) return reply.code(404).send({ error: 'not_found' });
    return libraryProgramme(programme, content, notes());
  });

  /** A facilitator's own card set, checked the same way as content/, before a session uses it. */
  app.post('/api/cardsets/check', async (request, reply): Promise<CardSetCheckResponse> => {
    const body = v.safeParse(cardSetUploadSchema, request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid_payload' });
    if (tooLarge(body.output)) return reply.code(413).send({ error: 'file_too_large' });
    const result = parseCardSet(body.output.fileName, body.output.source, content);
    if ('problems' in result) return { ok: false, problems: result.problems };
    const { cardSet } = result;
    return { ok: true, cardSet: cardSetDetail(cardSet, noteOf(body.output.source), observerQuestionsFor(cardSet, [...content.questionLists.values()])), warnings: result.warnings };
  });
}
