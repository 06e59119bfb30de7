/**
 * The mistakes a trainer makes in a content file (test/fixtures/content-mistakes/), each one clear
 * Dutch message at the line to fix, and the same from every reader of the file: the home page's
 * upload check (parseCardSet, with the text as the browser's file.text() gives it), the CLI's check of
 * a single file (checkFiles) and the server's start (loadContent of a folder holding the file).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFiles, ContentError, loadContent, parseCardSet, parseReport, type ContentProblem } from '../../server/content/loadContent.ts';
import { renderMarkdownChecked } from '../../server/content/markdown.ts';
import type { CardSet, Content } from '../../server/content/types.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/content-mistakes');
const fixture = (name: string) => join(FIXTURES, name);
const PROGRAMME = ['---', 'id: kort', 'title: Kort programma', 'language: nl', 'phases:', '  - kind: intro', '    title: Begin', '    minutes: 5', '---', ''].join('\n');

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small content folder: one programme, and `files` (path inside the folder → text or bytes). */
function contentFolder(files: Record<string, string | Buffer> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'driegesprek-mistakes-'));
  temps.push(root);
  for (const [path, text] of Object.entries({ 'programmes/kort.md': PROGRAMME, ...files })) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const emptyLibrary = (): Content => ({ programmes: new Map(), cardSets: new Map(), questionLists: new Map(), research: new Map() });
const withoutFile = (problems: ContentProblem[]) => problems.map(({ line, field, message, severity }) => ({ line, field, message, severity }));

/** The file as the home page sends it: file.text() decodes UTF-8, drops a BOM and turns other bytes into U+FFFD. */
const asUploaded = (name: string) => new TextDecoder().decode(readFileSync(fixture(name)));

function viaUpload(name: string): { problems: ContentProblem[]; cardSet: CardSet | null } {
  const result = parseCardSet(name, asUploaded(name), emptyLibrary());
  return 'problems' in result ? { problems: result.problems, cardSet: null } : { problems: result.warnings, cardSet: result.cardSet };
}

function viaCli(name: string): ContentProblem[] {
  return checkFiles(contentFolder(), [fixture(name)]).problems;
}

function viaStart(name: string): { problems: ContentProblem[]; content: Content | null } {
  const root = contentFolder({ [`cardsets/${name}`]: readFileSync(fixture(name)) });
  let warnings: ContentProblem[] = [];
  try {
    const content = loadContent(root, (found) => (warnings = found));
    return { problems: warnings, content };
  } catch (error) {
    if (error instanceof ContentError) return { problems: error.problems, content: null };
    throw error;
  }
}

/** The problems of `name`, after checking that all three readers find exactly these. */
function problemsOf(name: string) {
  const upload = withoutFile(viaUpload(name).problems);
  expect(withoutFile(viaCli(name)), 'the CLI').toEqual(upload);
  expect(withoutFile(viaStart(name).problems), 'the start').toEqual(upload);
  return upload;
}

const TABS = 'deze regel springt in met een tab: gebruik spaties, geen tabs (twee spaties per niveau)';

describe('a mistake in a content file: one message, the same from upload, CLI and start', () => {
  it('a good file: no problems anywhere', () => {
    expect(problemsOf('goed.md')).toEqual([]);
  });

  it('a script, raw HTML and a javascript: link: a warning at the line of each, and the text still reads well', () => {
    expect(problemsOf('html.md')).toEqual([
      { line: 8, field: 'situation', severity: 'warning', message: '<script> is weggelaten, met alles wat erin staat: een script werkt hier niet' },
      {
        line: 9,
        field: 'situation',
        severity: 'warning',
        message: '<div> is weggelaten: HTML werkt hier niet. De tekst ernaast blijft staan; gebruik Markdown, zoals **vet**, *schuin* of een lijstje met -',
      },
      {
        line: 15,
        field: 'cards.0.tip',
        severity: 'warning',
        message: 'de link „de handleiding” naar javascript:alert(1) is weggelaten: zo’n link is niet veilig. Alleen de tekst „de handleiding” blijft staan',
      },
    ]);
    // Warnings stop nothing: the set can be played, and the paragraph after the HTML is Markdown, not raw text.
    const { cardSet } = viaUpload('html.md');
    expect(cardSet?.situationHtml).toBe('<p>Het is november.</p>\n<p>Dit blijft <strong>vet</strong>.</p>');
    expect(cardSet?.cards[0]?.tipHtml).toBe('<p>Lees de handleiding eerst.</p>');
    expect(viaStart('html.md').content?.cardSets.get('nl/met-html')).toEqual(cardSet);
  });

  it('a file in Latin-1: an error at the line of the first letter that is not UTF-8', () => {
    expect(problemsOf('latin1.md')).toEqual([
      { line: 6, field: '(bestand)', severity: 'error', message: 'het bestand is geen UTF-8; sla het op als UTF-8 (in Kladblok: Opslaan als, dan bij Codering UTF-8 kiezen)' },
    ]);
  });

  it('a BOM at the start: accepted everywhere, also when an upload still carries it', () => {
    expect(problemsOf('bom.md')).toEqual([]);
    expect(viaUpload('bom.md').cardSet?.title).toBe('Met BOM');
    expect(viaStart('bom.md').content?.cardSets.get('nl/met-bom')?.title).toBe('Met BOM');
    const withBom = readFileSync(fixture('bom.md'), 'utf8');
    expect(withBom.startsWith('\uFEFF')).toBe(true);
    expect(parseCardSet('bom.md', withBom, emptyLibrary())).toMatchObject({ cardSet: { title: 'Met BOM' }, warnings: [] });
  });

  it('a colon in a text: one Dutch message at its line, no parser English', () => {
    expect(problemsOf('yaml-dubbele-punt.md')).toEqual([
      {
        line: 5,
        field: '(yaml)',
        severity: 'error',
        message: 'er staat nog een dubbele punt met een spatie in de tekst; zet de hele tekst tussen aanhalingstekens ("…") of schrijf hem na | op de volgende regels',
      },
    ]);
  });

  it('an unclosed quote: at the line where it opens, not where the parser gave up', () => {
    expect(problemsOf('yaml-aanhalingsteken.md')).toEqual([
      { line: 6, field: '(yaml)', severity: 'error', message: 'hier begint een tekst met een aanhalingsteken (") dat niet gesloten wordt; zet er aan het eind van de tekst ook een' },
    ]);
  });

  it('a tab indent: one message at the tab’s line instead of an error for every field after it', () => {
    expect(problemsOf('tab.md')).toEqual([{ line: 12, field: '(yaml)', severity: 'error', message: TABS }]);
  });
});

describe('a previous report (POST /api/reports/check) is read the same way', () => {
  const REPORT = ['---', 'report: driegesprek', 'version: 1', 'date: 2026-11-23', 'programme: Tienminutengesprekken', 'team:', '  - Eén agenda vooraf', '---', ''].join('\n');

  it('a BOM is accepted, Latin-1 and a tab are one error at their line', () => {
    expect(parseReport('verslag.md', `\uFEFF${REPORT}`)).toMatchObject({ lookBack: { team: ['Eén agenda vooraf'] } });
    const latin1 = new TextDecoder().decode(Buffer.from(REPORT, 'latin1'));
    expect(parseReport('verslag.md', latin1)).toEqual({ problems: [{ file: 'verslag.md', line: 7, field: '(bestand)', severity: 'error', message: expect.stringMatching(/^het bestand is geen UTF-8/) }] });
    expect(parseReport('verslag.md', REPORT.replace('  - Eén', '\t- Eén'))).toEqual({ problems: [{ file: 'verslag.md', line: 7, field: '(yaml)', severity: 'error', message: TABS }] });
  });
});

describe('YAML mistakes: one Dutch message at the line to fix', () => {
  /** A card set whose front matter has `lines` from line 5 on (after id, title and language). */
  const cardSetWith = (...lines: string[]) => ['---', 'id: eigen', 'title: Eigen set', 'language: nl', ...lines, '---', ''].join('\n');
  const yamlProblems = (source: string) => {
    const result = parseCardSet('eigen.md', source, emptyLibrary());
    return 'problems' in result ? result.problems.map(({ line, message }) => ({ line, message })) : [];
  };

  it.each([
    ['no space after the colon', ['theme:Een thema', 'situation: Iets.'], 5, 'na de dubbele punt hoort een spatie: veld: waarde'],
    ['a field twice', ['theme: Een thema', 'theme: Nog een', 'situation: Iets.'], 6, 'dit veld staat twee keer in hetzelfde blok; haal er één weg'],
    ['Markdown bold at the start of a text', ['theme: Een thema', 'situation: **Let op** het is november.'], 6, 'een tekst mag niet beginnen met *; zet de hele tekst tussen aanhalingstekens ("…")'],
    ['a text starting with @', ['theme: Een thema', 'situation: @school is het druk.'], 6, 'een tekst mag niet beginnen met @; zet de hele tekst tussen aanhalingstekens ("…")'],
    // These parse without an error, as an alias (which threw while reading), an anchor or a tag (whose word went missing).
    ['Markdown bold as the whole text', ['theme: Een thema', 'situation: **Let op**'], 6, 'een tekst mag niet beginnen met *; zet de hele tekst tussen aanhalingstekens ("…")'],
    ['Markdown bold in a list', ['theme: Een thema', 'situation: Iets.', 'cards:', '  - id: mentor', '    role: mentor', '    title: De mentor', '    wants:', '      - **Rust**'], 12, expect.stringContaining('mag niet beginnen met *')],
    ['an HTML entity at the start', ['theme: Een thema', 'situation: &nbsp; Het is november.'], 6, 'een tekst mag niet beginnen met &; zet de hele tekst tussen aanhalingstekens ("…")'],
    ['an exclamation mark at the start', ['theme: Een thema', 'situation: !Belangrijk: lees dit.'], 6, 'een tekst mag niet beginnen met !; zet de hele tekst tussen aanhalingstekens ("…")'],
    ['a Markdown quote after the colon', ['theme: Een thema', 'situation: > Een citaat.'], 6, expect.stringContaining('na > begint de tekst pas op de volgende regel')],
    ['a # at the start of a text', ['theme: #1 thema', 'situation: Iets.', 'cards:', '  - { id: mentor, role: mentor, title: De mentor, wants: Rust }', '  - { id: ouder, role: parent, title: Een ouder, wants: Tijd }'], 5, 'alles vanaf # leest YAML als commentaar, dus dit veld is leeg; zet de hele tekst tussen aanhalingstekens ("…")'],
    ['a list on the line of its field', ['theme: Een thema', 'situation: - een', 'cards: []'], 6, expect.stringContaining('een lijst begint op de volgende regel')],
    ['an unclosed [', ['theme: [concept', 'situation: Iets.', 'cards: []'], 5, expect.stringContaining('een tekst die met [ of { begint')],
    ['text after a closing quote', ['theme: "Thuis" is het thema', 'situation: Iets.'], 5, expect.stringContaining('gaat na het sluitende aanhalingsteken nog verder')],
    ['no colon after a field name', ['theme Een thema', 'situation: Iets.'], 5, 'hier ontbreekt de dubbele punt na de veldnaam: veld: waarde'],
    ['no space after a list dash', ['theme: Een thema', 'situation: Iets.', 'cards:', '  -id: mentor', '    role: mentor'], 8, 'na het streepje van een lijst hoort een spatie: - id: …'],
    ['a card without its dash', ['theme: Een thema', 'situation: Iets.', 'cards:', '  - id: mentor', '    role: mentor', '    id: ouder', '    role: parent'], 10, expect.stringContaining('Zet dan "- " voor het eerste veld ervan')],
    ['text after | not indented', ['theme: Een thema', 'situation: |', 'Het is november.', 'cards: []'], 7, 'de tekst na | springt niet in: zet voor elke regel ervan twee spaties meer dan voor de veldnaam'],
    ['text below its field indented too little', ['theme: Een thema', 'situation: Iets.', 'cards:', '  - id: mentor', '    wants:', '  Rust', '  - id: ouder'], 10, expect.stringContaining('springt anders in')],
    ['a question mark at the start', ['theme: Een thema', 'situation: ? Wat nu', 'cards: []'], 6, 'een tekst mag niet beginnen met ?; zet de hele tekst tussen aanhalingstekens ("…")'],
    ['braces around a whole text', ['theme: Een thema', 'situation: {rust}', 'cards:', '  - { id: mentor, role: mentor, title: De mentor, wants: Rust }', '  - { id: ouder, role: parent, title: Ouder, wants: Tijd }'], 6, 'een tekst die met [ of { begint, leest YAML als lijst; zet de hele tekst tussen aanhalingstekens ("…")'],
    ['a field indented too far', ['theme: Een thema', 'situation: Iets.', 'cards:', '  - id: mentor', '    role: mentor', '      title: De mentor'], 10, expect.stringContaining('springt anders in')],
    ['a field indented too little', ['theme: Een thema', 'situation: Iets.', 'cards:', '  - id: mentor', '    role: mentor', '   title: De mentor'], 10, expect.stringContaining('springt anders in')],
  ])('%s', (_what, lines, line, message) => {
    expect(yamlProblems(cardSetWith(...lines))).toEqual([{ line, message }]);
  });
});

describe('the same id twice', () => {
  const OLD = new Date('2025-01-01T12:00:00Z');
  const NEW = new Date('2026-11-01T12:00:00Z');

  /** The duplicate fixture, its files' times set: set-a.md and a-kopie.md both have id set-a. */
  function dubbel(times: { 'set-a.md': Date; 'a-kopie.md': Date }): string {
    const root = mkdtempSync(join(tmpdir(), 'driegesprek-dubbel-'));
    temps.push(root);
    cpSync(fixture('dubbel'), root, { recursive: true });
    for (const [name, time] of Object.entries(times)) utimesSync(join(root, 'cardsets', name), time, time);
    return root;
  }
  const problemsIn = (root: string) => {
    try {
      loadContent(root);
      return [];
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      return error.problems;
    }
  };

  it('names the newer file (a copy not yet renamed), even when it comes first in the folder, and the first one in its message', () => {
    const root = dubbel({ 'set-a.md': OLD, 'a-kopie.md': NEW });
    const [problem, ...more] = problemsIn(root);
    expect(more).toEqual([]);
    expect(problem?.file).toMatch(/cardsets\/a-kopie\.md$/);
    expect(problem).toMatchObject({ line: 2, field: 'id', severity: 'error' });
    expect(problem?.message).toMatch(/^id "set-a" \(nl\) bestaat al in .*cardsets\/set-a\.md; geef dit bestand een eigen id$/);
    // The older file keeps the id.
    expect(loadContentOrNull(dubbel({ 'set-a.md': NEW, 'a-kopie.md': OLD }))).toBeNull();
    expect(problemsIn(dubbel({ 'set-a.md': NEW, 'a-kopie.md': OLD }))[0]?.file).toMatch(/cardsets\/set-a\.md$/);
  });

  it('files written at the same moment (a checkout): the later one in the folder is named', () => {
    const root = dubbel({ 'set-a.md': OLD, 'a-kopie.md': OLD });
    expect(problemsIn(root).map((problem) => problem.file)).toEqual([expect.stringMatching(/cardsets\/set-a\.md$/)]);
  });

  it('a single file checked against the library: always the file checked, the library file in the message', () => {
    const library = dubbel({ 'set-a.md': NEW, 'a-kopie.md': NEW });
    rmSync(join(library, 'cardsets', 'a-kopie.md'));
    const copy = join(library, 'kopie.md');
    writeFileSync(copy, readFileSync(fixture('dubbel/cardsets/a-kopie.md')));
    utimesSync(copy, OLD, OLD);
    const { problems } = checkFiles(library, [copy]);
    expect(problems).toEqual([
      { file: expect.stringMatching(/kopie\.md$/), line: 2, field: 'id', severity: 'error', message: expect.stringMatching(/bestaat al in .*cardsets\/set-a\.md; geef dit bestand een eigen id$/) },
    ]);
    // A file of the library itself is checked in its own place: no duplicate of itself.
    expect(checkFiles(library, [join(library, 'cardsets', 'set-a.md')]).problems).toEqual([]);
  });

  function loadContentOrNull(root: string) {
    try {
      return loadContent(root);
    } catch {
      return null;
    }
  }
});

describe('renderMarkdownChecked', () => {
  it.each([
    ['plain Markdown: nothing to say', 'Een **vette** tekst en een lijstje:\n\n- een\n- twee', []],
    ['a comment: meant to be unseen, left out without a word', 'Tekst <!-- notitie voor mezelf --> hier', []],
    ['a long comment, over many lines', `Tekst <!-- ${'notitie\n'.repeat(300)} --> hier`, []],
    ['HTML in a code span is text', 'Schrijf `<b>` niet', []],
    ['an escaped < is text', 'Kleiner dan \\<b> is geen HTML', []],
    ['a web address as text stays as it is', 'Zie https://example.org voor meer', []],
    ['a link: its address goes, its text stays', 'Lees [de gids](https://example.org)', ['links werken hier niet: het adres https://example.org is weggelaten, alleen de tekst „de gids” blijft staan']],
    ['a picture', 'Kijk: ![foto](foto.jpg)', ['plaatjes werken hier niet: ![foto](foto.jpg) is weggelaten']],
    ['each tag named once', '<b>een</b> en <b>twee</b>', [expect.stringMatching(/^<b> is weggelaten/)]],
    ['a style with its content', '<style>p { color: red }</style>Tekst', ['<style> is weggelaten, met alles wat erin staat: HTML werkt hier niet']],
  ])('%s', (_what, markdown, messages) => {
    expect(renderMarkdownChecked(markdown).dropped.map((dropped) => dropped.message)).toEqual(messages);
  });

  it('a comment never closed is text, as marked shows it', () => {
    expect(renderMarkdownChecked('Tekst <!-- en verder')).toEqual({ html: '<p>Tekst &lt;!-- en verder</p>', dropped: [] });
  });

  it('what marked itself does not take for HTML stays visible text', () => {
    const { html, dropped } = renderMarkdownChecked('"><svg onload=window.__xss=1>');
    expect(dropped).toEqual([]);
    expect(html).toBe('<p>"&gt;&lt;svg onload=window.__xss=1&gt;</p>');
  });
});
