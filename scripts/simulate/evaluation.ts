/**
 * The evaluation: every bot answers the first question of each list; the projector must show every
 * answer, and no bot's name anywhere in its evaluation wall (the answers are anonymous there).
 */
import { randomUUID } from 'node:crypto';
import type { ProjectorView } from '../../server/protocol/views.ts';
import { botName, pick, PHASE_TIMEOUT_MS } from './bots.ts';
import { namesOnEvaluationWall } from './checks.ts';
import { tally } from './ledger.ts';
import type { PhaseContext } from './phaseContext.ts';

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
  // Het startgesprek: looking back on the practice.
  lukte: [
    'Een positief begin lukte goed: de ouder ontspande meteen.',
    'De leerling aan het woord laten lukte, hij vertelde zelf wat hij goed kan.',
    'Afspreken hoe we contact houden lukte: eens per periode bellen.',
    'Vooraf vragen wat ouders willen bespreken werkte goed.',
  ],
};
const EVALUATION_FALLBACK = [
  'Open vragen werkten beter dan ik dacht.',
  'Door de rolkaart begreep ik de ouder beter.',
  'Het gesprek voelde rustiger dan verwacht.',
  'Volgende keer vraag ik eerder naar thuis.',
];

export async function evaluate({ host, bots, ledger, log }: PhaseContext): Promise<boolean> {
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
        const sent = await bot.request('phone:evaluationAnswer', { key: randomUUID(), questionId: question.id, text });
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

  const named = namesOnEvaluationWall(host.views, bots.length);
  log(
    `Evaluatie: ${shown}/${meant} antwoorden op het scherm, ${named.length ? `FOUT: met namen (${named.join(', ')})` : 'zonder namen'}` +
      `${refused.length ? ` (geweigerd: ${refused.join('; ')})` : ''}`,
  );
  return meant > 0 && shown === meant && !named.length && !refused.length;
}
