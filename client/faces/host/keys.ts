/**
 * The presenter's keyboard (and a presentation clicker, which sends PageDown/PageUp and "." or B
 * for a black screen): which key does what, on the presenter view and on the audience screen alike,
 * decided from the projector view alone so it can be tested without a page.
 */
import type { ClientToServerEvents } from '../../../server/protocol/events.ts';
import type { ProjectorView } from '../../../server/protocol/views.ts';

type PayloadOf<C extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[C]>[0];

export type KeyAction =
  | { command: 'host:start' | 'host:next' | 'host:back' | 'host:pause' | 'host:resume' }
  | { command: 'host:researchStep'; payload: PayloadOf<'host:researchStep'> }
  | { command: 'host:statementMove'; payload: PayloadOf<'host:statementMove'> }
  | { command: 'host:addTime'; payload: PayloadOf<'host:addTime'> }
  | { command: 'host:screenBlank'; payload: PayloadOf<'host:screenBlank'> }
  | { command: 'host:screenPage'; payload: PayloadOf<'host:screenPage'> }
  /** Only on this page: nothing is sent. */
  | { toggle: 'notes' | 'fullscreen' };

export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/**
 * What a key press on the presenter view or the audience screen does, or null for nothing.
 * `inFormField`: the key went to an input, select or textarea, where it is the user's typing.
 */
export function keyAction(press: KeyPress, inFormField: boolean, view: (Pick<ProjectorView, 'status' | 'research' | 'screen'> & Partial<Pick<ProjectorView, 'statements'>>) | null): KeyAction | null {
  // Modified keys belong to the browser and the system (ctrl+→, alt+←, cmd+N …).
  if (!view || press.ctrlKey || press.metaKey || press.altKey || inFormField) return null;
  const running = view.status === 'running' || view.status === 'paused';
  // In the research presentation the arrows (and a clicker's page keys) move through its steps first.
  // (Not while the video plays instead: then they move between phases as anywhere else.)
  const research = view.screen.video ? null : view.research;
  const firstStep = research?.quickscan ? -1 : 0;
  // In a statements phase they move through its statements first, as through the research's steps.
  const statements = view.statements ?? null;
  switch (press.key) {
    case 'ArrowRight':
    case 'PageDown':
      if (research && research.step < research.steps.length - 1) return { command: 'host:researchStep', payload: { delta: 1 } };
      if (statements && statements.index < statements.count - 1) return { command: 'host:statementMove', payload: { delta: 1 } };
      return { command: view.status === 'lobby' ? 'host:start' : 'host:next' };
    case 'ArrowLeft':
    case 'PageUp':
      if (research && research.step > firstStep) return { command: 'host:researchStep', payload: { delta: -1 } };
      if (statements && statements.index > 0) return { command: 'host:statementMove', payload: { delta: -1 } };
      return { command: 'host:back' };
    case ' ':
      return running ? { command: view.status === 'paused' ? 'host:resume' : 'host:pause' } : null;
    case '+':
    case '=':
      return running ? { command: 'host:addTime', payload: { minutes: 1 } } : null;
    case 'n':
    case 'N':
      return { toggle: 'notes' };
    // B, and the "." a presentation clicker's black-screen button sends, as in presentation software.
    case 'b':
    case 'B':
    case '.':
      return { command: 'host:screenBlank', payload: { blank: !view.screen.blank } };
    case 'ArrowDown':
      return { command: 'host:screenPage', payload: { delta: 1 } };
    case 'ArrowUp':
      return { command: 'host:screenPage', payload: { delta: -1 } };
    case 'f':
    case 'F':
      return { toggle: 'fullscreen' };
    default:
      return null;
  }
}
