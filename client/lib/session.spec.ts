import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode, HandshakeAuth } from '../../server/protocol/events.ts';
import { i18n } from './i18n.svelte.ts';
import { LiveSession } from './session.svelte.ts';
import type { AppSocket } from './socket.ts';

type Listener = (...args: never[]) => void;

/** What LiveSession sees of a socket.io-client socket; the test plays both socket.io and the server. */
class FakeSocket {
  connected = false;
  readonly connect = vi.fn();
  readonly disconnect = vi.fn(() => {
    this.connected = false;
  });
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  receive(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...args: unknown[]) => void)(...args);
  }

  open(): void {
    this.connected = true;
    this.receive('connect');
  }

  drop(): void {
    this.connected = false;
    this.receive('disconnect', 'transport close');
  }
}

/** The browser page the session listens to, made anew for each test. */
const newPage = () => ({ document: Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState }), window: new EventTarget() });
let page = newPage();

function liveSession<R extends HandshakeAuth['role']>(role: R) {
  const socket = new FakeSocket();
  // LiveSession only calls on/connect/disconnect and reads connected, which FakeSocket has.
  const session = new LiveSession({ role, code: 'ABCD', token: 'token' }, socket as unknown as AppSocket);
  return { session, socket };
}

/** A connection refused at the handshake, as socket.io-client reports it. */
const refused = (code: ErrorCode) => Object.assign(new Error(code), { data: { code } });

/** The page comes back: the phone is unlocked, the tab restored, the network back. */
function wakeUp(): void {
  page.document.visibilityState = 'visible';
  page.document.dispatchEvent(new Event('visibilitychange'));
  page.window.dispatchEvent(new Event('pageshow'));
  page.window.dispatchEvent(new Event('online'));
}

const SERVER_NOW = 1_700_000_000_000;

/** What the server sends: a whole projector view, or a phone's first update (which holds everything). */
const messages = {
  'view:projector': (serverNow: number, language: 'nl' | 'en' = 'nl') => ({ code: 'ABCD', serverNow, language }),
  'view:phone': (serverNow: number, language: 'nl' | 'en' = 'nl') => ({
    serverNow,
    room: { code: 'ABCD', status: 'lobby', language, phase: null },
    own: { me: null, notes: { from: 0, items: [] }, roleplay: null, dialogue: null, evaluation: null, research: null, actions: null, lookBack: null },
  }),
};

beforeEach(() => {
  vi.useFakeTimers();
  page = newPage();
  vi.stubGlobal('document', page.document);
  vi.stubGlobal('window', page.window);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('LiveSession', () => {
  it.each([
    { role: 'host', event: 'view:projector', other: 'view:phone' },
    { role: 'phone', event: 'view:phone', other: 'view:projector' },
  ] as const)('a $role keeps the last $event with the server-clock offset, and ignores $other', ({ role, event, other }) => {
    const { session, socket } = liveSession(role);

    // This device's clock is 90 s ahead of the server's.
    vi.setSystemTime(SERVER_NOW + 90_000);
    socket.receive(event, messages[event](SERVER_NOW));
    expect(session.view).toMatchObject({ code: 'ABCD', serverNow: SERVER_NOW });
    expect(session.clockOffsetMs).toBe(-90_000);

    vi.setSystemTime(SERVER_NOW + 60_000);
    socket.receive(event, messages[event](SERVER_NOW + 1_000));
    expect(session.view).toMatchObject({ code: 'ABCD', serverNow: SERVER_NOW + 1_000 });
    expect(session.clockOffsetMs).toBe(-59_000);

    socket.receive(other, messages[other](SERVER_NOW + 2_000));
    expect(session.view).toMatchObject({ serverNow: SERVER_NOW + 1_000 });
    expect(session.clockOffsetMs).toBe(-59_000);
  });

  it.each([
    { role: 'host', event: 'view:projector' },
    { role: 'phone', event: 'view:phone' },
  ] as const)("a $role's page speaks the language its views tell, until it closes", ({ role, event }) => {
    const outside = i18n.locale;
    const { session, socket } = liveSession(role);
    const view = (language: 'nl' | 'en') => messages[event](SERVER_NOW, language);
    socket.receive(event, view('en'));
    expect(i18n.locale).toBe('en');
    socket.receive(event, view('nl'));
    expect(i18n.locale).toBe('nl');
    socket.receive(event, view('en'));
    session.close();
    expect(i18n.locale, 'the language outside a session again').toBe(outside);
  });

  it('follows the connection', () => {
    const { session, socket } = liveSession('phone');
    expect(session.connected).toBe(false);
    socket.open();
    expect(session.connected).toBe(true);
    socket.drop();
    expect(session.connected).toBe(false);
    socket.open();
    expect(session.connected).toBe(true);
    expect(session.error).toBeNull();
  });

  it.each<ErrorCode>(['unknown_session', 'unauthorized', 'session_closed', 'invalid_payload', 'removed'])(
    'a connection refused with %s is final: it shows the error and stops reconnecting, even on waking up',
    (code) => {
      const { session, socket } = liveSession('phone');
      socket.receive('connect_error', refused(code));
      expect(session.error).toBe(code);
      expect(socket.disconnect).toHaveBeenCalledTimes(1);

      wakeUp();
      expect(socket.connect).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['rate_limited', refused('rate_limited')],
    ['internal', refused('internal')],
    ['no code (the network)', new Error('xhr poll error')],
  ])('a connection refused with %s is tried again: no error, socket.io keeps reconnecting', (_name, error) => {
    const { session, socket } = liveSession('phone');
    socket.receive('connect_error', error);
    expect(session.error).toBeNull();
    expect(socket.disconnect).not.toHaveBeenCalled();
  });

  it.each(['removed', 'session_deleted'] as const)('session:gone (%s) shows why and stops reconnecting', (reason) => {
    const { session, socket } = liveSession('phone');
    socket.open();
    socket.receive('session:gone', reason);
    expect(session.error).toBe(reason);

    socket.drop();
    wakeUp();
    expect(socket.connect).not.toHaveBeenCalled();
  });

  it.each([
    { event: 'visibilitychange', on: 'document', visibility: 'visible', connected: false, reconnects: true },
    { event: 'visibilitychange', on: 'document', visibility: 'hidden', connected: false, reconnects: false },
    { event: 'visibilitychange', on: 'document', visibility: 'visible', connected: true, reconnects: false },
    { event: 'pageshow', on: 'window', visibility: 'visible', connected: false, reconnects: true },
    { event: 'online', on: 'window', visibility: 'visible', connected: false, reconnects: true },
    { event: 'online', on: 'window', visibility: 'hidden', connected: false, reconnects: false },
    { event: 'online', on: 'window', visibility: 'visible', connected: true, reconnects: false },
  ] as const)(
    '$event on the $on while $visibility and connected: $connected → reconnects now: $reconnects',
    ({ event, on, visibility, connected, reconnects }) => {
      const { socket } = liveSession('phone');
      if (connected) socket.open();
      page.document.visibilityState = visibility;
      page[on].dispatchEvent(new Event(event));
      expect(socket.connect).toHaveBeenCalledTimes(reconnects ? 1 : 0);
    },
  );

  it('close() disconnects and stops listening to the page', () => {
    const { session, socket } = liveSession('host');
    socket.open();
    session.close();
    expect(socket.disconnect).toHaveBeenCalledTimes(1);

    wakeUp();
    expect(socket.connect).not.toHaveBeenCalled();
  });
});
