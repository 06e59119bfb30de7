/** The view DTOs: exactly what each kind of screen may see. Built by server/session/views.ts. */

export const PHASE_KINDS = ['intro', 'research', 'statements', 'dialogue', 'plenary', 'roleplay', 'evaluation', 'actions'] as const;
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
  /** Time used before the current running stretch: the current phase's time used follows from its timer. */
  usedMs: number;
  state: 'done' | 'current' | 'todo';
}

export interface ParticipantView {
  id: string;
  name: string;
  online: boolean;
}

/**
 * Who may join: everyone with the code (`open`); before the start everyone, after it only the ones
 * the facilitator lets in from the wachtkamer (`waitingRoom`); nobody new (`locked`). Seated phones
 * always come back.
 */
export const ADMISSIONS = ['open', 'waitingRoom', 'locked'] as const;
export type Admission = (typeof ADMISSIONS)[number];

export interface ProjectorView {
  code: string;
  joinUrl: string;
  status: SessionStatus;
  /** Server epoch ms when the view was made; clients use it to estimate their clock offset. */
  serverNow: number;
  programmeTitle: string;
  /** The programme's language: every screen of the session speaks it unless its user chose otherwise. */
  language: 'nl' | 'en';
  phase: null | {
    index: number;
    count: number;
    kind: PhaseKind;
    title: string;
    projectorHtml: string;
    notesHtml: string;
    timer: TimerView;
  };
  /** Only in the role-play phase. */
  roleplay: RoleplayProjectorView | null;
  /** Only in the dialogue and plenary phases. */
  dialogue: DialogueProjectorView | null;
  /** Only in the evaluation phase: the role-play feedback per question, without names. */
  roleplayFeedback: null | { role: PlayRole; question: string | null; answers: string[] }[];
  /** Only in the evaluation phase: the answers to its questions, without names. */
  evaluation: null | { listTitle: string; question: QuestionView; answers: string[] }[];
  /** Only in the research phase (with research figures). */
  research: ResearchProjectorView | null;
  /** Only in the action points phase. */
  actions: ActionsProjectorView | null;
  /** Only in a statements phase: the statement on screen and its votes, counted (never who voted what). */
  statements: StatementsProjectorView | null;
  /** In a follow-up meeting: the previous meeting's action points. */
  lookBack: LookBackProjectorView | null;
  agenda: AgendaItemView[];
  participants: ParticipantView[];
  admission: Admission;
  /** The same as `admission === 'locked'`. */
  locked: boolean;
  /**
   * Phones in the wachtkamer, first come first: for the presenter view to let in or refuse. The
   * audience screen gets this view too (it holds the host token) and never shows them.
   */
  waiting: ParticipantView[];
  capacity: number;
  /** The facilitator's own card set for this session, if any. */
  ownCardSet: null | { title: string; fileName: string; cardCount: number };
  /** The room's screen: black, and the page a too-full board is on (see ScreenView). */
  screen: ScreenView;
}

/**
 * The page on screen at server time t is `page + floor((t − pageSince) / pageMs)`, modulo the
 * number of pages the board needs on that screen: the pages turn by themselves, from the last turn.
 */
export interface ScreenView {
  blank: boolean;
  /** The research phase's video plays instead of the presentation. */
  video: boolean;
  page: number;
  pageSince: number;
  pageMs: number;
}

/** What every seated phone of the session sees alike: sent once to them all when it changes. */
export interface PhoneRoomView {
  code: string;
  status: SessionStatus;
  /** The programme's language, also before joining: the join form speaks it too. */
  language: 'nl' | 'en';
  /** null until this phone has joined with a name. */
  phase: null | {
    index: number;
    count: number;
    kind: PhaseKind;
    title: string;
    instructionHtml: string;
    timer: TimerView;
  };
}

export interface NoteView {
  key: string;
  phaseIndex: number;
  text: string;
}

/** What only this phone sees. */
export interface PhoneOwnView {
  /** null until this phone has joined with a name. */
  me: null | { id: string; name: string };
  /** This phone asked for a seat after the start and waits for the facilitator to let it in (me is null meanwhile). */
  waiting: null | { name: string };
  /** This participant's own notes, oldest first; nobody else sees them. */
  notes: NoteView[];
  /** Only in the role-play phase, once it is set up. */
  roleplay: RoleplayPhoneView | null;
  /** Only in the dialogue and plenary phases, once the groups are made. */
  dialogue: DialoguePhoneView | null;
  /** Only in the evaluation phase: its question lists and my own answers. */
  evaluation: null | { lists: { id: string; title: string; questions: QuestionView[] }[]; answers: { key: string; questionId: string; text: string }[] };
  /** Only in the research phase: the quickscan (if any) and the presentation's current takeaway. */
  research: ResearchPhoneView | null;
  /** In the action points phase, and after the close while there is something to keep. */
  actions: ActionsPhoneView | null;
  /** Only in a statements phase: the statement on screen and my own vote. */
  statements: StatementsPhoneView | null;
  /** In a follow-up meeting: the previous meeting's action points (mine only if I agreed to my name). */
  lookBack: LookBackPhoneView | null;
}

/** Everything a phone sees: the room's part and its own, as the phone puts them together. */
export type PhoneView = PhoneRoomView &
  PhoneOwnView & {
    /** Server epoch ms when the last update was made; clients use it to estimate their clock offset. */
    serverNow: number;
  };

/**
 * A message to a phone: the parts of its view that changed since the last one on this connection.
 * The first message on a connection holds everything. Notes only grow while a phone has its seat,
 * so they come as the list from position `from` on (0: all of them). An own part that was there
 * before and is still there may come as `patch`: its fields that changed (a dealt card: the round,
 * the timer and the seat, not the situation and the card set's title again).
 */
export interface PhoneUpdate {
  serverNow: number;
  room?: PhoneRoomView;
  own?: Partial<Omit<PhoneOwnView, 'notes'>> & { notes?: { from: number; items: NoteView[] }; patch?: OwnPatch };
}

/** Of own parts the phone has, the fields that changed. */
export type OwnPatch = { [K in Exclude<keyof PhoneOwnView, 'notes'>]?: Partial<NonNullable<PhoneOwnView[K]>> };

/**
 * What a screen of the facilitator is sent: on a new connection the whole ProjectorView, after
 * that the parts that changed (a join: the participants), each part whole.
 */
export type ProjectorUpdate = Partial<ProjectorView> & { serverNow: number };

/** What the report may hold of my action points: nothing (the default), the points, or the points with my name. */
export const CONSENTS = ['private', 'anonymous', 'named'] as const;
export type Consent = (typeof CONSENTS)[number];

/** The projector never sees a personal action point, only how many wrote one. */
export interface ActionsProjectorView {
  /** The tips marked in the plenary, with how many want each as a team action point. */
  tips: { id: string; groupId: string; text: string; votes: number; chosen: boolean }[];
  team: { answerId: string; text: string }[];
  /** How many participants wrote at least one personal action point. */
  writers: number;
  participantCount: number;
}

export interface ActionsPhoneView {
  /** Still writing and voting (the action points phase); false after the close. */
  open: boolean;
  mine: { id: string; text: string }[];
  consent: Consent;
  tips: { id: string; text: string; voted: boolean; chosen: boolean }[];
  team: string[];
}

export interface LookBackProjectorView {
  date: string;
  programme: string;
  team: string[];
  /** How many kept their own action points in the report under their name. */
  personalCount: number;
}

export interface LookBackPhoneView {
  date: string;
  team: string[];
  mine: string[];
}

/** The session report for the facilitator: what the Markdown file and the printable page show. */
export interface SessionReport {
  code: string;
  programmeTitle: string;
  language: 'nl' | 'en';
  createdAt: number;
  closedAt: number | null;
  participantCount: number;
  phases: { kind: PhaseKind; title: string; plannedMinutes: number; usedMinutes: number }[];
  /** Answers per question with their group's number; no author names. */
  dialogue: null | {
    groupCount: number;
    questions: { text: string; answers: { group: number; text: string; tip: boolean }[] }[];
    /** The statements the groups were shown to talk about (a dialogue phase with topStatements), best first. */
    topStatements?: { text: string; agreePercent: number }[];
  };
  tips: string[];
  evaluation: { listTitle: string; question: string; answers: string[] }[];
  /** The role-play feedback per role and question, without names; mentors' self-reflections stay out. */
  feedback: { role: PlayRole; question: string | null; answers: string[] }[];
  teamActionPoints: string[];
  /** Only the points of people who agreed; their name only where they agreed to that too. Points without a name are pooled. */
  personalActionPoints: { name: string | null; points: string[] }[];
  lookBack: LookBackProjectorView | null;
  /** The team's quickscan beside the research; only when it was shown (enough respondents or the facilitator's choice). */
  quickscan: null | { title: string; respondents: number; statements: StatementView[] };
  /** Per statements phase, each statement with the counts of its votes (none below 3 votes). */
  statements: { title: string; items: { text: string; rounds: StatementsRoundView[] }[] }[];
}

/** A statements phase's answers: agree, disagree, don't know. */
export const VOTE_CHOICES = ['agree', 'disagree', 'unsure'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export type VoteCounts = Record<VoteChoice, number>;

/** One vote on a statement: the first, or the second that shows how the room moved. */
export interface StatementsRoundView {
  round: 1 | 2;
  /** Phones may vote (and change their vote) until the facilitator closes it. */
  open: boolean;
  votes: number;
  /** Only once closed and with at least `minVotes` votes: fewer could tell who voted what. */
  counts: VoteCounts | null;
}

export interface StatementsProjectorView {
  /** 0-based: the statement on screen. */
  index: number;
  count: number;
  text: string;
  /** For the presenter view only (the research, questions to ask): the audience board leaves it out. */
  notesHtml: string;
  /** The votes held on this statement, first round first; empty before the first. */
  rounds: StatementsRoundView[];
  participantCount: number;
  minVotes: number;
}

export interface StatementsPhoneView {
  phaseIndex: number;
  index: number;
  count: number;
  text: string;
  /** The latest vote on this statement, with my own choice in it; null before the first. */
  vote: null | { round: 1 | 2; open: boolean; mine: VoteChoice | null };
}

export type PlayRole = 'mentor' | 'parent' | 'student' | 'observer';

/** A role card as its player sees it (rendered, sanitised HTML). */
export interface CardView {
  id: string;
  role: PlayRole;
  title: string;
  wantsHtml: string;
  keepsHtml: string;
  tipHtml: string;
}

export interface RoleplaySettingsView {
  cardSetId: string;
  format: 'pairs' | 'trios' | 'auto';
  observers: boolean;
  rounds: number;
  minutesPerRound: number;
  observersSeeCards: boolean;
}

/** The projector sees groups, names and roles: never a card's text. */
export interface RoleplayProjectorView {
  /** The sets to choose from and the suggested settings, for the set-up form. */
  choices: { id: string; title: string; cardCount: number }[];
  defaults: RoleplaySettingsView;
  presentCount: number;
  state: null | {
    stage: 'grouping' | 'playing' | 'feedback';
    /** 0-based; -1 before the first round. */
    round: number;
    settings: RoleplaySettingsView;
    setTitle: string;
    timer: TimerView | null;
    groups: { id: string; members: { id: string; name: string; online: boolean; role: PlayRole | null; sentFeedback: boolean }[] }[];
    feedback: { sent: number; expected: number };
    /** Participants in no group (away when the groups were made): the facilitator can move them in. */
    unassigned: { id: string; name: string; online: boolean }[];
  };
}

export interface QuestionView {
  id: string;
  text: string;
  hint: string | null;
}

/** One phone's share of the role-play: its own card only (observers may see their group's). */
export interface RoleplayPhoneView {
  stage: 'grouping' | 'playing' | 'feedback';
  round: number;
  rounds: number;
  setTitle: string;
  situationHtml: string;
  timer: TimerView | null;
  seat: null | {
    role: PlayRole;
    groupId: string;
    card: CardView | null;
    /** The others in my group this round; their card only when I observe and may see it. */
    others: { name: string; role: PlayRole; card: CardView | null }[];
    /** An observer in my group may read my card. */
    seenByObserver: boolean;
  };
  /** My group as it is now (before a round: who to sit with). */
  group: null | { id: string; others: string[] };
  /** After a round: what I am asked about the round I just played. */
  feedback: null | { round: number; role: PlayRole; questions: QuestionView[]; sent: boolean };
  /** Feedback on rounds where I was the mentor, from the others in my group. */
  received: { round: number; role: PlayRole; answers: { question: string; text: string }[] }[];
}

/** The dialogue on the projector: in the dialogue phase each group's progress, in the plenary the wall. */
export interface DialogueProjectorView {
  mode: 'dialogue' | 'plenary';
  questions: QuestionView[];
  presentCount: number;
  /** null until the facilitator made the groups. */
  groups: null | { id: string; members: { id: string; name: string; online: boolean }[]; answersPerQuestion: Record<string, number> }[];
  /** The plenary wall: every answer per question, with its group; no author names. */
  wall: { questionId: string; answers: { id: string; groupId: string; text: string; tip: boolean }[] }[];
  spotlight: { groupId: string | null; answerId: string | null };
  /** People in no group (away at the start): the facilitator can move them in. */
  unassigned: { id: string; name: string }[];
  /** The statements to talk about, when the phase asks for them (`topStatements`); null otherwise. */
  topStatements: TopStatementsView | null;
}

/**
 * The statements of the nearest earlier statements phase that the room agreed with most: for a
 * dialogue or plenary phase with `topStatements: N` in its programme. Best first; fewer than N (or
 * none) when not enough statements had a closed vote of at least 3 votes with someone agreeing.
 */
export interface TopStatementsView {
  /** N: how many the programme asks for. */
  wanted: number;
  statements: { index: number; text: string; round: 1 | 2; votes: number; agreePercent: number }[];
}

/** A phone's view of its group's flip-over. */
export interface DialoguePhoneView {
  mode: 'dialogue' | 'plenary';
  questions: QuestionView[];
  group: null | { id: string; names: string[] };
  answers: { id: string; questionId: string; text: string; author: string; mine: boolean; tip: boolean }[];
  /** The statements to talk about (see TopStatementsView); null when the phase does not ask for them. */
  topStatements: TopStatementsView | null;
}

/**
 * How a statement's practice was asked: `vaak` how often (nooit, nauwelijks, vaak, altijd; the
 * figure is "vaak" and "altijd" together), `goed` how well the mentor knows it (niet, nauwelijks,
 * redelijk, goed; the figure is "goed" alone). The research asked its two statements about knowing
 * on the second scale, so the team is asked, and counted, on the same one.
 */
export const EXPERIENCE_SCALES = ['vaak', 'goed'] as const;
export type ExperienceScale = (typeof EXPERIENCE_SCALES)[number];

/** Percentages 0–100; null where there is no figure. */
export interface FiguresView {
  experience: number | null;
  importance: number | null;
}

/** A statement with the research's figures and, once enough answered (or the facilitator chose to), the team's. */
export interface StatementView {
  id: string;
  text: string;
  /** The scale its experience was asked on: the label of the experience figures follows it. */
  scale: ExperienceScale;
  takeaway: string;
  research: { mentors: FiguresView; parents: FiguresView };
  /** null while hidden: fewer than 3 answered and not shown by the facilitator. */
  team: (FiguresView & { answers: number }) | null;
  /** One of the team's largest gaps between importance and experience. */
  largestGap: boolean;
}

export type ResearchStepView = { kind: 'intro' } | { kind: 'statement'; statementId: string } | { kind: 'team' };

export interface QuickscanSummaryView {
  respondents: number;
  participantCount: number;
  /** The team's figures are on screen (≥ 3 respondents, or the facilitator chose so). */
  shown: boolean;
  revealed: boolean;
  minRespondents: number;
}

export interface ResearchProjectorView {
  title: string;
  respondents: { mentors: number; parents: number; schools: number };
  statements: StatementView[];
  steps: ResearchStepView[];
  /** -1 while the quickscan is open. */
  step: number;
  playing: boolean;
  /** When the next step comes by itself while playing (server clock). */
  nextStepAt: number | null;
  quickscan: QuickscanSummaryView | null;
  /** A video the programme offers instead of the presentation: a URL the projector can play. */
  video: string | null;
}

/** 1 "(bijna) nooit" / "onbelangrijk" … 4 "(bijna) altijd" / "heel belangrijk". */
export type Rating = 1 | 2 | 3 | 4;

export interface ResearchPhoneView {
  /** Open while the phase has a quickscan: the statements and my own ratings. */
  quickscan: null | {
    /** `scale`: which question and answers the phone offers for experience. */
    statements: { id: string; text: string; scale: ExperienceScale }[];
    mine: Record<string, { experience: Rating | null; importance: Rating | null }>;
    /** The presentation has started: answering is still possible, but the screen moved on. */
    presenting: boolean;
  };
  /** The step on the projector, null while the quickscan is open. */
  step: null | { index: number; count: number; kind: ResearchStepView['kind']; statement: string | null; takeaway: string | null };
}
