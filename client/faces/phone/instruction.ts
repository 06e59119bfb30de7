/**
 * Whether the phase's phone text from the programme is true right now. That text is written for the
 * start of the phase ("Vul eerst de korte vragenlijst in", "Ga bij je groepje zitten"); once the
 * phase has moved on, or before there are groups, the phone shows what the state says instead.
 */
import type { PhoneView } from '../../../server/protocol/views.ts';

export type InstructionView = Pick<PhoneView, 'phase' | 'research' | 'dialogue' | 'roleplay'>;

export function showsPhaseInstruction(view: InstructionView): boolean {
  switch (view.phase?.kind) {
    case undefined:
      return false;
    // During the presentation the step's takeaway is what the phone says.
    case 'research':
      return !view.research?.step;
    // Before the groups exist the phone says they are coming.
    case 'dialogue':
      return view.dialogue?.group != null;
    // Before the cards are dealt (or while sitting a round out) there is no role card to read.
    case 'roleplay':
      return view.roleplay?.seat != null;
    default:
      return true;
  }
}
