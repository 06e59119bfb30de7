/**
 * The trainer's note of a content file: what a card set or programme says after its front matter
 * ("Na het blok mag een korte toelichting voor trainers", content/README.md), rendered like the rest.
 * The loader (loadContent.ts) keeps the front matter only; the library and the facilitator's guide
 * read the notes from here: for content/ from its files, for an own set from the uploaded source.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { contentKey } from './types.ts';
import { renderMarkdown } from './markdown.ts';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

/** The note after the front matter of `source`, as safe HTML ('' when there is none). */
export function noteOf(source: string): string {
  const match = FRONT_MATTER.exec(source);
  return match ? renderMarkdown(source.slice(match[0].length)) : '';
}

export interface FileNote {
  noteHtml: string;
  /** The file's `source` field (where the programme or set comes from), when it has one. */
  source: string | null;
}

/** Notes of content/'s card sets and programmes, each keyed by `contentKey(id, language)`. */
export interface TrainerNotes {
  cardSets: Map<string, FileNote>;
  programmes: Map<string, FileNote>;
}

function readDir(dir: string): Map<string, FileNote> {
  const notes = new Map<string, FileNote>();
  if (!existsSync(dir)) return notes;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.md') || name === 'README.md') continue;
    const source = readFileSync(join(dir, name), 'utf8');
    const match = FRONT_MATTER.exec(source);
    if (!match?.[1]) continue;
    let data: unknown;
    try {
      data = parse(match[1]);
    } catch {
      // The loader reports a file it cannot read; a note is not worth a second report.
      continue;
    }
    const fields = (data ?? {}) as { id?: unknown; source?: unknown };
    if (typeof fields.id !== 'string') continue;
    // The loader holds the language to the file's name: .en.md is English.
    const key = contentKey(fields.id, name.endsWith('.en.md') ? 'en' : 'nl');
    notes.set(key, { noteHtml: noteOf(source), source: typeof fields.source === 'string' ? fields.source : null });
  }
  return notes;
}

/** Reads the notes of content/ (`root`); a missing folder has none. */
export function readTrainerNotes(root: string | undefined): TrainerNotes {
  return root
    ? { cardSets: readDir(join(root, 'cardsets')), programmes: readDir(join(root, 'programmes')) }
    : { cardSets: new Map(), programmes: new Map() };
}
