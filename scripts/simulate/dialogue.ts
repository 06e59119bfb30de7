/**
 * The dialogue in groups and the plenary after it: the host makes groups, every bot writes one
 * answer on its group's flip-over, then the host keeps the best answers as tips. The team action
 * points are chosen from these tips later (actionPoints.ts).
 */
import { randomUUID } from 'node:crypto';
import type { ProjectorView } from '../../server/protocol/views.ts';
import { pick, PHASE_TIMEOUT_MS } from './bots.ts';
import { plural, type PhaseContext } from './phaseContext.ts';
import { checkTopStatements } from './statements.ts';

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
  // Zes misverstanden: the two beliefs the team agreed with most.
  herkennen: [
    'Ik mail ouders vooral als er iets misgaat, niet als het goed gaat.',
    'Op de ouderavond vertellen wij en luisteren ouders; andersom gebeurt weinig.',
    'Ik denk vaak dat ouders van bovenbouwleerlingen niet meer willen meepraten.',
  ],
  onderzoek: [
    'Ook in het vo maakt steun van thuis veel uit voor schoolsucces.',
    'Informeren is iets anders dan samenwerken: ouders willen ook gehoord worden.',
    'Leerlingen willen wel dat ouders betrokken zijn, maar niet dat ze zich overal mee bemoeien.',
  ],
  leerling: [
    'Een leerling die het moeilijk heeft, merkt dat thuis en school langs elkaar heen praten.',
    'De leerling voelt zich meer gezien als ouders en mentor hetzelfde verhaal vertellen.',
    'Een leerling die het goed doet, krijgt van school nooit een positief bericht naar huis.',
  ],
  anders: [
    'Stuur in de eerste maand elke ouder een kort positief bericht.',
    'Vraag ouders in elk gesprek wat zij thuis zien.',
    'Laat de leerling meepraten in elk gesprek met ouders.',
  ],
  // Het startgesprek: designing our own.
  wanneer: [
    'In de derde schoolweek, twintig minuten, met een positief mailtje vooraf.',
    'Vóór de herfstvakantie, op school, ouders kiezen zelf een tijd.',
    'In de eerste twee weken; de leerling nodigt de ouders zelf uit.',
  ],
  bespreekpunten: [
    'Wat de leerling goed kan, wat ouders verwachten, en hoe het thuis met huiswerk gaat.',
    'Interesses van de leerling, de verwachtingen van iedereen, en hoe we contact houden.',
    'Hoe de overstap ging, wat de leerling nodig heeft, en wie thuis helpt.',
  ],
  'contact-afspreken': [
    'We spreken per ouder af: bellen of mailen, en minstens één keer per periode.',
    'Bij gescheiden ouders vragen we of beide ouders de berichten willen krijgen.',
    'We vragen of een ouder liever een tolk of een telefoongesprek heeft.',
  ],
  nodig: [
    'Tijd in de jaarplanning, in plaats van de eerste ouderavond.',
    'Een vaste uitnodiging en een kort gespreksformulier voor alle mentoren.',
    'Hulp van de schoolleiding om de gesprekken in te roosteren.',
  ],
};
const DIALOGUE_FALLBACK = ['Meer tijd nemen voor de thuissituatie.', 'Samen met ouders één doel kiezen.', 'Doorvragen in plaats van invullen.'];
/** The plenary prefers answers to these questions as tips: they read as something a team can do. */
const TIP_QUESTIONS = ['tips-onderzoek', 'anders', 'oplossingen', 'contact-afspreken', 'bespreekpunten', 'houding-vragen', 'perspectief'];
const MAX_TIPS = 3;

type Group = NonNullable<NonNullable<ProjectorView['dialogue']>['groups']>[number];
const answersOnFlipOvers = (groups: Group[]) =>
  groups.reduce((sum, group) => sum + Object.values(group.answersPerQuestion).reduce((a, b) => a + b, 0), 0);

/**
 * The dialogue: the host makes groups, every bot adds one answer to a question; all must show up on
 * the projector. A dialogue about the statements the room agreed with most must show the ones the
 * bots' votes give (statements.ts), and the report must name them.
 */
export async function holdDialogue(context: PhaseContext): Promise<boolean> {
  const { host, bots, ledger, log } = context;
  // Making the groups again would only shuffle them; after a lost connection, groups on the screen mean it took effect.
  const started = await host.request('host:dialogueStart', {}, (view) => (view.dialogue?.groups?.length ?? 0) > 0);
  if (!started.ok) return log(`Dialoog: groepjes maken mislukt (${started.error})`), false;
  const board = await host.until((view) => (view.dialogue?.groups?.length ?? 0) > 0, PHASE_TIMEOUT_MS);
  const top = await checkTopStatements(context, 'Dialoog');
  if (top) ledger.topStatements = top.expected.map(({ text, agreePercent }) => ({ text, agreePercent }));
  const questions = board.dialogue?.questions ?? [];
  await Promise.all(
    bots.map(async (bot, index) => {
      await bot.until((view) => view.dialogue?.group !== null && view.dialogue !== null, PHASE_TIMEOUT_MS);
      const question = questions[index % questions.length];
      if (!question) return;
      // Bots on the same question take the next answer in its list, so texts repeat only in large groups.
      const text = pick(DIALOGUE_TEXT[question.id] ?? DIALOGUE_FALLBACK, Math.floor(index / questions.length));
      const sent = await bot.request('phone:dialogueAnswer', { key: randomUUID(), questionId: question.id, text });
      if (sent.ok) ledger.dialogue.push(text);
    }),
  );
  const counted = await host.until((view) => answersOnFlipOvers(view.dialogue?.groups ?? []) === bots.length, PHASE_TIMEOUT_MS).catch(() => null);
  const groups = counted?.dialogue?.groups ?? board.dialogue?.groups ?? [];
  const answers = answersOnFlipOvers(groups);
  log(`Dialoog: ${plural(groups.length, 'groepje', 'groepjes')} (${groups.map((group) => group.members.length).join(' + ')}), ${answers}/${bots.length} antwoorden op de flap`);
  return answers === bots.length && !top?.problems.length;
}

/** The plenary: the host keeps one answer per group as a tip (at most MAX_TIPS); the team action points are chosen from these later. */
export async function markTips(context: PhaseContext): Promise<boolean> {
  const { host, ledger, log } = context;
  const board = await host.until((view) => view.dialogue?.mode === 'plenary', PHASE_TIMEOUT_MS).catch(() => null);
  if (!board?.dialogue) return log('Plenair: de flappen staan niet op het scherm'), false;
  const top = await checkTopStatements(context, 'Plenair');
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
    const marked = await host.request('host:plenaryTip', { answerId, tip: true });
    if (!marked.ok) refused.push(marked.error);
  }
  const tipsOn = (view: ProjectorView | undefined) => (view?.dialogue?.wall ?? []).flatMap((entry) => entry.answers).filter((answer) => answer.tip).length;
  const shown = tipsOn((await host.until((view) => tipsOn(view) === chosen.length, PHASE_TIMEOUT_MS).catch(() => host.last)) ?? undefined);
  ledger.tips = shown;
  log(`Plenair: ${plural(shown, 'tip', 'tips')} bewaard${refused.length ? ` (geweigerd: ${refused.join('; ')})` : ''}`);
  return chosen.length > 0 && shown === chosen.length && !refused.length && !top?.problems.length;
}
