/**
 * What a session holds and the events that change it: the machine's context and event types,
 * gathered from the features. Types only (and the empty context a session starts with), so every
 * feature can import it without an import circle.
 */
import type { CardSet, LookBack, QuestionList, ResearchData } from '../content/types.ts';
import type { Admission, Consent } from '../protocol/views.ts';
import { emptyActions, type ActionsState } from './actions/actionPoints.ts';
import type { DialogueState } from './dialogue/dialogue.ts';
import type { PhaseClock, Programme } from './programme/programme.ts';
import type { Rating } from './research/quickscan.ts';
import type { ResearchState } from './research/research.ts';
import type { RoleplaySettings, RoleplayState } from './roleplay/roleplay.ts';
import { freshScreen, type ScreenState } from './screen/screen.ts';
import { emptyStatements, type Round, type StatementsState } from './statements/statements.ts';
import type { VoteChoice } from '../protocol/views.ts';
import type { Participant, Submission, WaitingEntry } from './seats/seats.ts';

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
  /**
   * Who may take a seat: anyone (`open`); after the start only whom the facilitator lets in from
   * the wachtkamer (`waitingRoom`); nobody new (`locked`). Seated phones still come back.
   */
  admission: Admission;
  /** Phones in the wachtkamer, first come first. Each holds a seat until it is let in or refused. */
  waiting: WaitingEntry[];
  /** Tokens of removed participants: they cannot come back with them. */
  revokedTokenHashes: string[];
  /** Tokens of phones the facilitator did not let in: they cannot ask again with them. */
  refusedTokenHashes: string[];
  submissions: Submission[];
  /** The role-play of the programme's role-play phase, once the facilitator set it up. */
  roleplay: RoleplayState | null;
  /** The dialogue groups and their flip-overs, from the dialogue phase on (the plenary shows them). */
  dialogue: DialogueState | null;
  /** The team quickscan and the presentation step of the research phase, from that phase on. */
  research: ResearchState | null;
  /** The statements phases: the statement on screen, the votes held and cast. */
  statements: StatementsState;
  /** Personal and team action points, from the action points phase. */
  actions: ActionsState;
  /** The action points of the meeting this one follows up, from its report. */
  lookBack: LookBack | null;
  /** The room's screen: black or not, and which page of a full board. */
  screen: ScreenState;
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

export function initialContext(input: SessionInput): SessionContext {
  return {
    code: input.code,
    hostTokenHash: input.hostTokenHash,
    createdAt: input.at,
    programme: input.programme,
    library: { cardSets: [], questionLists: [], research: [], ...input.library },
    ownCardSet: input.ownCardSet ?? null,
    participants: [],
    capacity: input.capacity,
    admission: 'open',
    waiting: [],
    revokedTokenHashes: [],
    refusedTokenHashes: [],
    submissions: [],
    roleplay: null,
    dialogue: null,
    research: null,
    statements: emptyStatements(),
    actions: emptyActions(),
    lookBack: input.lookBack ?? null,
    screen: freshScreen(input.at),
    phaseIndex: -1,
    runningSince: null,
    clocks: input.programme.phases.map(() => ({ usedMs: 0, extraMs: 0 })),
    closedAt: null,
  };
}

/** Every event carries the time it happened (epoch ms), stamped by the server: the machine never reads a clock. */
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
  | Stamped<{ type: 'setAdmission'; admission: Admission }>
  /** A phone from the wachtkamer gets its seat. */
  | Stamped<{ type: 'admit'; participantId: string }>
  /** A phone in the wachtkamer is not let in. */
  | Stamped<{ type: 'refuse'; participantId: string }>
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
  | Stamped<{ type: 'statementOpen' }>
  | Stamped<{ type: 'statementClose' }>
  | Stamped<{ type: 'statementVoteAgain' }>
  | Stamped<{ type: 'statementMove'; delta: 1 | -1 }>
  | Stamped<{ type: 'statementVote'; participantId: string; key: string; phaseIndex: number; statement: number; round: Round; choice: VoteChoice }>
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
  | Stamped<{ type: 'screenBlank'; blank: boolean }>
  | Stamped<{ type: 'screenPage'; delta: 1 | -1 }>
  | Stamped<{ type: 'screenVideo'; video: boolean }>
  | Stamped<{ type: 'roleplayFeedback'; participantId: string; key: string; round: number; answers: { questionId: string; text: string }[] }>;
