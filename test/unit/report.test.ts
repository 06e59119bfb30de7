/**
 * The session report: `toReport` on a whole meeting walked with a fake clock (time per phase, the
 * flip-overs without names, tips, evaluation, role-play feedback, team and personal action points by
 * consent), its Markdown file (`reportMarkdown`) read back by `parseReport` for the follow-up
 * meeting, and the problems `parseReport` names in a file that is not a good report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { isoDate } from '../../common/dates.ts';
import { nl } from '../../common/i18n/nl.ts';
import { reportMarkdown, usedMinutesText } from '../../common/reportMarkdown.ts';
import { parseReport } from '../../server/content/loadContent.ts';
import type { Card, CardSet, QuestionList } from '../../server/content/types.ts';
import type { SessionReport } from '../../server/protocol/views.ts';
import type { RoomEvent } from '../../server/rooms.ts';
import type { Group } from '../../server/session/seats/seats.ts';
import { toReport } from '../../server/session/report/report.ts';
import { sessionMachine } from '../../server/session/sessionMachine.ts';
import type { SessionEvent } from '../../server/session/context.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { testInput, testProgramme } from '../fixtures/programme.ts';

const MINUTE_MS = 60_000;
/** Midday, so the report's day is the same in any time zone the tests run in. */
const T0 = Date.UTC(2026, 10, 23, 12, 0);

const list = (id: string, audience: QuestionList['audience'], title: string, questions: [string, string][]): QuestionList => ({
  id,
  language: 'nl',
  title,
  audience,
  questions: questions.map(([qid, text]) => ({ id: qid, text, hint: null })),
});
const dialoog = list('dialoog', 'everyone', 'Dialoog', [
  ['helpen', 'Wat helpt?'],
  ['oplossingen', 'Welke oplossingen?'],
]);
const ouderFeedback = list('ouder-fb', 'parent', 'Voor de ouder', [['gehoord', 'Voelde je je gehoord?']]);
const waarnemerFeedback = list('waarnemer-fb', 'observer', 'Voor de waarnemer', [['viel-op', 'Wat viel je op?']]);
const evaluatie = list('evaluatie', 'mentor', 'Voor de mentor', [
  ['moeilijk', 'Wat was moeilijk?'],
  ['volgende', 'Wat doe je volgende keer?'],
]);
const card = (id: string, role: Card['role']): Card => ({ id, role, title: id, wantsHtml: '<p>wil</p>', keepsHtml: '<p>houdt</p>', tipHtml: '' });
const cardSet: CardSet = {
  id: 'set',
  language: 'nl',
  title: 'Set',
  theme: 'Thema',
  situationHtml: '<p>situatie</p>',
  source: null,
  students: null,
  observers: null,
  cards: [card('mentor', 'mentor'), card('ouder-1', 'parent'), card('ouder-2', 'parent'), card('leerling-1', 'student'), card('waarnemer', 'observer')],
};

const base = testProgramme.phases[0] as (typeof testProgramme.phases)[number];
const phase = (kind: typeof base.kind, title: string, minutes: number, more: Partial<typeof base> = {}) => ({ ...base, kind, title, minutes, ...more });
const programme = {
  ...testProgramme,
  phases: [
    phase('intro', 'Intro', 5),
    phase('dialogue', 'Dialoog', 10, { questions: ['dialoog'] }),
    phase('plenary', 'Plenair', 10, { questions: ['dialoog'] }),
    phase('roleplay', 'Oefengesprekken', 15, { cardsets: ['set'], questions: ['ouder-fb', 'waarnemer-fb'] }),
    phase('evaluation', 'Evaluatie', 5, { questions: ['evaluatie'] }),
    phase('actions', 'Actiepunten', 8),
  ],
};

const NAMES = { 'pid-a': 'Anouk', 'pid-b': 'Bram', 'pid-c': 'Chaima', 'pid-d': 'Daan', 'pid-e': 'Esra', 'pid-f': 'Floor' };
type Pid = keyof typeof NAMES;
const PEOPLE = Object.keys(NAMES) as Pid[];

/** A meeting on a fake clock: `to(m)` sets it to m minutes after T0; each event is one second after the last. */
function meeting() {
  let now = T0;
  const actor = createActor(sessionMachine, {
    input: { ...testInput, programme, library: { cardSets: [cardSet], questionLists: [dialoog, ouderFeedback, waarnemerFeedback, evaluatie] }, at: now },
  }).start();
  const send = (event: RoomEvent) => {
    const stamped = { ...event, at: now } as SessionEvent;
    expect(actor.getSnapshot().can(stamped), JSON.stringify(event)).toBe(true);
    actor.send(stamped);
    now += 1000;
  };
  const context = () => actor.getSnapshot().context;
  return { actor, send, context, to: (minutes: number) => (now = T0 + minutes * MINUTE_MS), report: (atMinutes: number) => toReport(context(), T0 + atMinutes * MINUTE_MS) };
}

const TIPS = { rustig: 'Een rustige plek', agenda: 'Stuur vooraf een agenda', doorvragen: 'Vraag door' };

/**
 * A whole meeting of 61 minutes: six people, two dialogue groups, a tip or two, one role-play round,
 * evaluation answers, and action points with every kind of consent.
 */
function wholeMeeting({ end = true }: { end?: boolean } = {}) {
  const m = meeting();
  for (const [n, id] of PEOPLE.entries()) m.send({ type: 'join', participantId: id, name: NAMES[id], tokenHash: `token-${n}` });

  m.to(1);
  m.send({ type: 'start' });
  m.to(7);
  m.send({ type: 'next' });

  // The dialogue: 5 minutes, 3 paused, 6 more.
  m.send({ type: 'dialogueStart', present: PEOPLE, seed: 7 });
  const [g1, g2] = m.context().dialogue?.groups as [Group, Group];
  const answer = (participantId: string, key: string, questionId: string, text: string) => m.send({ type: 'dialogueAnswer', participantId, key, questionId, text });
  // Group 2 writes first: the report sorts by group.
  answer(g2.members[0] as string, 'answer-0001', 'helpen', TIPS.agenda);
  answer(g1.members[0] as string, 'answer-0002', 'helpen', TIPS.rustig);
  answer(g1.members[1] as string, 'answer-0003', 'oplossingen', TIPS.doorvragen);
  m.to(12);
  m.send({ type: 'pause' });
  m.to(15);
  m.send({ type: 'resume' });
  m.to(21);
  m.send({ type: 'next' });

  // The plenary: 9 minutes.
  m.send({ type: 'plenaryTip', answerId: 'answer-0002', tip: true });
  m.send({ type: 'plenaryTip', answerId: 'answer-0003', tip: true });
  m.to(30);
  m.send({ type: 'next' });

  // The role-play: 16 minutes, one round, feedback from everyone in it.
  m.send({ type: 'roleplaySetup', settings: { cardSetId: 'set', format: 'pairs', observers: true, rounds: 1, minutesPerRound: 5, observersSeeCards: false }, present: PEOPLE, seed: 3 });
  m.send({ type: 'roleplayStartRound' });
  m.to(40);
  m.send({ type: 'roleplayEndRound' });
  const deal = m.context().roleplay?.deals[0] ?? {};
  for (const [participantId, seat] of Object.entries(deal)) {
    const text = `FB-${seat.role}-${participantId.slice(4)}`;
    const questionId = seat.role === 'parent' ? 'gehoord' : seat.role === 'observer' ? 'viel-op' : 'zelf';
    m.send({ type: 'roleplayFeedback', participantId, key: `feedback-${participantId}`, round: 0, answers: [{ questionId, text }] });
  }
  m.to(46);
  m.send({ type: 'next' });

  // The evaluation: 4 minutes.
  const evaluation = (participantId: string, key: string, questionId: string, text: string) =>
    m.send({ type: 'submit', participantId, key, kind: 'evaluation', questionId, text, phaseIndex: 4 });
  evaluation('pid-a', 'eval-0001', 'moeilijk', 'Stil blijven na een vraag');
  evaluation('pid-b', 'eval-0002', 'moeilijk', 'Niet meteen oplossen');
  evaluation('pid-c', 'eval-0003', 'volgende', 'Eerst luisteren');
  m.to(50);
  m.send({ type: 'next' });

  // The action points: 8 minutes.
  const points = (participantId: Pid, texts: string[]) =>
    texts.forEach((text, n) => m.send({ type: 'actionPoint', participantId, key: `point-${participantId}-${n}`, text }));
  points('pid-a', ['PRIVÉ van Anouk']);
  points('pid-b', ['Zonder naam 1', 'Zonder naam 2']);
  points('pid-c', ['Met naam 1', 'Met naam 2']);
  points('pid-d', ['Zonder naam 3']);
  // Esra agrees to her name but writes nothing; Floor writes nothing and agrees to nothing.
  const consent = (participantId: Pid, value: 'anonymous' | 'named') => m.send({ type: 'reportConsent', participantId, consent: value });
  consent('pid-b', 'anonymous');
  consent('pid-c', 'named');
  consent('pid-d', 'anonymous');
  consent('pid-e', 'named');
  m.send({ type: 'teamVote', participantId: 'pid-f', answerId: 'answer-0003', vote: true });
  m.send({ type: 'teamPoint', answerId: 'answer-0003', chosen: true });
  m.send({ type: 'teamPoint', answerId: 'answer-0002', chosen: true });
  if (end) {
    m.to(58);
    m.send({ type: 'end' });
  }
  return { m, g1, g2, deal };
}

describe('toReport', () => {
  it('phases with planned and used minutes (paused time not counted); created and closed times', () => {
    const { m } = wholeMeeting();
    const report = m.report(90);
    expect(report.phases).toEqual([
      { kind: 'intro', title: 'Intro', plannedMinutes: 5, usedMinutes: 6 },
      { kind: 'dialogue', title: 'Dialoog', plannedMinutes: 10, usedMinutes: 11 },
      { kind: 'plenary', title: 'Plenair', plannedMinutes: 10, usedMinutes: 9 },
      { kind: 'roleplay', title: 'Oefengesprekken', plannedMinutes: 15, usedMinutes: 16 },
      { kind: 'evaluation', title: 'Evaluatie', plannedMinutes: 5, usedMinutes: 4 },
      { kind: 'actions', title: 'Actiepunten', plannedMinutes: 8, usedMinutes: 8 },
    ]);
    expect(report).toMatchObject({ code: 'ABCDEF', programmeTitle: 'Testprogramma', language: 'nl', createdAt: T0, closedAt: T0 + 58 * MINUTE_MS, participantCount: 6 });
  });

  it('before the close: the current phase counts up to now, and there is no closing time', () => {
    const { m } = wholeMeeting({ end: false });
    const report = m.report(53);
    expect(report.phases.map((p) => p.usedMinutes)).toEqual([6, 11, 9, 16, 4, 3]);
    expect(report.closedAt).toBeNull();
  });

  it('short phases keep their seconds: 90 s, 20 s, and phases never reached; the page and the file round them honestly', () => {
    const m = meeting();
    m.send({ type: 'join', participantId: 'pid-a', name: 'Anouk', tokenHash: 'token-a' });
    m.to(1);
    m.send({ type: 'start' });
    m.to(2.5);
    m.send({ type: 'next' });
    m.to(2.5 + 20 / 60);
    m.send({ type: 'end' });
    const report = m.report(10);
    expect(report.phases.map((p) => p.usedMinutes)).toEqual([1.5, 1 / 3, 0, 0, 0, 0]);
    const shown = report.phases.map((p) => usedMinutesText(p.usedMinutes, nl));
    expect(shown).toEqual(['2 min', '< 1 min', 'niet gehouden', 'niet gehouden', 'niet gehouden', 'niet gehouden']);
    const markdown = reportMarkdown(report, nl, 'nl');
    expect(markdown).toContain('| Intro | 5 min | 2 min |');
    expect(markdown).toContain('| Dialoog | 10 min | < 1 min |');
    expect(markdown).toContain('| Plenair | 10 min | niet gehouden |');
  });

  it('the flip-overs per question with the group’s number, sorted by group; the tips', () => {
    const { m } = wholeMeeting();
    const report = m.report(90);
    expect(report.dialogue).toEqual({
      groupCount: 2,
      questions: [
        {
          text: 'Wat helpt?',
          answers: [
            { group: 1, text: TIPS.rustig, tip: true },
            { group: 2, text: TIPS.agenda, tip: false },
          ],
        },
        { text: 'Welke oplossingen?', answers: [{ group: 1, text: TIPS.doorvragen, tip: true }] },
      ],
    });
    expect(report.tips).toEqual([TIPS.rustig, TIPS.doorvragen]);
  });

  it('tips: a section with a plenary in the programme ("Geen." when none were marked), none without one', () => {
    const { m } = wholeMeeting();
    const report = m.report(90);
    expect(reportMarkdown(report, nl, 'nl')).toContain(`## Tips uit het plenaire deel\n\n- ${TIPS.rustig}\n`);
    expect(reportMarkdown({ ...report, tips: [] }, nl, 'nl')).toContain('## Tips uit het plenaire deel\n\nGeen.\n');
    const withoutPlenary = { ...report, tips: [], phases: report.phases.filter((phase) => phase.kind !== 'plenary') };
    expect(reportMarkdown(withoutPlenary, nl, 'nl')).not.toContain('Tips uit het plenaire deel');
  });

  it('evaluation answers per question, without names', () => {
    const report = wholeMeeting().m.report(90);
    expect(report.evaluation).toEqual([
      { listTitle: 'Voor de mentor', question: 'Wat was moeilijk?', answers: ['Stil blijven na een vraag', 'Niet meteen oplossen'] },
      { listTitle: 'Voor de mentor', question: 'Wat doe je volgende keer?', answers: ['Eerst luisteren'] },
    ]);
  });

  it('role-play feedback per role and question; the mentors’ self-reflection stays out', () => {
    const { m, deal } = wholeMeeting();
    const report = m.report(90);
    const byRole = (role: string) => Object.entries(deal).filter(([, seat]) => seat.role === role).map(([id]) => `FB-${role}-${id.slice(4)}`);
    // The walk must give every role something to say, or this checks nothing.
    expect(byRole('parent').length).toBeGreaterThan(0);
    expect(byRole('observer').length).toBeGreaterThan(0);
    expect(byRole('mentor').length).toBeGreaterThan(0);
    expect(report.feedback).toContainEqual({ role: 'parent', question: 'Voelde je je gehoord?', answers: byRole('parent') });
    expect(report.feedback).toContainEqual({ role: 'observer', question: 'Wat viel je op?', answers: byRole('observer') });
    expect(report.feedback.map((item) => item.role)).not.toContain('mentor');
    expect(JSON.stringify(report)).not.toContain('FB-mentor');
  });

  it('team points as chosen; personal points: private absent, anonymous pooled without a name, named with the name', () => {
    const report = wholeMeeting().m.report(90);
    expect(report.teamActionPoints).toEqual([TIPS.doorvragen, TIPS.rustig]);
    expect(report.personalActionPoints).toEqual([
      { name: 'Chaima', points: ['Met naam 1', 'Met naam 2'] },
      { name: null, points: ['Zonder naam 1', 'Zonder naam 2', 'Zonder naam 3'] },
    ]);
    expect(report.lookBack).toBeNull();
  });

  it('holds no name and no participant id, except the name of whoever agreed to it; no private point', () => {
    const text = JSON.stringify(wholeMeeting().m.report(90));
    for (const name of ['Anouk', 'Bram', 'Daan', 'Esra', 'Floor']) expect(text).not.toContain(name);
    expect(text.match(/Chaima/g)).toHaveLength(1);
    expect(text).not.toContain('pid-');
    expect(text).not.toContain('token-');
    expect(text).not.toContain('PRIVÉ');
  });

  it('a removed participant’s points leave the report with them', () => {
    const { m } = wholeMeeting({ end: false });
    m.send({ type: 'kick', participantId: 'pid-c' });
    m.send({ type: 'kick', participantId: 'pid-d' });
    const report = m.report(55);
    expect(report.personalActionPoints).toEqual([{ name: null, points: ['Zonder naam 1', 'Zonder naam 2'] }]);
    expect(JSON.stringify(report)).not.toContain('Chaima');
  });
});

/** The front matter as parseReport reads it back, or its problems. */
const readBack = (markdown: string) => parseReport('verslag.md', markdown);

describe('reportMarkdown → parseReport', () => {
  it('gives back the team points and only the named personal points', () => {
    const report = wholeMeeting().m.report(90);
    const markdown = reportMarkdown(report, nl, 'nl');
    expect(readBack(markdown)).toEqual({
      lookBack: {
        date: isoDate(T0),
        programme: 'Testprogramma',
        team: [TIPS.doorvragen, TIPS.rustig],
        personal: [{ name: 'Chaima', points: ['Met naam 1', 'Met naam 2'] }],
      },
    });
    // The file for people: the pooled points without a name, and no name that was not given.
    expect(markdown).toContain('Zonder naam 3');
    for (const name of ['Anouk', 'Bram', 'Daan', 'Esra', 'Floor']) expect(markdown).not.toContain(name);
    expect(markdown).not.toContain('PRIVÉ');
  });

  it('a report without team or named points reads back as empty lists', () => {
    const report = { ...wholeMeeting().m.report(90), teamActionPoints: [], personalActionPoints: [{ name: null, points: ['Zonder naam'] }] };
    expect(readBack(reportMarkdown(report, nl, 'nl'))).toEqual({ lookBack: { date: isoDate(T0), programme: 'Testprogramma', team: [], personal: [] } });
  });

  /** Participant text that means something to Markdown, HTML or YAML. */
  const TRICKY = [
    '<script>alert("x")</script>',
    '**vet** en _schuin_',
    '# kop',
    'regel een\nregel twee',
    'zeg "hallo" en \'dag\'',
    'pad\\naar\\map \\',
    '---',
    'a | b ~~weg~~ `code` [link](x)',
    '<img src=x onerror=alert(1)>',
    '> citaat',
    '1. eerst dit',
  ];

  it('participant text with Markdown, HTML, quotes, backslashes and line breaks reads back exactly', () => {
    const { m } = wholeMeeting({ end: false });
    // Chaima writes them all (up to ten points each); a tip with such text becomes a team point.
    TRICKY.slice(0, 8).forEach((text, n) => m.send({ type: 'actionPoint', participantId: 'pid-c', key: `tricky-${n}`, text }));
    const report = m.report(55);
    const team = [TIPS.doorvragen, TIPS.rustig];
    const mine = ['Met naam 1', 'Met naam 2', ...TRICKY.slice(0, 8)];
    expect(report.personalActionPoints[0]).toEqual({ name: 'Chaima', points: mine });
    expect(readBack(reportMarkdown(report, nl, 'nl'))).toEqual({ lookBack: { date: isoDate(T0), programme: 'Testprogramma', team, personal: [{ name: 'Chaima', points: mine }] } });
    // And the tricky text as a team point and a name-less point, and in the programme's title.
    const odd = { ...report, programmeTitle: '"Titel" --- met # en \\', teamActionPoints: TRICKY, personalActionPoints: [{ name: 'Chaima', points: TRICKY.slice(0, 10) }, { name: null, points: TRICKY }] };
    expect(readBack(reportMarkdown(odd, nl, 'nl'))).toEqual({
      lookBack: { date: isoDate(T0), programme: '"Titel" --- met # en \\', team: TRICKY, personal: [{ name: 'Chaima', points: TRICKY.slice(0, 10) }] },
    });
  });

  /** The tags of the HTML a Markdown viewer makes of the file, in order. */
  const tagsOf = (html: string) => html.match(/<\/?[a-z][a-z0-9]*/g) ?? [];
  /** The visible text of that HTML. */
  const visibleText = (html: string) =>
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  /** The page a Markdown viewer shows: the body, after the front matter (which viewers hide). */
  const render = (report: SessionReport) => {
    const markdown = reportMarkdown(report, nl, 'nl');
    const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
    expect(body.length).toBeLessThan(markdown.length);
    return marked.parse(body, { async: false, gfm: true });
  };
  const withText = (report: SessionReport, text: string): SessionReport => ({
    ...report,
    tips: [text],
    evaluation: [{ listTitle: 'Lijst', question: 'Vraag?', answers: [text] }],
    teamActionPoints: [text],
    personalActionPoints: [{ name: 'Chaima', points: [text] }],
  });

  it.each(TRICKY)('in the body, “%s” stays one line of plain text: the page has the same structure as with a plain word', (text) => {
    const report = wholeMeeting().m.report(90);
    const plainPage = render(withText(report, 'gewoon'));
    const page = render(withText(report, text));
    expect(tagsOf(page)).toEqual(tagsOf(plainPage));
    // Shown as typed, on one line.
    const shown = visibleText(page);
    const oneLine = text.replace(/\s+/g, ' ');
    expect(shown.split(oneLine).length - 1).toBe(4);
    if (oneLine !== text) expect(shown).not.toContain(text);
  });
});

describe('parseReport: a file that is not a good report', () => {
  const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'test/fixtures/reports', name), 'utf8');

  it.each([
    ['not-driegesprek.md', 2, 'report', 'dit is geen verslag van Driegesprek'],
    ['no-front-matter.md', 1, '(bestand)', 'het bestand moet beginnen met een blok tussen twee regels ---'],
    ['wrong-version.md', 3, 'version', 'onbekende versie van het verslag'],
    ['bad-date.md', 4, 'date', 'moet een datum zijn als 2026-11-23'],
    ['personal-without-name.md', 12, 'personal.1.name', 'ontbreekt'],
  ])('%s: names file, line %i and field %s', (file, line, field, message) => {
    expect(parseReport(file, fixture(file))).toEqual({ problems: [{ file, line, field, message, severity: 'error' }] });
  });

  /** A report whose front matter holds `lines` after its first four. */
  const reportWith = (...lines: string[]) => ['---', 'report: driegesprek', 'version: 1', 'date: 2026-11-23', 'programme: Tienminutengesprekken', ...lines, '---', ''].join('\n');
  it.each([
    ['41 team points', reportWith('team:', ...Array.from({ length: 41 }, (_, i) => `  - Punt ${i}`)), 7, 'team', 'hoogstens 40 punten'],
    ['a point of 501 characters', reportWith('team:', '  - Kort', `  - ${'x'.repeat(501)}`), 8, 'team.1', 'hoogstens 500 tekens'],
    ['11 points for one person', reportWith('personal:', '  - name: Anouk', '    points:', ...Array.from({ length: 11 }, (_, i) => `      - Punt ${i}`)), 9, 'personal.0.points', 'hoogstens 10 punten'],
    ['201 people', reportWith('personal:', ...Array.from({ length: 201 }, (_, i) => `  - { name: Naam${i}, points: [Punt] }`)), 7, 'personal', 'hoogstens 200 mensen'],
  ])('a report made too large (%s) is refused: it would go to every phone', (_what, source, line, field, message) => {
    expect(parseReport('groot.md', source)).toEqual({ problems: [{ file: 'groot.md', line, field, message, severity: 'error' }] });
  });

  it('another Markdown file with front matter (a card set chosen by mistake) is called no Driegesprek report', () => {
    const file = 'thuissituatie.md';
    const result = parseReport(file, readFileSync(join(PROJECT_ROOT, 'content/cardsets', file), 'utf8'));
    expect('problems' in result && result.problems).toContainEqual({ file, line: expect.any(Number), field: 'report', message: 'dit is geen verslag van Driegesprek', severity: 'error' });
  });
});

describe('usedMinutesText: minutes as the report shows them', () => {
  it.each([
    [0, 'niet gehouden'],
    [1 / 60, '< 1 min'],
    [29 / 60, '< 1 min'],
    [30 / 60, '1 min'],
    [89 / 60, '1 min'],
    [90 / 60, '2 min'],
    [6, '6 min'],
    [6 + 29 / 60, '6 min'],
    [6 + 31 / 60, '7 min'],
  ])('%s min → %s', (minutes, text) => {
    expect(usedMinutesText(minutes, nl)).toBe(text);
  });
});
