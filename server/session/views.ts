/**
 * Pure functions from a session snapshot to the exact view each viewer may see, composed from
 * the features' own view functions. Privacy lives there: a view holds nothing its viewer may not know.
 */
import type { SnapshotFrom } from 'xstate';
import { Memo, perObject } from '../lib/memo.ts';
import type { AgendaItemView, PhoneOwnView, PhoneRoomView, PhoneView, ProjectorView, SessionStatus } from '../protocol/views.ts';
import { actionsPhoneInputs, lookBackPhoneInputs, toActionsPhoneView, toActionsProjectorView, toLookBackPhoneView, toLookBackProjectorView } from './actions/views.ts';
import type { SessionContext } from './context.ts';
import { dialoguePhoneInputs, toDialoguePhoneView, toDialogueProjectorView } from './dialogue/views.ts';
import { evaluationPhoneInputs, toEvaluationFeedback, toEvaluationPhoneView, toEvaluationProjectorView } from './evaluation/views.ts';
import { timerOf } from './programme/clock.ts';
import { currentPhase } from './programme/queries.ts';
import { researchPhoneInputs, toResearchPhoneView, toResearchProjectorView } from './research/views.ts';
import { roleplayPhoneInputs, toRoleplayPhoneView, toRoleplayProjectorView } from './roleplay/views.ts';
import { SCREEN_PAGE_MS } from './screen/screen.ts';
import { notesOf, participantOf } from './seats/queries.ts';
import type { Participant } from './seats/seats.ts';
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

/** Whether the session is still open; asked once per snapshot, not once per phone. */
const isOpen = perObject((snapshot: SessionSnapshot) => !snapshot.matches('closed'));

/**
 * A phone's own parts, one feature at a time. Each part is made again only when something it
 * reads changed (the feature names what it reads beside its view function, `…PhoneInputs`), so an
 * event costs a phone only the parts it changed, and an unchanged part is the very object it was:
 * what was sent is known to be unchanged without encoding it again (see ../sentViews.ts).
 */
function ownPart<V>(make: (context: SessionContext, participant: Participant, open: boolean, now: number) => V, inputs: (context: SessionContext, open: boolean, now: number) => readonly unknown[]) {
  const memo = new Memo<Participant, V>();
  return (context: SessionContext, participant: Participant, open: boolean, now: number) =>
    memo.get(participant, inputs(context, open, now), () => make(context, participant, open, now));
}

const OWN_PARTS = {
  me: perObject((participant: Participant) => ({ id: participant.id, name: participant.name })),
  roleplay: ownPart(
    (context, me, open) => (open ? toRoleplayPhoneView(context, me.id) : null),
    (context, open) => [open, ...roleplayPhoneInputs(context)],
  ),
  dialogue: ownPart(
    (context, me, open) => (open ? toDialoguePhoneView(context, me.id) : null),
    (context, open) => [open, ...dialoguePhoneInputs(context)],
  ),
  evaluation: ownPart(
    (context, me, open) => (open ? toEvaluationPhoneView(context, me.id) : null),
    (context, open) => [open, ...evaluationPhoneInputs(context)],
  ),
  research: ownPart(
    (context, me, open, now) => (open ? toResearchPhoneView(context, me.id, now) : null),
    (context, open, now) => [open, ...researchPhoneInputs(context, now)],
  ),
  actions: ownPart(
    (context, me, open) => toActionsPhoneView(context, me.id, !open),
    (context, open) => [open, ...actionsPhoneInputs(context)],
  ),
  lookBack: ownPart(
    (context, me) => toLookBackPhoneView(context, me.name),
    (context) => lookBackPhoneInputs(context),
  ),
};

const NOBODY: PhoneOwnView = { me: null, notes: [], roleplay: null, dialogue: null, evaluation: null, research: null, actions: null, lookBack: null };

export function toPhoneOwnView(snapshot: SessionSnapshot, participantId: string | null, now: number): PhoneOwnView {
  const { context } = snapshot;
  const me = participantOf(context, participantId);
  if (!me) return { ...NOBODY, notes: [] };
  const open = isOpen(snapshot);
  return {
    me: OWN_PARTS.me(me),
    notes: notesOf(context, me.id),
    roleplay: OWN_PARTS.roleplay(context, me, open, now),
    dialogue: OWN_PARTS.dialogue(context, me, open, now),
    evaluation: OWN_PARTS.evaluation(context, me, open, now),
    research: OWN_PARTS.research(context, me, open, now),
    actions: OWN_PARTS.actions(context, me, open, now),
    lookBack: OWN_PARTS.lookBack(context, me, open, now),
  };
}

/** The whole view of one phone, as it puts its parts together. */
export function toPhoneView(snapshot: SessionSnapshot, participantId: string | null, now: number): PhoneView {
  const own = toPhoneOwnView(snapshot, participantId, now);
  return { ...toPhoneRoomView(snapshot, own.me !== null), ...own, serverNow: now };
}
