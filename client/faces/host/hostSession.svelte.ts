/**
 * The facilitator's connection to a session, shared by the presenter view and the audience screen:
 * the live projector view plus the commands, with the last command's error as a notice.
 */
import type { ClientToServerEvents, HostCommand } from '../../../server/protocol/events.ts';
import { hostToken } from '../../lib/identity.ts';
import { i18n } from '../../lib/i18n.svelte.ts';
import { LiveSession } from '../../lib/session.svelte.ts';
import { request, type ClientErrorCode } from '../../lib/socket.ts';
import { keyAction, type KeyAction } from './keys.ts';

/**
 * What a facilitator's screen says when the server refuses it. A wrong host token is answered as an
 * unknown code (the server never tells that a code exists), so that message names both.
 */
export function refusalMessage(code: keyof typeof i18n.t.errors): string {
  return code === 'unknown_session' ? i18n.t.hostSessionUnknown : i18n.t.errors[code];
}

export type PayloadOf<C extends HostCommand> = Parameters<ClientToServerEvents[C]>[0];

export class HostSession {
  readonly live: LiveSession<'host'>;
  /** Why the last command was refused; null once one succeeds. */
  notice = $state<ClientErrorCode | null>(null);

  constructor(
    code: string,
    /** The host token: also what a link to the audience screen on another computer carries. */
    readonly token: string,
  ) {
    this.live = new LiveSession({ role: 'host', code, token });
  }

  /** The session of `code` if this browser holds its host token, else null. */
  static open(code: string): HostSession | null {
    const token = hostToken(code);
    return token ? new HostSession(code, token) : null;
  }

  get view() {
    return this.live.view;
  }

  command<C extends HostCommand>(name: C, ...payload: PayloadOf<C> extends Record<string, never> ? [] : [PayloadOf<C>]): Promise<void> {
    return this.send(name, payload[0] ?? {});
  }

  private async send(name: HostCommand, payload: unknown): Promise<void> {
    const result = await request(this.live.socket, name, payload as never);
    this.notice = result.ok ? null : result.error;
  }

  /** A key press on the presenter view or the audience screen: a command, or one of the page's own `toggles`. */
  onKey(event: KeyboardEvent, toggles: Partial<Record<Extract<KeyAction, { toggle: string }>['toggle'], () => void>>): void {
    const inFormField = event.target instanceof Element && event.target.closest('input, select, textarea') !== null;
    const action = keyAction(event, inFormField, this.view);
    if (!action) return;
    if ('toggle' in action) {
      const toggle = toggles[action.toggle];
      if (!toggle) return;
      event.preventDefault();
      toggle();
      return;
    }
    event.preventDefault();
    void this.send(action.command, 'payload' in action ? action.payload : {});
  }

  close(): void {
    this.live.close();
  }
}
