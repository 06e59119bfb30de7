/**
 * A TCP proxy on 127.0.0.1 in front of a server: one client's own network, which a test can
 * take away (`cut`) and give back (`restore`).
 */
import { connect, createServer, type Socket } from 'node:net';

/**
 * How new connections fare while the network is cut:
 * - 'refuse': reset as soon as they open (the client fails at once and backs off);
 * - 'blackhole': accepted and never answered (the client waits for its connect timeout).
 */
export type Outage = 'refuse' | 'blackhole';

export interface Proxy {
  readonly port: number;
  readonly url: string;
  /** Connections made, by what happened to them; `released`: black-holed ones let through by restore(). */
  readonly counts: { forwarded: number; refused: number; blackholed: number; released: number };
  /** Takes the network away: open connections drop at once, new ones fare as `outage` says. */
  cut(outage: Outage): void;
  /**
   * Gives the network back. A black-holed connection that is still open goes through with
   * what it sent, as a retransmitted packet would once the network is back.
   */
  restore(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<Proxy> {
  let outage: Outage | null = null;
  const counts = { forwarded: 0, refused: 0, blackholed: 0, released: 0 };
  /** Every open forwarded connection: the client's side and the server's. */
  const open = new Set<{ client: Socket; upstream: Socket }>();
  /** Black-holed connections and the bytes they sent so far. */
  const held = new Map<Socket, { sent: Buffer[]; collect: (chunk: Buffer) => void }>();

  function forward(client: Socket, sent: Buffer[]): void {
    counts.forwarded++;
    const upstream = connect({ port: targetPort, host: '127.0.0.1' });
    const pair = { client, upstream };
    open.add(pair);
    const drop = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    for (const chunk of sent) upstream.write(chunk);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  function hold(client: Socket): void {
    counts.blackholed++;
    const sent: Buffer[] = [];
    const collect = (chunk: Buffer) => void sent.push(chunk);
    held.set(client, { sent, collect });
    client.on('data', collect);
    client.once('close', () => held.delete(client));
  }

  const server = createServer((client) => {
    client.on('error', () => client.destroy());
    if (outage === 'refuse') {
      counts.refused++;
      client.resetAndDestroy();
    } else if (outage === 'blackhole') {
      hold(client);
    } else {
      forward(client, []);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('proxy has no port');
  const { port } = address;

  const dropAll = () => {
    for (const { client, upstream } of open) {
      client.destroy();
      upstream.destroy();
    }
    open.clear();
  };

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    counts,
    cut(mode) {
      outage = mode;
      dropAll();
    },
    restore() {
      outage = null;
      for (const [client, { sent, collect }] of held) {
        held.delete(client);
        // Same tick: no data event can come between taking the collector off and piping.
        client.off('data', collect);
        counts.released++;
        forward(client, sent);
      }
    },
    async close() {
      outage = 'refuse';
      dropAll();
      for (const client of held.keys()) client.destroy();
      held.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
