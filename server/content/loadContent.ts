/**
 * The one loader for content/: parses Markdown files with YAML front matter, validates them,
 * checks the references between them, renders their Markdown to safe HTML, and reports every
 * problem at once with file, line and field. The server's start, `npm run content:check` and the
 * home page's check of an own card set or report all read a file through `parseFile`, so they
 * agree on every file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import * as v from 'valibot';
import { isAlias, isNode, isScalar, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import type { Language, Programme } from '../session/programme/programme.ts';
import { renderMarkdownChecked } from './markdown.ts';
import { cardSetSchema, programmeSchema, questionListSchema, reportSchema, researchSchema } from './schemas.ts';
import { contentKey, type CardSet, type Content, type LookBack, type QuestionList, type ResearchData } from './types.ts';

export interface ContentProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  /** An error stops the file; a warning says what is left out while the file still works. */
  severity: 'error' | 'warning';
}

export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ContentError';
  }
}

export function formatProblem({ file, line, field, message, severity }: ContentProblem): string {
  return `${file}:${line}: ${field}: ${severity === 'warning' ? 'waarschuwing: ' : ''}${message}`;
}

export const errorsIn = (problems: ContentProblem[]) => problems.filter((problem) => problem.severity === 'error');
export const warningsIn = (problems: ContentProblem[]) => problems.filter((problem) => problem.severity === 'warning');

type Path = (string | number)[];

/** One parsed file: its data and a way to point at the line of any field in it. */
interface Parsed<T> {
  file: string;
  data: T;
  lineOf(path: Path): number;
  /** The line of `snippet` inside the field at `path` (its first line), else the field's own line. */
  lineOfText(path: Path, snippet: string): number;
  /** What follows the front matter: the trainer's note, which the library shows; `line` is its first line in the file. */
  note: { text: string; line: number };
}

/** Reports problems of one file, each pointing at a field, and renders its Markdown fields, warning about what is left out. */
interface Checker {
  report(path: Path, message: string): void;
  render(path: Path, markdown: string | undefined): string;
}

/**
 * Warns about what the library leaves out of the trainer's note after the front matter of a card set
 * or programme (server/content/trainerNotes.ts renders it), at its line.
 */
function checkNote(problems: ContentProblem[], { file, note }: Parsed<unknown>): void {
  for (const { message, snippet } of renderMarkdownChecked(note.text).dropped) {
    const at = note.text.indexOf(snippet.split('\n')[0]!);
    const line = note.line + (at === -1 ? 0 : lineAtOffset(note.text, at) - 1);
    problems.push({ file, line, field: '(toelichting)', message, severity: 'warning' });
  }
}

function checker(problems: ContentProblem[], parsed: Pick<Parsed<unknown>, 'file' | 'lineOf' | 'lineOfText'>): Checker {
  const { file } = parsed;
  const field = (path: Path) => path.join('.') || '(bestand)';
  return {
    report: (path, message) => problems.push({ file, line: parsed.lineOf(path), field: field(path), message, severity: 'error' }),
    render: (path, markdown) => {
      const { html, dropped } = renderMarkdownChecked(markdown ?? '');
      for (const { message, snippet } of dropped) {
        problems.push({ file, line: parsed.lineOfText(path, snippet), field: field(path), message, severity: 'warning' });
      }
      return html;
    },
  };
}

/** The 1-based line of `offset` in `text`. */
const lineAtOffset = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const NOT_UTF8 = 'het bestand is geen UTF-8; sla het op als UTF-8 (in Kladblok: Opslaan als, dan bij Codering UTF-8 kiezen)';
const TABS = 'deze regel springt in met een tab: gebruik spaties, geen tabs (twee spaties per niveau)';

/** A line's value starts here: after an optional `- ` and `field: `. */
const VALUE_START = String.raw`^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:\s+)?`;
const QUOTES = { '"': /(?<!\\)"/g, "'": /'/g } as const;
const YAML_INVALID = 'deze regel is geen geldige YAML: kijk naar de dubbele punt na de veldnaam, de inspringing (spaties) en de aanhalingstekens';
const COMMENT = 'alles vanaf # leest YAML als commentaar, dus dit veld is leeg; zet de hele tekst tussen aanhalingstekens ("…")';
/** Characters that make YAML read a plain text as something else: an alias, an anchor, a tag, a directive. */
const STARTS_BADLY = /^([*&!%@`]|\?\s)/;
const FLOW_TEXT = 'een tekst die met [ of { begint, leest YAML als lijst; zet de hele tekst tussen aanhalingstekens ("…")';
const startsWith = (char: string) => `een tekst mag niet beginnen met ${char}; zet de hele tekst tussen aanhalingstekens ("…")`;
const INDENTATION = 'deze regel springt anders in dan de regels erboven: velden van hetzelfde blok beginnen precies onder elkaar (tel de spaties)';

/**
 * The first thing the YAML parser stumbled over, as one Dutch sentence at the line to fix. The
 * parser's own message is English, and for an unclosed quote or bracket it points at the end of the
 * block, where it gave up, rather than at the line where the quote or bracket opened.
 */
function yamlProblem(error: YAMLError, yaml: string, lineAt: (offset: number) => number): { line: number; message: string } {
  const lines = yaml.split('\n').map((line) => line.replace(/\r$/, ''));
  const at = lineAt(error.pos[0]);
  // lines[i] is on line i + 2 of the file: the opening --- comes first.
  const index = at - 2;
  const { code, message } = error;
  /** The nearest line at or above the error that `opens`: where an unclosed quote or bracket began. */
  const opening = (opens: (line: string) => boolean) => {
    for (let i = Math.min(index, lines.length - 1); i >= 0; i--) if (opens(lines[i]!)) return i + 2;
    return at;
  };
  /** The nearest line below `from` with something on it, as an index into `lines`. */
  const nextFilled = (from: number) => lines.findIndex((line, i) => i > from && line.trim() !== '');
  const text = lines[index] ?? '';
  if (code === 'TAB_AS_INDENT') return { line: at, message: TABS };
  if (code === 'DUPLICATE_KEY') {
    const twice = 'dit veld staat twee keer in hetzelfde blok';
    // Indented: inside a card, question or statement, where a forgotten "- " joins two of them.
    if (!/^\s/.test(text)) return { line: at, message: `${twice}; haal er één weg` };
    return { line: at, message: `${twice}. Begint hier een nieuwe kaart, vraag of stelling? Zet dan "- " voor het eerste veld ervan; anders: haal er één weg` };
  }
  if (/^\s*-[^\s-]/.test(text)) return { line: at, message: 'na het streepje van een lijst hoort een spatie: - id: …' };
  if (code === 'MISSING_CHAR' && /quote/.test(message)) {
    const quote = message.includes('"') ? '"' : "'";
    const startsQuoted = new RegExp(`${VALUE_START}${quote}`);
    const line = opening((text) => startsQuoted.test(text) && (text.match(QUOTES[quote])?.length ?? 0) % 2 === 1);
    return { line, message: `hier begint een tekst met een aanhalingsteken (${quote}) dat niet gesloten wordt; zet er aan het eind van de tekst ook een` };
  }
  if (/flow/i.test(message)) {
    return { line: opening((line) => new RegExp(`${VALUE_START}[\\[{]`).test(line)), message: `${FLOW_TEXT}, of sluit de lijst met ] of }` };
  }
  // What a value starts with says most: Markdown's ** or > where YAML expects a plain text.
  const value = text.replace(new RegExp(VALUE_START), '');
  if (/^[|>][-+]?\s*\S/.test(value)) {
    return { line: at, message: `na ${value[0]} begint de tekst pas op de volgende regel, twee spaties verder ingesprongen; staat er ${value[0]} in de tekst zelf, zet de hele tekst dan tussen aanhalingstekens ("…")` };
  }
  if (/^-\s/.test(value) && /:\s/.test(text)) {
    return { line: at, message: 'een lijst begint op de volgende regel: elk onderdeel op een eigen regel, ingesprongen, met - ervoor; of zet de hele tekst tussen aanhalingstekens ("…")' };
  }
  if (STARTS_BADLY.test(value) || code === 'BAD_SCALAR_START') return { line: at, message: startsWith(value[0] ?? yaml[error.pos[0]] ?? '') };
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') {
    if (/^\s*(?:-\s+)?[\w.-]+:[^\s:]/.test(text)) return { line: at, message: 'na de dubbele punt hoort een spatie: veld: waarde' };
    const afterKey = /:\s+(.*)$/.exec(text)?.[1] ?? '';
    if (/:(\s|$)/.test(afterKey)) {
      return { line: at, message: 'er staat nog een dubbele punt met een spatie in de tekst; zet de hele tekst tussen aanhalingstekens ("…") of schrijf hem na | op de volgende regels' };
    }
    const above = [...lines.slice(0, Math.max(index, 0))].reverse().find((line) => line.trim() !== '') ?? '';
    const indent = (line: string) => /^ */.exec(line)![0].length;
    if (/:\s*[|>][-+]?\s*$/.test(above) && indent(text) <= indent(above)) {
      return { line: at, message: 'de tekst na | springt niet in: zet voor elke regel ervan twee spaties meer dan voor de veldnaam' };
    }
    if (!/:(\s|$)/.test(text) && !/^\s*-\s/.test(text)) return { line: at, message: 'hier ontbreekt de dubbele punt na de veldnaam: veld: waarde' };
    const next = nextFilled(index);
    if (next !== -1) return { line: next + 2, message: INDENTATION };
  }
  if (code === 'BAD_INDENT' || (code === 'MISSING_CHAR' && /- indicator|map values/.test(message))) {
    // At the end of a line (`wants:` with its text indented too little below it): the line below is the one to fix.
    const lineEnd = yaml.indexOf('\n', error.pos[0]);
    const restOfLine = yaml.slice(error.pos[0], lineEnd === -1 ? undefined : lineEnd);
    const next = nextFilled(index);
    return { line: restOfLine.trim() === '' && next !== -1 ? next + 2 : at, message: INDENTATION };
  }
  if (code === 'UNEXPECTED_TOKEN' && /at node end/.test(message)) {
    return { line: at, message: 'de tekst begint met een aanhalingsteken, maar gaat na het sluitende aanhalingsteken nog verder; begin de tekst zonder aanhalingsteken, of schrijf hem na | op de volgende regel' };
  }
  return { line: at, message: YAML_INVALID };
}

/**
 * A file's text as the browser's `file.text()` gives the home page an uploaded one: bytes that are
 * not UTF-8 become U+FFFD, which `parseFile` refuses.
 */
export function readSource(path: string): string {
  return readFileSync(path).toString('utf8');
}

/**
 * Reads one file's front matter against `schema`. Every reader comes here (the server's start, the
 * CLI, the home page's upload check), so a file is judged the same everywhere: a byte order mark
 * (some editors write one; the browser drops it) is ignored, text that is not UTF-8 is refused, a
 * tab indent or a YAML mistake is one Dutch message at the line to fix.
 */
function parseFile<S extends v.GenericSchema>(file: string, text: string, schema: S, problems: ContentProblem[]): Parsed<v.InferOutput<S>> | null {
  const source = text.replace(/^\uFEFF/, '');
  const error = (line: number, field: string, message: string) => problems.push({ file, line, field, message, severity: 'error' });
  const replaced = source.indexOf('\uFFFD');
  if (replaced !== -1) {
    error(lineAtOffset(source, replaced), '(bestand)', NOT_UTF8);
    return null;
  }
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source);
  if (!match || match[1] === undefined) {
    error(1, '(bestand)', 'het bestand moet beginnen met een blok tussen twee regels ---');
    return null;
  }
  const yaml = match[1];
  // The YAML starts on line 2, after the opening --- line.
  const tabbed = yaml.split('\n').findIndex((line) => /^ *\t[ \t]*\S/.test(line));
  if (tabbed !== -1) {
    // One cause, one message: the parser would bury it under an error for every field after it.
    error(tabbed + 2, '(yaml)', TABS);
    return null;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, uniqueKeys: true });
  // +1: the opening --- line comes before the YAML.
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + 1;
  const lineOf = (path: Path) => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
    }
    return 2;
  };
  const lineOfText = (path: Path, snippet: string) => {
    const node = doc.getIn(path, true);
    const firstLine = snippet.split('\n')[0]?.trim();
    if (isScalar(node) && node.range && firstLine) {
      const at = yaml.indexOf(firstLine, node.range[0]);
      if (at !== -1 && at < node.range[2]) return lineAt(at);
    }
    return lineOf(path);
  };
  // An unknown tag (`!belangrijk tekst`) is only a warning to the parser, but it loses the tag's word.
  const [first] = [...doc.errors, ...doc.warnings];
  if (first) {
    // One message: what follows a parser's first error is mostly that error again.
    const { line, message } = yamlProblem(first, yaml, lineAt);
    error(line, '(yaml)', message);
    return null;
  }
  // `**vet**` or `&nbsp;` at the start of a text parses without an error, as an alias (which would
  // throw below) or an anchor (whose word would go missing): content needs neither.
  let misread: { line: number; char: string } | undefined;
  visit(doc, (_key, node) => {
    if (misread || !isNode(node) || !node.range) return;
    if (isAlias(node)) misread = { line: lineAt(node.range[0]), char: '*' };
    else if (node.anchor) misread = { line: lineAt(node.range[0]), char: '&' };
  });
  if (misread) {
    error(misread.line, '(yaml)', startsWith(misread.char));
    return null;
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch {
    // Nothing known gets here (aliases are refused above); a reader must still never crash on a file.
    error(2, '(yaml)', YAML_INVALID);
    return null;
  }
  const parsed = v.safeParse(schema, data);
  if (!parsed.success) {
    const { report } = checker(problems, { file, lineOf, lineOfText });
    const lines = yaml.split('\n');
    for (const issue of parsed.issues) {
      const path = (issue.path ?? []).map((item) => item.key as string | number);
      // `title: #1 tip` is an empty field to YAML: from # on, a line is a comment.
      const line = lines[lineOf(path) - 2] ?? '';
      const comment = issue.input === null && /:\s+#/.test(line);
      // `wants: {rust}` or `title: [concept] plan` is a list or a map to YAML, not a text.
      const flow = issue.expected === 'string' && typeof issue.input === 'object' && issue.input !== null && /^[[{]/.test(line.replace(new RegExp(VALUE_START), ''));
      report(path, comment ? COMMENT : flow ? FLOW_TEXT : issue.input === undefined && issue.kind === 'schema' ? 'ontbreekt' : issue.message);
    }
    return null;
  }
  const note = { text: source.slice(match[0].length), line: lineAtOffset(source, match[0].length) };
  return { file, data: parsed.output, lineOf, lineOfText, note };
}

/** Reports each id that occurs twice in `items`, at the later occurrence. */
function checkUnique(items: { id: string }[], path: (index: number) => Path, report: (path: Path, message: string) => void, what: string) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) report([...path(index), 'id'], `${what} "${item.id}" komt twee keer voor`);
    seen.add(item.id);
  });
}

/**
 * `topStatements` belongs to a dialogue or plenary phase after a statements phase: the groups talk
 * about that many of its statements, those the room agreed with most.
 */
function checkTopStatements(phases: v.InferOutput<typeof programmeSchema>['phases'], report: Checker['report']): void {
  phases.forEach((phase, index) => {
    if (phase.topStatements === undefined) return;
    const path = ['phases', index, 'topStatements'];
    if (phase.kind !== 'dialogue' && phase.kind !== 'plenary') return report(path, 'hoort alleen bij een fase met kind: dialogue of plenary');
    const from = phases.slice(0, index).findLastIndex((earlier) => earlier.kind === 'statements');
    if (from === -1) return report(path, 'er is geen fase met stellingen (kind: statements) vóór deze fase; zet die eerder in het programma');
    const available = phases[from]!.statements.length;
    if (phase.topStatements > available) report(path, `de fase met stellingen ervoor (fase ${from + 1}) heeft maar ${available} stelling${available === 1 ? '' : 'en'}`);
  });
}

function buildProgramme({ data }: Parsed<v.InferOutput<typeof programmeSchema>>, { render, report }: Checker): Programme {
  checkTopStatements(data.phases, report);
  return {
    id: data.id,
    title: data.title,
    language: data.language,
    ...(data.summary ? { summary: data.summary } : {}),
    phases: data.phases.map((phase, index) => ({
      kind: phase.kind,
      title: phase.title,
      minutes: phase.minutes,
      notesHtml: render(['phases', index, 'notes'], phase.notes),
      projectorHtml: render(['phases', index, 'projector'], phase.projector),
      phoneHtml: render(['phases', index, 'phone'], phase.phone),
      questions: phase.questions,
      cardsets: phase.cardsets,
      research: phase.research ?? null,
      quickscan: phase.quickscan,
      video: phase.video ?? null,
      statements: phase.statements.map((statement, j) => ({ text: statement.text, notesHtml: render(['phases', index, 'statements', j, 'notes'], statement.notes) })),
      ...(phase.topStatements ? { topStatements: phase.topStatements } : {}),
    })),
  };
}

function buildCardSet(parsed: Parsed<v.InferOutput<typeof cardSetSchema>>, { report, render }: Checker): CardSet {
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
    situationHtml: render(['situation'], data.situation),
    source: data.source ?? null,
    students: data.students ?? null,
    observers: data.observers ?? null,
    cards: data.cards.map((card, index) => ({
      id: card.id,
      role: card.role,
      title: card.title,
      wantsHtml: render(['cards', index, 'wants'], card.wants),
      keepsHtml: render(['cards', index, 'keeps'], card.keeps),
      tipHtml: render(['cards', index, 'tip'], card.tip),
    })),
  };
}

function buildQuestionList({ data }: Parsed<v.InferOutput<typeof questionListSchema>>, { report }: Checker): QuestionList {
  checkUnique(data.questions, (index) => ['questions', index], report, 'vraag');
  return { ...data, questions: data.questions.map((question) => ({ ...question, hint: question.hint ?? null })) };
}

function buildResearch({ data }: Parsed<v.InferOutput<typeof researchSchema>>, { report }: Checker): ResearchData {
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

/** A path as problems name it: from the working directory when the file is inside it. */
function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere && !fromHere.startsWith('..') ? fromHere : path;
}

interface Kind<S extends v.GenericSchema, T extends { id: string; language: Language }> {
  dir: string;
  /** What a trainer calls one. */
  name: string;
  schema: S;
  build: (parsed: Parsed<v.InferOutput<S>>, check: Checker) => T;
  into: (content: Content) => Map<string, T>;
}

const kind = <S extends v.GenericSchema, T extends { id: string; language: Language }>(k: Kind<S, T>) => k;
const KINDS = [
  kind({ dir: 'programmes', name: 'programma', schema: programmeSchema, build: buildProgramme, into: (c) => c.programmes }),
  kind({ dir: 'cardsets', name: 'kaartenset', schema: cardSetSchema, build: buildCardSet, into: (c) => c.cardSets }),
  kind({ dir: 'questions', name: 'vragenlijst', schema: questionListSchema, build: buildQuestionList, into: (c) => c.questionLists }),
  kind({ dir: 'research', name: 'onderzoek', schema: researchSchema, build: buildResearch, into: (c) => c.research }),
];
type AnyKind = (typeof KINDS)[number];

/** One file to read: where it is, what kind it is, and whether it was named on its own (it is then the newer one). */
interface Entry {
  path: string;
  kind: AnyKind;
  given: boolean;
}

/** Two files this close in time count as equally old: a checkout or an unzip writes them in one go. */
const SAME_TIME_MS = 1000;

/** Reads, checks and cross-checks `entries` as one library. */
function checkEntries(root: string, entries: Entry[]): { content: Content; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const content: Content = { programmes: new Map(), cardSets: new Map(), questionLists: new Map(), research: new Map() };
  const checkers = new Map<object, Checker>();
  const read: { entry: Entry; item: { id: string; language: Language }; file: string; check: Checker; age: number }[] = [];

  for (const entry of entries) {
    const file = displayPath(entry.path);
    const parsed = parseFile(file, readSource(entry.path), entry.kind.schema, problems);
    if (!parsed) continue;
    const check = checker(problems, parsed);
    const item = entry.kind.build(parsed as never, check);
    if (entry.kind.dir === 'programmes' || entry.kind.dir === 'cardsets') checkNote(problems, parsed);
    if (item.language !== languageOfName(entry.path)) {
      check.report(['language'], `"${item.language}" past niet bij de bestandsnaam: Engelse bestanden eindigen op .en.md, Nederlandse niet`);
    }
    checkers.set(item, check);
    read.push({ entry, item, file, check, age: entry.given ? Infinity : statSync(entry.path).mtimeMs });
  }

  // The same id twice: the older file keeps it, the newer one (a copy not yet renamed) hears so.
  const byKey = new Map<string, typeof read>();
  for (const one of read) {
    const key = `${one.entry.kind.dir}/${contentKey(one.item.id, one.item.language)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), one]);
  }
  for (const same of byKey.values()) {
    const first = same.reduce((older, candidate) => (candidate.age < older.age - SAME_TIME_MS ? candidate : older));
    (first.entry.kind.into(content) as Map<string, unknown>).set(contentKey(first.item.id, first.item.language), first.item);
    for (const other of same) {
      if (other === first) continue;
      other.check.report(['id'], `id "${other.item.id}" (${other.item.language}) bestaat al in ${first.file}; geef dit bestand een eigen id`);
    }
  }

  // References between files, now that everything is read.
  const reportFor = (item: object) => checkers.get(item)?.report ?? (() => {});
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
      if (phase.kind === 'statements' && phase.statements.length === 0) {
        report(['phases', index, 'kind'], 'een fase met stellingen heeft een lijst statements nodig, met minstens één stelling (text)');
      }
      if (phase.kind !== 'statements' && phase.statements.length > 0) {
        report(['phases', index, 'statements'], 'stellingen horen alleen bij een fase met kind: statements');
      }
      if (phase.quickscan && !phase.research) report(['phases', index, 'quickscan'], 'een quickscan heeft onderzoekscijfers nodig: vul ook research in');
      if (phase.video && !phase.video.startsWith('https://') && !existsSync(join(root, 'media', phase.video))) {
        report(['phases', index, 'video'], `het bestand media/${phase.video} bestaat niet`);
      }
    });
  }
  // Each file's problems together, top to bottom.
  problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { content, problems };
}

const libraryEntries = (root: string): Entry[] =>
  KINDS.flatMap((kind) => markdownFiles(join(root, kind.dir)).map((path) => ({ path, kind, given: false })));

/** Validates all of content/ and returns it with the list of problems, errors and warnings (empty when all is well). */
export function checkContent(root: string): { content: Content; problems: ContentProblem[] } {
  const { content, problems } = checkEntries(root, libraryEntries(root));
  if (content.programmes.size === 0 && errorsIn(problems).length === 0) {
    problems.push({ file: join(relative(process.cwd(), root) || '.', 'programmes'), line: 1, field: '(map)', message: 'geen programma gevonden', severity: 'error' });
  }
  return { content, problems };
}

/** What kind a file is: by its folder when that is one of content/'s, else by the fields it has. */
function kindOfFile(path: string, source: string): AnyKind | 'report' | null {
  const folder = KINDS.find((kind) => kind.dir === basename(dirname(path)));
  if (folder) return folder;
  const has = (field: string) => new RegExp(`^${field}\\s*:`, 'm').test(source);
  if (has('report')) return 'report';
  // A field at the top of the block that only that kind has.
  const dir = [['phases', 'programmes'], ['cards', 'cardsets'], ['statements', 'research'], ['questions', 'questions']].find(([field]) => has(field!))?.[1];
  return KINDS.find((kind) => kind.dir === dir) ?? null;
}

export interface FilesCheck {
  /** The problems of the files named, errors and warnings. */
  problems: ContentProblem[];
  /** Each file named, and what it turned out to be. */
  checked: { file: string; what: string }[];
  /** Errors in the library itself, outside the files named. */
  libraryErrors: number;
}

/**
 * Checks single files (any kind: programme, card set, question list, research, a session's report)
 * against the library in `root`, as if they were part of it: a programme may name the library's card
 * sets, a copy of a library file with the same id is told so. A file that is itself in the library
 * is checked in its place.
 */
export function checkFiles(root: string, paths: string[]): FilesCheck {
  const entries = libraryEntries(root);
  const problems: ContentProblem[] = [];
  const checked: FilesCheck['checked'] = [];
  const files = new Set<string>();
  for (const path of paths.map((path) => resolve(path))) {
    const file = displayPath(path);
    files.add(file);
    const kind = kindOfFile(path, readSource(path).replace(/^\uFEFF/, ''));
    if (kind === 'report') {
      const result = parseReport(file, readSource(path));
      if ('problems' in result) problems.push(...result.problems);
      checked.push({ file, what: 'verslag' });
    } else if (!kind) {
      problems.push({
        file,
        line: 1,
        field: '(bestand)',
        message: 'wat voor bestand is dit? Een programma heeft phases, een kaartenset cards, een vragenlijst questions en onderzoek statements',
        severity: 'error',
      });
    } else {
      const inLibrary = entries.find((entry) => resolve(entry.path) === path);
      if (inLibrary) inLibrary.given = true;
      else entries.push({ path, kind, given: true });
      checked.push({ file, what: kind.name });
    }
  }
  const library = checkEntries(root, entries);
  problems.push(...library.problems.filter((problem) => files.has(problem.file)));
  const libraryErrors = errorsIn(library.problems.filter((problem) => !files.has(problem.file))).length;
  return { problems, checked, libraryErrors };
}

/**
 * Load and validate all of content/; throws a ContentError listing every problem when there is an
 * error. `onWarnings` hears what the screens leave out (the content loads all the same).
 */
export function loadContent(root: string, onWarnings: (warnings: ContentProblem[]) => void = () => {}): Content {
  const { content, problems } = checkContent(root);
  if (errorsIn(problems).length) throw new ContentError([...errorsIn(problems), ...warningsIn(problems)]);
  if (problems.length) onWarnings(problems);
  return content;
}

/** A card set a facilitator brings for one session: the same checks as content/, against it. */
export function parseCardSet(file: string, source: string, content: Content): { cardSet: CardSet; warnings: ContentProblem[] } | { problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const parsed = parseFile(file, source, cardSetSchema, problems);
  if (!parsed) return { problems };
  const check = checker(problems, parsed);
  const cardSet = buildCardSet(parsed, check);
  checkNote(problems, parsed);
  joinSharedCards(cardSet, content.cardSets, check.report);
  if (!cardSet.cards.some((card) => card.role === 'mentor')) check.report(['cards'], 'een eigen kaartenset heeft een mentorkaart nodig');
  return errorsIn(problems).length ? { problems: [...errorsIn(problems), ...warningsIn(problems)] } : { cardSet, warnings: problems };
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
