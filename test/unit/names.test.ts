import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../server/session/seats/names.ts';

describe('normaliseName', () => {
  it.each([
    ['  Anouk  ', { ok: true, name: 'Anouk' }],
    ['Jan   Willem', { ok: true, name: 'Jan Willem' }],
    ['Zoë', { ok: true, name: 'Zoë' }],
    ['Zoe\u0308', { ok: true, name: 'Zoë' }],
    ['Sa\u200Bm\u202E', { ok: true, name: 'Sam' }],
    ['   ', { ok: false, error: 'name_required' }],
    ['\u200B\u200D', { ok: false, error: 'name_required' }],
    ['...', { ok: false, error: 'name_required' }],
    ['a'.repeat(24), { ok: true, name: 'a'.repeat(24) }],
    ['a'.repeat(25), { ok: false, error: 'name_too_long' }],
    ['👩🏽‍🏫'.repeat(24), { ok: true, name: '👩🏽‍🏫'.repeat(24) }],
  ])('%j', (raw, expected) => {
    expect(normaliseName(raw)).toEqual(expected);
  });
});
