/**
 * Pure functions from a session snapshot to the exact view each viewer may see.
 * Privacy lives here: a view holds nothing its viewer may not know.
 */
import type { SnapshotFrom } from 'xstate';
import type { AgendaItemView, PhoneView, ProjectorView, SessionStatus, TimerView } from '../protocol/views.ts';
import { toActionsPhoneView, toActionsProjectorView, toLookBackPhoneView, toLookBackProjectorView } from './actionViews.ts';
import { toResearchPhoneView, toResearchProjectorView } from './researchViews.ts';
import { toDialoguePhoneView, toDialogueProjectorView } from './dialogueViews.ts';
import { toEvaluationFeedback, toRoleplayPhoneView, toRoleplayProjectorView } from './roleplayViews.ts';
import type { SessionContext, sessionMachine } from './sessionMachine.ts';
import { evaluationLists } from './sessionQueries.ts';

export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;

const MINUTE_MS = 60_000;

export function statusOf(snapshot: SessionSnapshot): SessionStatus {
  if (snapshot.matches('closed')) return 'closed';
  if (snapshot.matches({ open: { running: 'paused' } })) return 'paused';
  if (snapshot.matches({ open: 'running' })) return 'running';
  return 'lobby';
}

/** Time used in a phase up to `now`, including the current running stretch. */
export function usedMs(context: SessionContext, index: number, now: number): number {
  const clock = context.clocks[index];
  if (!clock) return 0;
  const running = index === context.phaseIndex && context.runningSince !== null;
  return clock.usedMs + (running ? Math.max(0, now - (context.runningSince ?? now)) : 0);
}

function timerOf(context: SessionContext): TimerView {
  const phase = context.programme.phases[context.phaseIndex];
  const clock = context.clocks[context.phaseIndex];
  const totalMs = (phase?.minutes ?? 0) * MINUTE_MS + (clock?.extraMs ?? 0);
  const remainingMs = totalMs - (clock?.usedMs ?? 0);
  return context.runningSince === null
    ? { state: 'paused', remainingMs, totalMs }
    : { state: 'running', endsAt: context.runningSince + remainingMs, totalMs };
}

function currentPhase(context: SessionContext) {
  const phase = context.programme.phases[context.phaseIndex];
  return phase ? { phase, index: context.phaseIndex, count: context.programme.phases.length } : null;
}

export interface ProjectorExtras {
  joinUrl: string;
  online: ReadonlySet<string>;
  now: number;
}

export function toProjectorView(snapshot: SessionSnapshot, { joinUrl, online, now }: ProjectorExtras): ProjectorView {
  const { context } = snapshot;
  const current = currentPhase(context);
  const agenda: AgendaItemView[] = context.programme.phases.map((phase, index) => ({
    kind: phase.kind,
    title: phase.title,
    plannedMinutes: phase.minutes,
    usedMs: usedMs(context, index, now),
    state: index < context.phaseIndex ? 'done' : index === context.phaseIndex ? 'current' : 'todo',
  }));
  return {
    code: context.code,
    joinUrl,
    status: statusOf(snapshot),
    serverNow: now,
    programmeTitle: context.programme.title,
    phase:
      current && !snapshot.matches('closed')
        ? {
            index: current.index,
            count: current.count,
            kind: current.phase.kind,
            title: current.phase.title,
            projectorHtml: current.phase.projectorHtml,
            notesHtml: current.phase.notesHtml,
            timer: timerOf(context),
          }
        : null,
    roleplay: snapshot.matches('closed') ? null : toRoleplayProjectorView(context, online),
    roleplayFeedback: snapshot.matches('closed') ? null : toEvaluationFeedback(context),
    dialogue: snapshot.matches('closed') ? null : toDialogueProjectorView(context, online),
    evaluation: snapshot.matches('closed') ? null : evaluationWall(context),
    research: snapshot.matches('closed') ? null : toResearchProjectorView(context, now),
    actions: snapshot.matches('closed') ? null : toActionsProjectorView(context),
    lookBack: toLookBackProjectorView(context),
    agenda,
    participants: context.participants.map(({ id, name }) => ({ id, name, online: online.has(id) })),
    locked: context.locked,
    capacity: context.capacity,
    ownCardSet: context.ownCardSet && {
      title: context.ownCardSet.cardSet.title,
      fileName: context.ownCardSet.fileName,
      cardCount: context.ownCardSet.cardSet.cards.length,
    },
  };
}

/** The evaluation answers per question, without names, for the projector. */
function evaluationWall(context: SessionContext): ProjectorView['evaluation'] {
  const lists = evaluationLists(context);
  if (!lists.length) return null;
  return lists.flatMap((list) =>
    list.questions.map((question) => ({
      listTitle: list.title,
      question,
      answers: context.submissions
        .filter((submission) => submission.kind === 'evaluation' && submission.questionId === question.id)
        .map((submission) => submission.text),
    })),
  );
}

export function toPhoneView(snapshot: SessionSnapshot, participantId: string | null, now: number): PhoneView {
  const { context } = snapshot;
  const me = context.participants.find((participant) => participant.id === participantId);
  const current = currentPhase(context);
  return {
    code: context.code,
    status: statusOf(snapshot),
    serverNow: now,
    me: me ? { id: me.id, name: me.name } : null,
    notes: context.submissions
      .filter((submission) => submission.kind === 'note' && submission.participantId === me?.id)
      .map(({ key, phaseIndex, text }) => ({ key, phaseIndex, text })),
    phase:
      me && current && !snapshot.matches('closed')
        ? {
            index: current.index,
            count: current.count,
            kind: current.phase.kind,
            title: current.phase.title,
            instructionHtml: current.phase.phoneHtml,
            timer: timerOf(context),
          }
        : null,
    roleplay: me && !snapshot.matches('closed') ? toRoleplayPhoneView(context, me.id) : null,
    dialogue: me && !snapshot.matches('closed') ? toDialoguePhoneView(context, me.id) : null,
    evaluation:
      me && !snapshot.matches('closed') && evaluationLists(context).length
        ? {
            lists: evaluationLists(context).map(({ id, title, questions }) => ({ id, title, questions })),
            answers: context.submissions
              .filter((submission) => submission.kind === 'evaluation' && submission.participantId === me.id && submission.questionId)
              .map(({ key, questionId, text }) => ({ key, questionId: questionId ?? '', text })),
          }
        : null,
    research: me && !snapshot.matches('closed') ? toResearchPhoneView(context, me.id, now) : null,
    actions: me ? toActionsPhoneView(context, me.id, snapshot.matches('closed')) : null,
    lookBack: me ? toLookBackPhoneView(context, me.name) : null,
  };
}
