/**
 * The name rule (server/session/seats/names.ts), table-style: hostile names with the code they are
 * refused with, and real names from a Dutch school and beyond with the exact name the room sees.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../server/protocol/events.ts';
import { NAME_MAX_MARKS, normaliseName } from '../../server/session/seats/names.ts';

const TAGS_AB = '\u{E0041}\u{E0042}\u{E007F}';

/** [what it is, what is typed, the name the room sees]. */
const ACCEPTED: [string, string, string][] = [
  // Ordinary names stay as typed.
  ['Dutch', 'Anouk', 'Anouk'],
  ['Dutch', 'Daan', 'Daan'],
  ['diaeresis', 'Chaïma', 'Chaïma'],
  ['diaeresis', 'Zoë', 'Zoë'],
  ['Turkish', 'Ömer', 'Ömer'],
  ['hyphen and accents', 'José-María', 'José-María'],
  ['hyphen', 'Anne-Marie', 'Anne-Marie'],
  ['straight apostrophe', "D'Angelo", "D'Angelo"],
  ['typographic apostrophe (a phone’s smart punctuation)', 'D’Angelo', 'D’Angelo'],
  ['Catalan middle dot', 'Marcel·lí', 'Marcel·lí'],
  ['non-breaking hyphen (a word processor’s)', 'Jan\u2011Willem', 'Jan\u2011Willem'],
  ['typographic hyphen', 'Anne\u2010Sophie', 'Anne\u2010Sophie'],
  ['left quote as an apostrophe at the start (a phone’s smart punctuation)', '‘t Hooft', '‘t Hooft'],
  ['an initial to tell two apart', 'Anna B.', 'Anna B.'],
  ['initials', 'J.P.', 'J.P.'],
  ['a digit', 'Anouk 2', 'Anouk 2'],
  ['Chinese', '李娜', '李娜'],
  ['Japanese with an iteration mark', '佐々木', '佐々木'],
  ['Korean', '지민', '지민'],
  ['Arabic, right to left without bidi controls', 'محمد', 'محمد'],
  ['Hebrew, right to left', 'יעל', 'יעל'],
  ['Greek', 'Αλέξανδρος', 'Αλέξανδρος'],
  ['Cyrillic', 'Дмитрий', 'Дмитрий'],
  ['Polish', 'Łukasz', 'Łukasz'],
  ['Vietnamese', 'Nguyễn', 'Nguyễn'],
  ['Devanagari with a virama', 'प्रिया', 'प्रिया'],
  ['Burmese Kyaw: three spacing marks and one nonspacing on a letter', '\u1000\u103B\u1031\u102C\u103A', '\u1000\u103B\u1031\u102C\u103A'],
  ['Persian with a zero-width non-joiner between two letters', '\u0628\u0647\u200C\u0622\u0641\u0631\u06CC\u0646', '\u0628\u0647\u200C\u0622\u0641\u0631\u06CC\u0646'],
  [`a letter with ${NAME_MAX_MARKS} marks`, 'q\u0300\u0301\u0302', 'q\u0300\u0301\u0302'],
  // Normalised without a word.
  ['NFD to NFC', 'Zoe\u0308', 'Zoë'],
  ['NFD to NFC', 'O\u0308mer', 'Ömer'],
  ['NFD Vietnamese to NFC', 'Nguye\u0302\u0303n', 'Nguyễn'],
  ['trailing spaces', 'Sjoerd   ', 'Sjoerd'],
  ['spaces around', '  Anouk  ', 'Anouk'],
  ['spaces inside collapse', 'Jan   Willem', 'Jan Willem'],
  ['tab, newline and no-break space are spaces', '\tJan\n\u00A0Willem\u3000', 'Jan Willem'],
  ['Arabic letter mark (bidi control)', '\u061CAnouk', 'Anouk'],
  ['right-to-left override', '\u202EnimdA', 'nimdA'],
  ['bidi isolates', '\u2066Esra\u2069', 'Esra'],
  ['left-to-right and right-to-left marks', '\u200Eمحمد\u200F', 'محمد'],
  ['soft hyphen', 'Da\u00ADan', 'Daan'],
  ['zero-width space and an override', 'Sa\u200Bm\u202E', 'Sam'],
  ['combining grapheme joiner', 'Bram\u034F', 'Bram'],
  ['a grapheme joiner between a letter and its accent', 'Zoe\u034F\u0308', 'Zoë'],
  ['Mongolian vowel separator', 'Noor\u180E', 'Noor'],
  ['tag characters', `Sem${TAGS_AB}`, 'Sem'],
  ['byte-order mark', '\uFEFFFloor', 'Floor'],
  ['word joiner', 'Ko\u2060en', 'Koen'],
  ['a zero-width joiner at the end', 'Anouk\u200D', 'Anouk'],
  ['variation selector', 'Lotte\uFE0F', 'Lotte'],
  ['Hangul filler after a name', 'Anna\u3164', 'Anna'],
  ['braille blank inside a name', 'Jan\u2800Willem', 'Jan Willem'],
  ['24 graphemes', 'a'.repeat(24), 'a'.repeat(24)],
];

/** [what it is, what is typed, the code it is refused with]. */
const REFUSED: [string, string, ErrorCode][] = [
  // Nothing to see.
  ['empty', '', 'name_required'],
  ['spaces', '   ', 'name_required'],
  ['only Hangul filler', '\u3164', 'name_required'],
  ['only halfwidth Hangul filler', '\uFFA0', 'name_required'],
  ['Hangul choseong and jungseong fillers', '\u115F\u1160', 'name_required'],
  ['two braille blanks', '\u2800\u2800', 'name_required'],
  ['zero-width characters only', '\u200B\u200D', 'name_required'],
  ['tag characters only', TAGS_AB, 'name_required'],
  ['bidi controls only', '\u202E\u2066\u061C', 'name_required'],
  // Not letters, digits, spaces, - ' ’ or .
  ['emoji', '👩🏽‍🏫', 'name_invalid_chars'],
  ['a name with an emoji', 'Anouk 😀', 'name_invalid_chars'],
  ['a flag of tag characters', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', 'name_invalid_chars'],
  ['markup', '<b>Anouk</b>', 'name_invalid_chars'],
  ['markup with quotes', '"><svg onload=__xss=1>', 'name_invalid_chars'],
  ['an exclamation mark', 'Koen!', 'name_invalid_chars'],
  ['a currency sign', 'Bram$', 'name_invalid_chars'],
  ['NUL', 'Anouk\u0000', 'name_invalid_chars'],
  ['escape sequence', 'Bram\u001B[31m', 'name_invalid_chars'],
  ['C1 control', 'Daan\u0085x', 'name_invalid_chars'],
  ['private use', 'Pien\uE000', 'name_invalid_chars'],
  ['private use, plane 16', 'Gijs\u{10FFFD}', 'name_invalid_chars'],
  ['unassigned', 'Mees\u0378', 'name_invalid_chars'],
  ['noncharacter', 'Tess\uFFFF', 'name_invalid_chars'],
  ['lone high surrogate', 'Jet\uD800', 'name_invalid_chars'],
  ['lone low surrogate', '\uDC00Jet', 'name_invalid_chars'],
  ['a mark without a letter', '\u0301Anna', 'name_invalid_chars'],
  ['a mark on a digit', 'Anna 1\u0301', 'name_invalid_chars'],
  ['an enclosing mark', 'A\u20DD', 'name_invalid_chars'],
  ['a fraction', 'Roos ½', 'name_invalid_chars'],
  ['a Roman numeral letter', 'Willem Ⅳ', 'name_invalid_chars'],
  ['other braille', '⠁⠝⠝⠁', 'name_invalid_chars'],
  ['the replacement character', 'Ilias\uFFFD', 'name_invalid_chars'],
  // Stacked marks.
  ['a letter with 188 combining marks', `a${'\u0301'.repeat(188)}`, 'name_too_many_marks'],
  [`a letter with ${NAME_MAX_MARKS + 1} marks`, 'q\u0300\u0301\u0302\u0303', 'name_too_many_marks'],
  ['marks hidden behind grapheme joiners', 'q\u0300\u034F\u0301\u034F\u0302\u034F\u0303', 'name_too_many_marks'],
  // Visible, but no letter.
  ['periods', '...', 'name_no_letter'],
  ['digits', '123', 'name_no_letter'],
  ['hyphen and apostrophes', "- ' ’", 'name_no_letter'],
  // Too long.
  ['25 graphemes', 'a'.repeat(25), 'name_too_long'],
  ['25 graphemes, each with marks', 'q\u0300\u0301'.repeat(25), 'name_too_long'],
];

describe('normaliseName', () => {
  it.each(ACCEPTED)('accepts %s: %j → %j', (_what, raw, name) => {
    expect(normaliseName(raw)).toEqual({ ok: true, name });
  });

  it.each(REFUSED)('refuses %s: %j', (_what, raw, error) => {
    expect(normaliseName(raw)).toEqual({ ok: false, error });
  });

  it('gives back a name that it accepts unchanged: NFC, no control, format or other invisible character left', () => {
    for (const [, raw] of ACCEPTED) {
      const result = normaliseName(raw);
      if (!result.ok) throw new Error(`${raw} refused`);
      expect(normaliseName(result.name)).toEqual(result);
      expect(result.name.normalize('NFC')).toBe(result.name);
      // Only the kept zero-width (non-)joiner between two letters is a format character.
      expect(result.name.replace(/(?<=\p{L})\u200C(?=\p{L})/gu, '')).not.toMatch(/[\p{C}\p{Default_Ignorable_Code_Point}\u2800]|^ | $| {2}/u);
    }
  });
});
