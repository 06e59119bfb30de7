import { describe, expect, it } from 'vitest';
import type { PhaseKind, PhoneView } from '../../../server/protocol/views.ts';
import { showsPhaseInstruction, type InstructionView } from './instruction.ts';

const phase = (kind: PhaseKind): PhoneView['phase'] => ({
  index: 0,
  count: 7,
  kind,
  title: kind,
  instructionHtml: '<p>…</p>',
  timer: { state: 'paused', remainingMs: 60_000, totalMs: 60_000 },
});
const none = { research: null, dialogue: null, roleplay: null };
const quickscan = { statements: [], mine: {}, presenting: false };
const step = { index: 1, count: 10, kind: 'statement' as const, statement: 'Ik ken de thuissituatie.', takeaway: null };
const dialogue = (group: { id: string; names: string[] } | null): PhoneView['dialogue'] => ({ mode: 'dialogue', questions: [], group, answers: [], topStatements: null });
const roleplay = (seat: boolean): PhoneView['roleplay'] => ({
  stage: seat ? 'playing' : 'grouping',
  round: seat ? 0 : -1,
  rounds: 2,
  setTitle: 'Thuissituatie',
  situationHtml: '',
  timer: null,
  seat: seat ? { role: 'parent', groupId: 'g1', card: null, others: [], seenByObserver: false } : null,
  group: { id: 'g1', others: ['Bram'] },
  feedback: null,
  received: [],
});

describe('showsPhaseInstruction: the programme’s phone text only while it is true', () => {
  it.each<[string, InstructionView, boolean]>([
    ['lobby (no phase)', { phase: null, ...none }, false],
    ['introduction', { phase: phase('intro'), ...none }, true],
    ['research, quickscan open', { phase: phase('research'), ...none, research: { quickscan, step: null } }, true],
    ['research without quickscan, before the presentation', { phase: phase('research'), ...none, research: { quickscan: null, step: null } }, true],
    ['research, presentation under way', { phase: phase('research'), ...none, research: { quickscan: { ...quickscan, presenting: true }, step } }, false],
    ['dialogue before the groups', { phase: phase('dialogue'), ...none }, false],
    ['dialogue, groups made but I am in none', { phase: phase('dialogue'), ...none, dialogue: dialogue(null) }, false],
    ['dialogue in a group', { phase: phase('dialogue'), ...none, dialogue: dialogue({ id: 'd1', names: ['Bram'] }) }, true],
    ['plenary', { phase: phase('plenary'), ...none }, true],
    ['role-play before the set-up', { phase: phase('roleplay'), ...none }, false],
    ['role-play, groups made, no cards yet', { phase: phase('roleplay'), ...none, roleplay: roleplay(false) }, false],
    ['role-play with a card', { phase: phase('roleplay'), ...none, roleplay: roleplay(true) }, true],
    ['evaluation', { phase: phase('evaluation'), ...none }, true],
    ['action points', { phase: phase('actions'), ...none }, true],
  ])('%s → %s', (_name, view, expected) => {
    expect(showsPhaseInstruction(view)).toBe(expected);
  });
});
