/**
 * The session as a state machine: lobby → the programme's phases → closed.
 *
 * Pure: every event carries the time it happened (`at`, epoch ms), stamped by the server,
 * so tests drive it with a fake clock and a restored snapshot keeps its deadlines.
 * No phase advances by itself: past a deadline the views show overtime. (A playing research
 * presentation's step is derived from the time in the same way, not moved by a timer.)
 */
import { assign, setup } from 'xstate';
import type { CardSet, LookBack, QuestionList, ResearchData } from '../content/types.ts';
import type { Programme } from './programme.ts';
import * as actions from './actionPoints.ts';
import type { ActionsState } from './actionPoints.ts';
import type { Consent } from '../protocol/views.ts';
import * as dialogue from './dialogue.ts';
import * as research from './research.ts';
import type { ResearchState } from './research.ts';
import type { Rating } from './quickscan.ts';
import type { DialogueState } from './dialogue.ts';
import * as roleplay from './roleplayState.ts';
import {
  activeDialogue,
  activeResearch,
  activeRoleplay,
  cardSetFor,
  dialogueQuestions,
  evaluationLists,
  feedbackQuestions,
  isSeated,
  joinRefusal,
  phaseKind,
  tipOf,
} from './sessionQueries.ts';
import type { RoleplaySettings, RoleplayState } from './roleplayState.ts';

export interface Participant {
  id: string;
  name: string;
  /** sha256 of the phone's token; the token itself is never stored. */
  tokenHash: string;
  joinedAt: number;
}

export interface PhaseClock {
  /** Time spent in this phase while running, not counting the current stretch. */
  usedMs: number;
  /** Minutes the facilitator added, in ms. */
  extraMs: number;
}

/** Something a participant wrote. `key` makes a retried send count once. */
export interface Submission {
  key: string;
  participantId: string;
  /** A private note, or an answer to an evaluation question (anonymous on the projector). */
  kind: 'note' | 'evaluation';
  /** The evaluation question answered; null for a note. */
  questionId: string | null;
  /** -1 when written in the lobby. */
  phaseIndex: number;
  text: string;
  at: number;
}

/** A card set the facilitator brought for this session only, checked like content/. */
export interface OwnCardSet {
  cardSet: CardSet;
  fileName: string;
  /** The file as it was uploaded, so the facilitator can download it again. */
  source: string;
}

/** The card sets and question lists the programme names, copied in: a running session never changes under its players. */
export interface SessionLibrary {
  cardSets: CardSet[];
  questionLists: QuestionList[];
  research: ResearchData[];
}

export interface SessionContext {
  code: string;
  library: SessionLibrary;
  hostTokenHash: string;
  createdAt: number;
  programme: Programme;
  ownCardSet: OwnCardSet | null;
  participants: Participant[];
  /** At most this many seats. */
  capacity: number;
  /** A locked session takes no one new; seated phones still come back. */
  locked: boolean;
  /** Tokens of removed participants: they cannot come back with them. */
  revokedTokenHashes: string[];
  submissions: Submission[];
  /** The role-play of the programme's role-play phase, once the facilitator set it up. */
  roleplay: RoleplayState | null;
  /** The dialogue groups and their flip-overs, from the dialogue phase on (the plenary shows them). */
  dialogue: DialogueState | null;
  /** The team quickscan and the presentation step of the research phase, from that phase on. */
  research: ResearchState | null;
  /** Personal and team action points, from the action points phase. */
  actions: ActionsState;
  /** The action points of the meeting this one follows up, from its report. */
  lookBack: LookBack | null;
  /** -1 in the lobby. */
  phaseIndex: number;
  /** Start of the current running stretch; null in the lobby, while paused and when closed. */
  runningSince: number | null;
  clocks: PhaseClock[];
  closedAt: number | null;
}

export interface SessionInput {
  code: string;
  hostTokenHash: string;
  programme: Programme;
  library?: Partial<SessionLibrary>;
  ownCardSet?: OwnCardSet | null;
  lookBack?: LookBack | null;
  capacity: number;
  at: number;
}

type Stamped<T> = T & { at: number };
export type SessionEvent =
  | Stamped<{ type: 'start' }>
  | Stamped<{ type: 'next' }>
  | Stamped<{ type: 'back' }>
  | Stamped<{ type: 'pause' }>
  | Stamped<{ type: 'resume' }>
  | Stamped<{ type: 'addTime'; minutes: number }>
  | Stamped<{ type: 'end' }>
  | Stamped<{ type: 'join'; participantId: string; name: string; tokenHash: string }>
  | Stamped<{ type: 'setLocked'; locked: boolean }>
  | Stamped<{ type: 'kick'; participantId: string }>
  | Stamped<{ type: 'submit'; participantId: string; key: string; kind: Submission['kind']; questionId: string | null; text: string; phaseIndex: number }>
  | Stamped<{ type: 'dialogueStart'; present: string[]; seed: number }>
  | Stamped<{ type: 'dialogueMove'; participantId: string; groupId: string }>
  | Stamped<{ type: 'dialogueAnswer'; participantId: string; key: string; questionId: string; text: string }>
  | Stamped<{ type: 'dialogueEdit'; participantId: string; answerId: string; text: string }>
  | Stamped<{ type: 'dialogueDelete'; participantId: string; answerId: string }>
  | Stamped<{ type: 'plenaryTip'; answerId: string; tip: boolean }>
  | Stamped<{ type: 'plenarySpotlight'; groupId: string | null; answerId: string | null }>
  | Stamped<{ type: 'quickscanRate'; participantId: string; statementId: string; experience: Rating | null; importance: Rating | null }>
  | Stamped<{ type: 'quickscanReveal'; revealed: boolean }>
  | Stamped<{ type: 'researchStep'; delta: 1 | -1 }>
  | Stamped<{ type: 'researchPlay'; playing: boolean }>
  | Stamped<{ type: 'actionPoint'; participantId: string; key: string; text: string }>
  | Stamped<{ type: 'actionPointDelete'; participantId: string; pointId: string }>
  | Stamped<{ type: 'reportConsent'; participantId: string; consent: Consent }>
  | Stamped<{ type: 'teamVote'; participantId: string; answerId: string; vote: boolean }>
  | Stamped<{ type: 'teamPoint'; answerId: string; chosen: boolean }>
  | Stamped<{ type: 'roleplaySetup'; settings: RoleplaySettings; present: string[]; seed: number }>
  | Stamped<{ type: 'roleplayRegroup'; present: string[]; seed: number }>
  | Stamped<{ type: 'roleplayMove'; participantId: string; groupId: string }>
  | Stamped<{ type: 'roleplayStartRound' }>
  | Stamped<{ type: 'roleplayExtend'; minutes: number }>
  | Stamped<{ type: 'roleplayEndRound' }>
  | Stamped<{ type: 'roleplayFeedback'; participantId: string; key: string; round: number; answers: { questionId: string; text: string }[] }>;

const MINUTE_MS = 60_000;

/** Close the current running stretch into the phase's used time. */
function settle(context: SessionContext, at: number): PhaseClock[] {
  const since = context.runningSince;
  if (since === null || context.phaseIndex < 0) return context.clocks;
  return context.clocks.map((clock, index) =>
    index === context.phaseIndex ? { ...clock, usedMs: clock.usedMs + Math.max(0, at - since) } : clock,
  );
}

const writingDialogue = (context: SessionContext) => phaseKind(context) === 'dialogue' && activeDialogue(context) !== null;

const inActionsPhase = (context: SessionContext) => phaseKind(context) === 'actions';

const withDialogue = (context: SessionContext, change: (state: DialogueState) => DialogueState) =>
  context.dialogue ? { dialogue: change(context.dialogue) } : {};

/** Applies `change` to the role-play, if there is one. */
const withRoleplay = (context: SessionContext, change: (state: RoleplayState) => RoleplayState) =>
  context.roleplay ? { roleplay: change(context.roleplay) } : {};

function moveTo(context: SessionContext, phaseIndex: number, at: number): Partial<SessionContext> {
  const phase = context.programme.phases[phaseIndex];
  // The research phase starts with its quickscan the first time it is reached; coming back keeps the answers.
  const startsResearch = phase?.kind === 'research' && context.research?.phaseIndex !== phaseIndex;
  return {
    clocks: settle(context, at),
    phaseIndex,
    runningSince: at,
    ...(startsResearch ? { research: research.start(phaseIndex, phase.quickscan) } : stopPresentation(context, at)),
  };
}

/** A presentation plays only while its phase is on screen and the session runs. */
const stopPresentation = (context: SessionContext, at: number) => withResearch(context, (state, count) => research.play(state, false, count, at));

/** Applies `change` to the research phase's state when that phase is on screen. */
const withResearch = (context: SessionContext, change: (state: ResearchState, stepCount: number, withQuickscan: boolean) => ResearchState) => {
  const active = activeResearch(context);
  return active ? { research: change(active.state, active.steps.length, active.phase.quickscan) } : {};
};

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  guards: {
    hasNextPhase: ({ context }) => context.phaseIndex < context.programme.phases.length - 1,
    hasPreviousPhase: ({ context }) => context.phaseIndex > 0,
    hasPhases: ({ context }) => context.programme.phases.length > 0,
    hasFreeSeat: ({ context }) => joinRefusal(context) === null,
    isParticipant: ({ context, event }) => 'participantId' in event && isSeated(context, event.participantId),
    canStartDialogue: ({ context }) =>
      phaseKind(context) === 'dialogue' && (!writingDialogue(context) || (context.dialogue?.answers.length ?? 0) === 0),
    canMoveInDialogue: ({ context, event }) =>
      event.type === 'dialogueMove' &&
      writingDialogue(context) &&
      isSeated(context, event.participantId) &&
      (context.dialogue?.groups.some((group) => group.id === event.groupId) ?? false),
    canAnswer: ({ context, event }) =>
      event.type === 'dialogueAnswer' &&
      writingDialogue(context) &&
      context.dialogue !== null &&
      dialogue.groupOf(context.dialogue, event.participantId) !== undefined &&
      dialogueQuestions(context).some((question) => question.id === event.questionId),
    isOwnAnswer: ({ context, event }) =>
      (event.type === 'dialogueEdit' || event.type === 'dialogueDelete') &&
      writingDialogue(context) &&
      context.dialogue !== null &&
      dialogue.isOwnAnswer(context.dialogue, event.participantId, event.answerId),
    canMarkTip: ({ context, event }) =>
      event.type === 'plenaryTip' && phaseKind(context) === 'plenary' && activeDialogue(context)?.answers.some((answer) => answer.id === event.answerId) === true,
    canSpotlight: ({ context, event }) => {
      const state = activeDialogue(context);
      if (event.type !== 'plenarySpotlight' || phaseKind(context) !== 'plenary' || !state) return false;
      const { groupId, answerId } = event;
      return (groupId === null || state.groups.some((group) => group.id === groupId)) && (answerId === null || state.answers.some((answer) => answer.id === answerId));
    },
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
    /** Playing needs a running session; pausing is always fine. */
    canPlay: ({ context, event }) =>
      event.type === 'researchPlay' && activeResearch(context) !== null && (!event.playing || context.runningSince !== null),
    canChooseConsent: ({ context, event }) => event.type === 'reportConsent' && inActionsPhase(context) && isSeated(context, event.participantId),
    canAddActionPoint: ({ context, event }) =>
      event.type === 'actionPoint' &&
      inActionsPhase(context) &&
      isSeated(context, event.participantId) &&
      actions.canAdd(context.actions, event.participantId, event.key),
    isOwnActionPoint: ({ context, event }) =>
      event.type === 'actionPointDelete' && inActionsPhase(context) && actions.isOwnPoint(context.actions, event.participantId, event.pointId),
    canVote: ({ context, event }) =>
      event.type === 'teamVote' && inActionsPhase(context) && isSeated(context, event.participantId) && tipOf(context, event.answerId) !== null,
    // Choosing needs a tip; letting go works even when the tip was unmarked or deleted since.
    canChooseTeamPoint: ({ context, event }) =>
      event.type === 'teamPoint' &&
      inActionsPhase(context) &&
      (event.chosen ? tipOf(context, event.answerId) !== null : context.actions.team.some((point) => point.answerId === event.answerId)),
    canSetUpRoleplay: ({ context, event }) =>
      event.type === 'roleplaySetup' &&
      context.programme.phases[context.phaseIndex]?.kind === 'roleplay' &&
      (activeRoleplay(context)?.deals.length ?? 0) === 0 &&
      cardSetFor(context, event.settings.cardSetId) !== null,
    /** Between rounds: groups may be changed. */
    canArrangeGroups: ({ context }) => {
      const state = activeRoleplay(context);
      return state !== null && state.stage !== 'playing';
    },
    canStartRound: ({ context }) => {
      const state = activeRoleplay(context);
      return state !== null && state.deals.length < state.settings.rounds && state.groups.length > 0;
    },
    isRoundPlaying: ({ context }) => activeRoleplay(context)?.stage === 'playing',
    canGiveFeedback: ({ context, event }) =>
      event.type === 'roleplayFeedback' && context.roleplay !== null && roleplay.canGiveFeedback(context.roleplay, event.participantId, event.round),
    /** Written by a participant in a phase that has been reached. */
    isValidSubmission: ({ context, event }) => {
      if (event.type !== 'submit' || !isSeated(context, event.participantId) || event.phaseIndex > context.phaseIndex) return false;
      if (event.kind === 'note') return event.questionId === null;
      // Evaluation answers: in the evaluation phase, to one of its questions.
      return (
        phaseKind(context) === 'evaluation' &&
        event.phaseIndex === context.phaseIndex &&
        evaluationLists(context).some((list) => list.questions.some((question) => question.id === event.questionId))
      );
    },
  },
  actions: {
    enterFirstPhase: assign(({ context, event }) => moveTo(context, 0, event.at)),
    enterNextPhase: assign(({ context, event }) => moveTo(context, context.phaseIndex + 1, event.at)),
    enterPreviousPhase: assign(({ context, event }) => moveTo(context, context.phaseIndex - 1, event.at)),
    stopClock: assign(({ context, event }) => ({ clocks: settle(context, event.at), runningSince: null, ...stopPresentation(context, event.at) })),
    startClock: assign(({ event }) => ({ runningSince: event.at })),
    addTime: assign(({ context, event }) => {
      if (event.type !== 'addTime') return {};
      return {
        clocks: context.clocks.map((clock, index) =>
          index === context.phaseIndex ? { ...clock, extraMs: clock.extraMs + event.minutes * MINUTE_MS } : clock,
        ),
      };
    }),
    close: assign(({ context, event }) => ({ clocks: settle(context, event.at), runningSince: null, closedAt: event.at, ...stopPresentation(context, event.at) })),
    addParticipant: assign(({ context, event }) => {
      if (event.type !== 'join') return {};
      const { participantId: id, name, tokenHash, at } = event;
      const state = activeRoleplay(context);
      return {
        participants: [...context.participants, { id, name, tokenHash, joinedAt: at }],
        ...(state ? { roleplay: roleplay.join(state, id) } : {}),
        ...(writingDialogue(context) ? withDialogue(context, (flipOvers) => dialogue.place(flipOvers, id)) : {}),
      };
    }),
    setLocked: assign(({ event }) => (event.type === 'setLocked' ? { locked: event.locked } : {})),
    removeParticipant: assign(({ context, event }) => {
      if (event.type !== 'kick') return {};
      const removed = context.participants.find((participant) => participant.id === event.participantId);
      return {
        participants: context.participants.filter((participant) => participant !== removed),
        revokedTokenHashes: removed ? [...context.revokedTokenHashes, removed.tokenHash] : context.revokedTokenHashes,
        // What they wrote was theirs alone: it goes with them.
        submissions: context.submissions.filter((submission) => submission.participantId !== event.participantId),
        ...withRoleplay(context, (state) => roleplay.leave(state, event.participantId)),
        ...withDialogue(context, (state) => dialogue.leave(state, event.participantId)),
        actions: actions.leave(context.actions, event.participantId),
        ...(context.research ? { research: research.leave(context.research, event.participantId) } : {}),
      };
    }),
    startDialogue: assign(({ context, event }) =>
      event.type === 'dialogueStart' ? { dialogue: dialogue.start(context.phaseIndex, event.present, event.seed) } : {},
    ),
    moveInDialogue: assign(({ context, event }) =>
      event.type === 'dialogueMove' ? withDialogue(context, (state) => dialogue.place(state, event.participantId, event.groupId)) : {},
    ),
    addDialogueAnswer: assign(({ context, event }) => {
      if (event.type !== 'dialogueAnswer') return {};
      const { participantId, key: id, questionId, text, at } = event;
      return withDialogue(context, (state) => dialogue.addAnswer(state, { id, participantId, questionId, text, at }));
    }),
    editDialogueAnswer: assign(({ context, event }) =>
      event.type === 'dialogueEdit' ? withDialogue(context, (state) => dialogue.editAnswer(state, event.answerId, event.text)) : {},
    ),
    deleteDialogueAnswer: assign(({ context, event }) =>
      event.type === 'dialogueDelete' ? withDialogue(context, (state) => dialogue.deleteAnswer(state, event.answerId)) : {},
    ),
    markTip: assign(({ context, event }) =>
      event.type === 'plenaryTip' ? withDialogue(context, (state) => dialogue.markTip(state, event.answerId, event.tip)) : {},
    ),
    setSpotlight: assign(({ context, event }) =>
      event.type === 'plenarySpotlight'
        ? withDialogue(context, (state) => dialogue.setSpotlight(state, { groupId: event.groupId, answerId: event.answerId }))
        : {},
    ),
    rate: assign(({ context, event }) => {
      if (event.type !== 'quickscanRate') return {};
      const { participantId, statementId, experience, importance, at } = event;
      return withResearch(context, (state) => research.rate(state, { participantId, statementId, experience, importance, at }));
    }),
    reveal: assign(({ context, event }) => (event.type === 'quickscanReveal' ? withResearch(context, (state) => research.reveal(state, event.revealed)) : {})),
    moveStep: assign(({ context, event }) =>
      event.type === 'researchStep' ? withResearch(context, (state, count, withQuickscan) => research.move(state, event.delta, count, withQuickscan, event.at)) : {},
    ),
    play: assign(({ context, event }) =>
      event.type === 'researchPlay' ? withResearch(context, (state, count) => research.play(state, event.playing, count, event.at)) : {},
    ),
    addActionPoint: assign(({ context, event }) => {
      if (event.type !== 'actionPoint') return {};
      const { key: id, participantId, text, at } = event;
      return { actions: actions.addPoint(context.actions, { id, participantId, text, at }) };
    }),
    deleteActionPoint: assign(({ context, event }) =>
      event.type === 'actionPointDelete' ? { actions: actions.deletePoint(context.actions, event.pointId) } : {},
    ),
    setConsent: assign(({ context, event }) =>
      event.type === 'reportConsent' ? { actions: actions.setConsent(context.actions, event.participantId, event.consent) } : {},
    ),
    vote: assign(({ context, event }) =>
      event.type === 'teamVote' ? { actions: actions.vote(context.actions, event.participantId, event.answerId, event.vote) } : {},
    ),
    chooseTeamPoint: assign(({ context, event }) => {
      if (event.type !== 'teamPoint') return {};
      const tip = tipOf(context, event.answerId);
      if (!event.chosen) return { actions: actions.unchoose(context.actions, event.answerId) };
      return tip ? { actions: actions.choose(context.actions, { answerId: tip.id, text: tip.text }) } : {};
    }),
    setUpRoleplay: assign(({ context, event }) => {
      if (event.type !== 'roleplaySetup') return {};
      const cardSet = cardSetFor(context, event.settings.cardSetId);
      if (!cardSet) return {};
      const { settings, present, seed } = event;
      return { roleplay: roleplay.setUp({ phaseIndex: context.phaseIndex, settings, cardSet, questions: feedbackQuestions(context), present, seed }) };
    }),
    regroup: assign(({ context, event }) =>
      event.type === 'roleplayRegroup' ? withRoleplay(context, (state) => roleplay.regroup(state, event.present, event.seed)) : {},
    ),
    moveMember: assign(({ context, event }) =>
      event.type === 'roleplayMove' ? withRoleplay(context, (state) => roleplay.move(state, event.participantId, event.groupId)) : {},
    ),
    startRound: assign(({ context, event }) => withRoleplay(context, (state) => roleplay.startRound(state, event.at))),
    extendRound: assign(({ context, event }) =>
      event.type === 'roleplayExtend' ? withRoleplay(context, (state) => roleplay.extendRound(state, event.minutes)) : {},
    ),
    endRound: assign(({ context }) => withRoleplay(context, roleplay.endRound)),
    addFeedback: assign(({ context, event }) => {
      if (event.type !== 'roleplayFeedback') return {};
      const { participantId, key, round, answers, at } = event;
      return withRoleplay(context, (state) => roleplay.addFeedback(state, { participantId, key, round, answers, at }));
    }),
    addSubmission: assign(({ context, event }) => {
      if (event.type !== 'submit') return {};
      // A retried send: already stored once.
      if (context.submissions.some((s) => s.key === event.key && s.participantId === event.participantId)) return {};
      const { key, participantId, kind, questionId, text, phaseIndex, at } = event;
      return { submissions: [...context.submissions, { key, participantId, kind, questionId, phaseIndex, text, at }] };
    }),
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    code: input.code,
    hostTokenHash: input.hostTokenHash,
    createdAt: input.at,
    programme: input.programme,
    library: { cardSets: [], questionLists: [], research: [], ...input.library },
    ownCardSet: input.ownCardSet ?? null,
    participants: [],
    capacity: input.capacity,
    locked: false,
    revokedTokenHashes: [],
    submissions: [],
    roleplay: null,
    dialogue: null,
    research: null,
    actions: actions.emptyActions(),
    lookBack: input.lookBack ?? null,
    phaseIndex: -1,
    runningSince: null,
    clocks: input.programme.phases.map(() => ({ usedMs: 0, extraMs: 0 })),
    closedAt: null,
  }),
  initial: 'open',
  states: {
    open: {
      initial: 'lobby',
      on: {
        join: { guard: 'hasFreeSeat', actions: 'addParticipant' },
        setLocked: { actions: 'setLocked' },
        kick: { guard: 'isParticipant', actions: 'removeParticipant' },
        submit: { guard: 'isValidSubmission', actions: 'addSubmission' },
        end: { target: 'closed', actions: 'close' },
      },
      states: {
        lobby: {
          on: { start: { guard: 'hasPhases', target: 'running', actions: 'enterFirstPhase' } },
        },
        running: {
          initial: 'ticking',
          on: {
            next: { guard: 'hasNextPhase', target: '.ticking', actions: 'enterNextPhase' },
            back: { guard: 'hasPreviousPhase', target: '.ticking', actions: 'enterPreviousPhase' },
            addTime: { actions: 'addTime' },
            dialogueStart: { guard: 'canStartDialogue', actions: 'startDialogue' },
            dialogueMove: { guard: 'canMoveInDialogue', actions: 'moveInDialogue' },
            dialogueAnswer: { guard: 'canAnswer', actions: 'addDialogueAnswer' },
            dialogueEdit: { guard: 'isOwnAnswer', actions: 'editDialogueAnswer' },
            dialogueDelete: { guard: 'isOwnAnswer', actions: 'deleteDialogueAnswer' },
            plenaryTip: { guard: 'canMarkTip', actions: 'markTip' },
            plenarySpotlight: { guard: 'canSpotlight', actions: 'setSpotlight' },
            quickscanRate: { guard: 'canRate', actions: 'rate' },
            quickscanReveal: { guard: 'isResearchOnScreen', actions: 'reveal' },
            researchStep: { guard: 'isResearchOnScreen', actions: 'moveStep' },
            researchPlay: { guard: 'canPlay', actions: 'play' },
            actionPoint: { guard: 'canAddActionPoint', actions: 'addActionPoint' },
            actionPointDelete: { guard: 'isOwnActionPoint', actions: 'deleteActionPoint' },
            reportConsent: { guard: 'canChooseConsent', actions: 'setConsent' },
            teamVote: { guard: 'canVote', actions: 'vote' },
            teamPoint: { guard: 'canChooseTeamPoint', actions: 'chooseTeamPoint' },
            roleplaySetup: { guard: 'canSetUpRoleplay', actions: 'setUpRoleplay' },
            roleplayRegroup: { guard: 'canArrangeGroups', actions: 'regroup' },
            roleplayMove: { guard: 'canArrangeGroups', actions: 'moveMember' },
            roleplayStartRound: { guard: 'canStartRound', actions: 'startRound' },
            roleplayExtend: { guard: 'isRoundPlaying', actions: 'extendRound' },
            roleplayEndRound: { guard: 'isRoundPlaying', actions: 'endRound' },
            roleplayFeedback: { guard: 'canGiveFeedback', actions: 'addFeedback' },
          },
          states: {
            ticking: { on: { pause: { target: 'paused', actions: 'stopClock' } } },
            paused: { on: { resume: { target: 'ticking', actions: 'startClock' } } },
          },
        },
      },
    },
    closed: { type: 'final' },
  },
});
