/**
 * The research phase's part of the session machine: the quickscan opens the first time the phase is
 * reached, phones rate, the facilitator steps through or plays the presentation. A presentation
 * plays only while its phase is on screen and the session runs.
 */
import type { SessionContext } from '../context.ts';
import { update, type Guard } from '../parts.ts';
import { currentPhaseOf } from '../programme/queries.ts';
import { isSeated } from '../seats/queries.ts';
import * as research from './research.ts';
import type { ResearchState } from './research.ts';
import { activeResearch } from './queries.ts';

/** Applies `change` to the research phase's state when that phase is on screen. */
const withResearch = (context: SessionContext, change: (state: ResearchState, stepCount: number, withQuickscan: boolean) => ResearchState) => {
  const active = activeResearch(context);
  return active ? { research: change(active.state, active.steps.length, active.phase.quickscan) } : {};
};

export const researchGuards = {
  canRate: ({ context, event }) => {
    const active = activeResearch(context);
    return (
      event.type === 'quickscanRate' &&
      active !== null &&
      active.phase.quickscan &&
      isSeated(context, event.participantId) &&
      active.data.statements.some((statement) => statement.id === event.statementId)
    );
  },
  isResearchOnScreen: ({ context }) => activeResearch(context) !== null,
  /** The video can be switched on only where the research phase on screen has one; off always. */
  hasVideo: ({ context, event }) => event.type === 'screenVideo' && (!event.video || activeResearch(context)?.phase.video != null),
  /** Playing needs a running session; pausing is always fine. */
  canPlay: ({ context, event }) =>
    event.type === 'researchPlay' && activeResearch(context) !== null && (!event.playing || context.runningSince !== null),
} satisfies Record<string, Guard>;

export const researchActions = {
  /** After a phase change: the research phase starts with its quickscan the first time it is reached; coming back keeps the answers. */
  openResearch: update(({ context }) => {
    const phase = currentPhaseOf(context);
    return phase?.kind === 'research' && context.research?.phaseIndex !== context.phaseIndex
      ? { research: research.start(context.phaseIndex, phase.quickscan) }
      : {};
  }),
  /** Before the phase changes, the session pauses or closes. */
  stopPresentation: update(({ context, event }) => withResearch(context, (state, count) => research.play(state, false, count, event.at))),
  leaveResearch: update(({ context, event }) =>
    event.type === 'kick' && context.research ? { research: research.leave(context.research, event.participantId) } : {},
  ),
  rate: update(({ context, event }) => {
    if (event.type !== 'quickscanRate') return {};
    const { participantId, statementId, experience, importance, at } = event;
    return withResearch(context, (state) => research.rate(state, { participantId, statementId, experience, importance, at }));
  }),
  reveal: update(({ context, event }) => (event.type === 'quickscanReveal' ? withResearch(context, (state) => research.reveal(state, event.revealed)) : {})),
  moveStep: update(({ context, event }) =>
    event.type === 'researchStep' ? withResearch(context, (state, count, withQuickscan) => research.move(state, event.delta, count, withQuickscan, event.at)) : {},
  ),
  play: update(({ context, event }) =>
    event.type === 'researchPlay' ? withResearch(context, (state, count) => research.play(state, event.playing, count, event.at)) : {},
  ),
};
