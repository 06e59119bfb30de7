/**
 * The two servers behind one small interface, so every scenario runs the same steps on both.
 * The app is driven with the project's own socket clients (scripts/lib/clients.ts, loaded from the
 * snapshot under test: a phone joins and is seated the way the tests see it, so a change of protocol
 * there reaches the bench too); the baseline with a client for its minimal protocol.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { Client, ClientOptions } from '../../scripts/lib/clients.ts';
import type { PhoneView, ProjectorView, RoleplaySettingsView } from '../../server/protocol/views.ts';
import type { BaselineClientToServer, BaselinePhoneState, BaselineServerToClient } from '../baseline/protocol.ts';

export type { ClientOptions };

/** What the bench uses of the app's own scripts/lib, from the project copy it runs. */
export interface AppLib {
  clients: typeof import('../../scripts/lib/clients.ts');
  settings: RoleplaySettingsView;
}

export async function loadAppLib(project: string): Promise<AppLib> {
  const load = (path: string) => import(pathToFileURL(join(project, path)).href);
  const clients = (await load('scripts/lib/clients.ts')) as AppLib['clients'];
  const { SETTINGS } = (await load('scripts/lib/roleplay.ts')) as { SETTINGS: RoleplaySettingsView };
  return { clients, settings: SETTINGS };
}

export interface BenchPhone {
  readonly token: string;
  /** Resolves once this phone shows its card of `round` (0-based). */
  card(round: number, timeoutMs: number): Promise<void>;
  /** Resolves once this phone shows phase `index`. */
  phase(index: number, timeoutMs: number): Promise<void>;
  /** Resolves with the first view after this call that shows this phone in its seat (after a restart). */
  seatedAgain(timeoutMs: number): Promise<void>;
  /** Sends a note as the phone would; true when the server stored it. */
  note(key: string, text: string, phaseIndex: number): Promise<boolean>;
  disconnected(): Promise<void>;
  close(): void;
}

export interface BenchHost {
  /** Starts the session: phase 0. */
  start(): Promise<void>;
  /** From a new session to where cards can be dealt (the app walks to its role-play phase and sets it up). */
  readyToDeal(rounds: number): Promise<void>;
  /** Deals a new round; resolves with its number once the server acknowledged it. */
  deal(): Promise<number>;
  /** One phase on (+1) or back (-1); resolves with the new phase index once acknowledged. */
  move(delta: 1 | -1): Promise<number>;
  close(): void;
}

export interface Target {
  readonly kind: 'app' | 'baseline';
  readonly url: string;
  createSession(): Promise<{ code: string; hostToken: string }>;
  host(code: string, hostToken: string): Promise<BenchHost>;
  /** A phone that joined with `name` and has its seat. `options` override the load defaults (websocket, fast reconnect). */
  phone(code: string, name: string, options?: { token?: string; client?: ClientOptions }): Promise<BenchPhone>;
}

export const newNoteKey = () => randomBytes(9).toString('base64url');
const newToken = () => randomBytes(16).toString('base64url');

/** Keeps only the newest view of a project client: 6,000 phones must not hoard every view they got. */
function keepLastOnly(client: Client<PhoneView> | Client<ProjectorView>): void {
  const views = (client as { views?: unknown[] }).views;
  if (!Array.isArray(views)) return;
  // onAny runs before the client's own listener: at most the last view and the new one are kept.
  client.socket.onAny(() => {
    if (views.length > 1) views.splice(0, views.length - 1);
  });
}

async function ack(promise: Promise<{ ok: boolean; error?: string }>, what: string): Promise<void> {
  const result = await promise;
  if (!result.ok) throw new Error(`${what}: ${result.error ?? 'refused'}`);
}

// ---------------------------------------------------------------------------------------------- app

class AppPhone implements BenchPhone {
  constructor(
    private readonly client: Client<PhoneView>,
    readonly token: string,
  ) {
    keepLastOnly(client);
  }

  private get id() {
    return this.client.last?.me?.id;
  }

  async card(round: number, timeoutMs: number) {
    await this.client.until((view) => view.roleplay?.round === round && view.roleplay.stage === 'playing' && !!view.roleplay.seat?.card, timeoutMs);
  }

  async phase(index: number, timeoutMs: number) {
    await this.client.until((view) => view.phase?.index === index, timeoutMs);
  }

  async seatedAgain(timeoutMs: number) {
    const before = this.client.last;
    const id = this.id;
    await this.client.until((view) => view !== before && view.me?.id === id, timeoutMs);
  }

  async note(key: string, text: string, phaseIndex: number) {
    const result = await this.client.socket.emitWithAck('phone:addNote', { key, text, phaseIndex });
    return result.ok;
  }

  disconnected() {
    return this.client.disconnected();
  }

  close() {
    this.client.close();
  }
}

class AppHost implements BenchHost {
  private round = -1;

  constructor(
    private readonly client: Client<ProjectorView>,
    private readonly settings: RoleplaySettingsView,
  ) {
    keepLastOnly(client);
  }

  private emit(event: 'host:start' | 'host:next' | 'host:back' | 'host:roleplayStartRound') {
    return ack(this.client.socket.emitWithAck(event, {}), event);
  }

  async start() {
    await this.emit('host:start');
  }

  async readyToDeal(rounds: number) {
    if (this.client.last?.status === 'lobby') await this.start();
    // Walk on to the programme's role-play phase, wherever it is.
    for (let step = 0; step < 20; step++) {
      const view = await this.client.until((candidate) => candidate.phase !== null, 5000);
      if (view.phase?.kind === 'roleplay') break;
      const index = view.phase?.index ?? -1;
      await this.emit('host:next');
      await this.client.until((candidate) => (candidate.phase?.index ?? -1) > index, 5000);
    }
    if (this.client.last?.phase?.kind !== 'roleplay') throw new Error('the programme has no role-play phase');
    // Observers hold no card: without them every phone gets one, which is what "has its card" means here.
    await ack(this.client.socket.emitWithAck('host:roleplaySetup', { ...this.settings, observers: false, rounds }), 'host:roleplaySetup');
  }

  async deal() {
    await this.emit('host:roleplayStartRound');
    return ++this.round;
  }

  async move(delta: 1 | -1) {
    const from = this.client.last?.phase?.index ?? -1;
    await this.emit(delta === 1 ? 'host:next' : 'host:back');
    return from + delta;
  }

  close() {
    this.client.close();
  }
}

export function appTarget(url: string, { clients, settings }: AppLib): Target {
  return {
    kind: 'app',
    url,
    createSession: () => clients.createSession(url),
    async host(code, hostToken) {
      const client = clients.hostClient(url, code, hostToken);
      await client.connected();
      await client.until(() => true, 10_000);
      return new AppHost(client, settings);
    },
    async phone(code, name, options = {}) {
      const token = options.token ?? clients.newPhoneToken();
      return new AppPhone(await clients.joinedPhone(url, code, name, token, options.client), token);
    },
  };
}

// ----------------------------------------------------------------------------------------- baseline

type BaselineSocket = Socket<BaselineServerToClient, BaselineClientToServer>;

/** The last state a baseline phone knows, and waiters for one that matches. */
class BaselinePhone implements BenchPhone {
  private state: BaselinePhoneState = { me: null, phase: -1, card: null };
  /** Counts the full states the server sent (one per connection). */
  private states = 0;
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(
    readonly socket: BaselineSocket,
    readonly token: string,
  ) {
    socket.on('state', (state) => this.update(state, true));
    socket.on('card', (card) => this.update({ ...this.state, card }));
    socket.on('phase', ({ index }) => this.update({ ...this.state, phase: index }));
  }

  private update(state: BaselinePhoneState, full = false) {
    this.state = state;
    if (full) this.states++;
    this.waiters = this.waiters.filter((waiter) => (waiter.test() ? (waiter.resolve(), false) : true));
  }

  until(test: (state: BaselinePhoneState) => boolean, timeoutMs: number, what: string): Promise<void> {
    if (test(this.state)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`baseline phone: no ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ test: () => test(this.state), resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  get me() {
    return this.state.me;
  }

  card(round: number, timeoutMs: number) {
    return this.until((state) => state.card?.round === round, timeoutMs, `card ${round}`);
  }

  phase(index: number, timeoutMs: number) {
    return this.until((state) => state.phase === index, timeoutMs, `phase ${index}`);
  }

  seatedAgain(timeoutMs: number) {
    const before = this.states;
    const id = this.state.me?.id;
    return this.until((state) => this.states > before && state.me?.id === id, timeoutMs, 'seat after reconnect');
  }

  async note(key: string, text: string) {
    const result = await this.socket.emitWithAck('note', { key, text });
    return result.ok;
  }

  disconnected() {
    if (!this.socket.connected) return Promise.resolve();
    return new Promise<void>((resolve) => this.socket.once('disconnect', () => resolve()));
  }

  close() {
    this.socket.disconnect();
  }
}

function connected(socket: BaselineSocket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

class BaselineHost implements BenchHost {
  constructor(private readonly socket: BaselineSocket) {}

  private async command(event: 'next' | 'back' | 'deal') {
    const result = await this.socket.emitWithAck(event, {});
    if (!result.ok) throw new Error(`${event}: ${result.error}`);
    return result.data;
  }

  async start() {
    await this.command('next');
  }

  async readyToDeal() {
    // The baseline deals from any phase.
  }

  async deal() {
    const data = await this.command('deal');
    return 'round' in data ? data.round : -1;
  }

  async move(delta: 1 | -1) {
    const data = await this.command(delta === 1 ? 'next' : 'back');
    return 'index' in data ? data.index : -1;
  }

  close() {
    this.socket.disconnect();
  }
}

export function baselineTarget(url: string): Target {
  const connect = (auth: { role: 'host' | 'phone'; code: string; token: string }, options: ClientOptions = {}): BaselineSocket =>
    io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: true, reconnectionDelay: 100, ...options });
  return {
    kind: 'baseline',
    url,
    async createSession() {
      const response = await fetch(`${url}/api/sessions`, { method: 'POST' });
      if (response.status !== 201) throw new Error(`baseline create session: ${response.status}`);
      return (await response.json()) as { code: string; hostToken: string };
    },
    async host(code, hostToken) {
      const socket = connect({ role: 'host', code, token: hostToken });
      await connected(socket);
      return new BaselineHost(socket);
    },
    async phone(code, name, options = {}) {
      const token = options.token ?? newToken();
      const phone = new BaselinePhone(connect({ role: 'phone', code, token }, options.client), token);
      await connected(phone.socket);
      const result = await phone.socket.emitWithAck('join', { name });
      if (!result.ok) throw new Error(`baseline join ${name}: ${result.error}`);
      await phone.until((state) => state.me?.name === name, 5000, 'seat');
      return phone;
    },
  };
}
