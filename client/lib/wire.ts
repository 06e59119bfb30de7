/**
 * A small Socket.IO client for the pages, a quarter of socket.io-client's weight on a phone's slow
 * network. It speaks what the server (socket.io 4.8) speaks: Engine.IO protocol 4 — HTTP
 * long-polling first (it gets through school firewalls and proxies that block WebSockets), then an
 * upgrade to a WebSocket when the network allows it — and Socket.IO protocol 5 on the main
 * namespace, JSON only: events, acks and handshake errors. Server events never ask for an ack here.
 *
 * It behaves as socket.io-client does where the pages rely on it: emits made while disconnected are
 * sent once connected; a lost connection is tried again with the same back-off (`reconnectionDelay`
 * doubling up to `reconnectionDelayMax`, ± `randomizationFactor`), except after the server
 * disconnected the socket itself; acks of packets sent before the connection dropped fail with
 * "socket has been disconnected", those not answered in time with "operation has timed out"; the
 * browser going offline, or a ping that is overdue when the page wakes, counts as a lost connection
 * at once. Unlike socket.io-client, `connect()` while waiting for the next try tries at once (a
 * phone that wakes from its lock screen), and a handshake the server refused is tried again with
 * the same back-off unless the page calls `disconnect()` in its `connect_error` listener (the
 * server's code says whether trying again can help: a server shutting down, too many phones at once,
 * or a session that does not exist).
 */

export interface WireOptions {
  auth: object;
  query?: Record<string, string>;
  /** Where the server is: the page's own origin when left out. */
  url?: string;
  reconnectionDelay: number;
  reconnectionDelayMax: number;
  randomizationFactor: number;
  /** How long a connection may take to open before it is tried again. */
  timeout?: number;
  /** A WebSocket class where there is no global one (Node 20): without either, it stays on polling. */
  WebSocket?: typeof WebSocket;
}

type Listener = (...args: never[]) => void;
/** What the socket itself reports, as socket.io-client's `connect`, `disconnect` and `connect_error`. */
interface Reserved {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (error: Error & { data?: unknown }) => void;
}

const PATH = '/socket.io/';
/** Engine.IO's separator of packets in one polling payload. */
const SEPARATOR = '\x1e';
/** How long a connection may take to open when the page says nothing else (socket.io-client's default). */
export const OPEN_TIMEOUT_MS = 20_000;

interface Transport {
  send(packets: string[]): void;
  close(): void;
}

/** What a transport tells its engine. */
interface Sink {
  packets(transport: Transport, packets: string[]): void;
  lost(transport: Transport, reason: string): void;
}

const utf8 = new TextEncoder();

/**
 * HTTP long-polling: one GET waiting for the server's packets at a time, one POST carrying ours,
 * no larger than the server takes (its `maxPayload`: what a phone queued offline goes in several).
 */
class Polling implements Transport {
  private readonly polls = new AbortController();
  private queue: string[] = [];
  private posting = false;
  private polling = false;
  private closed = false;
  private onPaused: (() => void) | null = null;

  constructor(
    private readonly url: () => string,
    private readonly sink: Sink,
    private readonly maxPayload: () => number,
  ) {
    void this.poll();
  }

  send(packets: string[]): void {
    this.queue.push(...packets);
    void this.post();
  }

  /** Stops polling once the GET under way is done and everything queued is posted (an upgrade), then `done`. */
  pause(done: () => void): void {
    this.onPaused = done;
    this.pausedYet();
  }

  close(): void {
    this.closed = true;
    this.polls.abort();
  }

  private pausedYet(): void {
    if (!this.onPaused || this.polling || this.posting || this.queue.length || this.closed) return;
    this.closed = true;
    this.onPaused();
  }

  private async poll(): Promise<void> {
    while (!this.closed && !this.onPaused) {
      this.polling = true;
      const text = await this.request({ signal: this.polls.signal });
      this.polling = false;
      if (text === null) return;
      this.sink.packets(this, text.split(SEPARATOR));
    }
    this.pausedYet();
  }

  private async post(): Promise<void> {
    // Not stopped by close(): the close packet goes out after it.
    if (this.posting || !this.queue.length) return;
    this.posting = true;
    let count = 0;
    for (let bytes = 0; count < this.queue.length; count++) {
      bytes += utf8.encode(this.queue[count]!).length + 1;
      if (count > 0 && bytes > this.maxPayload()) break;
    }
    const body = this.queue.splice(0, count).join(SEPARATOR);
    const answer = await this.request({ method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    this.posting = false;
    if (answer === null) return;
    // What was queued meanwhile goes too, also when an upgrade waits: the WebSocket takes only what comes after.
    if (this.queue.length) void this.post();
    else this.pausedYet();
  }

  /** The answer's text, or null when the request failed (then the transport is lost). */
  private async request(init: RequestInit): Promise<string | null> {
    try {
      const response = await fetch(this.url(), { ...init, cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.text();
    } catch {
      if (!this.closed) this.sink.lost(this, 'transport error');
      this.close();
      return null;
    }
  }
}

class Socket implements Transport {
  private readonly socket: WebSocket;

  constructor(Class: typeof WebSocket, url: string, sink: Sink, onOpen: () => void) {
    this.socket = new Class(url);
    this.socket.onopen = onOpen;
    this.socket.onmessage = (event: MessageEvent) => sink.packets(this, [String(event.data)]);
    this.socket.onclose = () => sink.lost(this, 'transport close');
    // An error is followed by its close; one after close() (a WebSocket closed while it connects) ends nothing more.
    this.socket.onerror = () => {};
  }

  send(packets: string[]): void {
    for (const packet of packets) this.socket.send(packet);
  }

  close(): void {
    this.socket.onclose = null;
    this.socket.close();
  }
}

/** One Engine.IO connection: opened over polling, upgraded when it can, closed once and for good. */
class Engine {
  private transport: Transport;
  private probe: Socket | null = null;
  private sid = '';
  private maxPayload = Infinity;
  private buffer: string[] = [];
  private upgrading = false;
  private open = false;
  private closed = false;
  private pingWindowMs = 0;
  private pingDeadline = Infinity;
  private pingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: WireOptions,
    private readonly events: { open(): void; message(data: string): void; close(reason: string): void },
  ) {
    this.transport = new Polling(() => this.url('polling'), this.sink, () => this.maxPayload);
  }

  private readonly sink: Sink = {
    packets: (transport, packets) => {
      if (transport === this.transport) for (const packet of packets) if (!this.closed) this.receive(packet);
      if (transport === this.probe && packets[0] === '3probe') this.upgrade(this.probe);
    },
    lost: (transport, reason) => {
      if (transport === this.transport) this.close(reason);
      else if (transport === this.probe) this.probe = null;
    },
  };

  /** Whether a packet sent now can arrive: not when the server's ping is overdue (a page that slept), which closes the engine. */
  alive(): boolean {
    if (this.open && Date.now() > this.pingDeadline) this.close('ping timeout');
    return this.open;
  }

  send(packets: string[]): void {
    this.buffer.push(...packets);
    if (this.open && !this.upgrading) this.transport.send(this.buffer.splice(0));
  }

  /** `reason` is the engine's own (lost); without one the page closed it: the server is told. */
  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    if (!reason && this.open) this.transport.send(['1']);
    this.open = false;
    clearTimeout(this.pingTimer);
    this.transport.close();
    this.probe?.close();
    if (reason) this.events.close(reason);
  }

  private url(transport: 'polling' | 'websocket'): string {
    const base = new URL(PATH, this.options.url ?? location.href);
    const params = new URLSearchParams({ ...this.options.query, EIO: '4', transport, t: Math.random().toString(36).slice(2, 9) });
    if (this.sid) params.set('sid', this.sid);
    base.search = params.toString();
    if (transport === 'websocket') base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    return base.href;
  }

  private receive(packet: string): void {
    const data = packet.slice(1);
    if (packet[0] === '0') {
      const handshake = JSON.parse(data) as { sid: string; upgrades: string[]; pingInterval: number; pingTimeout: number; maxPayload: number };
      this.sid = handshake.sid;
      this.maxPayload = handshake.maxPayload;
      this.pingWindowMs = handshake.pingInterval + handshake.pingTimeout;
      this.open = true;
      this.events.open();
      this.send([]);
      const WebSocketClass = this.options.WebSocket ?? globalThis.WebSocket;
      if (handshake.upgrades.includes('websocket') && WebSocketClass) {
        const probe: Socket = new Socket(WebSocketClass, this.url('websocket'), this.sink, () => probe.send(['2probe']));
        this.probe = probe;
      }
    } else if (packet[0] === '1') this.close('transport close');
    else if (packet[0] === '2') this.send(['3']);
    else if (packet[0] === '4') this.events.message(data);
    this.heard();
  }

  /** The WebSocket answered the probe: once polling is idle, it carries everything. */
  private upgrade(probe: Socket): void {
    this.upgrading = true;
    (this.transport as Polling).pause(() => {
      if (this.closed) return;
      // The WebSocket went while polling stopped: neither is left.
      if (probe !== this.probe) return this.close('transport close');
      this.probe = null;
      this.transport = probe;
      probe.send(['5']);
      this.upgrading = false;
      this.send([]);
    });
  }

  /** The server is there: it must be heard again within a ping interval and its timeout. */
  private heard(): void {
    if (!this.open) return;
    clearTimeout(this.pingTimer);
    this.pingDeadline = Date.now() + this.pingWindowMs;
    this.pingTimer = setTimeout(() => this.close('ping timeout'), this.pingWindowMs);
  }
}

interface PendingAck {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** A Socket.IO socket on the main namespace; `Listen`: the server's events, `Emit`: the client's. */
export class WireSocket<Listen extends { [K in keyof Listen]: Listener }, Emit extends { [K in keyof Emit]: Listener }> {
  connected = false;
  private engine: Engine | null = null;
  /** Whether it should be connected: a lost connection is tried again. */
  private active = false;
  private attempts = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Map<string, Listener[]>();
  /** Packets emitted while disconnected, with their ack id (if any): sent once connected. */
  private unsent: { packet: string; id: number | null }[] = [];
  private readonly acks = new Map<number, PendingAck>();
  private nextId = 0;

  constructor(private readonly options: WireOptions) {
    this.connect();
    if (typeof addEventListener === 'function') addEventListener('offline', () => this.engine?.close('transport close'));
  }

  on<K extends keyof Reserved | keyof Listen>(event: K, listener: K extends keyof Reserved ? Reserved[K] : Listen[K & keyof Listen]): this {
    const name = String(event);
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener as Listener]);
    return this;
  }

  emit<K extends keyof Emit & string>(event: K, ...args: Parameters<Emit[K]>): this {
    this.write(event, args, null);
    return this;
  }

  /** Like socket.io-client's `socket.timeout(ms).emitWithAck(event, payload)`. */
  timeout(ms: number) {
    return {
      emitWithAck: (event: keyof Emit & string, payload: unknown): Promise<unknown> =>
        new Promise((resolve, reject) => {
          const id = this.nextId++;
          const timer = setTimeout(() => {
            this.acks.delete(id);
            this.unsent = this.unsent.filter((entry) => entry.id !== id);
            reject(new Error('operation has timed out'));
          }, ms);
          // Written first: a socket found dead on writing fails the acks of what it sent before, not this one.
          this.write(event, [payload], id);
          this.acks.set(id, { resolve, reject, timer });
        }),
    };
  }

  /** Connects, or (waiting to try again) tries at once. */
  connect(): this {
    this.active = true;
    if (this.connected || this.engine) return this;
    clearTimeout(this.retry);
    const engine: Engine = new Engine(this.options, {
      open: () => engine.send([`40${JSON.stringify(this.options.auth)}`]),
      message: (data) => this.receive(data),
      close: (reason) => this.lost(engine, reason),
    });
    this.engine = engine;
    clearTimeout(this.openTimer);
    this.openTimer = setTimeout(() => engine.close('timeout'), this.options.timeout ?? OPEN_TIMEOUT_MS);
    return this;
  }

  disconnect(): this {
    this.active = false;
    clearTimeout(this.retry);
    if (this.connected) this.engine?.send(['41']);
    this.end('io client disconnect');
    return this;
  }

  private write(event: string, args: unknown[], id: number | null): void {
    const packet = `2${id ?? ''}${JSON.stringify([event, ...args])}`;
    if (this.connected && this.engine?.alive()) this.engine.send([`4${packet}`]);
    else this.unsent.push({ packet, id });
  }

  private receive(data: string): void {
    const type = data[0];
    const rest = data.slice(1);
    if (type === '0') {
      clearTimeout(this.openTimer);
      this.connected = true;
      this.attempts = 0;
      this.fire('connect');
      const unsent = this.unsent.splice(0);
      if (unsent.length) this.engine?.send(unsent.map((entry) => `4${entry.packet}`));
    } else if (type === '1') {
      // The server disconnected this socket: it is not tried again.
      this.active = false;
      this.end('io server disconnect');
    } else if (type === '2' || type === '3') {
      const [, id, json] = /^(\d*)(.*)$/s.exec(rest)!;
      const args = JSON.parse(json!) as unknown[];
      if (type === '2') this.fire(String(args[0]), ...args.slice(1));
      else this.answer(Number(id), args[0]);
    } else if (type === '4') {
      const refusal = JSON.parse(rest) as { message: string; data?: unknown };
      this.end(null);
      this.fire('connect_error', Object.assign(new Error(refusal.message), { data: refusal.data }));
      this.retryLater();
    }
  }

  private answer(id: number, value: unknown): void {
    const ack = this.acks.get(id);
    if (!ack) return;
    this.acks.delete(id);
    clearTimeout(ack.timer);
    ack.resolve(value);
  }

  /** The engine closed by itself: the connection was lost, or never came. */
  private lost(engine: Engine, reason: string): void {
    if (engine !== this.engine) return;
    const wasConnected = this.connected;
    this.end(wasConnected ? reason : null);
    if (!wasConnected) this.fire('connect_error', new Error(reason));
    this.retryLater();
  }

  /** Tries again after the back-off, unless the page stopped it or tries already. */
  private retryLater(): void {
    if (!this.active || this.engine) return;
    const delay = Math.min(this.options.reconnectionDelay * 2 ** this.attempts++, this.options.reconnectionDelayMax);
    const deviation = Math.floor(Math.random() * this.options.randomizationFactor * delay);
    this.retry = setTimeout(() => this.connect(), Math.min(Math.random() < 0.5 ? delay - deviation : delay + deviation, this.options.reconnectionDelayMax));
  }

  /** Closes the engine; `reason`: the socket was connected and now is not (its sent acks fail). */
  private end(reason: string | null): void {
    clearTimeout(this.openTimer);
    const engine = this.engine;
    this.engine = null;
    engine?.close();
    if (!this.connected || reason === null) return;
    this.connected = false;
    for (const [id, ack] of this.acks) {
      if (this.unsent.some((entry) => entry.id === id)) continue;
      this.acks.delete(id);
      clearTimeout(ack.timer);
      ack.reject(new Error('socket has been disconnected'));
    }
    this.fire('disconnect', reason);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...args: unknown[]) => void)(...args);
  }
}
