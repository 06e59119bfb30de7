/**
 * The presenter's keyboard (and a presentation clicker, which sends PageDown/PageUp): which key
 * does what, decided from the projector view alone so it can be tested without a page.
 */
import type { ClientToServerEvents } from '../../../server/protocol/events.ts';
import type { ProjectorView } from '../../../server/protocol/views.ts';

type PayloadOf<C extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[C]>[0];

export type KeyAction =
  | { command: 'host:start' | 'host:next' | 'host:back' | 'host:pause' | 'host:resume' }
  | { command: 'host:researchStep'; payload: PayloadOf<'host:researchStep'> }
  | { command: 'host:addTime'; payload: PayloadOf<'host:addTime'> }
  /** Only on this screen: nothing is sent. */
  | { toggle: 'notes' };

export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/**
 * What a key press on the presenter page does, or null for nothing.
 * `inFormField`: the key went to an input, select or textarea, where it is the user's typing.
 * `showVideo`: the research phase shows its video instead of the presentation.
 */
export function keyAction(
  press: KeyPress,
  inFormField: boolean,
  view: Pick<ProjectorView, 'status' | 'research'> | null,
  showVideo: boolean,
): KeyAction | null {
  // Modified keys belong to the browser and the system (ctrl+→, alt+←, cmd+N …).
  if (!view || press.ctrlKey || press.metaKey || press.altKey || inFormField) return null;
  const running = view.status === 'running' || view.status === 'paused';
  // In the research presentation the arrows (and a clicker's page keys) move through its steps first.
  // (Not while the video plays instead: then they move between phases as anywhere else.)
  const research = showVideo ? null : view.research;
  const firstStep = research?.quickscan ? -1 : 0;
  switch (press.key) {
    case 'ArrowRight':
    case 'PageDown':
      if (research && research.step < research.steps.length - 1) return { command: 'host:researchStep', payload: { delta: 1 } };
      return { command: view.status === 'lobby' ? 'host:start' : 'host:next' };
    case 'ArrowLeft':
    case 'PageUp':
      if (research && research.step > firstStep) return { command: 'host:researchStep', payload: { delta: -1 } };
      return { command: 'host:back' };
    case ' ':
      return running ? { command: view.status === 'paused' ? 'host:resume' : 'host:pause' } : null;
    case '+':
    case '=':
      return running ? { command: 'host:addTime', payload: { minutes: 1 } } : null;
    case 'n':
    case 'N':
      return { toggle: 'notes' };
    default:
      return null;
  }
}
