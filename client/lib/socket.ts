/**
 * A typed connection per session (./wire.ts, the pages' Socket.IO client) and its commands.
 */
import type {
  ClientToServerEvents,
  ConnectErrorData,
  ErrorCode,
  HandshakeAuth,
  Result,
  ServerToClientEvents,
} from '../../server/protocol/events.ts';
import { WireSocket, type WireOptions } from './wire.ts';

export type AppSocket = WireSocket<ServerToClientEvents, ClientToServerEvents>;
/** Failures a client finds on its own: no ack in time, or the connection dropped before it came. Both are worth another try. */
export type LocalErrorCode = 'timeout' | 'disconnected';
/** Server codes plus the ones a client finds on its own. */
export type ClientErrorCode = ErrorCode | LocalErrorCode;

const ACK_TIMEOUT_MS = 8000;

/**
 * When a lost connection is tried again: after 200 ms, then twice as long each time (±30 %, so a
 * room of phones does not knock all at once), never more than 4 s apart, so a server that stays
 * down is not hammered. A restarted server is ready within half a second (npm start runs it
 * compiled): the phones try again soon after that, and are back in their seats. The simulator's
 * bots do the same (scripts/lib/clients.ts's BROWSER_RECONNECT, kept equal by a test).
 */
export const RECONNECT = { reconnectionDelay: 200, randomizationFactor: 0.3, reconnectionDelayMax: 4000 };

/** The code is in the URL too (`?code=`): a proxy in front of several servers sends a session's requests to the one that runs it. */
export function connectSocket(auth: HandshakeAuth, options?: Pick<WireOptions, 'url' | 'WebSocket'>): AppSocket {
  return new WireSocket({ auth, query: { code: auth.code }, ...RECONNECT, ...options });
}

export function errorCodeOf(error: unknown): ErrorCode | null {
  const data = (error as { data?: Partial<ConnectErrorData> } | null)?.data;
  return typeof data?.code === 'string' ? data.code : null;
}

type EventName = keyof ClientToServerEvents;
type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type DataOf<E extends EventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Result<infer T> ? T : never;

/** What `request` needs of a socket: an AppSocket, or socket.io-client's Socket (the tests' clients). */
interface Requester {
  timeout(ms: number): { emitWithAck(event: EventName, payload: never): Promise<unknown> };
}

/**
 * Emit a command and wait for its Result; no answer in time becomes `timeout`, a connection that
 * dropped before the answer came (the server restarted, the phone lost the Wi-Fi) `disconnected`.
 * Whether the server got it is unknown then: send it again with the same key.
 */
export async function request<E extends EventName>(
  socket: Requester,
  event: E,
  payload: PayloadOf<E>,
): Promise<Result<DataOf<E>> | { ok: false; error: LocalErrorCode }> {
  const timed = socket.timeout(ACK_TIMEOUT_MS);
  const emit = timed.emitWithAck.bind(timed) as (event: E, payload: PayloadOf<E>) => Promise<Result<DataOf<E>>>;
  try {
    return await emit(event, payload);
  } catch (error) {
    // The socket rejects only for these two (socket.io-client's messages); anything else is a bug to see.
    if (error instanceof Error && /timed out/.test(error.message)) return { ok: false, error: 'timeout' };
    if (error instanceof Error && /has been disconnected/.test(error.message)) return { ok: false, error: 'disconnected' };
    throw error;
  }
}
