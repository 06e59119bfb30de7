/**
 * One whole session, phase by phase: create it, let the bots join, start every phase in turn and
 * walk its activity (research.ts, dialogue.ts, roleplay.ts, evaluation.ts, actionPoints.ts), close
 * it, and optionally write and check the report (report.ts). With a crash plan the server is killed
 * and restarted in one phase (crash.ts) and the walk goes on from where the restored session is.
 * Used by cli.ts and the smoke tests.
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
import { writeReport } from './report.ts';
import { answerQuickscan } from './research.ts';
import { playRoleplay } from './roleplay.ts';

export interface WalkOptions {
  participants: number;
  /** Write the session report as Markdown to this file after the close, and check it. */
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
  /** True without a report file. */
  reportWentWell: boolean;
  /** Every bot back in its seat and nothing acknowledged lost after the restart; true without a crash plan. */
  crashWentWell: boolean;
}

/** The activity each kind of phase gets; a phase without one (the intro) is only started and seen. */
const ACTIVITIES: Partial<Record<PhaseKind, (context: PhaseContext) => Promise<boolean>>> = {
  research: answerQuickscan,
  dialogue: holdDialogue,
  plenary: markTips,
  roleplay: playRoleplay,
  evaluation: evaluate,
  actions: writeActionPoints,
};

export async function walkThrough(url: string, options: WalkOptions): Promise<WalkResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const count = options.participants;
  const { code, hostToken } = await createSession(url);
  // The presenter's page reconnects like a phone does, with its host token.
  const host = hostClient(url, code, hostToken, BROWSER_RECONNECT);
  const bots = await joinBots(url, code, count);
  await host.until((view) => view.participants.filter((participant) => participant.online).length === count);
  log(`Sessie ${code}: ${count} bots in de lobby`);

  const context: PhaseContext = { host, bots, ledger: emptyLedger(), content: loadContent(`${PROJECT_ROOT}content`), log };
  const phases = (await host.until((view) => view.agenda.length > 0)).agenda;
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
  const reportWentWell = options.reportFile ? await writeReport({ url, code, hostToken }, options.reportFile, context.ledger, log) : true;
  for (const client of [host, ...bots]) client.close();
  if (!everyoneSawEverything) log('FOUT: niet elke bot zag elke fase.');
  if (!activitiesWentWell) log('FOUT: de quickscan, de dialoog, de tips, het rollenspel, de evaluatie of de actiepunten gingen niet goed (zie hierboven).');
  if (!reportWentWell) log('FOUT: het verslag klopt niet (zie hierboven).');
  if (!crashWentWell) log('FOUT: na de herstart was niet elke bot terug of was er iets kwijt (zie hierboven).');
  const ok = everyoneSawEverything && activitiesWentWell && reportWentWell && crashWentWell;
  if (ok) {
    log(
      `OK: elke bot zag elke fase, vulde de quickscan in, schreef op de flap, speelde het rollenspel, gaf feedback, evalueerde en schreef actiepunten; ` +
        `tips en teamactiepunten gekozen, niemand zag andermans actiepunten${options.reportFile ? ', het verslag klopt' : ''}` +
        `${options.crash ? ', na de crash was iedereen terug en niets kwijt' : ''}.`,
    );
  }
  return { ok, everyoneSawEverything, activitiesWentWell, reportWentWell, crashWentWell };
}
