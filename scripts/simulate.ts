/**
 * Bot phones for rehearsing and load-checking a session.
 *
 *   npm run simulate -- --participants 8                 own server, walk every phase, exit 0 if every bot saw every phase
 *                                                        and the role-play went well (see playRoleplay)
 *   npm run simulate -- --participants 8 --url URL       the same against a running server
 *   npm run simulate -- --participants 8 --code ABC234   only add bots to an existing session (Ctrl-C stops them)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadContent } from '../server/content/loadContent.ts';
import type { PhoneView, PlayRole, ProjectorView } from '../server/protocol/views.ts';
import { PROJECT_ROOT, startServer } from '../server/startServer.ts';
import { createSqliteStore } from '../server/store/sqliteStore.ts';
import { createSession, hostClient, joinedPhone, type Client } from '../test/helpers/clients.ts';
import { allowedCards, findCardSet, leaks, ROLE_NL, ROLE_ORDER, seatOf, SETTINGS, type SeatOf } from '../test/helpers/roleplay.ts';

const NAMES = ['Anouk', 'Bram', 'Chaima', 'Daan', 'Esra', 'Floor', 'Gijs', 'Hanna', 'Ilias', 'Jet', 'Koen', 'Lotte', 'Mees', 'Noor', 'Omar', 'Pien'];
const PHASE_TIMEOUT_MS = 10_000;

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '8' },
    url: { type: 'string' },
    code: { type: 'string' },
  },
});
const count = Number(values.participants);
if (!Number.isInteger(count) || count < 1 || count > 500) {
  console.error('--participants moet een geheel getal van 1 tot 500 zijn');
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

/** The dialogue: the host makes groups, every bot adds one answer to a question; all must show up on the projector. */
async function holdDialogue(host: Client<ProjectorView>, bots: Client<PhoneView>[]): Promise<boolean> {
  const started = await host.socket.emitWithAck('host:dialogueStart', {});
  if (!started.ok) return console.log(`Dialoog: groepjes maken mislukt (${started.error})`), false;
  const board = await host.until((view) => (view.dialogue?.groups?.length ?? 0) > 0, PHASE_TIMEOUT_MS);
  const questions = board.dialogue?.questions ?? [];
  await Promise.all(
    bots.map(async (bot, index) => {
      await bot.until((view) => view.dialogue?.group !== null && view.dialogue !== null, PHASE_TIMEOUT_MS);
      const question = questions[index % questions.length];
      if (question) await bot.socket.emitWithAck('phone:dialogueAnswer', { key: randomUUID(), questionId: question.id, text: `Antwoord van ${botName(index)}` });
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

async function walkThrough(url: string): Promise<boolean> {
  const { code, hostToken } = await createSession(url);
  const host = hostClient(url, code, hostToken);
  const bots = await joinBots(url, code);
  await host.until((view) => view.participants.filter((participant) => participant.online).length === count);
  console.log(`Sessie ${code}: ${count} bots in de lobby`);

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
    if (phase.kind === 'dialogue') {
      await host.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS);
      activitiesWentWell = (await holdDialogue(host, bots)) && activitiesWentWell;
    }
    if (phase.kind === 'roleplay') {
      await host.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS);
      activitiesWentWell = (await playRoleplay(host, bots)) && activitiesWentWell;
    }
  }
  await host.socket.emitWithAck('host:end', {});
  await Promise.allSettled(bots.map((bot) => bot.until((view) => view.status === 'closed', PHASE_TIMEOUT_MS)));
  const closed = bots.filter((bot) => bot.last?.status === 'closed').length;
  everyoneSawEverything &&= closed === count;
  console.log(`Afgesloten: ${closed}/${count} bots`);
  for (const client of [host, ...bots]) client.close();
  if (!everyoneSawEverything) console.log('FOUT: niet elke bot zag elke fase.');
  if (!activitiesWentWell) console.log('FOUT: de dialoog of het rollenspel ging niet goed (zie hierboven).');
  return everyoneSawEverything && activitiesWentWell;
}

if (values.code) {
  await rehearse(values.url ?? 'http://localhost:3000', values.code.toUpperCase());
} else {
  // Without --url: a server of our own, with the real SQLite store in a temporary data dir.
  const dataDir = values.url ? null : mkdtempSync(join(tmpdir(), 'driegesprek-simulate-'));
  const server = dataDir ? await startServer({ store: createSqliteStore(dataDir) }) : null;
  const ok = await walkThrough(values.url ?? server?.url ?? '');
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (ok) console.log('OK: elke bot zag elke fase, schreef op de flap, speelde het rollenspel en gaf feedback.');
  process.exit(ok ? 0 : 1);
}
