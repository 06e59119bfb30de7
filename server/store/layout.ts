/**
 * How a session is laid out in the store, so that a write grows with the change and not with the
 * session: its content (programme, library, card sets) as parts written once, the participants,
 * the role-play's deals and everything the participants write as rows of their own, and the small
 * rest of the machine's state. (A join writes one participant, a new round one deal.)
 *
 * split() takes a persisted snapshot apart; join() puts it together again. Rows keep the order
 * they were first written in (`seq`), which is the order of their arrays in the session: the
 * machine adds at the end and changes in place.
 */
import type { SessionContext } from '../session/context.ts';
import type { StoredRow } from './sessionStore.ts';

/** A persisted snapshot (`actor.getPersistedSnapshot()`), its context as the session holds it. */
export interface Persisted {
  context: SessionContext;
  [key: string]: unknown;
}

/** A persisted snapshot without its parts and rows: what is written as the session's state. */
export interface State {
  context: Record<string, unknown>;
  [key: string]: unknown;
}

/** Large and (almost) never changing: written when the object itself changes. */
const PARTS = {
  programme: (context: SessionContext) => context.programme,
  library: (context: SessionContext) => context.library,
  ownCardSet: (context: SessionContext) => context.ownCardSet,
  lookBack: (context: SessionContext) => context.lookBack,
  roleplayCardSet: (context: SessionContext) => context.roleplay?.cardSet ?? null,
  roleplayQuestions: (context: SessionContext) => context.roleplay?.questions ?? null,
} as const;
export type PartName = keyof typeof PARTS;
export const PART_NAMES = Object.keys(PARTS) as PartName[];

/** Arrays kept as rows: the array in the session, and each row's key within it (by the row, or its place). */
const COLLECTIONS = {
  participant: { of: (context: SessionContext) => context.participants, id: (row: { id: string }) => row.id },
  // A deal is a round's seats; its round is its place.
  deal: { of: (context: SessionContext) => context.roleplay?.deals ?? null, id: (_row: object, index: number) => String(index) },
  submission: { of: (context: SessionContext) => context.submissions, id: (row: { participantId: string; key: string }) => `${row.participantId}/${row.key}` },
  dialogueAnswer: { of: (context: SessionContext) => context.dialogue?.answers ?? null, id: (row: { id: string }) => row.id },
  quickscan: {
    of: (context: SessionContext) => context.research?.quickscan.answers ?? null,
    id: (row: { participantId: string; statementId: string }) => `${row.participantId}/${row.statementId}`,
  },
  feedback: { of: (context: SessionContext) => context.roleplay?.feedback ?? null, id: (row: { participantId: string; round: number }) => `${row.participantId}/${row.round}` },
  actionPoint: { of: (context: SessionContext) => context.actions.points, id: (row: { id: string }) => row.id },
  statementVote: {
    of: (context: SessionContext) => context.statements?.votes ?? null,
    id: (row: { participantId: string; phaseIndex: number; statement: number; round: number }) => `${row.participantId}/${row.phaseIndex}/${row.statement}/${row.round}`,
  },
  vote: { of: (context: SessionContext) => context.actions.votes, id: (row: { participantId: string; answerId: string }) => `${row.participantId}/${row.answerId}` },
} as const;
export type RowKind = keyof typeof COLLECTIONS;
export const ROW_KINDS = Object.keys(COLLECTIONS) as RowKind[];

export const partOf = (context: SessionContext, name: PartName): unknown => PARTS[name](context);

/** The array of `kind` in the session (null while its feature has not begun), and how its rows are keyed. */
export function collectionOf(context: SessionContext, kind: RowKind): { rows: readonly object[] | null; id: (row: object, index: number) => string } {
  const collection = COLLECTIONS[kind];
  return { rows: collection.of(context), id: collection.id as (row: object, index: number) => string };
}

/** Parts of the context kept out of the state altogether (parts, and arrays kept as rows). */
export const STATE_FREE_KEYS: ReadonlySet<string> = new Set(['programme', 'library', 'ownCardSet', 'lookBack', 'participants', 'submissions']);

/** The snapshot without its parts and rows; the places they came from are left empty. */
export function stateOf(persisted: Persisted): State {
  const { context, ...rest } = persisted;
  const { programme: _programme, library: _library, ownCardSet: _ownCardSet, lookBack: _lookBack, ...kept } = context;
  return {
    ...rest,
    context: {
      ...kept,
      participants: [],
      submissions: [],
      dialogue: context.dialogue && { ...context.dialogue, answers: [] },
      research: context.research && { ...context.research, quickscan: { ...context.research.quickscan, answers: [] } },
      roleplay: context.roleplay && { ...context.roleplay, cardSet: null, questions: null, feedback: [], deals: [] },
      actions: { ...context.actions, points: [], votes: [] },
      statements: context.statements && { ...context.statements, votes: [] },
    },
  };
}

/** Every row of the snapshot, by kind, in the order of its array. */
export function rowsOf(context: SessionContext): { kind: RowKind; id: string; data: object }[] {
  return ROW_KINDS.flatMap((kind) => {
    const { rows, id } = collectionOf(context, kind);
    return (rows ?? []).map((data, index) => ({ kind, id: id(data, index), data }));
  });
}

/** The whole snapshot again, from its state, its parts and its rows (any order: `seq` decides). */
export function join(state: State, parts: Partial<Record<PartName, unknown>>, rows: { kind: string; seq: number; data: unknown }[]): Persisted {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const of = (kind: RowKind) => sorted.filter((row) => row.kind === kind).map((row) => row.data);
  const context = state.context as unknown as SessionContext;
  return {
    ...state,
    context: {
      ...context,
      programme: parts.programme,
      library: parts.library,
      ownCardSet: parts.ownCardSet ?? null,
      lookBack: parts.lookBack ?? null,
      participants: of('participant'),
      submissions: of('submission'),
      dialogue: context.dialogue && { ...context.dialogue, answers: of('dialogueAnswer') },
      research: context.research && { ...context.research, quickscan: { ...context.research.quickscan, answers: of('quickscan') } },
      roleplay: context.roleplay && {
        ...context.roleplay,
        cardSet: parts.roleplayCardSet,
        questions: parts.roleplayQuestions,
        feedback: of('feedback'),
        deals: of('deal'),
      },
      actions: { ...context.actions, points: of('actionPoint'), votes: of('vote') },
      // Saved before statements phases existed: none (migrations.ts fills it in).
      statements: context.statements && { ...context.statements, votes: of('statementVote') },
    } as SessionContext,
  };
}

/**
 * A state as the stores wrote it before participants and deals were rows of their own (their
 * layout 1): the state without them, and them as rows placed after `lastSeq`. Null when it holds none.
 */
export function rowsOutOfState(state: State, lastSeq: number): { state: State; upserts: StoredRow[] } | null {
  const { participants, roleplay } = state.context as { participants?: unknown; roleplay?: { deals?: unknown } | null };
  const people = Array.isArray(participants) ? (participants as { id: string }[]) : [];
  const deals = Array.isArray(roleplay?.deals) ? (roleplay.deals as object[]) : [];
  if (!people.length && !deals.length) return null;
  let seq = lastSeq;
  const upserts: StoredRow[] = [
    ...people.map((data) => ({ kind: 'participant', id: COLLECTIONS.participant.id(data), seq: ++seq, data })),
    ...deals.map((data, index) => ({ kind: 'deal', id: COLLECTIONS.deal.id(data, index), seq: ++seq, data })),
  ];
  const context = { ...state.context, participants: [], ...(roleplay ? { roleplay: { ...roleplay, deals: [] } } : {}) };
  return { state: { ...state, context }, upserts };
}
