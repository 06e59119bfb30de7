/**
 * What the library adds to a set or programme for trainers: the note after a file's front matter,
 * the observer's questions that go with a set, and a programme with what its phases name.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loadContent.ts';
import { noteOf, readTrainerNotes } from '../../server/content/trainerNotes.ts';
import type { CardSet, QuestionList } from '../../server/content/types.ts';
import { observerQuestionsFor, programmeDetail } from '../../server/libraryDetail.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { testProgramme } from '../fixtures/programme.ts';

const CONTENT = join(PROJECT_ROOT, 'content');

describe('the trainer’s note', () => {
  it('is the Markdown after the front matter, rendered and sanitised', () => {
    expect(noteOf('---\nid: x\n---\nEen **korte** uitleg.\n')).toBe('<p>Een <strong>korte</strong> uitleg.</p>');
    expect(noteOf('---\r\nid: x\r\n---\r\nMet CRLF.\r\n')).toBe('<p>Met CRLF.</p>');
    expect(noteOf('---\nid: x\n---\n<script>alert(1)</script>Tekst')).not.toContain('<script');
  });

  it('is empty for a file without one, or without front matter', () => {
    expect(noteOf('---\nid: x\n---\n')).toBe('');
    expect(noteOf('---\nid: x\n---')).toBe('');
    expect(noteOf('Geen blok.')).toBe('');
  });

  it('is read for every card set and programme of content/, keyed like the content', () => {
    const content = loadContent(CONTENT);
    const notes = readTrainerNotes(CONTENT);
    expect([...notes.cardSets.keys()].sort()).toEqual([...content.cardSets.keys()].sort());
    expect([...notes.programmes.keys()].sort()).toEqual([...content.programmes.keys()].sort());
    expect(notes.cardSets.get('nl/thuissituatie')?.noteHtml).toContain('31%');
    expect(notes.cardSets.get('en/thuissituatie')?.noteHtml).not.toBe('');
    expect(notes.programmes.get('nl/tienminutengesprekken')?.source).toContain('Brabant Noord-Oost');
  });

  it('no folder, or a file it cannot read, gives no note and no error', () => {
    expect(readTrainerNotes(undefined).cardSets.size).toBe(0);
    expect(readTrainerNotes('/nonexistent').programmes.size).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'driegesprek-notes-'));
    mkdirSync(join(dir, 'cardsets'));
    writeFileSync(join(dir, 'cardsets', 'kapot.md'), '---\nid: [\n---\nNotitie\n');
    writeFileSync(join(dir, 'cardsets', 'zonder-id.md'), '---\ntitle: x\n---\nNotitie\n');
    writeFileSync(join(dir, 'cardsets', 'goed.en.md'), '---\nid: goed\n---\nA note.\n');
    expect([...readTrainerNotes(dir).cardSets]).toEqual([['en/goed', { noteHtml: '<p>A note.</p>', source: null }]]);
  });
});

const list = (id: string, audience: QuestionList['audience'], language: 'nl' | 'en' = 'nl'): QuestionList => ({
  id,
  language,
  title: id,
  audience,
  questions: [{ id: 'q', text: 'Vraag?', hint: null }],
});
const set = (roles: CardSet['cards'][number]['role'][], id = 'set'): CardSet => ({
  id,
  language: 'nl',
  title: 'Set',
  theme: 'Thema',
  situationHtml: '<p>Situatie</p>',
  source: null,
  students: null,
  observers: null,
  cards: roles.map((role, index) => ({ id: `${role}-${index}`, role, title: role, wantsHtml: '<p>Wil</p>', keepsHtml: '', tipHtml: '' })),
});

describe('the observer’s questions of a set', () => {
  const lists = [list('algemeen', 'observer'), list('ander', 'observer'), list('mentor', 'mentor'), list('english', 'observer', 'en')];

  it('only for a set with an observer card', () => {
    expect(observerQuestionsFor(set(['mentor', 'parent']), lists)).toBeNull();
  });

  it('the observer list a programme plays with the set, else the first in its language', () => {
    const programme = structuredClone(testProgramme);
    programme.phases[1] = { ...programme.phases[1]!, kind: 'roleplay', cardsets: ['set'], questions: ['mentor', 'ander'] };
    const observed = set(['mentor', 'parent', 'observer']);
    expect(observerQuestionsFor(observed, lists, [programme])?.id).toBe('ander');
    expect(observerQuestionsFor(observed, lists)?.id).toBe('algemeen');
    expect(observerQuestionsFor({ ...observed, language: 'en' }, lists)?.id).toBe('english');
    expect(observerQuestionsFor(observed, [list('mentor', 'mentor')])).toBeNull();
  });
});

describe('a programme’s detail', () => {
  it('names each list and set once, in the order of the phases, with the notes it is given', () => {
    const programme = structuredClone(testProgramme);
    programme.phases[0]!.questions = ['b', 'a'];
    programme.phases[1]!.questions = ['a'];
    programme.phases[1]!.cardsets = ['s', 'missing'];
    const detail = programmeDetail(programme, {
      cardSet: (id) => (id === 's' ? set(['mentor', 'parent'], 's') : undefined),
      questionList: (id) => list(id, 'everyone'),
      research: () => undefined,
      cardSetNote: (found) => `<p>Over ${found.id}</p>`,
      programmeNote: { noteHtml: '<p>Over het programma</p>', source: 'Bron' },
    });
    expect(detail.questionLists.map((found) => found.id)).toEqual(['b', 'a']);
    expect(detail.cardSets).toEqual([
      { id: 's', title: 'Set', theme: 'Thema', situationHtml: '<p>Situatie</p>', noteHtml: '<p>Over s</p>', cards: [{ role: 'mentor', title: 'mentor' }, { role: 'parent', title: 'parent' }] },
    ]);
    expect(detail).toMatchObject({ noteHtml: '<p>Over het programma</p>', source: 'Bron', research: null, ownCardSet: null });
  });
});
