/**
 * The phone's part of the Dutch catalogue, what a phone loads with its page (in one language): the join
 * form, the lobby, the waiting room, a phase's frame, the notes, the errors. What the phases' own screens
 * show is a second part (./screensNl.ts), fetched when first shown. The whole catalogue (../nl.ts)
 * includes both.
 */
import type { ErrorCode } from '../../../server/protocol/events.ts';
import type { PhoneScreenMessages } from './screensNl.ts';

export const phoneNl = {
  appName: 'Driegesprek',
  languageToggle: 'English',
  languageToggleLabel: 'Switch to English',

  joinHeading: 'Meedoen',
  nameLabel: 'Je voornaam',
  nameHint: 'Alleen je voornaam. De groep ziet die op het scherm.',
  nameButton: 'Meedoen',
  joiningSession: (code: string) => `Je doet mee met sessie ${code}`,
  joinWaiting: 'Even verbinden…',

  connecting: 'Verbinden…',
  welcomeBack: 'Welkom terug. Even verbinden…',
  reconnecting: 'Verbinding herstellen…',
  backHome: 'Naar de startpagina',

  lobbyWelcome: (name: string) => `Welkom, ${name}!`,
  lobbyWait: 'Je bent binnen. De sessie begint zo. Kijk naar het grote scherm.',
  waitingHello: (name: string) => `Hoi ${name}!`,
  waitingTitle: 'Je bent in de wachtkamer.',
  waitingText: 'De begeleider laat je zo binnen. Je hoeft niets te doen. Laat deze pagina open.',
  refusedTitle: 'Je doet niet mee met deze sessie',
  phaseOf: (index: number, count: number) => `Fase ${index} van ${count}`,
  paused: 'Gepauzeerd',
  overtime: 'Uitloop',
  timeLeft: 'Tijd over',
  closedTitle: 'De sessie is afgelopen',
  closedThanks: 'Bedankt voor het meedoen!',

  notesHeading: 'Mijn aantekeningen',
  notesHint: 'Alleen jij ziet ze. Handig voor je actiepunten straks.',
  notesLabel: 'Nieuwe aantekening',
  notesSave: 'Bewaren',
  notesPending: 'Nog niet verstuurd. Gaat vanzelf mee zodra er weer verbinding is.',
  notesLobby: 'Vóór de start',
  notesPhase: (index: number) => `Fase ${index}`,

  errors: {
    invalid_payload: 'Dat ging niet goed. Probeer het nog eens.',
    not_allowed: 'Dat kan nu niet.',
    unknown_session: 'Deze code kennen we niet. Kijk nog eens op het scherm voorin. Klopt hij toch? Wacht dan een minuut.',
    session_closed: 'Deze sessie is al afgelopen.',
    unauthorized: 'Dit apparaat mag deze sessie niet leiden.',
    name_required: 'Vul je voornaam in.',
    name_too_long: 'Je naam is te lang. Gebruik hoogstens 24 tekens.',
    name_invalid_chars: 'Gebruik in je naam alleen letters, cijfers, spaties, een streepje (-) of een apostrof (’). Emoji en andere tekens kunnen niet.',
    name_too_many_marks: 'Er staan te veel accenten op één letter. Gebruik er hoogstens 3 per letter.',
    name_no_letter: 'Gebruik minstens één letter in je naam.',
    not_joined: 'Je doet nog niet mee. Vul eerst je naam in.',
    room_full: 'Deze sessie is vol. Vraag de begeleider om hulp.',
    room_locked: 'Deze sessie is op slot. Vraag de begeleider om je erin te laten.',
    removed: 'De begeleider heeft je uit deze sessie gehaald.',
    refused: 'De begeleider heeft je deze keer niet binnengelaten. Denk je dat dit een vergissing is? Loop dan even naar de begeleider.',
    session_deleted: 'Deze sessie is verwijderd.',
    rate_limited: 'Even rustig aan: wacht een paar tellen en probeer het opnieuw.',
    server_full: 'Op deze server lopen nu te veel sessies. Probeer het later nog eens, of vraag de beheerder om oude sessies te verwijderen.',
    too_many_connections: 'Vanaf dit netwerk zijn al heel veel telefoons met deze sessie verbonden. Vraag de begeleider om hulp.',
    file_too_large: 'Dit bestand is te groot. Een kaartenset of verslag mag hoogstens 128 kB zijn.',
    internal: 'Er ging iets mis op de server. Probeer het nog eens.',
    timeout: 'Geen antwoord van de server. Controleer de wifi en probeer het opnieuw.',
    disconnected: 'De verbinding viel weg voordat de server antwoordde. Probeer het opnieuw.',
    code_format: 'Een code heeft 6 letters en cijfers.',
  } satisfies Record<ErrorCode | 'timeout' | 'disconnected' | 'code_format', string>,
};

export type PhoneCoreMessages = typeof phoneNl;
/** Every string a phone page shows: what a phone component reads (the screens' part once `i18n.need('screens')` resolved). */
export type PhoneMessages = PhoneCoreMessages & PhoneScreenMessages;
