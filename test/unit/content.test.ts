import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';

function contentWith(programme: string): string {
  const root = mkdtempSync(join(tmpdir(), 'driegesprek-content-'));
  mkdirSync(join(root, 'programmes'));
  writeFileSync(join(root, 'programmes', 'p.md'), programme);
  return root;
}

function problems(programme: string) {
  try {
    loadContent(contentWith(programme));
  } catch (error) {
    if (error instanceof ContentError) return error.problems.map(({ line, field, message }) => ({ line, field, message }));
    throw error;
  }
  return [];
}

describe('content', () => {
  it('loads the real programme: seven phases in order, rendered to HTML', () => {
    const programme = loadContent(join(PROJECT_ROOT, 'content')).programmes.get('nl/tienminutengesprekken');
    expect(programme?.phases.map((phase) => [phase.kind, phase.minutes])).toEqual([
      ['intro', 5],
      ['research', 8],
      ['dialogue', 20],
      ['plenary', 10],
      ['roleplay', 15],
      ['evaluation', 10],
      ['actions', 8],
    ]);
    for (const phase of programme?.phases ?? []) {
      expect(phase.projectorHtml).toMatch(/^<(p|ul|ol)>/);
      expect(phase.phoneHtml).toMatch(/^<p>/);
    }
  });

  it('holds the card sets of the method, in Dutch and English, each playable', () => {
    const content = loadContent(join(PROJECT_ROOT, 'content'));
    const roles = (key: string) => content.cardSets.get(key)?.cards.map((card) => card.role).join(',');
    const set = 'mentor,parent,parent,parent,parent,parent,student,student,student,student,observer';
    expect(roles('nl/thuissituatie')).toBe(set);
    expect(roles('nl/prestaties')).toBe(set);
    expect(roles('en/thuissituatie')).toBe(set);
    expect(roles('en/prestaties')).toBe(set);
    expect(roles('nl/startgesprek')).toMatch(/^mentor,parent,parent,parent,parent,student,student/);
    for (const language of ['nl', 'en'] as const) {
      const programme = content.programmes.get(`${language}/tienminutengesprekken`);
      expect(programme?.phases.find((phase) => phase.kind === 'roleplay')?.cardsets).toEqual(['thuissituatie', 'prestaties', 'startgesprek']);
      expect(programme?.phases.find((phase) => phase.kind === 'dialogue')?.questions).toEqual(['dialoog']);
      expect(content.questionLists.get(`${language}/dialoog`)?.questions).toHaveLength(5);
    }
    const research = content.research.get('nl/onderzoek-aos');
    expect(research?.respondents).toEqual({ mentors: 128, parents: 1211, schools: 4 });
    expect(research?.statements).toHaveLength(11);
  });

  it('cites its sources by title and makers, never by the project’s filing number for them', () => {
    const dir = join(PROJECT_ROOT, 'content');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md'));
    expect(files.length).toBeGreaterThan(20);
    const filed = files.filter((name) => /\bseed\s*0\d\d\b/i.test(readFileSync(join(dir, name), 'utf8')));
    expect(filed).toEqual([]);
  });

  it('names the line and field of every problem at once', () => {
    const found = problems(
      ['---', 'id: p', 'title: P', 'language: nl', 'phases:', '  - kind: chat', '    title: A', '    minutes: -3', '  - kind: intro', '    title: B', '    minutes: 5', '    colour: red', '---', ''].join('\n'),
    );
    expect(found).toEqual([
      { line: 6, field: 'phases.0.kind', message: expect.stringContaining('intro, research') },
      { line: 8, field: 'phases.0.minutes', message: 'moet een positief getal zijn' },
      { line: 12, field: 'phases.1.colour', message: expect.stringContaining('onbekend veld') },
    ]);
  });

  it('reports broken YAML and a missing front matter', () => {
    expect(problems('# just markdown\n')).toEqual([{ line: 1, field: '(bestand)', message: expect.any(String) }]);
    expect(problems('---\nid: p\ntitle: [unclosed\n---\n')[0]).toMatchObject({ field: '(yaml)' });
  });

  it('strips scripts and handlers from rendered Markdown', () => {
    const root = contentWith(
      ['---', 'id: p', 'title: P', 'language: nl', 'phases:', '  - kind: intro', '    title: A', '    minutes: 5', '    projector: |', '      Hallo <script>window.x=1</script><img src=x onerror="window.x=1"> [link](javascript:alert(1))', '---', ''].join('\n'),
    );
    const html = loadContent(root).programmes.get('nl/p')?.phases[0]?.projectorHtml ?? '';
    expect(html).toBe('<p>Hallo  link</p>');
  });
});
