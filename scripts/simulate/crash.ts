/**
 * The crash rehearsal (--kill-at): in the phase asked for, once half the bots have had a submission
 * acknowledged and the rest are still sending, the simulator's own server (a process of its own,
 * ownServer.ts) is killed with kill -9 and started again on the same port and data dir. The bots and
 * the host find their way back as phones and the presenter do (Client.request sends again what was
 * not acknowledged, with the same key); this measures how long that takes (kill → every bot back in
 * its seat) and checks that the restarted server still holds every submission it acknowledged.
 */
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import type { Client, PayloadOf, Sent } from '../lib/clients.ts';
import { botName, type Bot } from './bots.ts';
import { plural, type Log } from './phaseContext.ts';

/** How long the bots may take to be back after the kill before the rehearsal calls it a failure. */
const RECOVERY_LIMIT_MS = 15_000;

/** A server that can be killed for real and started again where it was. */
export interface Restartable {
  /** kill -9; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data dir; resolves with the ms until it listens. */
  restart(): Promise<number>;
}

export interface CrashPlan {
  /** The phase to crash in: its number (1 is the first), kind (`roleplay`) or title. */
  at: string;
  server: Restartable;
}

/** A --kill-at that names no phase of the programme: a wrong argument, not a failed check. */
export class UnknownPhaseError extends Error {}

/** The index of the phase `at` names (number, kind or title, in that order), or null. */
export function phaseToKill(agenda: { kind: string; title: string }[], at: string): number | null {
  const wanted = at.trim().toLowerCase();
  const number = /^\d+$/.test(wanted) ? Number(wanted) : null;
  if (number !== null) return number >= 1 && number <= agenda.length ? number - 1 : null;
  const byKind = agenda.findIndex((phase) => phase.kind === wanted);
  if (byKind >= 0) return byKind;
  const byTitle = agenda.findIndex((phase) => phase.title.toLowerCase() === wanted);
  return byTitle >= 0 ? byTitle : null;
}

/** Seconds the Dutch way: 0,84. */
const seconds = (ms: number) => (ms / 1000).toFixed(2).replace('.', ',');

/**
 * Whether a phone's view shows a submission of its own. Every command the bots send is here;
 * null for one that a phone's view does not show.
 */
export function holds(view: PhoneView, sent: Sent): boolean | null {
  switch (sent.event) {
    case 'phone:dialogueAnswer':
      return view.dialogue?.answers.some((answer) => answer.mine && answer.questionId === sent.payload.questionId && answer.text === sent.payload.text) ?? false;
    case 'phone:evaluationAnswer':
      return view.evaluation?.answers.some((answer) => answer.key === sent.payload.key) ?? false;
    case 'phone:roleplayFeedback': {
      const feedback = view.roleplay?.feedback;
      return feedback?.round === sent.payload.round && feedback.sent;
    }
    case 'phone:actionPoint':
      return view.actions?.mine.some((point) => point.text === sent.payload.text) ?? false;
    case 'phone:reportConsent':
      return view.actions?.consent === sent.payload.consent;
    case 'phone:teamVote':
      return view.actions?.tips.find((tip) => tip.id === sent.payload.answerId)?.voted === sent.payload.vote;
    case 'phone:quickscanRate': {
      const mine = view.research?.quickscan?.mine[sent.payload.statementId];
      const { experience, importance } = sent.payload;
      return (experience === null || mine?.experience === experience) && (importance === null || mine?.importance === importance);
    }
    case 'phone:addNote':
      return view.notes.some((note) => note.key === sent.payload.key);
    case 'phone:statementVote': {
      // A phone shows its vote in the latest poll on the statement on screen; an older poll it cannot show.
      const statements = view.statements;
      const { phaseIndex, statement, round, choice } = sent.payload;
      if (statements?.phaseIndex !== phaseIndex || statements.index !== statement || statements.vote?.round !== round) return null;
      return statements.vote.mine === choice;
    }
    default:
      return null;
  }
}

/**
 * Own submissions a phone's view shows more than once under one key: a send repeated after a lost
 * ack that the server stored again. (Role-play feedback is kept once per person and round anyway.)
 */
export function storedTwice(view: PhoneView): number {
  const keys = [
    ...(view.dialogue?.answers.filter((answer) => answer.mine).map((answer) => `dialogue/${answer.id}`) ?? []),
    ...(view.evaluation?.answers.map((answer) => `evaluation/${answer.key}`) ?? []),
    ...(view.actions?.mine.map((point) => `actions/${point.id}`) ?? []),
    ...view.notes.map((note) => `note/${note.key}`),
  ];
  return keys.length - new Set(keys).size;
}

type VotePayload = PayloadOf<'phone:statementVote'>;
type Entry = { bot: number; sent: Sent };
/** One bot's vote in one poll: a later vote there replaces an earlier one. */
const pollOf = (bot: number, payload: VotePayload) => `${bot}/${payload.phaseIndex}/${payload.statement}/${payload.round}`;

/**
 * The acknowledged submissions whose effect must still be there, each with what else may stand in
 * its place. A vote replaced by a later acknowledged vote of the same bot in the same poll (a change
 * of mind) is not there any more; and a vote may show as a later one of the same bot in that poll,
 * sent (`votesSent`, in the order they went out) and stored by the old server, whose ack died with it.
 */
export function stillStanding(acknowledged: Entry[], votesSent: { bot: number; payload: VotePayload }[]): (Entry & { orLater: Sent[] })[] {
  const standing: (Entry & { orLater: Sent[] })[] = [];
  acknowledged.forEach((entry, index) => {
    if (entry.sent.event !== 'phone:statementVote') return standing.push({ ...entry, orLater: [] });
    const poll = pollOf(entry.bot, entry.sent.payload);
    const replaced = acknowledged.slice(index + 1).some((later) => later.sent.event === 'phone:statementVote' && pollOf(later.bot, later.sent.payload) === poll);
    if (replaced) return;
    const key = entry.sent.payload.key;
    const sentAt = votesSent.findIndex((vote) => vote.payload.key === key);
    const orLater = votesSent
      .slice(sentAt + 1)
      .filter((vote) => vote.bot === entry.bot && pollOf(vote.bot, vote.payload) === poll && vote.payload.key !== key)
      .map((vote): Sent => ({ event: 'phone:statementVote', payload: vote.payload }));
    standing.push({ ...entry, orLater });
  });
  return standing;
}

/** What a Dutch reader recognises a lost submission by. */
const describe = (sent: Sent) => {
  switch (sent.event) {
    case 'phone:roleplayFeedback':
      return `feedback ronde ${sent.payload.round + 1}`;
    case 'phone:quickscanRate':
      return `quickscan ${sent.payload.statementId}`;
    case 'phone:reportConsent':
      return 'toestemming';
    case 'phone:teamVote':
      return 'stem';
    case 'phone:statementVote':
      return `stem "${sent.payload.choice}" op stelling ${sent.payload.statement + 1} (stemming ${sent.payload.round})`;
    default:
      return 'text' in sent.payload ? `"${sent.payload.text}"` : sent.event;
  }
};

export class CrashRehearsal {
  private stage: 'waiting' | 'armed' | 'down' | 'restarting' = 'waiting';
  private phase: { index: number; count: number; title: string } | null = null;
  /** Submissions the old server acknowledged in the phase, by bot. */
  private readonly acknowledged: { bot: number; sent: Sent }[] = [];
  /** The bots' statement votes as they went out in the phase, acknowledged or not. */
  private readonly votesSent: { bot: number; payload: VotePayload }[] = [];
  private crashed: Promise<boolean> | null = null;
  /** How many sends the host and the bots had repeated before the kill (a lost ack in an earlier phase is not the crash's). */
  private resentBefore = 0;

  constructor(
    private readonly server: Restartable,
    private readonly host: Client<ProjectorView>,
    private readonly bots: Bot[],
    private readonly log: Log,
  ) {
    bots.forEach((bot, index) => {
      bot.socket.onAnyOutgoing((event: string, payload: VotePayload) => {
        if (event === 'phone:statementVote' && (this.stage === 'armed' || this.stage === 'down')) this.votesSent.push({ bot: index, payload });
      });
      bot.onAcknowledged((acknowledged) => {
        const sent: Sent = acknowledged;
        if (!acknowledged.result.ok || sent.event === 'phone:join') return;
        // Acks that arrive after the kill were sent by the old server before it died: they count too.
        if (this.stage === 'armed' || this.stage === 'down') this.acknowledged.push({ bot: index, sent });
        // Half of the bots' submissions in: the other half is on its way or about to be.
        if (this.stage === 'armed' && this.acknowledged.length >= Math.max(1, Math.floor(this.bots.length / 2))) this.crashed = this.crash();
      });
    });
  }

  /** At the start of the phase to crash in: from now on the bots' acknowledged submissions count towards the kill. */
  arm(phase: { index: number; count: number; title: string }): void {
    this.phase = phase;
    this.stage = 'armed';
  }

  /**
   * At the end of that phase: kills the server now if the bots' submissions did not (a phase where
   * they send nothing), and resolves once it is back and checked: true when all went well. Then
   * every send repeated after the restart must have been stored once.
   */
  async settle(): Promise<boolean> {
    this.crashed ??= this.crash();
    const ok = await this.crashed;
    const resent = [this.host, ...this.bots].reduce((sum, client) => sum + client.resent, 0) - this.resentBefore;
    const twice = this.bots.reduce((sum, bot) => sum + (bot.last ? storedTwice(bot.last) : 0), 0);
    this.log(
      `Na de herstart opnieuw verstuurd: ${plural(resent, 'verzoek', 'verzoeken')} zonder antwoord, met dezelfde sleutel; ` +
        `${twice ? `FOUT: ${twice} dubbel opgeslagen` : 'niets dubbel opgeslagen'}`,
    );
    return ok && !twice;
  }

  private async crash(): Promise<boolean> {
    this.stage = 'down';
    // The host goes on once every bot is back, as a facilitator waits for the room: until then the
    // first view each bot gets from the new server is the restored session, not one moved on.
    let recovered = () => {};
    this.host.holdRequests(new Promise<void>((resolve) => (recovered = resolve)));
    try {
      return await this.recover();
    } finally {
      recovered();
    }
  }

  private async recover(): Promise<boolean> {
    const { host, bots, log } = this;
    const seats = bots.map((bot) => bot.last?.me?.id ?? null);
    const phaseBefore = host.last?.phase?.index ?? null;
    const lost = [host, ...bots].map((client) => client.disconnected());
    this.resentBefore = [host, ...bots].reduce((sum, client) => sum + client.resent, 0);
    const killedAt = performance.now();
    await this.server.kill();
    await Promise.all(lost);
    // Every socket is down: no more acks from the old server, and the next view each gets is the new server's.
    this.stage = 'restarting';
    const phase = this.phase ? `fase ${this.phase.index + 1}/${this.phase.count} ${this.phase.title}` : 'de sessie';
    log(`Crash: kill -9 op de server in ${phase}, ${plural(this.acknowledged.length, 'inzending', 'inzendingen')} van de bots al bevestigd`);

    const arrivals: number[] = [];
    const firstViews = bots.map((bot) =>
      bot.next(() => true, RECOVERY_LIMIT_MS).then(
        (view) => (arrivals.push(performance.now()), view),
        () => null,
      ),
    );
    const hostView = host.next(() => true, RECOVERY_LIMIT_MS).catch(() => null);
    let readyMs: number;
    try {
      readyMs = await this.server.restart();
    } catch (error) {
      log(`FOUT: de server start niet opnieuw: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    const views = await Promise.all(firstViews);
    const hostBack = await hostView;
    const back = views.filter((view, index) => view?.me != null && view.me.id === seats[index]).length;
    const recoveryMs = arrivals.length ? Math.max(...arrivals) - killedAt : RECOVERY_LIMIT_MS;
    const hostPhase = hostBack?.phase?.index ?? null;
    const hostLine = !hostBack
      ? 'FOUT: de begeleider is niet terug'
      : hostPhase === phaseBefore
        ? `de begeleider terug in fase ${(hostPhase ?? -1) + 1}`
        : `FOUT: de begeleider terug in fase ${(hostPhase ?? -1) + 1}, was in fase ${(phaseBefore ?? -1) + 1}`;
    log(`Herstart: ${back}/${bots.length} bots terug in ${seconds(recoveryMs)} s (server na ${seconds(readyMs)} s klaar), ${hostLine}`);
    if (back !== bots.length) log(`  FOUT: ${bots.length - back} bots niet terug op hun eigen plek`);

    const standing = stillStanding(this.acknowledged, this.votesSent);
    const missing = standing.filter(({ bot, sent, orLater }) => {
      const view = views[bot];
      if (!view) return true;
      const shown = [sent, ...orLater].map((candidate) => holds(view, candidate));
      return shown.includes(false) && !shown.includes(true);
    });
    const checked = standing.length;
    if (missing.length) {
      log(`FOUT: ${missing.length} van de ${checked} bevestigde inzendingen kwijt na de herstart`);
      for (const { bot, sent } of missing) log(`  ${botName(bot)}: ${describe(sent)}`);
    } else log(`Niets kwijt: ${checked}/${checked} bevestigde inzendingen staan er na de herstart nog`);
    return back === bots.length && hostPhase === phaseBefore && hostBack !== null && !missing.length;
  }
}
