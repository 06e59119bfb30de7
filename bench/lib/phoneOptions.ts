/**
 * How a real phone reconnects after the server went away: the options its page gives
 * socket.io-client. For the app they are read from client/lib/socket.ts as it is now (its
 * connectSocket() is called once against a dead address and its Manager asked), so a tuned
 * reconnect schedule shows in the restart figure. The baseline page uses socket.io-client's defaults.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Socket } from 'socket.io-client';
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
  const global = globalThis as { location?: unknown };
  // socket.io-client takes the page's address from `location` when io() gets none: a closed port.
  global.location = { protocol: 'http:', host: '127.0.0.1:9', hostname: '127.0.0.1', port: '9', href: 'http://127.0.0.1:9/', pathname: '/', search: '' };
  try {
    const module = (await import(pathToFileURL(join(project, 'client/lib/socket.ts')).href)) as {
      connectSocket?: (auth: { role: 'phone'; code: string; token: string }) => Socket;
    };
    if (typeof module.connectSocket !== 'function') throw new Error('client/lib/socket.ts exports no connectSocket()');
    const socket = module.connectSocket({ role: 'phone', code: 'BENCH0', token: 'bench-options-probe' });
    socket.disconnect();
    const manager = socket.io;
    const transports = (manager.opts.transports ?? SOCKET_IO_DEFAULTS.transports) as ClientOptions['transports'];
    return {
      options: {
        reconnectionDelay: manager.reconnectionDelay(),
        reconnectionDelayMax: manager.reconnectionDelayMax(),
        randomizationFactor: manager.randomizationFactor(),
        timeout: manager.timeout() as number,
        // Node has no WebTransport: the transports a browser would use first.
        transports: transports?.filter((transport) => transport !== 'webtransport') as ClientOptions['transports'],
        ...(manager.opts.upgrade !== undefined && { upgrade: manager.opts.upgrade }),
      },
      source: 'client/lib/socket.ts connectSocket()',
    };
  } catch (error) {
    return { options: SOCKET_IO_DEFAULTS, source: `socket.io-client defaults (could not read the app's: ${(error as Error).message})` };
  } finally {
    delete global.location;
  }
}
