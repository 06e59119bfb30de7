/**
 * The one loader for content/: parses Markdown files with YAML front matter, validates them
 * and reports every problem at once with file, line and field.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as v from 'valibot';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { PHASE_KINDS } from '../protocol/views.ts';
import type { Programme } from '../session/programme.ts';
import { renderMarkdown } from './markdown.ts';

export interface ContentProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ContentError';
  }
}

export function formatProblem({ file, line, field, message }: ContentProblem): string {
  return `${file}:${line}: ${field}: ${message}`;
}

export interface Content {
  programmes: Map<string, Programme>;
}

const text = v.pipe(v.string('moet tekst zijn'), v.trim(), v.minLength(1, 'mag niet leeg zijn'));
const phaseSchema = v.strictObject(
  {
    kind: v.picklist(PHASE_KINDS, `moet een van deze zijn: ${PHASE_KINDS.join(', ')}`),
    title: text,
    minutes: v.pipe(
      v.number('moet een getal zijn'),
      v.minValue(1, 'moet een positief getal zijn'),
      v.maxValue(240, 'mag hoogstens 240 zijn'),
    ),
    notes: v.optional(v.string('moet tekst zijn'), ''),
    projector: v.optional(v.string('moet tekst zijn'), ''),
    phone: v.optional(v.string('moet tekst zijn'), ''),
  },
  (issue) => `onbekend veld ${String(issue.input === undefined ? issue.expected : issue.received)}`,
);
const programmeSchema = v.strictObject(
  {
    id: v.pipe(text, v.regex(/^[a-z0-9-]+$/, 'alleen kleine letters, cijfers en streepjes')),
    title: text,
    language: v.picklist(['nl', 'en'], 'moet nl of en zijn'),
    source: v.optional(v.string('moet tekst zijn')),
    phases: v.pipe(v.array(phaseSchema, 'moet een lijst met fasen zijn'), v.minLength(1, 'moet minstens één fase hebben')),
  },
  (issue) => `onbekend veld ${String(issue.received)}`,
);

interface FrontMatter {
  data: unknown;
  /** Line number (1-based) of a field path, for error messages. */
  lineOf(path: (string | number)[]): number;
  problems: ContentProblem[];
}

function readFrontMatter(file: string, source: string): FrontMatter {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source);
  if (!match || match[1] === undefined) {
    return {
      data: undefined,
      lineOf: () => 1,
      problems: [{ file, line: 1, field: '(front matter)', message: 'het bestand moet beginnen met een blok tussen --- regels' }],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(match[1], { lineCounter, uniqueKeys: true });
  // +1: the opening --- line comes before the YAML.
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + 1;
  const problems = doc.errors.map((error) => ({
    file,
    line: lineAt(error.pos[0]),
    field: '(yaml)',
    message: error.message.split('\n')[0] ?? error.message,
  }));
  const lineOf = (path: (string | number)[]) => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
    }
    return 2;
  };
  return { data: problems.length ? undefined : doc.toJS(), lineOf, problems };
}

function fieldPath(issue: v.BaseIssue<unknown>): (string | number)[] {
  return (issue.path ?? []).map((item) => item.key as string | number);
}

function loadProgramme(file: string, source: string): { programme?: Programme; problems: ContentProblem[] } {
  const front = readFrontMatter(file, source);
  if (front.problems.length) return { problems: front.problems };
  const parsed = v.safeParse(programmeSchema, front.data);
  if (!parsed.success) {
    return {
      problems: parsed.issues.map((issue) => {
        const path = fieldPath(issue);
        return { file, line: front.lineOf(path), field: path.join('.') || '(front matter)', message: issue.message };
      }),
    };
  }
  const { id, title, language, phases } = parsed.output;
  return {
    programme: {
      id,
      title,
      language,
      phases: phases.map((phase) => ({
        kind: phase.kind,
        title: phase.title,
        minutes: phase.minutes,
        notesHtml: renderMarkdown(phase.notes),
        projectorHtml: renderMarkdown(phase.projector),
        phoneHtml: renderMarkdown(phase.phone),
      })),
    },
    problems: [],
  };
}

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()
    .map((name) => join(dir, name));
}

/** Load and validate all of content/; throws a ContentError listing every problem. */
export function loadContent(root: string): Content {
  const problems: ContentProblem[] = [];
  const programmes = new Map<string, Programme>();
  for (const path of markdownFiles(join(root, 'programmes'))) {
    const file = relative(process.cwd(), path);
    const result = loadProgramme(file, readFileSync(path, 'utf8'));
    problems.push(...result.problems);
    if (!result.programme) continue;
    if (programmes.has(result.programme.id)) {
      problems.push({ file, line: 2, field: 'id', message: `id "${result.programme.id}" bestaat al` });
      continue;
    }
    programmes.set(result.programme.id, result.programme);
  }
  if (programmes.size === 0 && problems.length === 0) {
    problems.push({ file: join(relative(process.cwd(), root) || '.', 'programmes'), line: 1, field: '(map)', message: 'geen programma gevonden' });
  }
  if (problems.length) throw new ContentError(problems);
  return { programmes };
}
