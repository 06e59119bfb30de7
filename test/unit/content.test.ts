import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { experienceLabel } from '../../client/lib/researchCharts.ts';
import { en } from '../../common/i18n/en.ts';
import { nl } from '../../common/i18n/nl.ts';

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

  it('shows users no word "seed": not in content/ (front matter and notes) and not in the message catalogues', () => {
    const contentDir = join(PROJECT_ROOT, 'content');
    const contentFiles = readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(contentDir, name));
    const i18nDir = join(PROJECT_ROOT, 'common', 'i18n');
    const catalogues = readdirSync(i18nDir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(i18nDir, name));
    expect(catalogues.length).toBeGreaterThanOrEqual(4);
    const mentions = [...contentFiles, ...catalogues].filter((file) => /seed/i.test(readFileSync(file, 'utf8')));
    expect(mentions).toEqual([]);
    // And what the loader keeps of them: every source line and rendered text.
    const loaded = JSON.stringify([...Object.values(loadContent(contentDir))].map((kind) => [...kind.values()]));
    expect(loaded).not.toMatch(/seed/i);
  });

  it('names the sources by their real titles', () => {
    const content = loadContent(join(PROJECT_ROOT, 'content'));
    for (const language of ['nl', 'en'] as const) {
      expect(content.research.get(`${language}/onderzoek-aos`)?.source).toMatch(/Pedagogisch Klimaat.*Academische Opleidingsschool \(AOS\) Brabant Noord-Oost, 2014–2017/);
      const startgesprek = content.cardSets.get(`${language}/startgesprek`)?.source ?? '';
      expect(startgesprek).toContain('Gereedschapskist voor beter samenwerken met ouders');
      expect(startgesprek).toContain('Ouders in Rotterdam Zuid');
      expect(startgesprek).toContain('Ouderbetrokkenheid 3.0: 4 basisvormen om effectief samen te werken met ouders');
      expect(startgesprek).toContain('Hoe we ouderbetrokkenheid kunnen vergroten');
      expect(startgesprek).toContain('Samenwerkingsverband VO Amsterdam-Diemen');
      expect(startgesprek).toContain('Noëlle Pameijer');
    }
  });

  it('offers the manual’s programme exactly, and the extended one saying what it adds and takes, in Dutch and English', () => {
    const content = loadContent(join(PROJECT_ROOT, 'content'));
    for (const language of ['nl', 'en'] as const) {
      const original = content.programmes.get(`${language}/tienminutengesprekken-origineel`);
      expect(original?.phases.map((phase) => [phase.kind, phase.minutes])).toEqual([
        ['intro', 5],
        ['research', 4],
        ['dialogue', 20],
        ['plenary', 10],
        ['roleplay', 15],
        ['evaluation', 15],
      ]);
      // The manual shows a film of the findings, not a questionnaire; its two card sets.
      expect(original?.phases[1]).toMatchObject({ research: 'onderzoek-aos', quickscan: false });
      expect(original?.phases[4]?.cardsets).toEqual(['thuissituatie', 'prestaties']);
      const extended = content.programmes.get(`${language}/tienminutengesprekken`);
      const intro = extended?.phases[0]?.notesHtml ?? '';
      expect(intro).toMatch(language === 'nl' ? /quickscan.*actiepunten.*10 in plaats van 15/s : /quickscan.*action points.*10 instead of 15/s);
      expect(intro).toContain(original!.title);
    }
  });

  it('offers Het startgesprek in Dutch and English: 75 minutes, six statements with notes, the startgesprek cards with its own observer card', () => {
    const content = loadContent(join(PROJECT_ROOT, 'content'));
    for (const language of ['nl', 'en'] as const) {
      const programme = content.programmes.get(`${language}/startgesprek`);
      const phases = programme?.phases ?? [];
      expect(phases.map((phase) => phase.kind)).toEqual(['intro', 'intro', 'statements', 'roleplay', 'evaluation', 'dialogue', 'plenary', 'actions']);
      expect(phases.reduce((sum, phase) => sum + phase.minutes, 0)).toBe(75);
      expect(programme?.summary?.length).toBeGreaterThan(0);
      const statements = phases.find((phase) => phase.kind === 'statements')?.statements ?? [];
      expect(statements).toHaveLength(6);
      // Each with notes for the facilitator: what the sources say and a question to ask.
      for (const statement of statements) expect(statement.notesHtml).toContain(language === 'nl' ? 'Vraag:' : 'Ask:');
      const roleplay = phases.find((phase) => phase.kind === 'roleplay');
      expect(roleplay?.cardsets).toEqual(['startgesprek']);
      const lists = [...(roleplay?.questions ?? []), ...phases.flatMap((phase) => (phase.kind === 'roleplay' ? [] : phase.questions))];
      for (const id of lists) expect(content.questionLists.get(`${language}/${id}`), id).toBeDefined();
      expect(roleplay?.questions.map((id) => content.questionLists.get(`${language}/${id}`)?.audience)).toEqual(['observer', 'parent', 'student']);
      const observers = content.cardSets.get(`${language}/startgesprek`)?.cards.filter((card) => card.role === 'observer');
      expect(observers?.map((card) => card.id)).toEqual(['waarnemer-startgesprek']);
    }
  });

  it('asks and labels each research statement on the scale the research asked it on', () => {
    const content = loadContent(join(PROJECT_ROOT, 'content'));
    const knowing = ['thuissituatie-kennen', 'rol-ouders-kennen'];
    for (const [language, t] of [['nl', nl], ['en', en]] as const) {
      const research = content.research.get(`${language}/onderzoek-aos`)!;
      for (const statement of research.statements) {
        const scale = knowing.includes(statement.id) ? 'goed' : 'vaak';
        expect(statement.scale, `${language} ${statement.id}`).toBe(scale);
        // A statement about knowing reads as one: "Ik ken …", "I know …".
        expect(/^(Ik ken|I know)\b/.test(statement.mentor), `${language} ${statement.id}: ${statement.mentor}`).toBe(scale === 'goed');
        const label = experienceLabel(t, statement.scale);
        if (scale === 'goed') {
          // The research's answers for knowing: goed / redelijk / nauwelijks–niet; its figure is "goed".
          expect(label).toBe(language === 'nl' ? 'Mentor kent het goed' : 'Mentor knows it well');
          expect(label).not.toMatch(/vaak|altijd|often|always/i);
          // A self-report is said to be one.
          expect(statement.takeaway).toMatch(language === 'nl' ? /zegt .* goed te kennen/ : /say.* know it well/);
        } else expect(label).toBe(t.rsExperience);
      }
    }
    // The phone asks how well, with the research's four answers, lowest first.
    expect(nl.rsPhoneKnowsQuestion).toBe('Hoe goed ken je dit?');
    expect(nl.rsKnowsScale).toEqual(['Niet', 'Nauwelijks', 'Redelijk', 'Goed']);
    expect(en.rsPhoneKnowsQuestion).toBe('How well do you know this?');
    expect(en.rsKnowsScale).toHaveLength(4);
    // No programme presents the self-report as a fact on the big screen.
    for (const programme of content.programmes.values()) {
      for (const phase of programme.phases) expect(phase.projectorHtml).not.toMatch(/mentoren kent de thuissituatie goed|mentors know the home situation well/);
    }
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
