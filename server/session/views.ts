/**
 * Pure functions from a session snapshot to the exact view each viewer may see, composed from
 * the features' own view functions. Privacy lives there: a view holds nothing its viewer may not know.
 */
import type { SnapshotFrom } from 'xstate';
import { perObject } from '../lib/memo.ts';
import type { AgendaItemView, PhoneOwnView, PhoneRoomView, PhoneView, ProjectorView, SessionStatus } from '../protocol/views.ts';
import { actionsPhoneReads, lookBackPhoneReads, toActionsPhoneView, toActionsProjectorView, toLookBackPhoneView, toLookBackProjectorView } from './actions/views.ts';
import type { SessionContext } from './context.ts';
import { dialoguePhoneReads, toDialoguePhoneView, toDialogueProjectorView } from './dialogue/views.ts';
import { evaluationPhoneReads, toEvaluationFeedback, toEvaluationPhoneView, toEvaluationProjectorView } from './evaluation/views.ts';
import { timerOf } from './programme/clock.ts';
import { currentPhase } from './programme/queries.ts';
import { researchFollowsClock, researchPhoneReads, toResearchPhoneView, toResearchProjectorView } from './research/views.ts';
import { roleplayPhoneReads, toRoleplayPhoneView, toRoleplayProjectorView } from './roleplay/views.ts';
import { SCREEN_PAGE_MS } from './screen/screen.ts';
import { statementsPhoneReads, toStatementsPhoneView, toStatementsProjectorView } from './statements/views.ts';
import { notesOf, participantOf, waitingEntry } from './seats/queries.ts';
import type { Participant, WaitingEntry } from './seats/seats.ts';
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
    statements: open ? toStatementsProjectorView(context) : null,
    lookBack: toLookBackProjectorView(context),
    agenda,
    participants: context.participants.map(({ id, name }) => ({ id, name, online: online.has(id) })),
    admission: context.admission,
    locked: context.admission === 'locked',
    waiting: context.waiting.map(({ id, name }) => ({ id, name, online: online.has(id) })),
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

type Reads = readonly (keyof SessionContext)[];

/**
 * A phone's own parts, feature by feature, and what each reads of the context (the feature names
 * that beside its view function, `…PhoneReads`).
 */
const OWN_PARTS: {
  key: Exclude<keyof PhoneOwnView, 'me' | 'waiting' | 'notes'>;
  reads: Reads;
  make: (context: SessionContext, me: Participant, open: boolean, now: number) => unknown;
  /** Made again at every call while this holds: the part follows the clock. */
  followsClock?: (context: SessionContext) => boolean;
}[] = [
  { key: 'roleplay', reads: roleplayPhoneReads, make: (context, me, open) => (open ? toRoleplayPhoneView(context, me.id) : null) },
  { key: 'dialogue', reads: dialoguePhoneReads, make: (context, me, open) => (open ? toDialoguePhoneView(context, me.id) : null) },
  { key: 'evaluation', reads: evaluationPhoneReads, make: (context, me, open) => (open ? toEvaluationPhoneView(context, me.id) : null) },
  {
    key: 'research',
    reads: researchPhoneReads,
    make: (context, me, open, now) => (open ? toResearchPhoneView(context, me.id, now) : null),
    followsClock: researchFollowsClock,
  },
  { key: 'statements', reads: statementsPhoneReads, make: (context, me, open) => (open ? toStatementsPhoneView(context, me.id) : null) },
  { key: 'actions', reads: actionsPhoneReads, make: (context, me, open) => toActionsPhoneView(context, me.id, !open) },
  { key: 'lookBack', reads: lookBackPhoneReads, make: (context, me) => toLookBackPhoneView(context, me.name) },
];

const readsSame = (reads: Reads, a: SessionContext, b: SessionContext) => {
  for (const key of reads) if (a[key] !== b[key]) return false;
  return true;
};

const meOf = perObject((participant: Participant) => ({ id: participant.id, name: participant.name }));

/** Per participant: the own view made last, and from what. */
const remembered = new WeakMap<Participant, { context: SessionContext; open: boolean; view: PhoneOwnView }>();

const NOBODY: PhoneOwnView = Object.freeze({
  me: null,
  waiting: null,
  notes: [],
  roleplay: null,
  dialogue: null,
  evaluation: null,
  research: null,
  statements: null,
  actions: null,
  lookBack: null,
});

/** A phone in the wachtkamer sees only that it waits, under its name: the same object while it waits. */
const waitingView = perObject((entry: WaitingEntry): PhoneOwnView => Object.freeze({ ...NOBODY, waiting: { name: entry.name } }));

/**
 * A phone's own parts. Each is made again only when something it reads changed, so an event costs
 * a phone only the parts it changed, and an unchanged part is the very object it was — the whole
 * view too, when no part changed: what was sent is known to be unchanged by identity (see
 * ../sentViews.ts).
 */
export function toPhoneOwnView(snapshot: SessionSnapshot, participantId: string | null, now: number): PhoneOwnView {
  const { context } = snapshot;
  const me = participantOf(context, participantId);
  if (!me) {
    const waiting = participantId === null || context.waiting.length === 0 ? undefined : waitingEntry(context, participantId);
    return waiting ? waitingView(waiting) : NOBODY;
  }
  const open = isOpen(snapshot);
  const last = remembered.get(me);
  const clockBound = OWN_PARTS.some((part) => part.followsClock?.(context));
  if (last && last.context === context && last.open === open && !clockBound) return last.view;
  const before = last && last.open === open ? last : undefined;
  const view: PhoneOwnView = { me: meOf(me), waiting: null, notes: notesOf(context, me.id), roleplay: null, dialogue: null, evaluation: null, research: null, statements: null, actions: null, lookBack: null };
  let same = before !== undefined && view.notes === before.view.notes;
  for (const part of OWN_PARTS) {
    const keep = before !== undefined && !part.followsClock?.(context) && readsSame(part.reads, before.context, context);
    const value = keep ? before.view[part.key] : part.make(context, me, open, now);
    if (value !== before?.view[part.key]) same = false;
    Object.assign(view, { [part.key]: value });
  }
  if (same && before) {
    before.context = context;
    return before.view;
  }
  remembered.set(me, { context, open, view });
  return view;
}

/** The whole view of one phone, as it puts its parts together. */
export function toPhoneView(snapshot: SessionSnapshot, participantId: string | null, now: number): PhoneView {
  const own = toPhoneOwnView(snapshot, participantId, now);
  return { ...toPhoneRoomView(snapshot, own.me !== null), ...own, serverNow: now };
}
