/** HTTP routes for trainers: the library of programmes and card sets, and checking an own set. */
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { parseCardSet } from './content/loadContent.ts';
import { CARD_ROLES, contentKey, type Content } from './content/types.ts';
import type { CardSetCheckResponse, LibraryIndex, ProgrammeDetail } from './protocol/library.ts';
import { cardSetUploadSchema, tooLarge } from './protocol/schemas.ts';

const languageSchema = v.picklist(['nl', 'en']);

export function registerLibraryRoutes(app: FastifyInstance, content: Content): void {
  app.get('/api/library', async (): Promise<LibraryIndex> => ({
    programmes: [...content.programmes.values()].map((programme) => ({
      id: programme.id,
      language: programme.language,
      title: programme.title,
      phaseCount: programme.phases.length,
      minutes: programme.phases.reduce((sum, phase) => sum + phase.minutes, 0),
    })),
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
    return set ?? reply.code(404).send({ error: 'not_found' });
  });

  app.get<{ Params: { language: string; id: string } }>('/api/library/programmes/:language/:id', async (request, reply) => {
    const language = v.safeParse(languageSchema, request.params.language);
    if (!language.success) return reply.code(404).send({ error: 'not_found' });
    const programme = content.programmes.get(contentKey(request.params.id, language.output));
    if (!programme) return reply.code(404).send({ error: 'not_found' });
    const key = (id: string) => contentKey(id, programme.language);
    const unique = <T>(items: (T | undefined)[]) => [...new Set(items)].filter((item): item is T => item !== undefined);
    const detail: ProgrammeDetail = {
      programme,
      questionLists: unique(programme.phases.flatMap((phase) => phase.questions.map((id) => content.questionLists.get(key(id))))),
      cardSets: unique(programme.phases.flatMap((phase) => phase.cardsets.map((id) => content.cardSets.get(key(id))))).map(({ id, title }) => ({ id, title })),
      research: content.research.get(key(programme.phases.find((phase) => phase.research)?.research ?? '')) ?? null,
    };
    return detail;
  });

  /** A facilitator's own card set, checked the same way as content/, before a session uses it. */
  app.post('/api/cardsets/check', async (request, reply): Promise<CardSetCheckResponse> => {
    const body = v.safeParse(cardSetUploadSchema, request.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid_payload' });
    if (tooLarge(body.output)) return reply.code(413).send({ error: 'file_too_large' });
    const result = parseCardSet(body.output.fileName, body.output.source, content);
    return 'problems' in result ? { ok: false, problems: result.problems } : { ok: true, cardSet: result.cardSet, warnings: result.warnings };
  });
}
