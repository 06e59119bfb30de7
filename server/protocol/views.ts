/** The view DTOs: exactly what each kind of screen may see. Built by server/session/views.ts. */

export const PHASE_KINDS = ['intro', 'research', 'dialogue', 'plenary', 'roleplay', 'evaluation'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export type SessionStatus = 'lobby' | 'running' | 'paused' | 'closed';

/** A countdown as data: clients derive the remaining time from `endsAt` and their clock offset. */
export type TimerView =
  | { state: 'running'; endsAt: number; totalMs: number }
  | { state: 'paused'; remainingMs: number; totalMs: number };

export interface AgendaItemView {
  kind: PhaseKind;
  title: string;
  plannedMinutes: number;
  usedMs: number;
  state: 'done' | 'current' | 'todo';
}

export interface ParticipantView {
  id: string;
  name: string;
  online: boolean;
}

export interface ProjectorView {
  code: string;
  joinUrl: string;
  status: SessionStatus;
  /** Server epoch ms when the view was made; clients use it to estimate their clock offset. */
  serverNow: number;
  programmeTitle: string;
  phase: null | {
    index: number;
    count: number;
    kind: PhaseKind;
    title: string;
    projectorHtml: string;
    notesHtml: string;
    timer: TimerView;
  };
  agenda: AgendaItemView[];
  participants: ParticipantView[];
  locked: boolean;
  capacity: number;
  /** The facilitator's own card set for this session, if any. */
  ownCardSet: null | { title: string; fileName: string; cardCount: number };
}

export interface PhoneView {
  code: string;
  status: SessionStatus;
  serverNow: number;
  /** null until this phone has joined with a name. */
  me: null | { id: string; name: string };
  /** This participant's own notes, oldest first; nobody else sees them. */
  notes: { key: string; phaseIndex: number; text: string }[];
  phase: null | {
    index: number;
    count: number;
    kind: PhaseKind;
    title: string;
    instructionHtml: string;
    timer: TimerView;
  };
}
