/** Real socket.io clients for integration tests and the simulator. */
import { randomBytes } from 'node:crypto';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, CreateSessionResponse, HandshakeAuth, ServerToClientEvents } from '../../server/protocol/events.ts';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { nextPhoneView } from '../../common/phoneView.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const newPhoneToken = () => randomBytes(16).toString('base64url');

/** socket.io-client options that override the test defaults (websocket only, reconnecting after 100 ms). */
export type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** POST /api/sessions: the programme `programmeId` (else the default) in `language` (else Dutch). */
export async function createSession(url: string, programmeId?: string, language?: 'nl' | 'en'): Promise<CreateSessionResponse> {
  const response = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...(programmeId && { programmeId }), ...(language && { language }) }),
  });
  if (response.status !== 201) throw new Error(`create session: ${response.status}`);
  return (await response.json()) as CreateSessionResponse;
}

/** A connected client that remembers the views it got (a phone's put together from its updates) and can wait for one that matches. */
export class Client<V extends ProjectorView | PhoneView> {
  readonly socket: TestSocket;
  readonly views: V[] = [];
  private readonly listeners: ((view: V) => void)[] = [];
  private waiters: { test: (view: V) => boolean; resolve: (view: V) => void }[] = [];

  constructor(url: string, auth: HandshakeAuth, options: ClientOptions = {}) {
    this.socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: true, reconnectionDelay: 100, ...options });
    const onView = (view: V | null) => {
      if (!view) return;
      this.views.push(view);
      for (const listener of this.listeners) listener(view);
      this.waiters = this.waiters.filter((waiter) => (waiter.test(view) ? (waiter.resolve(view), false) : true));
    };
    if (auth.role === 'host') this.socket.on('view:projector', (view) => onView(view as V));
    else this.socket.on('view:phone', (update) => onView(nextPhoneView((this.last as PhoneView | undefined) ?? null, update) as V));
  }

  /** Calls `listener` with every view from now on. */
  listen(listener: (view: V) => void): void {
    this.listeners.push(listener);
  }

  get last(): V | undefined {
    return this.views.at(-1);
  }

  /** Resolves with the first view (the current one included) for which `test` holds. */
  until(test: (view: V) => boolean, timeoutMs = 5000): Promise<V> {
    const last = this.last;
    if (last && test(last)) return Promise.resolve(last);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching view within ${timeoutMs} ms; last: ${JSON.stringify(this.last)}`)), timeoutMs);
      this.waiters.push({ test, resolve: (view) => (clearTimeout(timer), resolve(view)) });
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  /** Resolves when the socket has lost its connection (at once when it has none). */
  disconnected(): Promise<void> {
    if (!this.socket.connected) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('disconnect', () => resolve()));
  }

  close(): void {
    this.socket.disconnect();
  }
}

export const hostClient = (url: string, code: string, token: string, options?: ClientOptions) =>
  new Client<ProjectorView>(url, { role: 'host', code, token }, options);
export const phoneClient = (url: string, code: string, token = newPhoneToken(), options?: ClientOptions) =>
  new Client<PhoneView>(url, { role: 'phone', code, token }, options);

/** A phone that joined with `name` and has its seat. */
export async function joinedPhone(url: string, code: string, name: string, token = newPhoneToken(), options?: ClientOptions) {
  const phone = phoneClient(url, code, token, options);
  await phone.connected();
  const result = await phone.socket.emitWithAck('phone:join', { name });
  if (!result.ok) throw new Error(`join ${name}: ${result.error}`);
  await phone.until((view) => view.me?.name === name);
  return phone;
}
