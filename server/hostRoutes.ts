/**
 * HTTP routes for the facilitator of one session, each with the session's host token in the
 * x-host-token header (a header: it never lands in a log or a browser's history): the report, the
 * session's own card set, and the facilitator's guide as the session runs it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { noteOf, type TrainerNotes } from './content/trainerNotes.ts';
import type { Content } from './content/types.ts';
import { cardSetDetail, guideCardSet, observerQuestionsFor, programmeDetail } from './libraryDetail.ts';
import { libraryProgramme } from './libraryRoutes.ts';
import type { CardSetDetail, ProgrammeDetail } from './protocol/library.ts';
import { codeSchema } from './protocol/schemas.ts';
import type { SessionReport } from './protocol/views.ts';
import type { Room, Rooms } from './rooms.ts';
import { toReport } from './session/report/report.ts';
import { hashToken } from './tokens.ts';

export interface HostRoutesDeps {
  rooms: Rooms;
  content: Content;
  notes: () => TrainerNotes;
  now: () => number;
}

export function registerHostRoutes(app: FastifyInstance, { rooms, content, notes, now }: HostRoutesDeps): void {
  /** `path` for the facilitator of the session in its :code only; anyone else is told there is no such session. */
  function forHost<T>(path: string, answer: (room: Room, reply: FastifyReply) => T) {
    app.get<{ Params: { code: string } }>(path, async (request, reply) => {
      const code = v.safeParse(codeSchema, request.params.code);
      const room = code.success ? rooms.get(code.output) : undefined;
      const token = request.headers['x-host-token'];
      if (!room || typeof token !== 'string' || !room.isHost(hashToken(token))) return reply.code(404).send({ error: 'unknown_session' });
      return answer(room, reply);
    });
  }

  /** The session report as data. */
  forHost('/api/sessions/:code/report', (room): SessionReport => toReport(room.snapshot.context, now()));

  /** The session's own card set again, as the file it came from. */
  forHost('/api/sessions/:code/cardset', (room, reply) => {
    const own = room.snapshot.context.ownCardSet;
    if (!own) return reply.code(404).send({ error: 'not_found' });
    const fileName = own.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(own.source);
  });

  /** The session's own card set as the library shows and prints it, the way the session has it. */
  forHost('/api/sessions/:code/cardset.json', (room, reply): CardSetDetail | FastifyReply => {
    const { ownCardSet, library } = room.snapshot.context;
    if (!ownCardSet) return reply.code(404).send({ error: 'not_found' });
    const { cardSet, source } = ownCardSet;
    return cardSetDetail(cardSet, noteOf(source), observerQuestionsFor(cardSet, [...library.questionLists, ...content.questionLists.values()]));
  });

  /** The facilitator's guide of the session's programme, as the session runs it, with its own card set. */
  forHost('/api/sessions/:code/guide', (room): ProgrammeDetail => {
    const { programme, library, ownCardSet } = room.snapshot.context;
    const fromContent = libraryProgramme(programme, content, notes());
    const named = <T extends { id: string }>(items: T[]) => (id: string) => items.find((item) => item.id === id);
    return programmeDetail(programme, {
      cardSet: named(library.cardSets),
      questionList: named(library.questionLists),
      research: named(library.research),
      cardSetNote: (set) => fromContent.cardSets.find((known) => known.id === set.id)?.noteHtml ?? '',
      programmeNote: { noteHtml: fromContent.noteHtml, source: fromContent.source },
      ownCardSet: ownCardSet && guideCardSet(ownCardSet.cardSet, noteOf(ownCardSet.source)),
    });
  });
}
