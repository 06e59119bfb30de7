/** The Dutch message catalogue: the base language. Every UI string lives here. */
import type { ClientErrorCode } from '../socket.ts';
import type { PhaseKind } from '../../../server/protocol/views.ts';

export const nl = {
  appName: 'Driegesprek',
  tagline: 'Intervisie over het gesprek tussen mentor, ouder en leerling',
  languageToggle: 'English',
  languageToggleLabel: 'Switch to English',

  joinHeading: 'Meedoen',
  joinCodeLabel: 'Code van de sessie',
  joinCodeHint: 'Staat groot op het scherm voorin.',
  joinCodeButton: 'Verder',
  nameLabel: 'Je voornaam',
  nameHint: 'Alleen je voornaam. De groep ziet die op het scherm.',
  nameButton: 'Meedoen',
  joiningSession: (code: string) => `Je doet mee met sessie ${code}`,

  hostHeading: 'Sessie leiden',
  hostIntro: 'Start een sessie op de laptop bij de beamer. De mentoren doen mee met hun telefoon.',
  programmeLabel: 'Programma',
  programmeOption: (title: string, minutes: number) => `${title} (${minutes} min)`,
  hostStartButton: 'Nieuwe sessie starten',

  connecting: 'Verbinden…',
  reconnecting: 'Verbinding herstellen…',
  backHome: 'Naar de startpagina',

  lobbyWelcome: (name: string) => `Welkom, ${name}!`,
  lobbyWait: 'Je bent binnen. De sessie begint zo. Kijk naar het grote scherm.',
  phaseOf: (index: number, count: number) => `Fase ${index} van ${count}`,
  paused: 'Gepauzeerd',
  overtime: 'Uitloop',
  timeLeft: 'Tijd over',
  closedTitle: 'De sessie is afgelopen',
  closedThanks: 'Bedankt voor het meedoen!',

  projectorJoinAt: 'Doe mee op je telefoon',
  projectorScan: 'Scan de QR-code of ga naar',
  projectorCodeLabel: 'Code',
  projectorJoined: (count: number) => (count === 1 ? '1 deelnemer' : `${count} deelnemers`),
  projectorNobodyYet: 'Nog niemand. Wie scant als eerste?',
  projectorAgenda: 'Programma',
  projectorPlannedUsed: (planned: number, used: number) => `${used} van ${planned} min`,
  projectorClosedSummary: 'Zo verliep de sessie',

  controlStart: 'Starten',
  controlNext: 'Volgende',
  controlBack: 'Vorige',
  controlPause: 'Pauze',
  controlResume: 'Verder',
  controlAddOne: '+1 min',
  controlAddFive: '+5 min',
  controlEnd: 'Afronden',
  controlEndConfirm: 'Sessie afronden? Daarna kan niemand meer meedoen.',
  controlNotes: 'Notities',
  controlHideNotes: 'Notities verbergen',
  controlKeys: 'Toetsen: → volgende · ← vorige · spatie pauze · + 1 minuut',
  controlsLabel: 'Bediening',

  phaseKinds: {
    intro: 'Introductie',
    research: 'Onderzoek',
    dialogue: 'Dialoog',
    plenary: 'Plenair',
    roleplay: 'Oefenen',
    evaluation: 'Evaluatie',
  } satisfies Record<PhaseKind, string>,

  errors: {
    invalid_payload: 'Dat ging niet goed. Probeer het nog eens.',
    not_allowed: 'Dat kan nu niet.',
    unknown_session: 'Deze code kennen we niet. Kijk nog eens op het scherm voorin.',
    session_closed: 'Deze sessie is al afgelopen.',
    unauthorized: 'Dit apparaat mag deze sessie niet leiden.',
    name_required: 'Vul je voornaam in.',
    name_too_long: 'Je naam is te lang. Gebruik hoogstens 24 tekens.',
    not_joined: 'Je doet nog niet mee. Vul eerst je naam in.',
    internal: 'Er ging iets mis op de server. Probeer het nog eens.',
    timeout: 'Geen antwoord van de server. Controleer de wifi en probeer het opnieuw.',
    code_format: 'Een code heeft 6 letters en cijfers.',
  } satisfies Record<ClientErrorCode | 'code_format', string>,
};

export type Messages = typeof nl;
