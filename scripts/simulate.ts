/**
 * Bot phones for rehearsing and load-checking a session.
 *
 *   npm run simulate -- --participants 8                 own server, walk every phase, exit 0 if every bot saw every phase and
 *                                                        the activities went well: the quickscan (see answerQuickscan), dialogue,
 *                                                        plenary tips, role-play (see playRoleplay), evaluation and action points
 *                                                        (see writeActionPoints)
 *   npm run simulate -- --participants 8 --report FILE   the same, then write the session report as Markdown to FILE and
 *                                                        check it holds what it must and nothing it must not (see checkReport)
 *   npm run simulate -- --participants 8 --url URL       the same against a running server
 *   npm run simulate -- --participants 8 --code ABC234   only add bots to an existing session (Ctrl-C stops them)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadContent } from '../server/content/loadContent.ts';
import { nl } from '../common/i18n/nl.ts';
import { plain, reportMarkdown } from '../common/reportMarkdown.ts';
import type { Consent, FiguresView, PhaseKind, PhoneView, PlayRole, ProjectorView, Rating, SessionReport } from '../server/protocol/views.ts';
import { QUICKSCAN_MIN_RESPONDENTS } from '../server/session/research/quickscan.ts';
import { PROJECT_ROOT, startServer } from '../server/startServer.ts';
import { createSqliteStore } from '../server/store/sqliteStore.ts';
import { createSession, hostClient, joinedPhone, type Client } from './lib/clients.ts';
import { allowedCards, findCardSet, leaks, ROLE_NL, ROLE_ORDER, seatOf, SETTINGS, type SeatOf } from './lib/roleplay.ts';

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet', 'Koen', 'Lotte', 'Mees', 'Noor', 'Omar', 'Pien'];
const PHASE_TIMEOUT_MS = 10_000;

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '8' },
    url: { type: 'string' },
    code: { type: 'string' },
    report: { type: 'string' },
  },
});
const count = Number(values.participants);
if (!Number.isInteger(count) || count < 1 || count > 500) {
  console.error('--participants moet een geheel getal van 1 tot 500 zijn');
  process.exit(2);
}
if (values.code && values.report) {
  // Bots added to someone else's session have no host token, so they cannot fetch its report.
  console.error('--report kan niet samen met --code: alleen de begeleider mag het verslag ophalen');
  process.exit(2);
}

const botName = (index: number) => `${NAMES[index % NAMES.length]}${index >= NAMES.length ? ` ${Math.floor(index / NAMES.length) + 1}` : ''}`;

async function joinBots(url: string, code: string): Promise<Client<PhoneView>[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => joinedPhone(url, code, botName(index))));
}

const sawPhase = (bot: Client<PhoneView>, index: number) => bot.views.some((view) => view.phase?.index === index);

async function rehearse(url: string, code: string) {
  const bots = await joinBots(url, code);
  console.log(`${bots.length} bots doen mee met ${code}. Stop met Ctrl-C.`);
  let shown: number | null = null;
  const report = (view: PhoneView) => {
    const index = view.status === 'closed' ? -2 : (view.phase?.index ?? -1);
    if (index === shown) return;
    shown = index;
    console.log(view.status === 'closed' ? 'Sessie afgesloten.' : view.phase ? `Fase ${view.phase.index + 1}: ${view.phase.title}` : 'Wachten in de lobby…');
    if (view.status === 'closed') process.exit(0);
  };
  const first = bots[0];
  if (first?.last) report(first.last);
  first?.socket.on('view:phone', report);
  process.on('SIGINT', () => {
    for (const bot of bots) bot.close();
    process.exit(0);
  });
}

const ROLEPLAY_ROUNDS = 2;
const FEEDBACK_TEXT: Record<PlayRole, string> = {
  mentor: 'Volgende keer vraag ik eerder door naar de thuissituatie.',
  parent: 'Ik voelde me gehoord, de mentor oordeelde niet.',
  student: 'De mentor vroeg ook naar mij, dat was fijn.',
  observer: 'Goede open vragen; de afspraken aan het eind mochten concreter.',
};

/** The bot's view once it shows `round` in `stage`, or null if none came in time. */
const viewIn = (bot: Client<PhoneView>, round: number, stage: 'playing' | 'feedback') =>
  bot.until((view) => view.roleplay?.round === round && view.roleplay.stage === stage, PHASE_TIMEOUT_MS).catch(() => null);

/**
 * The role-play phase: set up with the first card set, then per round: start, print the groups,
 * end, every seated bot sends its feedback, and check that no screen got a card it may not see.
 * True when every round had all its feedback and nobody saw a card they may not see.
 */
async function playRoleplay(host: Client<ProjectorView>, bots: Client<PhoneView>[]): Promise<boolean> {
  const offer = (await host.until((view) => view.roleplay !== null, PHASE_TIMEOUT_MS)).roleplay?.choices[0];
  if (!offer) {
    console.log('Rollenspel: geen kaartenset om uit te kiezen');
    return false;
  }
  const cardSet = findCardSet(loadContent(`${PROJECT_ROOT}content`), offer.id, offer.title);
  if (!cardSet) {
    console.log(`Rollenspel: kaartenset ${offer.id} staat niet in content/, de privacy is niet te controleren`);
    return false;
  }
  const settings = { ...SETTINGS, cardSetId: offer.id, rounds: ROLEPLAY_ROUNDS };
  const setUp = await host.socket.emitWithAck('host:roleplaySetup', settings);
  if (!setUp.ok) throw new Error(`rollenspel klaarzetten: ${setUp.error}`);
  await host.until((view) => view.roleplay?.state?.stage === 'grouping', PHASE_TIMEOUT_MS);
  console.log(`Rollenspel met "${cardSet.title}": ${settings.rounds} rondes van ${settings.minutesPerRound} minuten`);

  let ok = true;
  /** Per round: participant id → the seat their own phone showed. */
  const seatsByRound: Map<string, SeatOf>[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const label = `Ronde ${round + 1}`;
    const from = { host: host.views.length, bots: bots.map((bot) => bot.views.length) };
    const started = await host.socket.emitWithAck('host:roleplayStartRound', {});
    if (!started.ok) throw new Error(`${label} starten: ${started.error}`);
    const board = await host.until((view) => view.roleplay?.state?.round === round && view.roleplay.state.stage === 'playing', PHASE_TIMEOUT_MS);

    // Every bot's phone shows the round; a bot without a seat (a late joiner) is fine.
    const playing = await Promise.all(bots.map((bot) => viewIn(bot, round, 'playing')));
    const seats = new Map<string, SeatOf>();
    for (const view of playing) {
      const seat = seatOf(view ?? undefined);
      if (seat) seats.set(seat.participantId, seat);
    }
    seatsByRound[round] = seats;
    const missing = playing.filter((view) => view === null).length;
    const seatless = playing.filter((view) => view !== null && !view.roleplay?.seat).length;
    if (missing) {
      ok = false;
      console.log(`${label}: ${missing} bots kregen de ronde niet te zien`);
    }
    if (seatless) console.log(`${label}: ${seatless} bots zonder plek (laat binnengekomen)`);

    const groups = board.roleplay?.state?.groups ?? [];
    for (const [index, group] of groups.entries()) {
      const members = [...group.members].sort((a, b) => ROLE_ORDER.indexOf(a.role ?? 'observer') - ROLE_ORDER.indexOf(b.role ?? 'observer'));
      console.log(`${label} · Groepje ${index + 1}: ${members.map((member) => `${member.name} (${member.role ? ROLE_NL[member.role] : 'geen rol'})`).join(', ')}`);
      // The projector and each phone agree on group and role.
      for (const member of group.members) {
        const seat = seats.get(member.id);
        if (seat && (seat.groupId !== group.id || seat.role !== member.role)) {
          ok = false;
          console.log(`  FOUT: ${member.name} staat op het scherm als ${member.role ?? '-'} in ${group.id}, de telefoon zegt ${seat.role} in ${seat.groupId}`);
        }
      }
    }

    const ended = await host.socket.emitWithAck('host:roleplayEndRound', {});
    if (!ended.ok) throw new Error(`${label} beëindigen: ${ended.error}`);
    const refused: string[] = [];
    await Promise.all(
      bots.map(async (bot) => {
        const form = (await viewIn(bot, round, 'feedback'))?.roleplay?.feedback;
        if (!form) return;
        const questions = form.questions.length ? form.questions.map((question) => question.id) : ['self'];
        const answers = questions.map((questionId) => ({ questionId, text: FEEDBACK_TEXT[form.role] }));
        const sent = await bot.socket.emitWithAck('phone:roleplayFeedback', { key: randomUUID(), round, answers });
        if (!sent.ok) refused.push(`${bot.last?.me?.name ?? '?'}: ${sent.error}`);
      }),
    );
    const expected = seats.size;
    const collected = await host
      .until((view) => view.roleplay?.state?.round === round && view.roleplay.state.feedback.sent >= expected, PHASE_TIMEOUT_MS)
      .catch(() => host.last);
    const feedback = collected?.roleplay?.state?.feedback ?? { sent: 0, expected: 0 };
    console.log(`Feedback ${label.toLowerCase()}: ${feedback.sent}/${feedback.expected}${refused.length ? ` (geweigerd: ${refused.join('; ')})` : ''}`);
    if (feedback.sent !== feedback.expected || feedback.expected !== expected || refused.length) ok = false;

    // Privacy, over every view each screen got during this round (feedback included).
    const violations: string[] = [];
    for (const [index, bot] of bots.entries()) {
      const byRound = new Map<number, PhoneView[]>();
      for (const view of bot.views.slice(from.bots[index])) {
        const shown = view.roleplay?.round ?? -1;
        byRound.set(shown, [...(byRound.get(shown) ?? []), view]);
      }
      for (const [shown, views] of byRound) {
        const table = seatsByRound[shown] ?? new Map<string, SeatOf>();
        const me = table.get(bot.last?.me?.id ?? '') ?? null;
        for (const leak of leaks(views, cardSet.cards, allowedCards(me, table.values(), settings.observersSeeCards))) {
          violations.push(`${bot.last?.me?.name ?? '?'} (${me ? ROLE_NL[me.role] : 'geen plek'}) zag ${leak.how === 'card' ? 'de kaart' : leak.how === 'keepsHtml' ? 'wat verzwegen wordt op' : 'wat gewild wordt op'} ${leak.cardId}`);
        }
      }
    }
    for (const leak of leaks(host.views.slice(from.host), cardSet.cards, new Set())) violations.push(`het grote scherm toonde ${leak.how} van ${leak.cardId}`);
    if (violations.length) {
      ok = false;
      console.log(`Privacy: FOUT (${violations.length} kaarten gezien die niet mochten)`);
      for (const violation of violations) console.log(`  ${violation}`);
    } else console.log('Privacy: in orde (0 kaarten gezien die niet mochten)');
  }
  return ok;
}

/** What the bots and the host wrote, so that the screens and the report can be checked against it. */
interface Ledger {
  /** Every dialogue answer that the server accepted, one per bot. */
  dialogue: string[];
  /** How many answers the host marked as tips in the plenary. */
  tips: number;
  evaluation: { listTitle: string; questionId: string; question: string; text: string }[];
  /** Per bot (by index): its personal action points and what it let the report hold. */
  points: { name: string; consent: Consent; texts: string[] }[];
  team: string[];
  /** The quickscan as the bots answered it, and the team's figures that follow from it (null while hidden). */
  quickscan: null | {
    respondents: number;
    statements: { id: string; text: string; research: { mentors: FiguresView; parents: FiguresView }; team: TeamFigures | null; largestGap: boolean }[];
  };
}

/** Plausible flip-over answers per dialogue question: the plenary tips and team action points are picked from these. */
const DIALOGUE_TEXT: Record<string, string[]> = {
  'helpen-hinderen': [
    'Het helpt als de leerling erbij is en zelf begint; tien minuten is vaak te kort voor de thuissituatie.',
    'Ouders vertellen meer als het gesprek niet alleen over cijfers gaat.',
    'Het hindert dat we ouders vaak pas spreken als er al iets mis is.',
  ],
  oplossingen: [
    'Vooraf een korte vragenlijst naar ouders sturen, dan blijft er meer tijd over voor het gesprek.',
    'Een extra belafspraak maken als tien minuten niet genoeg is.',
    'Elk gesprek beginnen met wat goed gaat.',
  ],
  'tips-onderzoek': [
    'Werk met een vaste agenda en laat ouders er zelf een punt aan toevoegen.',
    'Sluit elk gesprek af met één praktische afspraak voor thuis.',
    'Bereid het gesprek voor met de cijfers én een vraag over thuis.',
  ],
  perspectief: [
    'Vraag ouders wat zij thuis zien dat wij op school niet zien.',
    'Bedenk vooraf waar deze ouder bang voor kan zijn.',
    'Vraag wat ouders zelf het liefst willen bespreken.',
  ],
  'houding-vragen': [
    'Open vragen zonder oordeel, zoals: hoe gaat het huiswerk thuis?',
    'Eerst luisteren, dan pas adviseren.',
    'Laat stiltes vallen; ouders vullen ze vaak zelf in.',
  ],
};
const DIALOGUE_FALLBACK = ['Meer tijd nemen voor de thuissituatie.', 'Samen met ouders één doel kiezen.', 'Doorvragen in plaats van invullen.'];
/** The plenary prefers answers to these questions as tips: they read as something a team can do. */
const TIP_QUESTIONS = ['tips-onderzoek', 'oplossingen', 'houding-vragen', 'perspectief'];
const MAX_TIPS = 3;

/** Short evaluation answers per question, varied so that the wall does not look like one bot wrote it all. */
const EVALUATION_TEXT: Record<string, string[]> = {
  'moeilijk-makkelijk': [
    'Moeilijk toen de ouder boos werd over het cijfer; makkelijker toen ik vroeg hoe het thuis gaat.',
    'Makkelijk bij de vraag over huiswerk, lastig toen de ouder over de scheiding begon.',
    'Ik wilde te snel oplossen; pas na een open vraag zag ik het van de kant van de ouder.',
    'Lastig om niet in de verdediging te schieten toen de ouder de school de schuld gaf.',
    'Het ging makkelijk zodra ik de leerling zelf liet vertellen.',
    'Moeilijk: ik had mijn oordeel al klaar voordat de ouder uitgepraat was.',
    'Makkelijker dan gedacht, de rolkaart gaf me een goed beeld van thuis.',
    'Lastig bij stiltes; ik vulde ze te snel zelf in.',
  ],
  gesteund: [
    'Toen de mentor vroeg wat ik thuis al geprobeerd had.',
    'Toen de mentor zei dat mijn zorgen terecht waren.',
    'Bij de afspraak aan het eind: ik wist wat ik thuis kon doen.',
    'Toen de mentor eerst vertelde wat er goed gaat.',
    'Toen de mentor rustig doorvroeg in plaats van meteen een oplossing te geven.',
    'Toen de mentor mijn kind ook aan het woord liet.',
    'Toen de mentor vroeg wat ik zelf wilde bespreken.',
    'Eigenlijk pas aan het eind, toen we samen een plan maakten.',
  ],
};
const EVALUATION_FALLBACK = [
  'Open vragen werkten beter dan ik dacht.',
  'Door de rolkaart begreep ik de ouder beter.',
  'Het gesprek voelde rustiger dan verwacht.',
  'Volgende keer vraag ik eerder naar thuis.',
];

/** Small, concrete action points; each bot puts its name in front so that a leak shows whose point it was. */
const ACTION_POINTS = [
  'ik stuur ouders vooraf drie vragen',
  'ik vraag in elk gesprek hoe het thuis gaat met huiswerk',
  'ik begin elk gesprek met iets wat goed gaat',
  'ik leg een korte agenda op tafel',
  'ik sluit af met één afspraak die ouders thuis kunnen doen',
  'ik laat de leerling het gesprek openen',
  'ik plan na zes weken een belafspraak om terug te kijken',
  'ik vraag ouders wat zij willen bespreken',
  'ik zet de afspraken dezelfde dag in het leerlingvolgsysteem',
  'ik laat de ouder eerst uitpraten voordat ik advies geef',
  'ik bel ouders ook een keer als het goed gaat',
  'ik vraag wat de leerling thuis over school vertelt',
  'ik vraag wie er thuis helpt met plannen',
];
/** Every consent gets exercised, so the report check covers all three. */
const CONSENT_ROTATION: Consent[] = ['private', 'anonymous', 'named'];
const CONSENT_NL: Record<Consent, string> = { private: 'privé', anonymous: 'zonder naam', named: 'met naam' };
const TEAM_POINTS = 2;

const pick = <T>(items: T[], index: number): T => items[index % items.length] as T;
const pointText = (index: number, phrase: string) => `${botName(index)}: ${phrase}`;
const plural = (amount: number, one: string, many: string) => `${amount} ${amount === 1 ? one : many}`;
const sumOf = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0);
/** How often each item occurs: answers may repeat between bots, so compare counts, not sets. */
const tally = (items: string[]) => items.reduce((counts, item) => counts.set(item, (counts.get(item) ?? 0) + 1), new Map<string, number>());

type Scales = { experience: Rating; importance: Rating };
type TeamFigures = FiguresView & { answers: number };
/** How many statements the projector marks as the team's largest gaps (server/session/quickscan.ts). */
const LARGEST_GAPS = 3;
/**
 * Between two quickscan taps of one bot. A person takes seconds per statement; a bot that sent its
 * 15 ratings at once would spend its socket's burst (20 events, then 5 a second) and have its action
 * points refused later in a fast walk.
 */
const QUICKSCAN_TAP_MS = 200;

/**
 * How a team tends to answer each statement, in the research's order: how often (−1 less, +1 more
 * than the rest) and how important. Like the research found, knowing the home situation and the
 * parents' role lags behind; an agenda and a specific offer matter less to mentors.
 */
const EXPERIENCE_LEAN = [-1, -1, 0, 1, 0, 1, 0, -1, 1, 0, -1];
const IMPORTANCE_LEAN = [1, 1, 0, 1, 0, 0, 0, -1, 0, 0, -1];
const clampRating = (value: number) => Math.min(4, Math.max(1, value)) as Rating;

/**
 * A bot's plausible quickscan: most find a statement important (3 or 4, now and then a 2), and how
 * often it happens is spread over the whole scale, both leaning per statement. Fixed per bot and
 * statement, so a run repeats.
 */
function plausibleRating(bot: number, statement: number): Scales {
  const importance = (bot * 7 + statement * 3 + 1) % 10;
  const experience = (bot * 3 + statement * 7 + 2) % 10;
  return {
    importance: clampRating((importance < 1 ? 2 : importance < 5 ? 3 : 4) + (bot % 3 === 0 ? IMPORTANCE_LEAN[statement % IMPORTANCE_LEAN.length]! : 0)),
    experience: clampRating((experience < 2 ? 1 : experience < 5 ? 2 : experience < 8 ? 3 : 4) + (bot % 2 === 0 ? EXPERIENCE_LEAN[statement % EXPERIENCE_LEAN.length]! : 0)),
  };
}

/**
 * The team's figures recomputed from what the bots sent: per scale the share of 3 and 4 ratings,
 * rounded; hidden (null) below QUICKSCAN_MIN_RESPONDENTS respondents, and per statement below that
 * many answers. The largest gaps: the three largest positive importance − experience, in the
 * research's order among equals.
 */
function expectedTeam(sent: Map<string, Scales>[], statementIds: string[]): { shown: boolean; rows: { team: TeamFigures | null; largestGap: boolean }[] } {
  const respondents = sent.filter((ratings) => ratings.size > 0).length;
  const shown = respondents >= QUICKSCAN_MIN_RESPONDENTS;
  const share = (ratings: Rating[]) => (ratings.length ? Math.round((100 * ratings.filter((rating) => rating >= 3).length) / ratings.length) : null);
  const rows = statementIds.map((id) => {
    if (!shown) return { team: null, gap: null, largestGap: false };
    const answers = sent.flatMap((ratings) => ratings.get(id) ?? []);
    const enough = answers.length >= QUICKSCAN_MIN_RESPONDENTS;
    const team = {
      experience: enough ? share(answers.map((answer) => answer.experience)) : null,
      importance: enough ? share(answers.map((answer) => answer.importance)) : null,
      answers: answers.length,
    };
    const gap = team.experience !== null && team.importance !== null ? team.importance - team.experience : null;
    return { team, gap, largestGap: false };
  });
  const largest = rows.filter((row) => row.gap !== null && row.gap > 0).sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0)).slice(0, LARGEST_GAPS);
  for (const row of largest) row.largestGap = true;
  return { shown, rows: rows.map(({ team, largestGap }) => ({ team, largestGap })) };
}

/** How far a shown team figure is from the expected one, in percentage points (100 when one of them is missing). */
function figureError(shown: TeamFigures | null, expected: TeamFigures | null): number {
  if (shown === null || expected === null) return shown === expected ? 0 : 100;
  const scale = (a: number | null, b: number | null) => (a === null || b === null ? (a === b ? 0 : 100) : Math.abs(a - b));
  return Math.max(scale(shown.experience, expected.experience), scale(shown.importance, expected.importance), shown.answers === expected.answers ? 0 : 100);
}

/**
 * The research phase: every bot answers the quickscan (all statements, both scales; every other bot
 * sends the two scales of its first four statements one at a time, as a phone does), then the host
 * starts the presentation. Checks: the projector counts every bot once, its team figures are what
 * the bots sent (or hidden with fewer than three), every phone shows its own ratings and never
 * anyone else's, and the presentation reaches the projector and every phone.
 */
async function answerQuickscan(host: Client<ProjectorView>, bots: Client<PhoneView>[], ledger: Ledger): Promise<boolean> {
  const board = await host.until((view) => view.research?.quickscan != null, PHASE_TIMEOUT_MS).catch(() => null);
  if (!board?.research) return console.log('Quickscan: het scherm toont geen quickscan'), false;
  const statements = board.research.statements;
  const ids = statements.map((statement) => statement.id);
  const refused: string[] = [];
  const sent = bots.map(() => new Map<string, Scales>());
  /** What the server holds per bot and statement so far, one scale perhaps still missing. */
  const partial = bots.map(() => new Map<string, { experience: Rating | null; importance: Rating | null }>());
  /** Every state of each bot's own rating per statement: its phone may show these and nothing else. */
  const states = bots.map(() => new Map<string, Set<string>>());
  const remember = (bot: number, id: string, scales: { experience: Rating | null; importance: Rating | null }) =>
    states[bot]!.set(id, (states[bot]!.get(id) ?? new Set()).add(JSON.stringify(scales)));

  await Promise.all(
    bots.map(async (bot, index) => {
      const form = await bot.until((view) => view.research?.quickscan != null, PHASE_TIMEOUT_MS).catch(() => null);
      if (!form?.research?.quickscan) return refused.push(`${botName(index)}: geen quickscan op de telefoon`);
      for (const [position, { id }] of form.research.quickscan.statements.entries()) {
        const scales = plausibleRating(index, position);
        const oneAtATime = index % 2 === 1 && position < 4;
        const sends = oneAtATime
          ? [{ experience: scales.experience, importance: null }, { experience: null, importance: scales.importance }]
          : [scales];
        for (const payload of sends) {
          await delay(QUICKSCAN_TAP_MS);
          const result = await bot.socket.emitWithAck('phone:quickscanRate', { statementId: id, ...payload });
          if (!result.ok) {
            refused.push(`${botName(index)}, ${id}: ${result.error}`);
            break;
          }
          // A null scale keeps what the bot sent before for it.
          const earlier = partial[index]!.get(id);
          const merged = { experience: payload.experience ?? earlier?.experience ?? null, importance: payload.importance ?? earlier?.importance ?? null };
          partial[index]!.set(id, merged);
          remember(index, id, merged);
          if (merged.experience !== null && merged.importance !== null) sent[index]!.set(id, merged as Scales);
        }
      }
    }),
  );

  const expected = expectedTeam(sent, ids);
  const respondents = sent.filter((ratings) => ratings.size > 0).length;
  const settled = (view: ProjectorView) =>
    view.research?.quickscan?.respondents === respondents &&
    view.research.statements.every((statement, index) => JSON.stringify(statement.team) === JSON.stringify(expected.rows[index]?.team ?? null));
  const counted = (await host.until(settled, PHASE_TIMEOUT_MS).catch(() => host.last))?.research;
  if (!counted?.quickscan) return console.log('Quickscan: het scherm toont geen quickscan meer'), false;

  const problems: string[] = [...refused];
  if (counted.quickscan.respondents !== bots.length) problems.push(`het scherm telt ${counted.quickscan.respondents} respondenten, er deden ${bots.length} bots mee`);
  if (counted.quickscan.shown !== expected.shown) problems.push(`teamcijfers ${counted.quickscan.shown ? 'getoond' : 'verborgen'}, verwacht ${expected.shown ? 'getoond' : 'verborgen'}`);
  let largestError = 0;
  for (const [index, statement] of counted.statements.entries()) {
    const wanted = expected.rows[index];
    const error = figureError(statement.team, wanted?.team ?? null);
    largestError = Math.max(largestError, error);
    if (error) problems.push(`${statement.id}: het scherm toont ${JSON.stringify(statement.team)}, de bots stuurden ${JSON.stringify(wanted?.team ?? null)}`);
    if (statement.largestGap !== (wanted?.largestGap ?? false)) problems.push(`${statement.id}: ${statement.largestGap ? 'ten onrechte' : 'niet'} gemarkeerd als grootste verschil`);
  }

  // Each phone: its own ratings back, and in no view ever a rating that is not its own.
  for (const [index, bot] of bots.entries()) {
    const mine = bot.last?.research?.quickscan?.mine ?? {};
    if (JSON.stringify(Object.fromEntries(ids.filter((id) => mine[id]).map((id) => [id, mine[id]]))) !== JSON.stringify(Object.fromEntries(ids.filter((id) => sent[index]!.has(id)).map((id) => [id, sent[index]!.get(id)])))) {
      problems.push(`${botName(index)}: de telefoon toont niet precies de eigen antwoorden`);
    }
    const foreign = bot.views.some((view) =>
      Object.entries(view.research?.quickscan?.mine ?? {}).some(([id, scales]) => !states[index]!.get(id)?.has(JSON.stringify(scales))),
    );
    if (foreign) problems.push(`${botName(index)}: privacy FOUT, de telefoon kreeg een antwoord dat niet van deze bot is`);
  }

  const rows = statements.map((statement, index) => ({
    id: statement.id,
    text: statement.text,
    research: statement.research,
    team: expected.rows[index]?.team ?? null,
    largestGap: expected.rows[index]?.largestGap ?? false,
  }));
  ledger.quickscan = { respondents, statements: rows };
  const widest = rows
    .filter((row) => row.largestGap && row.team?.importance != null && row.team.experience != null)
    .sort((a, b) => (b.team!.importance! - b.team!.experience!) - (a.team!.importance! - a.team!.experience!))[0];
  const summary = expected.shown
    ? `teamcijfers ${largestError ? 'FOUT' : 'kloppen'} (grootste afwijking ${largestError} procentpunt over ${ids.length} stellingen; grootste verschil belang–praktijk: ` +
      `${widest ? `"${widest.text}" ${widest.team!.importance}% belangrijk, ${widest.team!.experience}% vaak of altijd` : 'geen'})`
    : `teamcijfers ${counted.quickscan.shown || counted.statements.some((statement) => statement.team !== null) ? 'FOUT: getoond' : 'verborgen'} (minder dan ${QUICKSCAN_MIN_RESPONDENTS} respondenten)`;
  console.log(`Quickscan: ${counted.quickscan.respondents}/${bots.length} bots vulden in, ${summary}`);

  // The presentation: the host starts it, the projector and every phone show its first step.
  const played = await host.socket.emitWithAck('host:researchPlay', { playing: true });
  if (!played.ok) problems.push(`presentatie starten: ${played.error}`);
  const first = await host.until((view) => view.research?.playing === true && view.research.step === 0, PHASE_TIMEOUT_MS).catch(() => null);
  const following = (await Promise.all(bots.map((bot) => bot.until((view) => view.research?.step?.index === 0, PHASE_TIMEOUT_MS).then(() => true, () => false)))).filter(Boolean).length;
  const steps = first?.research?.steps.length ?? 0;
  console.log(`Presentatie: ${first ? `speelt, stap 1 van ${steps} op het scherm` : 'FOUT: start niet op het scherm'}, op ${following}/${bots.length} telefoons`);
  if (!first) problems.push('de presentatie startte niet op het scherm');
  if (following !== bots.length) problems.push(`${bots.length - following} telefoons tonen de eerste stap niet`);
  for (const problem of problems) console.log(`  FOUT: ${problem}`);
  return !problems.length;
}

/** The dialogue: the host makes groups, every bot adds one answer to a question; all must show up on the projector. */
async function holdDialogue(host: Client<ProjectorView>, bots: Client<PhoneView>[], ledger: Ledger): Promise<boolean> {
  const started = await host.socket.emitWithAck('host:dialogueStart', {});
  if (!started.ok) return console.log(`Dialoog: groepjes maken mislukt (${started.error})`), false;
  const board = await host.until((view) => (view.dialogue?.groups?.length ?? 0) > 0, PHASE_TIMEOUT_MS);
  const questions = board.dialogue?.questions ?? [];
  await Promise.all(
    bots.map(async (bot, index) => {
      await bot.until((view) => view.dialogue?.group !== null && view.dialogue !== null, PHASE_TIMEOUT_MS);
      const question = questions[index % questions.length];
      if (!question) return;
      // Bots on the same question take the next answer in its list, so texts repeat only in large groups.
      const text = pick(DIALOGUE_TEXT[question.id] ?? DIALOGUE_FALLBACK, Math.floor(index / questions.length));
      const sent = await bot.socket.emitWithAck('phone:dialogueAnswer', { key: randomUUID(), questionId: question.id, text });
      if (sent.ok) ledger.dialogue.push(text);
    }),
  );
  const counted = await host
    .until((view) => (view.dialogue?.groups ?? []).reduce((sum, group) => sum + Object.values(group.answersPerQuestion).reduce((a, b) => a + b, 0), 0) === bots.length, PHASE_TIMEOUT_MS)
    .catch(() => null);
  const groups = counted?.dialogue?.groups ?? board.dialogue?.groups ?? [];
  const answers = groups.reduce((sum, group) => sum + Object.values(group.answersPerQuestion).reduce((a, b) => a + b, 0), 0);
  console.log(`Dialoog: ${groups.length} groepjes (${groups.map((group) => group.members.length).join(' + ')}), ${answers}/${bots.length} antwoorden op de flap`);
  return answers === bots.length;
}

/** The plenary: the host keeps one answer per group as a tip (at most MAX_TIPS); the team action points are chosen from these later. */
async function markTips(host: Client<ProjectorView>, ledger: Ledger): Promise<boolean> {
  const board = await host.until((view) => view.dialogue?.mode === 'plenary', PHASE_TIMEOUT_MS).catch(() => null);
  if (!board?.dialogue) return console.log('Plenair: de flappen staan niet op het scherm'), false;
  const rank = (questionId: string) => (TIP_QUESTIONS.includes(questionId) ? TIP_QUESTIONS.indexOf(questionId) : TIP_QUESTIONS.length);
  const best = new Map<string, { id: string; rank: number }>();
  for (const { questionId, answers } of board.dialogue.wall) {
    for (const answer of answers) {
      const current = best.get(answer.groupId);
      if (!current || rank(questionId) < current.rank) best.set(answer.groupId, { id: answer.id, rank: rank(questionId) });
    }
  }
  // In the order of the groups, so that group 1 gets a tip before group 4 when the cap cuts some off.
  const groupOrder = (board.dialogue.groups ?? []).map((group) => group.id);
  const chosen = [...best.entries()]
    .sort(([a], [b]) => groupOrder.indexOf(a) - groupOrder.indexOf(b))
    .slice(0, MAX_TIPS)
    .map(([, answer]) => answer.id);
  const refused: string[] = [];
  for (const answerId of chosen) {
    const marked = await host.socket.emitWithAck('host:plenaryTip', { answerId, tip: true });
    if (!marked.ok) refused.push(marked.error);
  }
  const tipsOn = (view: ProjectorView | undefined) => (view?.dialogue?.wall ?? []).flatMap((entry) => entry.answers).filter((answer) => answer.tip).length;
  const shown = tipsOn((await host.until((view) => tipsOn(view) === chosen.length, PHASE_TIMEOUT_MS).catch(() => host.last)) ?? undefined);
  ledger.tips = shown;
  console.log(`Plenair: ${plural(shown, 'tip', 'tips')} bewaard${refused.length ? ` (geweigerd: ${refused.join('; ')})` : ''}`);
  return chosen.length > 0 && shown === chosen.length && !refused.length;
}

/**
 * The evaluation: every bot answers the first question of each list; the projector must show every
 * answer, and no bot's name anywhere in its evaluation wall (the answers are anonymous there).
 */
async function evaluate(host: Client<ProjectorView>, bots: Client<PhoneView>[], ledger: Ledger): Promise<boolean> {
  const refused: string[] = [];
  let meant = 0;
  await Promise.all(
    bots.map(async (bot, index) => {
      const lists = (await bot.until((view) => (view.evaluation?.lists.length ?? 0) > 0, PHASE_TIMEOUT_MS).catch(() => null))?.evaluation?.lists;
      if (!lists) return refused.push(`${botName(index)}: geen evaluatievragen op de telefoon`);
      for (const list of lists) {
        const question = list.questions[0];
        if (!question) continue;
        meant++;
        const text = pick(EVALUATION_TEXT[question.id] ?? EVALUATION_FALLBACK, index);
        const sent = await bot.socket.emitWithAck('phone:evaluationAnswer', { key: randomUUID(), questionId: question.id, text });
        if (sent.ok) ledger.evaluation.push({ listTitle: list.title, questionId: question.id, question: question.text, text });
        else refused.push(`${botName(index)}: ${sent.error}`);
      }
    }),
  );
  // The wall counted per question the way the bots answered; the same list and question id make one key.
  const keyOf = (listTitle: string, questionId: string) => `${listTitle}\n${questionId}`;
  const expected = new Map<string, string[]>();
  for (const answer of ledger.evaluation) {
    const key = keyOf(answer.listTitle, answer.questionId);
    expected.set(key, [...(expected.get(key) ?? []), answer.text]);
  }
  const onWall = (view: ProjectorView | undefined) => {
    let found = 0;
    for (const entry of view?.evaluation ?? []) {
      const wanted = tally(expected.get(keyOf(entry.listTitle, entry.question.id)) ?? []);
      for (const [text, times] of tally(entry.answers)) found += Math.min(times, wanted.get(text) ?? 0);
    }
    return found;
  };
  const shown = onWall((await host.until((view) => onWall(view) === ledger.evaluation.length, PHASE_TIMEOUT_MS).catch(() => host.last)) ?? undefined);

  // Any view the projector got in this phase, not just the last one: a name shown once is shown.
  const names = [...new Set(bots.map((_, index) => pick(NAMES, index)))];
  const namePattern = new RegExp(`\\b(${names.join('|')})\\b`);
  const named = new Set<string>();
  for (const view of host.views) {
    const match = view.evaluation ? namePattern.exec(JSON.stringify(view.evaluation)) : null;
    if (match?.[1]) named.add(match[1]);
  }
  console.log(
    `Evaluatie: ${shown}/${meant} antwoorden op het scherm, ${named.size ? `FOUT: met namen (${[...named].join(', ')})` : 'zonder namen'}` +
      `${refused.length ? ` (geweigerd: ${refused.join('; ')})` : ''}`,
  );
  return meant > 0 && shown === meant && !named.size && !refused.length;
}

/**
 * Where a personal action point showed up on a screen other than its writer's phone: the projector
 * may never get one, a phone only its own. Scans every view each screen ever got.
 */
function pointLeaks(host: Client<ProjectorView>, bots: Client<PhoneView>[], ledger: Ledger): string[] {
  // Every point holds one phrase from ACTION_POINTS: look for the phrase first, so each view is scanned a few times, not once per point.
  const byPhrase = new Map<string, { owner: number; text: string }[]>();
  ledger.points.forEach((entry, owner) => {
    for (const text of entry.texts) {
      const phrase = ACTION_POINTS.find((candidate) => text.endsWith(candidate)) ?? text;
      byPhrase.set(phrase, [...(byPhrase.get(phrase) ?? []), { owner, text }]);
    }
  });
  const leaks = new Set<string>();
  const scan = (viewer: string, viewerIndex: number, views: (ProjectorView | PhoneView)[]) => {
    for (const view of views) {
      const json = JSON.stringify(view);
      for (const [phrase, points] of byPhrase) {
        if (!json.includes(phrase)) continue;
        for (const point of points) {
          if (point.owner !== viewerIndex && json.includes(point.text)) leaks.add(`${viewer} kreeg het actiepunt van ${botName(point.owner)}: "${point.text}"`);
        }
      }
    }
  };
  scan('het grote scherm', -1, host.views);
  bots.forEach((bot, index) => scan(botName(index), index, bot.views));
  return [...leaks];
}

/**
 * The action points: every bot writes one or two points, sets its consent (in rotation) and votes for
 * one or two tips; the host makes the two tips with most votes team points. Then the privacy check:
 * no personal point on the projector, and no phone that got another's point.
 */
async function writeActionPoints(host: Client<ProjectorView>, bots: Client<PhoneView>[], ledger: Ledger): Promise<boolean> {
  const tipCount = ledger.tips;
  const board = await host.until((view) => view.actions?.tips.length === tipCount, PHASE_TIMEOUT_MS).catch(() => null);
  if (!board) return console.log(`Actiepunten: het scherm toont de ${tipCount} tips uit het plenaire deel niet`), false;
  const refused: string[] = [];
  const votesPerBot = await Promise.all(
    bots.map(async (bot, index) => {
      const name = botName(index);
      const view = await bot.until((candidate) => candidate.actions?.open === true && candidate.actions.tips.length === tipCount, PHASE_TIMEOUT_MS).catch(() => null);
      if (!view?.actions) return refused.push(`${name}: geen actiepunten op de telefoon`), 0;
      // Half the bots write two points; the second phrase is a different one from the list.
      const phrases = index % 2 === 0 ? [pick(ACTION_POINTS, index)] : [pick(ACTION_POINTS, index), pick(ACTION_POINTS, index + 5)];
      const consent = pick(CONSENT_ROTATION, index);
      const texts: string[] = [];
      for (const phrase of phrases) {
        const text = pointText(index, phrase);
        const sent = await bot.socket.emitWithAck('phone:actionPoint', { key: randomUUID(), text });
        if (sent.ok) texts.push(text);
        else refused.push(`${name}, actiepunt: ${sent.error}`);
      }
      const consented = await bot.socket.emitWithAck('phone:reportConsent', { consent });
      if (!consented.ok) refused.push(`${name}, toestemming: ${consented.error}`);
      ledger.points[index] = { name, consent: consented.ok ? consent : 'private', texts };

      // A first choice spread over the tips; half the bots add the first other tip in plenary order, so that the votes differ.
      const tips = view.actions.tips;
      const first = pick(tips, index);
      const second = tips.find((tip) => tip !== first);
      const wanted = index % 2 === 1 && second ? [first, second] : [first];
      let votes = 0;
      for (const tip of wanted) {
        const voted = await bot.socket.emitWithAck('phone:teamVote', { answerId: tip.id, vote: true });
        if (voted.ok) votes++;
        else refused.push(`${name}, stem: ${voted.error}`);
      }
      // The phone shows its own points, consent and votes back: that is what its owner relies on.
      const mirrored = await bot
        .until(
          (candidate) =>
            candidate.actions?.mine.length === texts.length &&
            candidate.actions.consent === ledger.points[index]?.consent &&
            candidate.actions.tips.filter((tip) => tip.voted).length === votes,
          PHASE_TIMEOUT_MS,
        )
        .catch(() => null);
      if (!mirrored) refused.push(`${name}: de telefoon toont de eigen actiepunten, toestemming of stemmen niet`);
      return votes;
    }),
  );
  const votes = sumOf(votesPerBot);
  const counted = await host
    .until((view) => view.actions?.writers === bots.length && sumOf(view.actions.tips.map((tip) => tip.votes)) === votes, PHASE_TIMEOUT_MS)
    .catch(() => host.last);
  const actions = counted?.actions;
  if (!actions) return console.log('Actiepunten: het scherm toont geen actiepunten'), false;

  // Most votes first; a stable sort keeps the plenary order between tips with as many votes.
  const ranked = [...actions.tips].sort((a, b) => b.votes - a.votes).slice(0, TEAM_POINTS);
  for (const tip of ranked) {
    const chosen = await host.socket.emitWithAck('host:teamPoint', { answerId: tip.id, chosen: true });
    if (!chosen.ok) refused.push(`teamactiepunt: ${chosen.error}`);
  }
  const team = (await host.until((view) => view.actions?.team.length === ranked.length, PHASE_TIMEOUT_MS).catch(() => host.last))?.actions?.team ?? [];
  ledger.team = team.map((point) => point.text);
  const teamTexts = JSON.stringify(ledger.team);
  const phonesWithTeam = (
    await Promise.all(bots.map((bot) => bot.until((view) => JSON.stringify(view.actions?.team ?? []) === teamTexts, PHASE_TIMEOUT_MS).then(() => true, () => false)))
  ).filter(Boolean).length;

  const leaks = pointLeaks(host, bots, ledger);
  const consents = tally(ledger.points.map((entry) => entry.consent));
  console.log(
    `Actiepunten: ${actions.writers}/${bots.length} bots schreven (${CONSENT_ROTATION.map((consent) => `${consents.get(consent) ?? 0} ${CONSENT_NL[consent]}`).join(', ')}), ` +
      `${plural(team.length, 'teamactiepunt', 'teamactiepunten')}, privacy ${leaks.length ? `FOUT (${leaks.length} keer gezien wat niet mocht)` : 'in orde'}` +
      `${refused.length ? ` (geweigerd: ${refused.join('; ')})` : ''}`,
  );
  for (const point of team) console.log(`  Teamactiepunt: ${point.text} (${plural(ranked.find((tip) => tip.id === point.answerId)?.votes ?? 0, 'stem', 'stemmen')})`);
  if (phonesWithTeam !== bots.length) console.log(`  FOUT: ${bots.length - phonesWithTeam} telefoons tonen de teamactiepunten niet`);
  for (const leak of leaks) console.log(`  ${leak}`);
  return actions.writers === bots.length && team.length === Math.min(TEAM_POINTS, tipCount) && tipCount > 0 && phonesWithTeam === bots.length && !leaks.length && !refused.length;
}

/** The lines under a Markdown heading, up to the next heading of the same or a higher level; null when it is missing. */
function under(lines: string[], heading: string): string[] | null {
  const level = heading.indexOf(' ');
  const start = lines.indexOf(heading);
  if (start < 0) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#+ /.test(line) && line.indexOf(' ') <= level);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The report's quickscan table: the team figures the bots' answers give, beside the research's; no table while hidden. */
function checkQuickscanTable(lines: string[], ledger: Ledger): string[] {
  const quickscan = ledger.quickscan;
  if (!quickscan) return [];
  const body = under(lines, `## ${nl.rsReportHeading}`);
  const shown = quickscan.statements.some((statement) => statement.team !== null);
  if (!shown) return body ? [`het hoofdstuk "${nl.rsReportHeading}" staat erin, maar de teamcijfers waren verborgen`] : [];
  if (!body) return [`het hoofdstuk "${nl.rsReportHeading}" ontbreekt`];
  const problems: string[] = [];
  if (!body.includes(nl.rsReportRespondents(quickscan.respondents))) problems.push(`de quickscan noemt geen ${quickscan.respondents} deelnemers`);
  const figure = (value: number | null | undefined) => (value == null ? '–' : `${value}%`);
  const triple = (statement: (typeof quickscan.statements)[number], measure: 'experience' | 'importance') =>
    [statement.team?.[measure], statement.research.mentors[measure], statement.research.parents[measure]].map(figure).join(' / ');
  const rows = body.filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
  for (const statement of quickscan.statements) {
    const row = `| ${statement.largestGap ? '◆ ' : ''}${plain(statement.text)} | ${triple(statement, 'experience')} | ${triple(statement, 'importance')} |`;
    if (!rows.includes(row)) {
      const found = rows.find((line) => line.includes(plain(statement.text)));
      problems.push(`quickscan-rij klopt niet voor ${statement.id}: verwacht "${row}", gevonden "${found ?? 'geen rij'}"`);
    }
  }
  // The header and one row per statement, nothing more.
  if (rows.length !== quickscan.statements.length + 1) problems.push(`de quickscan-tabel heeft ${rows.length - 1} rijen, er zijn ${quickscan.statements.length} stellingen`);
  return problems;
}

/** What the report must hold (answers, tips, team and consented points) and must not (private points, names of the anonymous). */
function checkReport(markdown: string, ledger: Ledger): string[] {
  const problems: string[] = [];
  const lines = markdown.split('\n');
  const section = (title: string) => under(lines, `## ${title}`) ?? (problems.push(`het hoofdstuk "${title}" ontbreekt`), []);
  const bullet = (text: string) => `- ${plain(text)}`;

  const dialogue = section(nl.reportDialogue);
  for (const [text, times] of tally(ledger.dialogue)) {
    // A dialogue line ends with its group: "- text (groepje 2…)".
    const found = dialogue.filter((line) => line.startsWith(`${bullet(text)} (`)).length;
    if (found !== times) problems.push(`dialoogantwoord ${times}× geschreven, ${found}× in het verslag: "${text}"`);
  }

  const evaluation = section(nl.reportEvaluation);
  const perQuestion = new Map<string, string[]>();
  for (const answer of ledger.evaluation) {
    const heading = `### ${plain(answer.listTitle)}: ${plain(answer.question)}`;
    perQuestion.set(heading, [...(perQuestion.get(heading) ?? []), answer.text]);
  }
  for (const [heading, texts] of perQuestion) {
    const body = under(evaluation, heading);
    if (!body) {
      problems.push(`evaluatievraag ontbreekt: ${heading.slice(4)}`);
      continue;
    }
    for (const [text, times] of tally(texts)) {
      const found = body.filter((line) => line === bullet(text)).length;
      if (found !== times) problems.push(`evaluatieantwoord ${times}× gegeven, ${found}× in het verslag: "${text}"`);
    }
  }

  problems.push(...checkQuickscanTable(lines, ledger));

  const team = section(nl.reportTeamPoints);
  for (const text of ledger.team) if (!team.includes(bullet(text))) problems.push(`teamactiepunt ontbreekt: "${text}"`);

  const personal = section(nl.reportPersonalPoints);
  const frontMatterEnd = lines.indexOf('---', 1);
  const frontMatter = lines.slice(0, frontMatterEnd + 1);
  for (const { name, consent, texts } of ledger.points.filter(Boolean)) {
    if (consent === 'private') {
      for (const text of texts) if (markdown.includes(text) || markdown.includes(plain(text))) problems.push(`actiepunt van ${name} staat erin, maar die koos privé: "${text}"`);
      continue;
    }
    const heading = `### ${consent === 'named' ? plain(name) : nl.reportWithoutName}`;
    const body = under(personal, heading) ?? [];
    for (const text of texts) if (!body.includes(bullet(text))) problems.push(`actiepunt van ${name} (${CONSENT_NL[consent]}) ontbreekt onder "${heading.slice(4)}": "${text}"`);
    if (consent === 'anonymous' && (lines.includes(`### ${plain(name)}`) || frontMatter.some((line) => line.trim() === `- name: ${JSON.stringify(name)}`))) {
      problems.push(`${name} koos "zonder naam", maar de naam staat als kopje in het verslag`);
    }
  }
  return problems;
}

/** After the close: the report as the facilitator downloads it, written to `file` and checked. */
async function writeReport(url: string, code: string, hostToken: string, file: string, ledger: Ledger): Promise<boolean> {
  const response = await fetch(`${url}/api/sessions/${code}/report`, { headers: { 'x-host-token': hostToken } });
  if (!response.ok) return console.log(`FOUT: het verslag ophalen mislukte (HTTP ${response.status})`), false;
  const markdown = reportMarkdown((await response.json()) as SessionReport, nl, 'nl');
  writeFileSync(file, markdown);
  const lineCount = markdown.trimEnd().split('\n').length;
  const problems = checkReport(markdown, ledger);
  if (!problems.length) return console.log(`Verslag geschreven naar ${file} (${lineCount} regels): in orde`), true;
  console.log(`FOUT: verslag geschreven naar ${file} (${lineCount} regels), maar het klopt niet (${problems.length} fouten):`);
  for (const problem of problems) console.log(`  ${problem}`);
  return false;
}

async function walkThrough(url: string, reportFile: string | undefined): Promise<boolean> {
  const { code, hostToken } = await createSession(url);
  const host = hostClient(url, code, hostToken);
  const bots = await joinBots(url, code);
  await host.until((view) => view.participants.filter((participant) => participant.online).length === count);
  console.log(`Sessie ${code}: ${count} bots in de lobby`);

  const ledger: Ledger = { dialogue: [], tips: 0, evaluation: [], points: [], team: [], quickscan: null };
  const activities: Partial<Record<PhaseKind, () => Promise<boolean>>> = {
    research: () => answerQuickscan(host, bots, ledger),
    dialogue: () => holdDialogue(host, bots, ledger),
    plenary: () => markTips(host, ledger),
    roleplay: () => playRoleplay(host, bots),
    evaluation: () => evaluate(host, bots, ledger),
    actions: () => writeActionPoints(host, bots, ledger),
  };
  const phases = (await host.until((view) => view.agenda.length > 0)).agenda;
  let everyoneSawEverything = true;
  let activitiesWentWell = true;
  for (const [index, phase] of phases.entries()) {
    const result = await host.socket.emitWithAck(index === 0 ? 'host:start' : 'host:next', {});
    if (!result.ok) throw new Error(`fase ${index + 1}: ${result.error}`);
    await Promise.allSettled(bots.map((bot) => bot.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS)));
    const saw = bots.filter((bot) => sawPhase(bot, index)).length;
    everyoneSawEverything &&= saw === count;
    console.log(`Fase ${index + 1}/${phases.length} ${phase.title} (${phase.kind}): ${saw}/${count} bots`);
    const activity = activities[phase.kind];
    if (activity) {
      await host.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS);
      activitiesWentWell = (await activity()) && activitiesWentWell;
    }
  }
  await host.socket.emitWithAck('host:end', {});
  await Promise.allSettled(bots.map((bot) => bot.until((view) => view.status === 'closed', PHASE_TIMEOUT_MS)));
  const closed = bots.filter((bot) => bot.last?.status === 'closed').length;
  everyoneSawEverything &&= closed === count;
  console.log(`Afgesloten: ${closed}/${count} bots`);
  // Phones keep their own points after the close: check once more over every view, the closed ones included.
  const lateLeaks = pointLeaks(host, bots, ledger);
  if (lateLeaks.length) {
    activitiesWentWell = false;
    console.log(`Actiepunten na het afsluiten: privacy FOUT (${lateLeaks.length} keer gezien wat niet mocht)`);
    for (const leak of lateLeaks) console.log(`  ${leak}`);
  }
  const reportWentWell = reportFile ? await writeReport(url, code, hostToken, reportFile, ledger) : true;
  for (const client of [host, ...bots]) client.close();
  if (!everyoneSawEverything) console.log('FOUT: niet elke bot zag elke fase.');
  if (!activitiesWentWell) console.log('FOUT: de quickscan, de dialoog, de tips, het rollenspel, de evaluatie of de actiepunten gingen niet goed (zie hierboven).');
  if (!reportWentWell) console.log('FOUT: het verslag klopt niet (zie hierboven).');
  return everyoneSawEverything && activitiesWentWell && reportWentWell;
}

if (values.code) {
  await rehearse(values.url ?? 'http://localhost:3000', values.code.toUpperCase());
} else {
  // Without --url: a server of our own, with the real SQLite store in a temporary data dir.
  const dataDir = values.url ? null : mkdtempSync(join(tmpdir(), 'driegesprek-simulate-'));
  const server = dataDir ? await startServer({ store: createSqliteStore(dataDir) }) : null;
  const ok = await walkThrough(values.url ?? server?.url ?? '', values.report);
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (ok) {
    console.log(
      `OK: elke bot zag elke fase, vulde de quickscan in, schreef op de flap, speelde het rollenspel, gaf feedback, evalueerde en schreef actiepunten; ` +
        `tips en teamactiepunten gekozen, niemand zag andermans actiepunten${values.report ? ', het verslag klopt' : ''}.`,
    );
  }
  process.exit(ok ? 0 : 1);
}
