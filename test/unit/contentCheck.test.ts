import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/startServer.ts';

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
const CHECK = join(PROJECT_ROOT, 'scripts/contentCheck.ts');

/**
 * Runs `npm run content:check -- PATH …` the way a trainer would (npm runs it in the project's folder
 * and says in INIT_CWD where it was typed); returns the exit code, the output (stdout on success,
 * stderr on failure, as before) and both streams.
 */
function contentCheck(...paths: string[]): { code: number; output: string; stdout: string; stderr: string } {
  const run = spawnSync(TSX, [CHECK, ...paths], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, INIT_CWD: PROJECT_ROOT } });
  const code = run.status ?? -1;
  return { code, output: code === 0 ? run.stdout : run.stderr, stdout: run.stdout, stderr: run.stderr };
}

const broken = (name: string) => `test/fixtures/content-broken/${name}`;

/** A copy of the real content whose research phase names `video`, with `files` in its media/ folder. */
function contentWithVideo(video: string, files: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-check-'));
  cpSync(join(PROJECT_ROOT, 'content'), dir, { recursive: true });
  mkdirSync(join(dir, 'media'), { recursive: true });
  for (const file of files) writeFileSync(join(dir, 'media', file), 'bytes');
  const programme = join(dir, 'programmes', 'tienminutengesprekken.md');
  const source = readFileSync(programme, 'utf8');
  expect(source).toContain('    quickscan: true\n');
  writeFileSync(programme, source.replace('    quickscan: true\n', `    quickscan: true\n    video: ${video}\n`));
  return dir;
}

describe('npm run content:check', () => {
  it('passes on the real content', () => {
    const { code, output } = contentCheck('content');
    expect(code, output).toBe(0);
    expect(output).toMatch(/^In orde: /);
  });

  it.each([
    ['unknown-field', 'programmes/kort.md:9: phases.0.colour: onbekend veld'],
    ['missing-field', 'cardsets/set-a.md:12: cards.1.wants: ontbreekt'],
    ['no-mentor', 'cardsets/set-a.md:8: cards: een kaartenset heeft precies één mentorkaart'],
    ['duplicate-id', 'cardsets/set-b.md:2: id: id "set-a" (nl) bestaat al in test/fixtures/content-broken/duplicate-id/cardsets/set-a.md; geef dit bestand een eigen id'],
    ['unknown-phase-kind', 'programmes/kort.md:6: phases.0.kind: moet een van deze zijn'],
    ['minutes-not-positive', 'programmes/kort.md:8: phases.0.minutes: moet een positief getal zijn'],
    ['missing-reference', 'programmes/kort.md:9: phases.0.cardsets.0: er is geen kaartenset "bestaat-niet"'],
    ['research-out-of-range', 'research/cijfers.md:14: statements.0.figures.parents.importance: moet tussen 0 en 100 liggen'],
    ['quickscan-without-research', 'programmes/kort.md:9: phases.0.quickscan: een quickscan heeft onderzoekscijfers nodig'],
    ['video-missing', 'programmes/kort.md:9: phases.0.video: het bestand media/film.mp4 bestaat niet'],
    // Not https, and a way out of media/ (the file it points at does exist): both refused by the pattern itself.
    ['video-not-https', 'programmes/kort.md:9: phases.0.video: een bestandsnaam in content/media/ (.mp4 of .webm) of een adres dat begint met https://'],
    ['video-outside-media', 'programmes/kort.md:9: phases.0.video: een bestandsnaam in content/media/ (.mp4 of .webm) of een adres dat begint met https://'],
  ])('%s: exits 1 and names file, line and field', (name, expected) => {
    const { code, output } = contentCheck(broken(name));
    expect(code).toBe(1);
    expect(output).toContain(`${broken(name)}/${expected}`);
  });

  it.each([
    ['an https address', 'https://example.org/film.mp4', []],
    ['a file that is in media/', 'film.mp4', ['film.mp4']],
    ['a .webm file that is in media/', 'onderzoek-2026.webm', ['onderzoek-2026.webm']],
  ])('accepts a video that is %s', (_, video, files) => {
    const { code, output } = contentCheck(contentWithVideo(video, files));
    expect(code, output).toBe(0);
    expect(output).toMatch(/^In orde: /);
  });

  it('reports every problem at once', () => {
    const { output } = contentCheck(broken('missing-reference'));
    expect(output).toContain('2 fouten');
    expect(output).toContain('phases.0.questions.0: er is geen vragenlijst "ook-niet"');
  });

  it('checks all of content/ without a path', () => {
    const { code, output } = contentCheck();
    expect(code, output).toBe(0);
    expect(output).toMatch(/^In orde: \d+ programma’s/);
  });
});

describe('npm run content:check -- FILE', () => {
  const mistake = (name: string) => `test/fixtures/content-mistakes/${name}`;

  it('passes a good single file, checked against the library in content/', () => {
    const { code, stdout, stderr } = contentCheck(mistake('goed.md'));
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('In orde: test/fixtures/content-mistakes/goed.md (kaartenset).\n');
    expect(stderr).toBe('');
  });

  it('fails a broken file with one line per error: file:line: field: message', () => {
    const { code, stdout, stderr } = contentCheck(mistake('tab.md'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      '1 fout in test/fixtures/content-mistakes/tab.md:\n' +
        'test/fixtures/content-mistakes/tab.md:12: (yaml): deze regel springt in met een tab: gebruik spaties, geen tabs (twee spaties per niveau)\n',
    );
  });

  it('passes a file with HTML in it, saying at which line what is left out', () => {
    const { code, stdout, stderr } = contentCheck(mistake('html.md'));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^In orde: /);
    expect(stderr).toContain('3 waarschuwingen in test/fixtures/content-mistakes/html.md');
    expect(stderr).toContain('test/fixtures/content-mistakes/html.md:8: situation: waarschuwing: <script> is weggelaten');
    expect(stderr).toContain('test/fixtures/content-mistakes/html.md:9: situation: waarschuwing: <div> is weggelaten');
    expect(stderr).toContain('test/fixtures/content-mistakes/html.md:15: cards.0.tip: waarschuwing: de link „de handleiding” naar javascript:alert(1) is weggelaten');
  });

  it.each([
    ['latin1.md', 'test/fixtures/content-mistakes/latin1.md:6: (bestand): het bestand is geen UTF-8; sla het op als UTF-8'],
    ['yaml-dubbele-punt.md', 'test/fixtures/content-mistakes/yaml-dubbele-punt.md:5: (yaml): er staat nog een dubbele punt met een spatie in de tekst'],
    ['yaml-aanhalingsteken.md', 'test/fixtures/content-mistakes/yaml-aanhalingsteken.md:6: (yaml): hier begint een tekst met een aanhalingsteken'],
    ['kopie.md', 'test/fixtures/content-mistakes/kopie.md:2: id: id "thuissituatie" (nl) bestaat al in content/cardsets/thuissituatie.md; geef dit bestand een eigen id'],
  ])('%s: exits 1 and names file, line and field', (name, expected) => {
    const { code, output } = contentCheck(mistake(name));
    expect(code).toBe(1);
    expect(output).toContain(expected);
    expect(output.trim().split('\n')).toHaveLength(2);
  });

  it('accepts a file that starts with a BOM, as the upload and the start do', () => {
    const { code, output } = contentCheck(mistake('bom.md'));
    expect(code, output).toBe(0);
  });

  it('checks several files of any kind at once; a library file is checked in its own place', () => {
    const { code, stdout, stderr } = contentCheck(mistake('goed.md'), 'content/programmes/tienminutengesprekken.md', 'content/research/onderzoek-aos.md', 'content/questions/dialoog.md');
    expect(code, stderr).toBe(0);
    expect(stdout).toBe(
      'In orde: test/fixtures/content-mistakes/goed.md (kaartenset), content/programmes/tienminutengesprekken.md (programma), content/research/onderzoek-aos.md (onderzoek), content/questions/dialoog.md (vragenlijst).\n',
    );
  });

  it('checks a session report too', () => {
    const { code, output } = contentCheck('test/fixtures/reports/bad-date.md');
    expect(code).toBe(1);
    expect(output).toContain('test/fixtures/reports/bad-date.md:4: date: moet een datum zijn als 2026-11-23');
  });

  it('checks every file in a folder of files, each against the library', () => {
    const { code, output } = contentCheck('test/fixtures/content-mistakes');
    expect(code).toBe(1);
    for (const name of ['latin1.md:6', 'tab.md:12', 'yaml-dubbele-punt.md:5', 'yaml-aanhalingsteken.md:6', 'kopie.md:2']) expect(output).toContain(mistake(name));
    expect(output).not.toContain('goed.md');
  });

  it('says so when a path does not exist', () => {
    const { code, output } = contentCheck('bestaat-niet.md');
    expect(code).toBe(1);
    expect(output).toContain('bestaat-niet.md: dit bestand of deze map bestaat niet');
  });
});
