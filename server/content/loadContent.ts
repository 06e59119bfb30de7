/**
 * The one loader for content/: parses Markdown files with YAML front matter, validates them,
 * checks the references between them, renders their Markdown to safe HTML, and reports every
 * problem at once with file, line and field.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as v from 'valibot';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Language, Programme } from '../session/programme/programme.ts';
import { renderMarkdown } from './markdown.ts';
import { cardSetSchema, programmeSchema, questionListSchema, reportSchema, researchSchema } from './schemas.ts';
import { contentKey, type CardSet, type Content, type LookBack, type QuestionList, type ResearchData } from './types.ts';

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

type Path = (string | number)[];

/** One parsed file: its data and a way to point at the line of any field in it. */
interface Parsed<T> {
  file: string;
  data: T;
  lineOf(path: Path): number;
}

/** Collects problems for one file, each pointing at a field. */
function reporter(problems: ContentProblem[], file: string, lineOf: (path: Path) => number) {
  return (path: Path, message: string) => problems.push({ file, line: lineOf(path), field: path.join('.') || '(bestand)', message });
}

function parseFile<S extends v.GenericSchema>(file: string, source: string, schema: S, problems: ContentProblem[]): Parsed<v.InferOutput<S>> | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source);
  if (!match || match[1] === undefined) {
    problems.push({ file, line: 1, field: '(bestand)', message: 'het bestand moet beginnen met een blok tussen twee regels ---' });
    return null;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(match[1], { lineCounter, uniqueKeys: true });
  // +1: the opening --- line comes before the YAML.
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + 1;
  const lineOf = (path: Path) => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
    }
    return 2;
  };
  if (doc.errors.length) {
    for (const error of doc.errors) {
      problems.push({ file, line: lineAt(error.pos[0]), field: '(yaml)', message: error.message.split('\n')[0] ?? error.message });
    }
    return null;
  }
  const parsed = v.safeParse(schema, doc.toJS());
  if (!parsed.success) {
    const report = reporter(problems, file, lineOf);
    for (const issue of parsed.issues) {
      const path = (issue.path ?? []).map((item) => item.key as string | number);
      report(path, issue.input === undefined && issue.kind === 'schema' ? 'ontbreekt' : issue.message);
    }
    return null;
  }
  return { file, data: parsed.output, lineOf };
}

/** Reports each id that occurs twice in `items`, at the later occurrence. */
function checkUnique(items: { id: string }[], path: (index: number) => Path, report: (path: Path, message: string) => void, what: string) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) report([...path(index), 'id'], `${what} "${item.id}" komt twee keer voor`);
    seen.add(item.id);
  });
}

const render = (markdown: string | undefined) => renderMarkdown(markdown ?? '');

function buildProgramme({ data }: Parsed<v.InferOutput<typeof programmeSchema>>): Programme {
  return {
    id: data.id,
    title: data.title,
    language: data.language,
    phases: data.phases.map((phase) => ({
      kind: phase.kind,
      title: phase.title,
      minutes: phase.minutes,
      notesHtml: render(phase.notes),
      projectorHtml: render(phase.projector),
      phoneHtml: render(phase.phone),
      questions: phase.questions,
      cardsets: phase.cardsets,
      research: phase.research ?? null,
      quickscan: phase.quickscan,
      video: phase.video ?? null,
    })),
  };
}

function buildCardSet(parsed: Parsed<v.InferOutput<typeof cardSetSchema>>, report: (path: Path, message: string) => void): CardSet {
  const { data } = parsed;
  checkUnique(data.cards, (index) => ['cards', index], report, 'kaart');
  const count = (role: string) => data.cards.filter((card) => card.role === role).length;
  const [mentors, parents] = [count('mentor'), count('parent')];
  // A set of only student or observer cards joins other sets; a playable set needs both sides.
  if (mentors + parents > 0) {
    if (mentors !== 1) report(['cards'], `een kaartenset heeft precies één mentorkaart (nu ${mentors})`);
    if (parents === 0) report(['cards'], 'een kaartenset met een mentorkaart heeft minstens één ouderkaart');
  }
  return {
    id: data.id,
    language: data.language,
    title: data.title,
    theme: data.theme,
    situationHtml: render(data.situation),
    source: data.source ?? null,
    students: data.students ?? null,
    observers: data.observers ?? null,
    cards: data.cards.map((card) => ({
      id: card.id,
      role: card.role,
      title: card.title,
      wantsHtml: render(card.wants),
      keepsHtml: render(card.keeps),
      tipHtml: render(card.tip),
    })),
  };
}

function buildQuestionList({ data }: Parsed<v.InferOutput<typeof questionListSchema>>, report: (path: Path, message: string) => void): QuestionList {
  checkUnique(data.questions, (index) => ['questions', index], report, 'vraag');
  return { ...data, questions: data.questions.map((question) => ({ ...question, hint: question.hint ?? null })) };
}

function buildResearch({ data }: Parsed<v.InferOutput<typeof researchSchema>>, report: (path: Path, message: string) => void): ResearchData {
  checkUnique(data.statements, (index) => ['statements', index], report, 'stelling');
  const figures = (f: { experience?: number; importance?: number } | undefined) => ({
    experience: f?.experience ?? null,
    importance: f?.importance ?? null,
  });
  return {
    ...data,
    statements: data.statements.map((statement) => ({
      ...statement,
      figures: { mentors: figures(statement.figures.mentors), parents: figures(statement.figures.parents) },
    })),
  };
}

/** Adds the student and observer cards of the sets named in `students` and `observers`. */
function joinSharedCards(set: CardSet, sets: Map<string, CardSet>, report: (path: Path, message: string) => void): void {
  const shared = [
    ['students', set.students, 'student', 'leerlingkaarten'],
    ['observers', set.observers, 'observer', 'waarnemerskaart'],
  ] as const;
  for (const [field, name, role, what] of shared) {
    if (!name) continue;
    const cards = sets.get(contentKey(name, set.language))?.cards.filter((card) => card.role === role) ?? [];
    if (!cards.length) report([field], `er is geen kaartenset "${name}" (${set.language}) met ${what}`);
    for (const card of cards) {
      if (set.cards.some((own) => own.id === card.id)) report([field], `kaart "${card.id}" bestaat al in deze set`);
      else set.cards.push(card);
    }
  }
}

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()
    .map((name) => join(dir, name));
}

/** The language a file's name promises: `.en.md` is English, anything else Dutch. */
const languageOfName = (path: string): Language => (path.endsWith('.en.md') ? 'en' : 'nl');

interface Kind<S extends v.GenericSchema, T extends { id: string; language: Language }> {
  dir: string;
  schema: S;
  build: (parsed: Parsed<v.InferOutput<S>>, report: (path: Path, message: string) => void) => T;
  into: (content: Content) => Map<string, T>;
}

const kind = <S extends v.GenericSchema, T extends { id: string; language: Language }>(k: Kind<S, T>) => k;
const KINDS = [
  kind({ dir: 'programmes', schema: programmeSchema, build: buildProgramme, into: (c) => c.programmes }),
  kind({ dir: 'cardsets', schema: cardSetSchema, build: buildCardSet, into: (c) => c.cardSets }),
  kind({ dir: 'questions', schema: questionListSchema, build: buildQuestionList, into: (c) => c.questionLists }),
  kind({ dir: 'research', schema: researchSchema, build: buildResearch, into: (c) => c.research }),
];

/** Validates all of content/ and returns it with the list of problems (empty when all is well). */
export function checkContent(root: string): { content: Content; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const content: Content = { programmes: new Map(), cardSets: new Map(), questionLists: new Map(), research: new Map() };
  const lines = new Map<object, Parsed<unknown>>();

  for (const { dir, schema, build, into } of KINDS) {
    for (const path of markdownFiles(join(root, dir))) {
      const file = relative(process.cwd(), path) || path;
      const parsed = parseFile(file, readFileSync(path, 'utf8'), schema, problems);
      if (!parsed) continue;
      const report = reporter(problems, file, parsed.lineOf);
      const item = build(parsed as never, report);
      if (item.language !== languageOfName(path)) {
        report(['language'], `"${item.language}" past niet bij de bestandsnaam: Engelse bestanden eindigen op .en.md, Nederlandse niet`);
      }
      const key = contentKey(item.id, item.language);
      const map = into(content) as Map<string, typeof item>;
      if (map.has(key)) report(['id'], `id "${item.id}" (${item.language}) bestaat al in ${dir}/`);
      else map.set(key, item);
      lines.set(item, parsed);
    }
  }

  // References between files, now that everything is read.
  const reportFor = (item: object) => {
    const parsed = lines.get(item);
    return parsed ? reporter(problems, parsed.file, parsed.lineOf) : () => {};
  };
  // Shared cards come from sets that have none of their own to share: no order to worry about.
  for (const set of content.cardSets.values()) joinSharedCards(set, content.cardSets, reportFor(set));
  for (const programme of content.programmes.values()) {
    const report = reportFor(programme);
    programme.phases.forEach((phase, index) => {
      const missing = (field: string, position: number | null, id: string, what: string) =>
        report(['phases', index, field, ...(position === null ? [] : [position])], `er is geen ${what} "${id}" (${programme.language})`);
      phase.questions.forEach((id, j) => content.questionLists.has(contentKey(id, programme.language)) || missing('questions', j, id, 'vragenlijst'));
      phase.cardsets.forEach((id, j) => content.cardSets.has(contentKey(id, programme.language)) || missing('cardsets', j, id, 'kaartenset'));
      if (phase.research && !content.research.has(contentKey(phase.research, programme.language))) missing('research', null, phase.research, 'onderzoek');
      if (phase.quickscan && !phase.research) report(['phases', index, 'quickscan'], 'een quickscan heeft onderzoekscijfers nodig: vul ook research in');
      if (phase.video && !phase.video.startsWith('https://') && !existsSync(join(root, 'media', phase.video))) {
        report(['phases', index, 'video'], `het bestand media/${phase.video} bestaat niet`);
      }
    });
  }
  if (content.programmes.size === 0 && problems.length === 0) {
    problems.push({ file: join(relative(process.cwd(), root) || '.', 'programmes'), line: 1, field: '(map)', message: 'geen programma gevonden' });
  }
  return { content, problems };
}

/** Load and validate all of content/; throws a ContentError listing every problem. */
export function loadContent(root: string): Content {
  const { content, problems } = checkContent(root);
  if (problems.length) throw new ContentError(problems);
  return content;
}

/** A card set a facilitator brings for one session: the same checks as content/, against it. */
export function parseCardSet(file: string, source: string, content: Content): { cardSet: CardSet } | { problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const parsed = parseFile(file, source, cardSetSchema, problems);
  if (!parsed) return { problems };
  const report = reporter(problems, file, parsed.lineOf);
  const cardSet = buildCardSet(parsed, report);
  joinSharedCards(cardSet, content.cardSets, report);
  if (!cardSet.cards.some((card) => card.role === 'mentor')) report(['cards'], 'een eigen kaartenset heeft een mentorkaart nodig');
  return problems.length ? { problems } : { cardSet };
}

/** A previous session's report (the file Driegesprek made): its action points, for the follow-up meeting. */
export function parseReport(file: string, source: string): { lookBack: LookBack } | { problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const parsed = parseFile(file, source, reportSchema, problems);
  // Another Markdown file (a card set, a programme) would otherwise get a list of missing fields.
  const notAReport = problems.find((problem) => problem.field === 'report');
  if (notAReport) return { problems: [{ ...notAReport, message: 'dit is geen verslag van Driegesprek' }] };
  if (!parsed) return { problems };
  const { date, programme, team, personal } = parsed.data;
  return { lookBack: { date, programme, team, personal } };
}
