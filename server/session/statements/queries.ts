/** A statements phase inside a session: the phase on screen with its statements and its state. */
import type { SessionContext } from '../context.ts';
import type { Phase } from '../programme/programme.ts';
import { currentPhaseOf } from '../programme/queries.ts';
import type { StatementsState } from './statements.ts';

/** The statements phase on screen, its state and the statement shown; null in any other phase. */
export function activeStatements(context: SessionContext): { state: StatementsState; phase: Phase; statement: Phase['statements'][number] } | null {
  const phase = currentPhaseOf(context);
  const state = context.statements;
  if (phase?.kind !== 'statements' || state.phaseIndex !== context.phaseIndex) return null;
  const statement = phase.statements[state.statement];
  return statement ? { state, phase, statement } : null;
}
