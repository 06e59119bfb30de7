/** Helpers for the hostile and fuzz tests: a store that outlives its app, raw handshakes and emits. */
import { io, type Socket } from 'socket.io-client';
import { ERROR_CODES, type ErrorCode, type Result } from '../../server/protocol/events.ts';
import { createMemoryStore, type SessionStore } from '../../server/store/sessionStore.ts';
import type { TestSocket } from '../../scripts/lib/clients.ts';

/**
 * A memory store that, like the SQLite file, keeps its sessions when an app closes it, so a
 * second app can start on it. `destroy()` empties it for good.
 */
export function durableStore(): SessionStore & { destroy(): void } {
  const inner = createMemoryStore();
  return { ...inner, close: () => {}, destroy: () => inner.close() };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** A well-formed Result: `{ ok: true, data }` or `{ ok: false, error }` with a known code, nothing else. */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort().join(',');
  if ('ok' in value && value.ok === true) return keys === 'data,ok';
  return 'ok' in value && value.ok === false && 'error' in value && isErrorCode(value.error) && keys === 'error,ok';
}

/** The socket without its event typing: for payloads and event names the protocol does not allow. */
export function untyped(socket: TestSocket): Socket {
  return socket as unknown as Socket;
}

/** Emits anything and waits for the ack. */
export function emitRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return untyped(socket).emitWithAck(event, ...args);
}

export type Outcome =
  | { kind: 'connected'; socket: TestSocket }
  | { kind: 'refused'; code: string | undefined; message: string }
  | { kind: 'closed'; reason: string };

export interface HandshakeOptions {
  extraHeaders?: Record<string, string>;
  transports?: ('websocket' | 'polling')[];
  /** The address to connect from (an address on 127.0.0.0/8 is another phone network to the server). */
  localAddress?: string;
  /** A handshake with no outcome by then fails the test (default 5 s). */
  timeoutMs?: number;
}

/**
 * One handshake, no reconnection: connected, refused (connect_error, with its `data.code`),
 * or closed by the server before connecting. A connected socket is the caller's to close.
 */
export function handshake(url: string, auth: unknown, options: HandshakeOptions = {}): Promise<Outcome> {
  const socket: TestSocket = io(url, {
    auth: auth as Record<string, unknown>,
    transports: options.transports ?? ['websocket'],
    extraHeaders: options.extraHeaders,
    ...(options.localAddress && { localAddress: options.localAddress }),
    forceNew: true,
    reconnection: false,
  });
  return new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`handshake with ${JSON.stringify(auth)}: no outcome within ${options.timeoutMs ?? 5000} ms`));
    }, options.timeoutMs ?? 5000);
    const settle = (outcome: Outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    socket.once('connect', () => settle({ kind: 'connected', socket }));
    socket.once('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      socket.close();
      const code = error.data?.code;
      settle({ kind: 'refused', code: typeof code === 'string' ? code : undefined, message: error.message });
    });
    socket.once('disconnect', (reason) => {
      socket.close();
      settle({ kind: 'closed', reason });
    });
  });
}

/** The connect error code of a handshake that must be refused. */
export async function refusal(url: string, auth: unknown, options: HandshakeOptions = {}): Promise<string | undefined> {
  const outcome = await handshake(url, auth, options);
  if (outcome.kind === 'connected') {
    outcome.socket.close();
    return 'connected';
  }
  return outcome.kind === 'refused' ? outcome.code : `closed: ${outcome.reason}`;
}

/** Resolves once the server told this client its session is gone and disconnected it. */
export function goneAndDisconnected(client: { socket: TestSocket }): Promise<{ gone: string; disconnect: string }> {
  const gone = new Promise<string>((resolve) => client.socket.once('session:gone', resolve));
  const disconnect = new Promise<string>((resolve) => client.socket.once('disconnect', (reason) => resolve(reason)));
  return Promise.all([gone, disconnect]).then(([goneReason, disconnectReason]) => ({ gone: goneReason, disconnect: disconnectReason }));
}

/** Resolves on the socket's next disconnect, with its reason. */
export function nextDisconnect(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** Resolves on the socket's next connect. */
export function nextConnect(socket: TestSocket): Promise<void> {
  return new Promise((resolve) => socket.once('connect', () => resolve()));
}
