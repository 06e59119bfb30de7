/**
 * One live connection to a session, as state a component can render: the view the server sent
 * (a phone's put together from its updates), the connection's health and the server-clock
 * offset for countdowns. Its pages speak the session's language (see i18n.svelte.ts), told by
 * every view.
 */
import type { ErrorCode, HandshakeAuth } from '../../server/protocol/events.ts';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { nextPhoneView, nextProjectorView } from '../../common/phoneView.ts';
import { i18n } from './i18n.svelte.ts';
import { connectSocket, errorCodeOf, type AppSocket } from './socket.ts';
import { clockOffsetMs } from './time.ts';

/** These errors will not go away by trying again. */
const FINAL_ERRORS: ErrorCode[] = ['unknown_session', 'unauthorized', 'session_closed', 'invalid_payload', 'removed', 'refused'];

type ViewFor<R extends HandshakeAuth['role']> = R extends 'host' ? ProjectorView : PhoneView;

export class LiveSession<R extends HandshakeAuth['role']> {
  view = $state<ViewFor<R> | null>(null);
  connected = $state(false);
  error = $state<ErrorCode | null>(null);
  /** Server time minus local time, in ms. */
  clockOffsetMs = $state(0);
  readonly socket: AppSocket;
  private readonly wake = () => {
    if (document.visibilityState === 'visible' && !this.socket.connected && !this.error) this.socket.connect();
  };

  /** `socket`: the connection to wrap; a new one for `auth` unless given (a spec gives its own). */
  constructor(auth: HandshakeAuth & { role: R }, socket: AppSocket = connectSocket(auth)) {
    this.socket = socket;
    i18n.enterSession(auth.code);
    const onView = (view: ViewFor<R> | null) => {
      if (!view) return;
      this.clockOffsetMs = clockOffsetMs(view.serverNow, Date.now());
      i18n.followSession(view.language);
      this.view = view;
    };
    if (auth.role === 'host') this.socket.on('view:projector', (update) => onView(nextProjectorView(this.view as ProjectorView | null, update) as ViewFor<R>));
    else this.socket.on('view:phone', (update) => onView(nextPhoneView(this.view as PhoneView | null, update) as ViewFor<R>));
    this.socket.on('connect', () => {
      this.connected = true;
      this.error = null;
    });
    this.socket.on('disconnect', () => (this.connected = false));
    this.socket.on('session:gone', (reason) => (this.error = reason));
    this.socket.on('connect_error', (error) => {
      const code = errorCodeOf(error);
      if (code && FINAL_ERRORS.includes(code)) {
        this.error = code;
        this.socket.disconnect();
      }
    });
    // A phone that wakes from its lock screen should not wait for the next retry.
    document.addEventListener('visibilitychange', this.wake);
    window.addEventListener('pageshow', this.wake);
    window.addEventListener('online', this.wake);
  }

  close(): void {
    document.removeEventListener('visibilitychange', this.wake);
    window.removeEventListener('pageshow', this.wake);
    window.removeEventListener('online', this.wake);
    this.socket.disconnect();
    i18n.leaveSession();
  }
}
