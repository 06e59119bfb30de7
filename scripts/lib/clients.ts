/** Real socket.io clients for integration tests and the simulator. */
import { randomBytes } from 'node:crypto';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, CreateSessionResponse, HandshakeAuth, Result, ServerToClientEvents } from '../../server/protocol/events.ts';
import type { PhoneView, ProjectorView } from '../../server/protocol/views.ts';
import { nextPhoneView, nextProjectorView } from '../../common/phoneView.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const newPhoneToken = () => randomBytes(16).toString('base64url');

/** socket.io-client options that override the test defaults (websocket only, reconnecting after 100 ms). */
export type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/**
 * How the app's pages (phone, presenter) try a lost connection again: client/lib/socket.ts's
 * RECONNECT (the scripts may not import the client; test/unit/socketRequest.test.ts keeps the two equal).
 * Bots that reconnect like phones take as long to come back as phones would.
 */
export const BROWSER_RECONNECT: ClientOptions = { reconnectionDelay: 200, randomizationFactor: 0.3, reconnectionDelayMax: 4000 };

/** How long `request` waits for a lost connection to come back before it gives up. */
const RECONNECT_LIMIT_MS = 30_000;

export type EventName = keyof ClientToServerEvents;
export type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
export type DataOf<E extends EventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Result<infer T> ? T : never;

/** A command as sent: its name and payload, typed together. */
export type Sent = { [E in EventName]: { event: E; payload: PayloadOf<E> } }[EventName];
/** A command and what the server answered, for whoever listens (`onAcknowledged`). */
export type Acknowledged = Sent & { result: Result<unknown> };

/** socket.io rejects an ack still awaited when the connection drops with this error. */
const lostConnection = (error: unknown) => error instanceof Error && error.message === 'socket has been disconnected';

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
  /** How many commands `request` sent again because the connection dropped before their ack came. */
  resent = 0;
  private readonly listeners: ((view: V) => void)[] = [];
  private readonly ackListeners: ((acknowledged: Acknowledged) => void)[] = [];
  private waiters: { test: (view: V) => boolean; resolve: (view: V) => void }[] = [];
  /** `request` sends nothing before this settles (holdRequests). */
  private gate: Promise<unknown> = Promise.resolve();

  constructor(url: string, auth: HandshakeAuth, options: ClientOptions = {}) {
    // ?code= as the phone page sends it: a proxy in front of several servers routes by it.
    this.socket = io(url, { auth, query: { code: auth.code }, transports: ['websocket'], forceNew: true, reconnection: true, reconnectionDelay: 100, ...options });
    const onView = (view: V | null) => {
      if (!view) return;
      this.views.push(view);
      for (const listener of this.listeners) listener(view);
      this.waiters = this.waiters.filter((waiter) => (waiter.test(view) ? (waiter.resolve(view), false) : true));
    };
    if (auth.role === 'host') this.socket.on('view:projector', (update) => onView(nextProjectorView((this.last as ProjectorView | undefined) ?? null, update) as V));
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
    return this.next(test, timeoutMs);
  }

  /** Resolves with the first view from now on (not the current one) for which `test` holds. */
  next(test: (view: V) => boolean = () => true, timeoutMs = 5000): Promise<V> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching view within ${timeoutMs} ms; last: ${JSON.stringify(this.last)}`)), timeoutMs);
      this.waiters.push({ test, resolve: (view) => (clearTimeout(timer), resolve(view)) });
    });
  }

  /**
   * Sends a command and resolves with its Result, as a phone does across a lost connection: when
   * the connection drops before the ack came (a server killed, a phone out of reach), it waits for
   * the connection to come back and sends the same payload again; a submission's key makes the
   * server store it once. `done`, for a command that must not take effect twice (host:next): what
   * the first view on the new connection shows when the lost send took effect after all; then it is
   * not sent again and counts as acknowledged. Rejects only when the client was closed or the
   * connection stayed away for RECONNECT_LIMIT_MS.
   */
  async request<E extends EventName>(event: E, payload: PayloadOf<E>, done?: (view: V) => boolean): Promise<Result<DataOf<E>>> {
    const emit = this.socket.emitWithAck.bind(this.socket) as (event: E, payload: PayloadOf<E>) => Promise<Result<DataOf<E>>>;
    for (;;) {
      await this.gate;
      try {
        const result = await emit(event, payload);
        for (const listener of this.ackListeners) listener({ event, payload, result } as Acknowledged);
        return result;
      } catch (error) {
        if (!lostConnection(error) || !this.socket.active) throw error;
      }
      // The connection is down, so the next view is the first on the new one: what the server has now.
      const view = await this.next(() => true, RECONNECT_LIMIT_MS);
      if (done?.(view)) return { ok: true, data: null } as Result<DataOf<E>>;
      this.resent++;
    }
  }

  /** Holds every `request` (and every send again) until `until` settles: a presenter who waits until everyone is back. */
  holdRequests(until: Promise<unknown>): void {
    this.gate = until.catch(() => {});
  }

  /** Calls `listener` with every Result a `request` gets from the server from now on. */
  onAcknowledged(listener: (acknowledged: Acknowledged) => void): void {
    this.ackListeners.push(listener);
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
