/**
 * The session as a state machine: lobby → the programme's phases → closed.
 *
 * Pure: every event carries the time it happened (`at`, epoch ms), stamped by the server,
 * so tests drive it with a fake clock and a restored snapshot keeps its deadlines.
 * No phase advances by itself: past a deadline the views show overtime. (A playing research
 * presentation's step is derived from the time in the same way, not moved by a timer.)
 *
 * Each feature folder holds its part of the machine (named guards and actions); this file only
 * says which event, in which state, runs which of them, in order.
 */
import { setup } from 'xstate';
import { actionActions, actionGuards } from './actions/machine.ts';
import { initialContext, type SessionContext, type SessionEvent, type SessionInput } from './context.ts';
import { dialogueActions, dialogueGuards } from './dialogue/machine.ts';
import { evaluationGuards } from './evaluation/machine.ts';
import { programmeActions, programmeGuards } from './programme/machine.ts';
import { researchActions, researchGuards } from './research/machine.ts';
import { roleplayActions, roleplayGuards } from './roleplay/machine.ts';
import { screenActions } from './screen/machine.ts';
import { seatActions, seatGuards } from './seats/machine.ts';
import { statementsActions, statementsGuards } from './statements/machine.ts';

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  guards: { ...programmeGuards, ...seatGuards, ...researchGuards, ...dialogueGuards, ...roleplayGuards, ...evaluationGuards, ...actionGuards, ...statementsGuards },
  actions: { ...programmeActions, ...seatActions, ...researchActions, ...dialogueActions, ...roleplayActions, ...actionActions, ...screenActions, ...statementsActions },
}).createMachine({
  id: 'session',
  context: ({ input }) => initialContext(input),
  initial: 'open',
  states: {
    open: {
      initial: 'lobby',
      on: {
        join: [
          { guard: 'hasFreeSeat', actions: ['addParticipant', 'seatLateJoiner', 'placeLateJoiner'] },
          { guard: 'mustWait', actions: 'addWaiting' },
        ],
        setAdmission: { actions: ['setAdmission', 'letEveryoneIn'] },
        admit: { guard: 'canAdmit', actions: ['admitWaiting', 'seatLateJoiner', 'placeLateJoiner'] },
        refuse: { guard: 'isWaiting', actions: 'refuseWaiting' },
        screenBlank: { actions: 'setBlank' },
        screenPage: { actions: 'turnPage' },
        screenVideo: { guard: 'hasVideo', actions: 'setVideo' },
        kick: { guard: 'isParticipant', actions: ['removeParticipant', 'leaveRoleplay', 'leaveDialogue', 'leaveActions', 'leaveResearch', 'leaveStatements'] },
        submit: [
          { guard: 'isValidNote', actions: 'addSubmission' },
          { guard: 'isEvaluationAnswer', actions: 'addSubmission' },
        ],
        end: { target: 'closed', actions: ['close', 'stopPresentation', 'closeStatementVotes', 'clearScreen', 'clearWaiting'] },
      },
      states: {
        lobby: {
          on: { start: { guard: 'hasPhases', target: 'running', actions: ['enterFirstPhase', 'openResearch', 'enterStatements', 'firstPage'] } },
        },
        running: {
          initial: 'ticking',
          on: {
            next: { guard: 'hasNextPhase', target: '.ticking', actions: ['stopPresentation', 'closeStatementVotes', 'enterNextPhase', 'openResearch', 'enterStatements', 'firstPage'] },
            back: { guard: 'hasPreviousPhase', target: '.ticking', actions: ['stopPresentation', 'closeStatementVotes', 'enterPreviousPhase', 'openResearch', 'enterStatements', 'firstPage'] },
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
            statementOpen: { guard: 'canOpenStatementVote', actions: 'openStatementVote' },
            statementClose: { guard: 'canCloseStatementVote', actions: 'closeStatementVote' },
            statementVoteAgain: { guard: 'canVoteAgain', actions: 'voteAgain' },
            statementMove: { guard: 'canMoveStatement', actions: ['moveStatement', 'firstPage'] },
            statementVote: { guard: 'canVoteOnStatement', actions: 'voteOnStatement' },
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
            ticking: { on: { pause: { target: 'paused', actions: ['stopClock', 'stopPresentation'] } } },
            paused: { on: { resume: { target: 'ticking', actions: 'startClock' } } },
          },
        },
      },
    },
    closed: { type: 'final' },
  },
});
