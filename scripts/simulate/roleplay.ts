/**
 * The role-play phase: set up with the first card set the projector offers, then per round: start,
 * print the groups, end, every seated bot sends its feedback, and check that no screen got a card
 * it may not see.
 */
import { randomUUID } from 'node:crypto';
import type { PlayRole } from '../../server/protocol/views.ts';
import { findCardSet, ROLE_NL, ROLE_ORDER, seatOf, SETTINGS, type SeatOf } from '../lib/roleplay.ts';
import { PHASE_TIMEOUT_MS, type Bot } from './bots.ts';
import { cardLeaks } from './checks.ts';
import type { PhaseContext } from './phaseContext.ts';

const ROLEPLAY_ROUNDS = 2;
const FEEDBACK_TEXT: Record<PlayRole, string> = {
  mentor: 'Volgende keer vraag ik eerder door naar de thuissituatie.',
  parent: 'Ik voelde me gehoord, de mentor oordeelde niet.',
  student: 'De mentor vroeg ook naar mij, dat was fijn.',
  observer: 'Goede open vragen; de afspraken aan het eind mochten concreter.',
};

/** The bot's view once it shows `round` in `stage`, or null if none came in time. */
const viewIn = (bot: Bot, round: number, stage: 'playing' | 'feedback') =>
  bot.until((view) => view.roleplay?.round === round && view.roleplay.stage === stage, PHASE_TIMEOUT_MS).catch(() => null);

/** True when every round had all its feedback and nobody saw a card they may not see. */
export async function playRoleplay({ host, bots, content, log }: PhaseContext): Promise<boolean> {
  const offer = (await host.until((view) => view.roleplay !== null, PHASE_TIMEOUT_MS)).roleplay?.choices[0];
  if (!offer) return log('Rollenspel: geen kaartenset om uit te kiezen'), false;
  const cardSet = findCardSet(content, offer.id, offer.title);
  if (!cardSet) return log(`Rollenspel: kaartenset ${offer.id} staat niet in content/, de privacy is niet te controleren`), false;
  const settings = { ...SETTINGS, cardSetId: offer.id, rounds: ROLEPLAY_ROUNDS };
  const setUp = await host.request('host:roleplaySetup', settings, (view) => view.roleplay?.state != null);
  if (!setUp.ok) throw new Error(`rollenspel klaarzetten: ${setUp.error}`);
  await host.until((view) => view.roleplay?.state?.stage === 'grouping', PHASE_TIMEOUT_MS);
  log(`Rollenspel met "${cardSet.title}": ${settings.rounds} rondes van ${settings.minutesPerRound} minuten`);

  let ok = true;
  /** Per round: participant id → the seat their own phone showed. */
  const seatsByRound: Map<string, SeatOf>[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const label = `Ronde ${round + 1}`;
    const from = { host: host.views.length, bots: bots.map((bot) => bot.views.length) };
    // Not twice: a second start from a running round would skip its feedback (see `done` in Client.request).
    const started = await host.request('host:roleplayStartRound', {}, (view) => view.roleplay?.state?.round === round);
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
      log(`${label}: ${missing} bots kregen de ronde niet te zien`);
    }
    if (seatless) log(`${label}: ${seatless} bots zonder plek (laat binnengekomen)`);

    const groups = board.roleplay?.state?.groups ?? [];
    for (const [index, group] of groups.entries()) {
      const members = [...group.members].sort((a, b) => ROLE_ORDER.indexOf(a.role ?? 'observer') - ROLE_ORDER.indexOf(b.role ?? 'observer'));
      log(`${label} · Groepje ${index + 1}: ${members.map((member) => `${member.name} (${member.role ? ROLE_NL[member.role] : 'geen rol'})`).join(', ')}`);
      // The projector and each phone agree on group and role.
      for (const member of group.members) {
        const seat = seats.get(member.id);
        if (seat && (seat.groupId !== group.id || seat.role !== member.role)) {
          ok = false;
          log(`  FOUT: ${member.name} staat op het scherm als ${member.role ?? '-'} in ${group.id}, de telefoon zegt ${seat.role} in ${seat.groupId}`);
        }
      }
    }

    const ended = await host.request('host:roleplayEndRound', {}, (view) => view.roleplay?.state?.round === round && view.roleplay.state.stage === 'feedback');
    if (!ended.ok) throw new Error(`${label} beëindigen: ${ended.error}`);
    const refused: string[] = [];
    await Promise.all(
      bots.map(async (bot) => {
        const form = (await viewIn(bot, round, 'feedback'))?.roleplay?.feedback;
        if (!form) return;
        const questions = form.questions.length ? form.questions.map((question) => question.id) : ['self'];
        const answers = questions.map((questionId) => ({ questionId, text: FEEDBACK_TEXT[form.role] }));
        const sent = await bot.request('phone:roleplayFeedback', { key: randomUUID(), round, answers });
        if (!sent.ok) refused.push(`${bot.last?.me?.name ?? '?'}: ${sent.error}`);
      }),
    );
    const expected = seats.size;
    const collected = await host
      .until((view) => view.roleplay?.state?.round === round && view.roleplay.state.feedback.sent >= expected, PHASE_TIMEOUT_MS)
      .catch(() => host.last);
    const feedback = collected?.roleplay?.state?.feedback ?? { sent: 0, expected: 0 };
    log(`Feedback ${label.toLowerCase()}: ${feedback.sent}/${feedback.expected}${refused.length ? ` (geweigerd: ${refused.join('; ')})` : ''}`);
    if (feedback.sent !== feedback.expected || feedback.expected !== expected || refused.length) ok = false;

    // Privacy, over every view each screen got during this round (feedback included).
    const violations = cardLeaks({
      host: host.views.slice(from.host),
      bots: bots.map((bot, index) => ({ name: bot.last?.me?.name ?? '?', id: bot.last?.me?.id ?? '', views: bot.views.slice(from.bots[index]) })),
      seatsByRound,
      cards: cardSet.cards,
      observersSeeCards: settings.observersSeeCards,
    });
    if (violations.length) {
      ok = false;
      log(`Privacy: FOUT (${violations.length} kaarten gezien die niet mochten)`);
      for (const violation of violations) log(`  ${violation}`);
    } else log('Privacy: in orde (0 kaarten gezien die niet mochten)');
  }
  return ok;
}
