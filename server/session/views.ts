/**
 * Pure functions from a session snapshot to the exact view each viewer may see, composed from
 * the features' own view functions. Privacy lives there: a view holds nothing its viewer may not know.
 */
import type { SnapshotFrom } from 'xstate';
import type { AgendaItemView, PhoneOwnView, PhoneRoomView, PhoneView, ProjectorView, SessionStatus } from '../protocol/views.ts';
import { toActionsPhoneView, toActionsProjectorView, toLookBackPhoneView, toLookBackProjectorView } from './actions/views.ts';
import { toDialoguePhoneView, toDialogueProjectorView } from './dialogue/views.ts';
import { toEvaluationFeedback, toEvaluationPhoneView, toEvaluationProjectorView } from './evaluation/views.ts';
import { timerOf } from './programme/clock.ts';
import { currentPhase } from './programme/queries.ts';
import { toResearchPhoneView, toResearchProjectorView } from './research/views.ts';
import { toRoleplayPhoneView, toRoleplayProjectorView } from './roleplay/views.ts';
import { SCREEN_PAGE_MS } from './screen/screen.ts';
import { notesOf } from './seats/queries.ts';
import type { sessionMachine } from './sessionMachine.ts';

export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;

export function statusOf(snapshot: SessionSnapshot): SessionStatus {
  if (snapshot.matches('closed')) return 'closed';
  if (snapshot.matches({ open: { running: 'paused' } })) return 'paused';
  if (snapshot.matches({ open: 'running' })) return 'running';
  return 'lobby';
}

export interface ProjectorExtras {
  joinUrl: string;
  online: ReadonlySet<string>;
  now: number;
}

export function toProjectorView(snapshot: SessionSnapshot, { joinUrl, online, now }: ProjectorExtras): ProjectorView {
  const { context } = snapshot;
  const current = currentPhase(context);
  const open = !snapshot.matches('closed');
  const agenda: AgendaItemView[] = context.programme.phases.map((phase, index) => ({
    kind: phase.kind,
    title: phase.title,
    plannedMinutes: phase.minutes,
    usedMs: context.clocks[index]?.usedMs ?? 0,
    state: index < context.phaseIndex ? 'done' : index === context.phaseIndex ? 'current' : 'todo',
  }));
  return {
    code: context.code,
    joinUrl,
    status: statusOf(snapshot),
    serverNow: now,
    programmeTitle: context.programme.title,
    language: context.programme.language,
    phase:
      current && open
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
    roleplay: open ? toRoleplayProjectorView(context, online) : null,
    roleplayFeedback: open ? toEvaluationFeedback(context) : null,
    dialogue: open ? toDialogueProjectorView(context, online) : null,
    evaluation: open ? toEvaluationProjectorView(context) : null,
    research: open ? toResearchProjectorView(context, now) : null,
    actions: open ? toActionsProjectorView(context) : null,
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
    screen: { ...context.screen, pageMs: SCREEN_PAGE_MS },
  };
}

export function toPhoneRoomView(snapshot: SessionSnapshot, seated: boolean): PhoneRoomView {
  const { context } = snapshot;
  const current = currentPhase(context);
  return {
    code: context.code,
    status: statusOf(snapshot),
    language: context.programme.language,
    phase:
      seated && current && !snapshot.matches('closed')
        ? {
            index: current.index,
            count: current.count,
            kind: current.phase.kind,
            title: current.phase.title,
            instructionHtml: current.phase.phoneHtml,
            timer: timerOf(context),
          }
        : null,
  };
}

export function toPhoneOwnView(snapshot: SessionSnapshot, participantId: string | null, now: number): PhoneOwnView {
  const { context } = snapshot;
  const me = context.participants.find((participant) => participant.id === participantId);
  const open = !snapshot.matches('closed');
  return {
    me: me ? { id: me.id, name: me.name } : null,
    notes: me ? notesOf(context, me.id) : [],
    roleplay: me && open ? toRoleplayPhoneView(context, me.id) : null,
    dialogue: me && open ? toDialoguePhoneView(context, me.id) : null,
    evaluation: me && open ? toEvaluationPhoneView(context, me.id) : null,
    research: me && open ? toResearchPhoneView(context, me.id, now) : null,
    actions: me ? toActionsPhoneView(context, me.id, !open) : null,
    lookBack: me ? toLookBackPhoneView(context, me.name) : null,
  };
}

/** The whole view of one phone, as it puts its parts together. */
export function toPhoneView(snapshot: SessionSnapshot, participantId: string | null, now: number): PhoneView {
  const own = toPhoneOwnView(snapshot, participantId, now);
  return { ...toPhoneRoomView(snapshot, own.me !== null), ...own, serverNow: now };
}
