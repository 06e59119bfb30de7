/**
 * The action points: every bot writes one or two points, sets its consent (in rotation) and votes
 * for one or two tips; the host makes the two tips with most votes team points (a programme without
 * a plenary has no tips, and so no votes and no team points). Then the privacy check: no personal
 * point on the projector, and no phone that got another's point.
 */
import { randomUUID } from 'node:crypto';
import type { Consent } from '../../server/protocol/views.ts';
import { botName, pick, PHASE_TIMEOUT_MS } from './bots.ts';
import { pointLeaks } from './checks.ts';
import { sumOf, tally } from './ledger.ts';
import { CONSENT_NL, plural, type PhaseContext } from './phaseContext.ts';

/** Small, concrete action points; each bot puts its name in front (see pointText) so that a leak shows whose point it was. */
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
const TEAM_POINTS = 2;

/** "Anouk: ik leg een korte agenda op tafel" — checks.ts's pointLeaks relies on the name in front. */
const pointText = (index: number, phrase: string) => `${botName(index)}: ${phrase}`;

export async function writeActionPoints({ host, bots, ledger, log }: PhaseContext): Promise<boolean> {
  const tipCount = ledger.tips;
  const board = await host.until((view) => view.actions?.tips.length === tipCount, PHASE_TIMEOUT_MS).catch(() => null);
  if (!board) return log(`Actiepunten: het scherm toont de ${tipCount} tips uit het plenaire deel niet`), false;
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
        const sent = await bot.request('phone:actionPoint', { key: randomUUID(), text });
        if (sent.ok) texts.push(text);
        else refused.push(`${name}, actiepunt: ${sent.error}`);
      }
      const consented = await bot.request('phone:reportConsent', { consent });
      if (!consented.ok) refused.push(`${name}, toestemming: ${consented.error}`);
      ledger.points[index] = { name, consent: consented.ok ? consent : 'private', texts };

      // A first choice spread over the tips; half the bots add the first other tip in plenary order, so that the votes differ.
      const tips = view.actions.tips;
      const first = tips.length ? pick(tips, index) : null;
      const second = tips.find((tip) => tip !== first);
      const wanted = !first ? [] : index % 2 === 1 && second ? [first, second] : [first];
      let votes = 0;
      for (const tip of wanted) {
        const voted = await bot.request('phone:teamVote', { answerId: tip.id, vote: true });
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
  if (!actions) return log('Actiepunten: het scherm toont geen actiepunten'), false;

  // Most votes first; a stable sort keeps the plenary order between tips with as many votes.
  const ranked = [...actions.tips].sort((a, b) => b.votes - a.votes).slice(0, TEAM_POINTS);
  for (const tip of ranked) {
    const chosen = await host.request('host:teamPoint', { answerId: tip.id, chosen: true });
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
  log(
    `Actiepunten: ${actions.writers}/${bots.length} bots schreven (${CONSENT_ROTATION.map((consent) => `${consents.get(consent) ?? 0} ${CONSENT_NL[consent]}`).join(', ')}), ` +
      `${plural(team.length, 'teamactiepunt', 'teamactiepunten')}, privacy ${leaks.length ? `FOUT (${leaks.length} keer gezien wat niet mocht)` : 'in orde'}` +
      `${refused.length ? ` (geweigerd: ${refused.join('; ')})` : ''}`,
  );
  for (const point of team) log(`  Teamactiepunt: ${point.text} (${plural(ranked.find((tip) => tip.id === point.answerId)?.votes ?? 0, 'stem', 'stemmen')})`);
  if (phonesWithTeam !== bots.length) log(`  FOUT: ${bots.length - phonesWithTeam} telefoons tonen de teamactiepunten niet`);
  for (const leak of leaks) log(`  ${leak}`);
  return actions.writers === bots.length && team.length === Math.min(TEAM_POINTS, tipCount) && phonesWithTeam === bots.length && !leaks.length && !refused.length;
}
