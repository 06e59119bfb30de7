/**
 * The library's data for trainers and facilitators over HTTP: a set with its trainer's note and the
 * observer's questions, a programme with what its guide needs, a set checked without a session, and
 * a running session's own set and guide — those two only with the session's host token.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loadContent.ts';
import { noteOf } from '../../server/content/trainerNotes.ts';
import type { CreateSessionResponse } from '../../server/protocol/events.ts';
import type { CardSetCheckResponse, CardSetDetail, ProgrammeDetail } from '../../server/protocol/library.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession } from '../../scripts/lib/clients.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

const content = loadContent(join(PROJECT_ROOT, 'content'));
const live = useLiveServer({ content });

const OWN_SET = [
  '---',
  'id: te-laat',
  'title: Te laat',
  'language: nl',
  'theme: Een leerling die vaak te laat komt',
  'situation: Het is november.',
  'observers: waarnemer',
  'cards:',
  '  - id: mentor',
  '    role: mentor',
  '    title: De mentor',
  '    wants: Samen een plan maken.',
  '  - id: vader',
  '    role: parent',
  '    title: Een drukke vader',
  '    wants: Snel klaar zijn.',
  '    keeps: Hij werkt nachtdiensten.',
  '---',
  'Voor trainers: laat de vader **pas na drie vragen** iets vertellen.',
  '',
].join('\n');

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${live.server.url}${path}`, { headers });
const post = (path: string, body: unknown) =>
  fetch(`${live.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function sessionWithOwnSet(): Promise<CreateSessionResponse> {
  const response = await post('/api/sessions', { cardSet: { fileName: 'te-laat.md', source: OWN_SET } });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateSessionResponse;
}

describe('the library', () => {
  it('a card set comes with the note after its front matter and, with an observer card, the observer’s questions', async () => {
    const response = await get('/api/library/cardsets/nl/thuissituatie');
    expect(response.status).toBe(200);
    const set = (await response.json()) as CardSetDetail;
    expect(set.cards).toEqual(content.cardSets.get('nl/thuissituatie')?.cards);
    expect(set.noteHtml).toMatch(/^<p>.+<\/p>$/s);
    expect(set.noteHtml).toContain('31%');
    expect(set.observerQuestions?.id).toBe('waarnemer');
    expect(set.observerQuestions?.audience).toBe('observer');

    const english = (await (await get('/api/library/cardsets/en/thuissituatie')).json()) as CardSetDetail;
    expect(english.observerQuestions?.language).toBe('en');
    expect(english.noteHtml).not.toBe('');
  });

  it('a set without an observer card has no observer’s questions', async () => {
    const set = (await (await get('/api/library/cardsets/nl/leerlingen')).json()) as CardSetDetail;
    expect(set.cards.some((card) => card.role === 'observer')).toBe(false);
    expect(set.observerQuestions).toBeNull();
  });

  it('a programme comes with its note, its source and, per set it names, who is in it', async () => {
    const detail = (await (await get('/api/library/programmes/nl/tienminutengesprekken')).json()) as ProgrammeDetail;
    expect(detail.programme.id).toBe('tienminutengesprekken');
    expect(detail.noteHtml).toContain('intervisiebijeenkomst');
    expect(detail.source).toContain('Brabant Noord-Oost');
    expect(detail.research?.id).toBe('onderzoek-aos');
    expect(detail.ownCardSet).toBeNull();
    const named = new Set(detail.programme.phases.flatMap((phase) => phase.questions));
    expect(detail.questionLists.map((list) => list.id).sort()).toEqual([...named].sort());
    const set = detail.cardSets.find((candidate) => candidate.id === 'thuissituatie');
    expect(set?.noteHtml).not.toBe('');
    expect(set?.cards).toEqual(content.cardSets.get('nl/thuissituatie')?.cards.map(({ role, title }) => ({ role, title })));
    // The guide says who is in a set, never what a card keeps to itself.
    expect(JSON.stringify(set)).not.toContain('keepsHtml');
  });

  it('checks a set without a session: the parsed set with its note, or the problems with their line', async () => {
    const good = (await (await post('/api/cardsets/check', { fileName: 'te-laat.md', source: OWN_SET })).json()) as CardSetCheckResponse;
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    expect(good.cardSet.title).toBe('Te laat');
    expect(good.cardSet.noteHtml).toBe('<p>Voor trainers: laat de vader <strong>pas na drie vragen</strong> iets vertellen.</p>');
    expect(good.cardSet.observerQuestions?.id).toBe('waarnemer');
    expect(live.server.rooms.size).toBe(0);

    const broken = OWN_SET.replace('    wants: Snel klaar zijn.\n', '');
    const bad = (await (await post('/api/cardsets/check', { fileName: 'te-laat.md', source: broken })).json()) as CardSetCheckResponse;
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toContainEqual(expect.objectContaining({ file: 'te-laat.md', line: 13, field: 'cards.1.wants' }));
  });
});

describe('a session’s own set and guide, for its facilitator only', () => {
  it('the own set as the session has it, with its note: only with the host token', async () => {
    const { code, hostToken } = await sessionWithOwnSet();
    const other = await createSession(live.server.url);
    const path = `/api/sessions/${code}/cardset.json`;
    expect((await get(path)).status).toBe(404);
    expect((await get(path, { 'x-host-token': 'x' })).status).toBe(404);
    expect((await get(path, { 'x-host-token': other.hostToken })).status).toBe(404);
    const refused = await get(path, { 'x-host-token': other.hostToken });
    expect(await refused.json()).toEqual({ error: 'unknown_session' });

    const response = await get(path, { 'x-host-token': hostToken });
    expect(response.status).toBe(200);
    const set = (await response.json()) as CardSetDetail;
    const room = live.server.rooms.get(code);
    const own = room?.snapshot.context.ownCardSet;
    expect(own).toBeTruthy();
    const { noteHtml, observerQuestions, ...asTheSessionHasIt } = set;
    expect(asTheSessionHasIt).toEqual(own?.cardSet);
    // The observer card of the set it names came along, and its questions with it.
    expect(set.cards.map((card) => card.role)).toEqual(['mentor', 'parent', 'observer']);
    expect(noteHtml).toBe(noteOf(OWN_SET));
    expect(observerQuestions?.id).toBe('waarnemer');
  });

  it('a session without an own set says so', async () => {
    const { code, hostToken } = await createSession(live.server.url);
    const response = await get(`/api/sessions/${code}/cardset.json`, { 'x-host-token': hostToken });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found' });
  });

  it('the guide of the session’s programme, with its own set: only with the host token', async () => {
    const { code, hostToken } = await sessionWithOwnSet();
    const path = `/api/sessions/${code}/guide`;
    expect((await get(path)).status).toBe(404);
    expect((await get(path, { 'x-host-token': 'x' })).status).toBe(404);

    const guide = (await (await get(path, { 'x-host-token': hostToken })).json()) as ProgrammeDetail;
    const library = (await (await get('/api/library/programmes/nl/tienminutengesprekken')).json()) as ProgrammeDetail;
    expect(guide).toEqual({
      ...library,
      ownCardSet: {
        id: 'te-laat',
        title: 'Te laat',
        theme: 'Een leerling die vaak te laat komt',
        situationHtml: '<p>Het is november.</p>',
        noteHtml: noteOf(OWN_SET),
        cards: [
          { role: 'mentor', title: 'De mentor' },
          { role: 'parent', title: 'Een drukke vader' },
          { role: 'observer', title: content.cardSets.get('nl/waarnemer')?.cards[0]?.title },
        ],
      },
    });
  });
});
