/**
 * One whole session, phase by phase: create it, let the bots join, start every phase in turn and
 * walk its activity (research.ts, dialogue.ts, roleplay.ts, evaluation.ts, actionPoints.ts), close
 * it, and optionally write and check the report (report.ts). Used by cli.ts and the smoke test.
 */
import { loadContent } from '../../server/content/loadContent.ts';
import type { PhaseKind } from '../../server/protocol/views.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession, hostClient } from '../lib/clients.ts';
import { writeActionPoints } from './actionPoints.ts';
import { joinBots, PHASE_TIMEOUT_MS, sawPhase } from './bots.ts';
import { pointLeaks } from './checks.ts';
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
}

export interface WalkResult {
  ok: boolean;
  everyoneSawEverything: boolean;
  activitiesWentWell: boolean;
  /** True without a report file. */
  reportWentWell: boolean;
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
  const host = hostClient(url, code, hostToken);
  const bots = await joinBots(url, code, count);
  await host.until((view) => view.participants.filter((participant) => participant.online).length === count);
  log(`Sessie ${code}: ${count} bots in de lobby`);

  const context: PhaseContext = { host, bots, ledger: emptyLedger(), content: loadContent(`${PROJECT_ROOT}content`), log };
  const phases = (await host.until((view) => view.agenda.length > 0)).agenda;
  let everyoneSawEverything = true;
  let activitiesWentWell = true;
  for (const [index, phase] of phases.entries()) {
    const result = await host.socket.emitWithAck(index === 0 ? 'host:start' : 'host:next', {});
    if (!result.ok) throw new Error(`fase ${index + 1}: ${result.error}`);
    await Promise.allSettled(bots.map((bot) => bot.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS)));
    const saw = bots.filter((bot) => sawPhase(bot, index)).length;
    everyoneSawEverything &&= saw === count;
    log(`Fase ${index + 1}/${phases.length} ${phase.title} (${phase.kind}): ${saw}/${count} bots`);
    const activity = ACTIVITIES[phase.kind];
    if (activity) {
      await host.until((view) => view.phase?.index === index, PHASE_TIMEOUT_MS);
      activitiesWentWell = (await activity(context)) && activitiesWentWell;
    }
  }
  await host.socket.emitWithAck('host:end', {});
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
  const ok = everyoneSawEverything && activitiesWentWell && reportWentWell;
  if (ok) {
    log(
      `OK: elke bot zag elke fase, vulde de quickscan in, schreef op de flap, speelde het rollenspel, gaf feedback, evalueerde en schreef actiepunten; ` +
        `tips en teamactiepunten gekozen, niemand zag andermans actiepunten${options.reportFile ? ', het verslag klopt' : ''}.`,
    );
  }
  return { ok, everyoneSawEverything, activitiesWentWell, reportWentWell };
}
