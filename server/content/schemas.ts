/** The shape of each kind of content file, with messages in Dutch for the trainers who write them. */
import * as v from 'valibot';
import { EXPERIENCE_SCALES, PHASE_KINDS } from '../protocol/views.ts';
import { AUDIENCES, CARD_ROLES, RESEARCH_THEMES } from './types.ts';
import { ANSWER_MAX_LENGTH } from '../protocol/schemas.ts';
import { MAX_POINTS_PER_PERSON } from '../session/actions/actionPoints.ts';

/** A statement is read from the back of the room: one or two lines on the screen. */
export const STATEMENT_MAX_LENGTH = 160;
const STATEMENTS_MAX = 20;
/** A programme's one line on the home page and in the library. */
const SUMMARY_MAX_LENGTH = 140;

const unknownField = 'onbekend veld; kijk in content/README.md welke velden er zijn';
const oneOf = (values: readonly string[]) => `moet een van deze zijn: ${values.join(', ')}`;

const text = v.pipe(v.string('moet tekst zijn'), v.trim(), v.minLength(1, 'mag niet leeg zijn'));
const markdown = v.optional(v.string('moet tekst zijn'), '');
const id = v.pipe(text, v.regex(/^[a-z0-9-]+$/, 'alleen kleine letters, cijfers en streepjes'));
const ids = v.optional(v.array(id, 'moet een lijst met id’s zijn'), []);
const language = v.picklist(['nl', 'en'], 'moet nl of en zijn');
const percentage = v.optional(
  v.pipe(v.number('moet een getal zijn'), v.minValue(0, 'moet tussen 0 en 100 liggen'), v.maxValue(100, 'moet tussen 0 en 100 liggen')),
);
const count = v.pipe(v.number('moet een getal zijn'), v.integer('moet een heel getal zijn'), v.minValue(1, 'moet een positief getal zijn'));

export const programmeSchema = v.strictObject(
  {
    id,
    title: text,
    language,
    summary: v.optional(v.pipe(text, v.maxLength(SUMMARY_MAX_LENGTH, `hooguit ${SUMMARY_MAX_LENGTH} tekens: één zin op de startpagina`))),
    source: v.optional(text),
    phases: v.pipe(
      v.array(
        v.strictObject(
          {
            kind: v.picklist(PHASE_KINDS, oneOf(PHASE_KINDS)),
            title: text,
            minutes: v.pipe(v.number('moet een getal zijn'), v.minValue(1, 'moet een positief getal zijn'), v.maxValue(240, 'mag hoogstens 240 zijn')),
            notes: markdown,
            projector: markdown,
            phone: markdown,
            questions: ids,
            cardsets: ids,
            research: v.optional(id),
            quickscan: v.optional(v.boolean('moet true of false zijn'), false),
            topStatements: v.optional(count),
            statements: v.optional(
              v.pipe(
                v.array(
                  v.strictObject(
                    {
                      text: v.pipe(text, v.maxLength(STATEMENT_MAX_LENGTH, `hoogstens ${STATEMENT_MAX_LENGTH} tekens: een stelling moet groot op het scherm passen`)),
                      notes: markdown,
                    },
                    unknownField,
                  ),
                  'moet een lijst met stellingen zijn, elk met text',
                ),
                v.maxLength(STATEMENTS_MAX, `hoogstens ${STATEMENTS_MAX} stellingen per fase`),
              ),
              [],
            ),
            video: v.optional(
              v.pipe(
                text,
                v.regex(/^(https:\/\/\S+|[a-z0-9][a-z0-9._-]*\.(mp4|webm))$/i, 'een bestandsnaam in content/media/ (.mp4 of .webm) of een adres dat begint met https://'),
              ),
            ),
          },
          unknownField,
        ),
        'moet een lijst met fasen zijn',
      ),
      v.minLength(1, 'moet minstens één fase hebben'),
    ),
  },
  unknownField,
);

export const cardSetSchema = v.strictObject(
  {
    id,
    title: text,
    language,
    theme: text,
    situation: text,
    source: v.optional(text),
    students: v.optional(id),
    observers: v.optional(id),
    cards: v.pipe(
      v.array(
        v.strictObject(
          {
            id,
            role: v.picklist(CARD_ROLES, oneOf(CARD_ROLES)),
            title: text,
            wants: text,
            keeps: markdown,
            tip: markdown,
          },
          unknownField,
        ),
        'moet een lijst met kaarten zijn',
      ),
      v.minLength(1, 'moet minstens één kaart hebben'),
    ),
  },
  unknownField,
);

export const questionListSchema = v.strictObject(
  {
    id,
    title: text,
    language,
    audience: v.picklist(AUDIENCES, oneOf(AUDIENCES)),
    questions: v.pipe(
      v.array(v.strictObject({ id, text, hint: v.optional(text) }, unknownField), 'moet een lijst met vragen zijn'),
      v.minLength(1, 'moet minstens één vraag hebben'),
    ),
  },
  unknownField,
);

const figures = v.strictObject({ experience: percentage, importance: percentage }, unknownField);

export const researchSchema = v.strictObject(
  {
    id,
    title: text,
    language,
    source: text,
    respondents: v.strictObject({ mentors: count, parents: count, schools: count }, unknownField),
    statements: v.pipe(
      v.array(
        v.strictObject(
          {
            id,
            theme: v.picklist(RESEARCH_THEMES, oneOf(RESEARCH_THEMES)),
            scale: v.optional(v.picklist(EXPERIENCE_SCALES, oneOf(EXPERIENCE_SCALES)), 'vaak'),
            mentor: text,
            parent: text,
            figures: v.optional(v.strictObject({ mentors: v.optional(figures, {}), parents: v.optional(figures, {}) }, unknownField), {}),
            takeaway: text,
          },
          unknownField,
        ),
        'moet een lijst met stellingen zijn',
      ),
      v.minLength(1, 'moet minstens één stelling hebben'),
    ),
  },
  unknownField,
);

/** yyyy-mm-dd of a day that exists (not 2026-02-30). */
function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}

/**
 * What a report may hold, well above what a session writes (its team points come from the plenary's
 * tips, its people from the seats), so a file made large on purpose is refused rather than shown on
 * every phone of the follow-up meeting.
 */
const REPORT_MAX_TEAM_POINTS = 40;
const REPORT_MAX_PEOPLE = 200;
/** An action point, as long as a phone may write one. */
const point = v.pipe(text, v.maxLength(ANSWER_MAX_LENGTH, `hoogstens ${ANSWER_MAX_LENGTH} tekens`));

/** The front matter of a session report, read back to start the follow-up meeting. */
export const reportSchema = v.object({
  report: v.literal('driegesprek'),
  version: v.literal(1, 'onbekende versie van het verslag'),
  date: v.pipe(
    v.string('moet een datum zijn'),
    v.check(isCalendarDay, 'moet een datum zijn als 2026-11-23'),
  ),
  programme: text,
  team: v.optional(v.pipe(v.array(point, 'moet een lijst zijn'), v.maxLength(REPORT_MAX_TEAM_POINTS, `hoogstens ${REPORT_MAX_TEAM_POINTS} punten`)), []),
  personal: v.optional(
    v.pipe(
      v.array(
        v.object({
          name: text,
          points: v.pipe(v.array(point, 'moet een lijst zijn'), v.maxLength(MAX_POINTS_PER_PERSON, `hoogstens ${MAX_POINTS_PER_PERSON} punten`)),
        }),
        'moet een lijst zijn',
      ),
      v.maxLength(REPORT_MAX_PEOPLE, `hoogstens ${REPORT_MAX_PEOPLE} mensen`),
    ),
    [],
  ),
});
