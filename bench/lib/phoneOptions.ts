/**
 * How a real phone reconnects after the server went away: the options its page gives its socket.
 * For the app they are read from client/lib/socket.ts as it is now (its `RECONNECT`; its client,
 * client/lib/wire.ts, backs off as socket.io-client does, polls first and opens within its OPEN_TIMEOUT_MS),
 * so a tuned reconnect schedule shows in the restart figure. The baseline page uses socket.io-client's defaults.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientOptions } from './targets.ts';

/** socket.io-client 4.8's own defaults, as the baseline page (io({ auth })) gets them. */
export const SOCKET_IO_DEFAULTS: ClientOptions = {
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
  transports: ['polling', 'websocket'],
};

export interface PhoneReconnect {
  options: ClientOptions;
  /** Where the options came from, for the report. */
  source: string;
}

/** The reconnect options of the phone page of the app in `project`. */
export async function appPhoneReconnect(project: string): Promise<PhoneReconnect> {
  try {
    const load = (path: string) => import(pathToFileURL(join(project, path)).href);
    const { RECONNECT } = (await load('client/lib/socket.ts')) as { RECONNECT?: Pick<ClientOptions, 'reconnectionDelay' | 'reconnectionDelayMax' | 'randomizationFactor'> };
    const { OPEN_TIMEOUT_MS } = (await load('client/lib/wire.ts')) as { OPEN_TIMEOUT_MS?: number };
    if (!RECONNECT || !OPEN_TIMEOUT_MS) throw new Error('client/lib/socket.ts exports no RECONNECT, or client/lib/wire.ts no OPEN_TIMEOUT_MS');
    return { options: { ...RECONNECT, timeout: OPEN_TIMEOUT_MS, transports: ['polling', 'websocket'] }, source: 'client/lib/socket.ts RECONNECT' };
  } catch (error) {
    return { options: SOCKET_IO_DEFAULTS, source: `socket.io-client defaults (could not read the app's: ${(error as Error).message})` };
  }
}
