import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/startServer.ts';

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
const CHECK = join(PROJECT_ROOT, 'scripts/contentCheck.ts');

/** Runs `npm run content:check -- DIR` the way a trainer would; returns exit code and output. */
function contentCheck(dir: string): { code: number; output: string } {
  try {
    const output = execFileSync(TSX, [CHECK, dir], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (error) {
    const { status, stderr } = error as { status: number; stderr: string };
    return { code: status, output: stderr };
  }
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
    ['duplicate-id', 'cardsets/set-b.md:2: id: id "set-a" (nl) bestaat al'],
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
});
