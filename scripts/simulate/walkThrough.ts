/**
 * One whole session, phase by phase: create it with the programme asked for (programmes.ts; the
 * server's default without one), let the bots join, start every phase in turn and walk its activity
 * (research.ts, statements.ts, dialogue.ts, roleplay.ts, evaluation.ts, actionPoints.ts), close it,
 * and check the report (report.ts), written to a file when asked. With a crash plan the server is
 * killed and restarted in one phase (crash.ts) and the walk goes on from where the restored session
 * is. Used by cli.ts and the smoke tests.
 */
import { loadContent } from '../../server/content/loadContent.ts';
import type { PhaseKind } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { BROWSER_RECONNECT, createSession, hostClient } from '../lib/clients.ts';
import { writeActionPoints } from './actionPoints.ts';
import { joinBots, PHASE_TIMEOUT_MS, sawPhase } from './bots.ts';
import { pointLeaks } from './checks.ts';
import { CrashRehearsal, phaseToKill, UnknownPhaseError, type CrashPlan } from './crash.ts';
import { holdDialogue, markTips } from './dialogue.ts';
import { evaluate } from './evaluation.ts';
import { emptyLedger } from './ledger.ts';
import type { Log, PhaseContext } from './phaseContext.ts';
import { chooseProgramme, type Language } from './programmes.ts';
import { checkSessionReport } from './report.ts';
import { answerQuickscan } from './research.ts';
import { playRoleplay } from './roleplay.ts';
import { voteOnStatements } from './statements.ts';

export interface WalkOptions {
  participants: number;
  /** The programme's id as the server knows it (--programme); the server's default when not given. */
  programme?: string;
  /** The programme's language (--language); Dutch when not given. */
  language?: Language;
  /**
   * The content the server loaded (--content), where the walk looks up the research and card sets
   * the projector offers to check what the screens show; the project's content/ when not given.
   */
  contentDir?: string;
  /** Also write the session report as Markdown to this file (it is checked either way). */
  reportFile?: string;
  /** Where the (Dutch) progress lines go; the console by default. */
  log?: Log;
  /** Kill the server in this phase and start it again (--kill-at): the walk must go on as if nothing happened. */
  crash?: CrashPlan;
}

export interface WalkResult {
  ok: boolean;
  everyoneSawEverything: boolean;
  activitiesWentWell: boolean;
  /** The report, fetched after the close, holds what the bots and the host did and nothing it must not. */
  reportWentWell: boolean;
  /** Every bot back in its seat and nothing acknowledged lost after the restart; true without a crash plan. */
  crashWentWell: boolean;
}

/** What the bots did in each kind of phase, for the last line of a walk that went well. */
const DONE_NL: Partial<Record<PhaseKind, string>> = {
  research: 'vulde de quickscan in',
  statements: 'stemde over de stellingen',
  dialogue: 'schreef op de flap',
  roleplay: 'speelde het rollenspel, gaf feedback',
  evaluation: 'evalueerde',
  actions: 'schreef actiepunten',
};

/** The activity each kind of phase gets; a phase without one (the intro) is only started and seen. */
const ACTIVITIES: Partial<Record<PhaseKind, (context: PhaseContext) => Promise<boolean>>> = {
  research: answerQuickscan,
  statements: voteOnStatements,
  dialogue: holdDialogue,
  plenary: markTips,
  roleplay: playRoleplay,
  evaluation: evaluate,
  actions: writeActionPoints,
};

export async function walkThrough(url: string, options: WalkOptions): Promise<WalkResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const count = options.participants;
  const programme = await chooseProgramme(url, options.programme, options.language);
  const { code, hostToken } = await createSession(url, programme?.id, options.language);
  // The presenter's page reconnects like a phone does, with its host token.
  const host = hostClient(url, code, hostToken, BROWSER_RECONNECT);
  const bots = await joinBots(url, code, count);
  await host.until((view) => view.participants.filter((participant) => participant.online).length === count);
  log(`Sessie ${code}: ${count} bots in de lobby`);

  const context: PhaseContext = { host, bots, ledger: emptyLedger(), content: loadContent(options.contentDir ?? `${PROJECT_ROOT}content`), log };
  const phases = (await host.until((view) => view.agenda.length > 0)).agenda;
  log(`Programma "${host.last?.programmeTitle}" (${programme?.id ?? 'standaard'}, ${host.last?.language}): ${phases.map((phase) => phase.kind).join(', ')}`);
  const crash = options.crash ? new CrashRehearsal(options.crash.server, host, bots, log) : null;
  const killAt = options.crash ? phaseToKill(phases, options.crash.at) : null;
  if (options.crash && killAt === null) {
    for (const client of [host, ...bots]) client.close();
    const known = phases.map((phase, index) => `${index + 1} ${phase.kind} "${phase.title}"`).join(', ');
    throw new UnknownPhaseError(`--kill-at ${options.crash.at}: geen fase met dat nummer, die soort of die titel (${known})`);
  }
  let everyoneSawEverything = true;
  let activitiesWentWell = true;
  let crashWentWell = true;
  for (const [index, phase] of phases.entries()) {
    // Sent once: when the connection dropped before the ack, the restored session shows whether it took effect.
    const result = await host.request(index === 0 ? 'host:start' : 'host:next', {}, (view) => view.phase?.index === index);
    if (!result.ok) throw new Error(`fase ${index + 1}: ${result.error}`);
    if (index === killAt) crash?.arm({ index, count: phases.length, title: phase.title });
    await Promise.allSettled(bots.map((bot) => bot.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS)));
    const saw = bots.filter((bot) => sawPhase(bot, index)).length;
    everyoneSawEverything &&= saw === count;
    log(`Fase ${index + 1}/${phases.length} ${phase.title} (${phase.kind}): ${saw}/${count} bots`);
    const activity = ACTIVITIES[phase.kind];
    if (activity) {
      await host.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS);
      activitiesWentWell = (await activity(context)) && activitiesWentWell;
    }
    if (crash && index === killAt) crashWentWell = await crash.settle();
  }
  await host.request('host:end', {}, (view) => view.status === 'closed');
  await Promise.allSettled(bots.map((bot) => bot.until((view) => view.status === 'closed', PHASE_TIMEOUT_MS)));
  const closed = bots.filter((bot) => bot.last?.status === 'closed').length;
  everyoneSawEverything &&= closed === count;
  log(`Afgesloten: ${closed}/${count} bots`);
  // Phones keep their own points after the close: check once more over every view, the closed ones included.
  const lateLeaks = pointLeaks(host, bots, context.ledger);
  if (lateLeaks.length) {
    activitiesWentWell = false;
    log(`Actiepunten na het afsluiten: privacy FOUT (${lateLeaks.length} keer gezien wat niet mocht)`);
    for (const leak of lateLeaks) log(`  ${leak}`);
  }
  const reportWentWell = await checkSessionReport({ url, code, hostToken }, options.reportFile, context.ledger, log);
  for (const client of [host, ...bots]) client.close();
  const kinds = new Set(phases.map((phase) => phase.kind));
  // A research phase without a quickscan (the original programme) has the presentation only.
  const done = [...kinds].flatMap((kind) => (kind === 'research' && !context.ledger.quickscan ? 'volgde de presentatie van het onderzoek' : (DONE_NL[kind] ?? [])));
  if (!everyoneSawEverything) log('FOUT: niet elke bot zag elke fase.');
  if (!activitiesWentWell) log(`FOUT: niet alles ging goed in de fasen (${[...kinds].filter((kind) => ACTIVITIES[kind]).join(', ')}; zie hierboven).`);
  if (!reportWentWell) log('FOUT: het verslag klopt niet (zie hierboven).');
  if (!crashWentWell) log('FOUT: na de herstart was niet elke bot terug of was er iets kwijt (zie hierboven).');
  const ok = everyoneSawEverything && activitiesWentWell && reportWentWell && crashWentWell;
  if (ok) {
    const chosen = [
      kinds.has('plenary') && (kinds.has('actions') ? 'tips en teamactiepunten gekozen' : 'tips gekozen'),
      kinds.has('actions') && 'niemand zag andermans actiepunten',
    ].filter(Boolean);
    log(
      `OK: elke bot zag elke fase${done.length ? `, ${done.join(', ')}` : ''}; ${[...chosen, 'het verslag klopt'].join(', ')}` +
        `${options.crash ? ', na de crash was iedereen terug en niets kwijt' : ''}.`,
    );
  }
  return { ok, everyoneSawEverything, activitiesWentWell, reportWentWell, crashWentWell };
}
