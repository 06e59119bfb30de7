import { NAME_MAX_GRAPHEMES } from '../../protocol/schemas.ts';
import type { ErrorCode } from '../../protocol/events.ts';

// Control characters, bidi marks, overrides and isolates, and zero-width spaces: invisible or
// able to reorder the text around them on the projector. The zero-width (non-)joiners stay:
// emoji and some scripts need them.
const INVISIBLE = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;
const VISIBLE = /[\p{L}\p{N}\p{S}]/u;
const segmenter = new Intl.Segmenter('nl', { granularity: 'grapheme' });

export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/** A first name as shown to the room: NFC, no invisible characters, single spaces, 1–24 graphemes. */
export function normaliseName(raw: string): { ok: true; name: string } | { ok: false; error: ErrorCode } {
  const name = raw.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  if (!VISIBLE.test(name)) return { ok: false, error: 'name_required' };
  if (graphemeCount(name) > NAME_MAX_GRAPHEMES) return { ok: false, error: 'name_too_long' };
  return { ok: true, name };
}
