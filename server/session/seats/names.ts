import { NAME_MAX_GRAPHEMES } from '../../protocol/schemas.ts';
import type { ErrorCode } from '../../protocol/events.ts';

/**
 * The most combining marks of each kind one letter may carry: nonspacing marks (stacked above or
 * below it) and spacing ones (beside it). Real names need up to three of a kind after NFC (Vietnamese,
 * Hebrew and Arabic vowel points, Thai, Tibetan stacks; Burmese Kyaw ကျော် has three spacing and one
 * nonspacing); more is noise that runs across the lines around it on the projector.
 */
export const NAME_MAX_MARKS = 3;

// Removed without a word: characters nobody sees, that ride along unnoticed from a keyboard or a
// copied text (bidi marks, soft hyphen, zero-width space, byte-order mark, variation selectors), or
// that only hide or reorder a name (overrides, tag characters, the grapheme joiner, the Hangul
// fillers that look like an empty name). Someone cannot act on a message about what they cannot see.
// Zero-width (non-)joiners are the exception: Persian and Indic names need one between two letters.
const IGNORABLE = /(?![\u200C\u200D])\p{Default_Ignorable_Code_Point}/gu;
const JOINERS = /[\u200C\u200D]+/gu;
const AFTER_LETTER = /[\p{L}\p{M}]$/u;
const BEFORE_LETTER = /^\p{L}/u;
// Read as a space: blank to the eye (the braille blank is how "empty" names are made too).
const BLANKS = /[\s\u2800]+/gu;

const LETTER = /^\p{L}$/u;
const NONSPACING_MARK = /^\p{Mn}$/u;
const SPACING_MARK = /^\p{Mc}$/u;
/**
 * Besides letters and their marks: digits, spaces, hyphens (also the typographic and the
 * non-breaking one), apostrophes (straight, ’, and ‘ as some keyboards make it at a word's start),
 * a period for an initial, and the Catalan middle dot (Marcel·lí).
 */
const OTHER_ALLOWED = /^[\p{Nd} \-\u2010\u2011'\u2018\u2019.\u00B7\u200C\u200D]$/u;

const segmenter = new Intl.Segmenter('nl', { granularity: 'grapheme' });

/** Printable ASCII: a character per grapheme, no segmenter needed (most names; a join counts them more than once). */
const PLAIN = /^[\x20-\x7e]*$/;

export function graphemeCount(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

export type NameResult = { ok: true; name: string } | { ok: false; error: ErrorCode };

/**
 * A first name as shown to the room. Normalised without a word: invisible characters removed, NFC,
 * blanks collapsed to single spaces and trimmed. Then refused, checked in this order, when
 * - nothing is left: `name_required`;
 * - it holds anything but letters with their combining marks, digits, spaces, - ‐ ‑ ' ‘ ’ . and · (emoji and
 *   other symbols, other punctuation, controls, private-use, unassigned or lone surrogate code points,
 *   a mark without a letter): `name_invalid_chars`;
 * - a letter carries more than NAME_MAX_MARKS marks of one kind: `name_too_many_marks`;
 * - it has no letter: `name_no_letter`;
 * - it is longer than NAME_MAX_GRAPHEMES: `name_too_long`.
 */
export function normaliseName(raw: string): NameResult {
  // Removed before NFC: a grapheme joiner between a letter and its accent keeps them from composing.
  const name = raw
    .replace(IGNORABLE, '')
    .normalize('NFC')
    .replace(JOINERS, (run, offset: number, text: string) =>
      AFTER_LETTER.test(text.slice(0, offset)) && BEFORE_LETTER.test(text.slice(offset + run.length)) ? run.charAt(0) : '',
    )
    .replace(BLANKS, ' ')
    .trim();
  if (!name) return { ok: false, error: 'name_required' };

  let hasLetter = false;
  let tooManyMarks = false;
  // The marks of each kind on the letter just before; null: no letter there to carry a mark.
  let marks: { nonspacing: number; spacing: number } | null = null;
  for (const char of name) {
    if (LETTER.test(char)) {
      hasLetter = true;
      marks = { nonspacing: 0, spacing: 0 };
    } else if (NONSPACING_MARK.test(char) || SPACING_MARK.test(char)) {
      if (!marks) return { ok: false, error: 'name_invalid_chars' };
      const count = NONSPACING_MARK.test(char) ? ++marks.nonspacing : ++marks.spacing;
      if (count > NAME_MAX_MARKS) tooManyMarks = true;
    } else if (OTHER_ALLOWED.test(char)) {
      marks = null;
    } else {
      return { ok: false, error: 'name_invalid_chars' };
    }
  }
  if (tooManyMarks) return { ok: false, error: 'name_too_many_marks' };
  if (!hasLetter) return { ok: false, error: 'name_no_letter' };
  if (graphemeCount(name) > NAME_MAX_GRAPHEMES) return { ok: false, error: 'name_too_long' };
  return { ok: true, name };
}
