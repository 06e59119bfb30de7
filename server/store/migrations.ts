/**
 * Versioned snapshot migrations: a session saved by an older version of the app is brought up to
 * the current shape when the server loads it. Migration n turns a version n snapshot into version
 * n + 1; a migration never changes once released (add a new one instead), and each has its test.
 */
import type { SessionSnapshot } from '../session/views.ts';

/** An actor's persisted snapshot as it was written, of any version. */
export interface SavedSnapshot {
  context: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Migration {
  /** What changed in the shape, for the person who reads the list. */
  change: string;
  up(snapshot: SavedSnapshot): SavedSnapshot;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    change: '1 → 2: sessions saved before the research phase, action points and the look back had none of them',
    up: ({ context, ...rest }) => {
      const library = (context.library ?? {}) as Record<string, unknown>;
      return {
        ...rest,
        context: {
          ...context,
          library: { ...library, research: library.research ?? [] },
          research: context.research ?? null,
          actions: context.actions ?? { points: [], consent: {}, votes: [], team: [] },
          lookBack: context.lookBack ?? null,
        },
      };
    },
  },
  {
    change: '2 → 3: the room screen (black screen, page turns) became part of the session',
    up: ({ context, ...rest }) => ({
      ...rest,
      context: { ...context, screen: context.screen ?? { blank: false, video: false, page: 0, pageSince: context.createdAt } },
    }),
  },
  {
    change: '3 → 4: who may join became three settings (open, the wachtkamer, locked) instead of locked or not, with the wachtkamer and the refused tokens',
    up: ({ context, ...rest }) => {
      const { locked, ...kept } = context;
      return {
        ...rest,
        context: {
          ...kept,
          admission: context.admission ?? (locked === true ? 'locked' : 'open'),
          waiting: context.waiting ?? [],
          refusedTokenHashes: context.refusedTokenHashes ?? [],
        },
      };
    },
  },
  {
    change: '4 → 5: statements phases (stellingen): each phase has its list of statements, the session its votes',
    up: ({ context, ...rest }) => {
      const programme = context.programme as { phases?: Record<string, unknown>[] } | undefined;
      return {
        ...rest,
        context: {
          ...context,
          programme: programme && { ...programme, phases: (programme.phases ?? []).map((phase) => ({ ...phase, statements: phase.statements ?? [] })) },
          statements: context.statements ?? { phaseIndex: -1, statement: 0, polls: [], votes: [] },
        },
      };
    },
  },
];

/** The version every snapshot is saved with now. */
export const SNAPSHOT_SCHEMA_VERSION = MIGRATIONS.length + 1;

/** The snapshot in the current shape, or null when it was saved by a newer version of the app (or has no version). */
export function migrate(snapshot: unknown, version: number): SessionSnapshot | null {
  if (!Number.isInteger(version) || version < 1 || version > SNAPSHOT_SCHEMA_VERSION) return null;
  const current = MIGRATIONS.slice(version - 1).reduce((saved, migration) => migration.up(saved), snapshot as SavedSnapshot);
  return current as unknown as SessionSnapshot;
}
