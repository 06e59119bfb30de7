/**
 * Live sessions: room code → actor. Stamps events with the time and fans the views out to the
 * sockets of the session (who is online, and when a view changes by itself): each socket only
 * what changed for it, a part many sockets share encoded once for all of them. Saving and loading
 * live beside the store (store/snapshots.ts).
 */
import type { FastifyBaseLogger } from 'fastify';
import { createActor, type Actor } from 'xstate';
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ErrorCode, GoneReason, HandshakeAuth, ServerToClientEvents } from './protocol/events.ts';
import type { PhoneRoomView, ProjectorUpdate } from './protocol/views.ts';
import type { Programme } from './session/programme/programme.ts';
import type { LookBack } from './content/types.ts';
import { sessionMachine } from './session/sessionMachine.ts';
import type { OwnCardSet, SessionEvent, SessionLibrary } from './session/context.ts';
import { nextChangeAt } from './session/research/views.ts';
import { waitingByToken } from './session/seats/queries.ts';
import { toPhoneOwnView, toPhoneRoomView, toProjectorView, type SessionSnapshot } from './session/views.ts';
import { sameJson, SentViews, type OwnChanges } from './sentViews.ts';
import { SessionLost, type SessionStore } from './store/sessionStore.ts';
import { loadSessions, persisted, restoredSession, SessionWriter, type RestoredSession } from './store/snapshots.ts';
import { hashToken, newRoomCode, newToken } from './tokens.ts';

export interface SocketData {
  role: HandshakeAuth['role'];
  code: string;
  tokenHash: string;
  /** Set once the phone has a seat. */
  participantId: string | null;
  /** Where it connects from (the proxy's word for it behind a trusted proxy). */
  address: string;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** An event as a handler sends it; the room adds the time. */
export type RoomEvent = SessionEvent extends infer E ? (E extends SessionEvent ? Omit<E, 'at'> : never) : never;

export interface RoomsDeps {
  io: AppServer;
  store: SessionStore;
  now: () => number;
  joinUrl: (code: string) => string;
  /** Seats per session. */
  capacity: number;
  log: FastifyBaseLogger;
}

/** How many of the messages made last a phone's message is compared with, to be sent with one alike. */
const ALIKE_TRIES = 3;

/** A little after the moment itself, so the view made then already shows the change. */
const WAKE_MARGIN_MS = 20;

export class Room {
  /** participantId → number of open sockets (a phone may briefly have two during a reconnect). */
  private readonly online = new Map<string, number>();
  /** Sends the views again when they change by themselves (a playing presentation's next step). */
  private wake: ReturnType<typeof setTimeout> | null = null;
  private readonly sent = new WeakMap<AppSocket, SentViews>();
  /** Phones connected per address. */
  private readonly addresses = new Map<string, number>();

  /** What the screens are shown: the latest snapshot whose write is committed. */
  private shown: SessionSnapshot;
  /** The last write not committed yet, if any: an ack waits for it. False when it could not be committed. */
  private uncommitted: Promise<boolean> | null = null;
  /** `shown` changed since the views went out: they go out once the changes of this moment are all shown. */
  private viewsDue = false;
  /** Acks waiting for those views (an ack comes after the view it acknowledges). */
  private afterViewsDue: (() => void)[] = [];
  /** The session is going away here: no more views or timers. */
  private ended = false;

  constructor(
    readonly code: string,
    readonly actor: Actor<typeof sessionMachine>,
    private readonly deps: RoomsDeps,
  ) {
    this.shown = actor.getSnapshot();
  }

  /** The machine's latest state: what commands are judged by. */
  get snapshot(): SessionSnapshot {
    return this.actor.getSnapshot();
  }

  /**
   * The machine moved to `snapshot`, whose write is `commit`: the views go out once it is
   * committed, so a screen never shows a change a crash could lose (at once with a store that commits at once).
   */
  changed(snapshot: SessionSnapshot, commit: void | Promise<void>): void {
    const before = this.uncommitted;
    if (!commit && !before) return this.show(snapshot);
    const saved = commit?.then(
      () => true,
      (error: unknown) => {
        // Another server took the session: expected when servers come and go (the session is dropped here).
        if (error instanceof SessionLost) this.deps.log.info({ code: this.code }, 'session taken by another server');
        else this.deps.log.error({ err: error, code: this.code }, 'session not saved');
        return false;
      },
    );
    // In the machine's order: after the change before it, whose writes commit first. A change that
    // writes nothing is shown when the one before it is.
    const pending: Promise<boolean> = (before ?? Promise.resolve(true))
      .then((savedBefore) => saved ?? savedBefore)
      .then((shown) => {
        if (this.uncommitted === pending) this.uncommitted = null;
        if (shown) this.show(snapshot);
        return shown;
      });
    this.uncommitted = pending;
  }

  /** Whether everything the machine did so far is committed: at once (null) or later. */
  committed(): Promise<boolean> | null {
    return this.uncommitted;
  }

  /**
   * The views of `snapshot` go out once everything that happens at this moment is shown (the changes
   * a store committed together: many phones joining at once cost one round of views, not one each).
   */
  private show(snapshot: SessionSnapshot): void {
    this.shown = snapshot;
    if (this.viewsDue) return;
    this.viewsDue = true;
    process.nextTick(() => {
      this.viewsDue = false;
      if (!this.ended) this.broadcast(this.shown);
      for (const then of this.afterViewsDue.splice(0)) then();
    });
  }

  /** Runs `then` once the views of what is shown so far are out: at once when they are. */
  afterViews(then: () => void): void {
    if (this.viewsDue) this.afterViewsDue.push(then);
    else then();
  }

  /** Sends the event if the machine accepts it in its current state; `before` runs just before. */
  send(event: RoomEvent, before?: () => void): boolean {
    const stamped = { ...event, at: this.deps.now() } as SessionEvent;
    if (!this.snapshot.can(stamped)) return false;
    before?.();
    this.actor.send(stamped);
    return true;
  }

  participantByToken(tokenHash: string) {
    return this.snapshot.context.participants.find((participant) => participant.tokenHash === tokenHash);
  }

  /** Seated participants with a phone connected now. */
  presentIds(): string[] {
    return this.snapshot.context.participants.filter((participant) => this.online.has(participant.id)).map((participant) => participant.id);
  }

  isHost(tokenHash: string): boolean {
    return this.snapshot.context.hostTokenHash === tokenHash;
  }

  connect(socket: AppSocket): void {
    void socket.join(this.code);
    this.markOnline(socket.data.participantId, +1);
    const address = socket.data.role === 'phone' ? socket.data.address : null;
    if (address) this.addresses.set(address, this.phonesFrom(address) + 1);
    socket.on('disconnect', () => {
      this.markOnline(socket.data.participantId, -1);
      if (!address) return;
      const left = this.phonesFrom(address) - 1;
      if (left > 0) this.addresses.set(address, left);
      else this.addresses.delete(address);
    });
    this.sendViews([socket], this.shown);
  }

  /** How many phones are connected from `address` now (a school's phones share one). */
  phonesFrom(address: string): number {
    return this.addresses.get(address) ?? 0;
  }

  /** A phone takes a seat: online at once, so the views the join causes are the only ones sent. */
  seat(socket: AppSocket, join: Extract<RoomEvent, { type: 'join' }>): boolean {
    return this.send(join, () => {
      socket.data.participantId = join.participantId;
      this.count(join.participantId, +1);
    });
  }

  /** A phone whose token already has a seat (another socket took it a moment ago) takes that seat. */
  reseat(socket: AppSocket, participantId: string): void {
    socket.data.participantId = participantId;
    this.markOnline(participantId, +1);
    this.sendViews([socket], this.shown);
  }

  /** Closes every connection as if the network dropped it: each client connects again by itself. */
  closeConnections(): void {
    for (const socket of this.sockets()) socket.conn.close();
  }

  /** Tell the matching sockets why, then disconnect them. */
  disconnect(reason: GoneReason, which: (socket: AppSocket) => boolean = () => true): void {
    for (const socket of this.sockets()) {
      if (!which(socket)) continue;
      socket.emit('session:gone', reason);
      socket.disconnect(true);
    }
  }

  private markOnline(participantId: string | null, delta: number): void {
    if (!participantId) return;
    this.count(participantId, delta);
    this.broadcast(this.shown, 'host');
  }

  private count(participantId: string, delta: number): void {
    const count = (this.online.get(participantId) ?? 0) + delta;
    if (count > 0) this.online.set(participantId, count);
    else this.online.delete(participantId);
  }

  private *sockets(): Generator<AppSocket> {
    for (const id of this.deps.io.sockets.adapter.rooms.get(this.code) ?? []) {
      const socket = this.deps.io.sockets.sockets.get(id);
      if (socket) yield socket;
    }
  }

  private broadcast(snapshot: SessionSnapshot, only?: SocketData['role']): void {
    this.sendViews([...this.sockets()].filter((socket) => !only || socket.data.role === only), snapshot);
    this.scheduleWake(snapshot);
  }

  private scheduleWake(snapshot: SessionSnapshot): void {
    this.clearWake();
    const at = snapshot.status === 'active' ? nextChangeAt(snapshot.context, this.deps.now()) : null;
    if (at === null) return;
    this.wake = setTimeout(() => {
      this.wake = null;
      this.broadcast(this.shown);
    }, Math.max(0, at - this.deps.now()) + WAKE_MARGIN_MS);
    this.wake.unref();
  }

  /** No more timers or views: the session is going away. */
  stop(): void {
    this.ended = true;
    this.clearWake();
  }

  private clearWake(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
  }

  /**
   * Each socket what changed in its view, in one message. Sockets whose messages are alike get it
   * encoded once for all of them: the phones whose own part did not change share the room's part,
   * and so do phones whose own parts changed alike (a phase change shows every phone the same).
   */
  private sendViews(sockets: AppSocket[], snapshot: SessionSnapshot): void {
    const now = this.deps.now();
    const rooms = new Map<boolean, { view: PhoneRoomView; key: string; ids: string[] }>();
    /** Messages with an own part, each with the sockets it goes to. */
    const messages: { room: PhoneRoomView | null; own: OwnChanges; sockets: AppSocket[] }[] = [];
    /** The facilitator's screens, served after the phones: a dealt card need not wait for the projector's view. */
    const hosts: AppSocket[] = [];
    for (const socket of sockets) {
      if (socket.data.role === 'host') {
        hosts.push(socket);
        continue;
      }
      const sent = this.sentTo(socket);
      const own = toPhoneOwnView(snapshot, socket.data.participantId, now);
      const seated = own.me !== null;
      let room = rooms.get(seated);
      if (!room) {
        const view = toPhoneRoomView(snapshot, seated);
        rooms.set(seated, (room = { view, key: JSON.stringify(view), ids: [] }));
      }
      const roomChanged = sent.sharedChanged(room.key);
      const ownChanges = sent.ownChanges(own);
      if (!ownChanges) {
        if (roomChanged) room.ids.push(socket.id);
        continue;
      }
      const roomPart = roomChanged ? room.view : null;
      // Alike messages come one after the other (the same change for every phone); a few recent
      // ones are compared, so private parts that all differ (dealt cards) cost little to tell apart.
      let alike: (typeof messages)[number] | undefined;
      for (let i = messages.length - 1; i >= Math.max(0, messages.length - ALIKE_TRIES) && !alike; i--) {
        const message = messages[i]!;
        if (message.room === roomPart && sameJson(message.own, ownChanges)) alike = message;
      }
      if (alike) alike.sockets.push(socket);
      else messages.push({ room: roomPart, own: ownChanges, sockets: [socket] });
    }
    for (const { room, own, sockets: to } of messages) {
      const update = { serverNow: now, ...(room && { room }), own };
      if (to.length === 1) to[0]!.emit('view:phone', update);
      else this.deps.io.to(to.map((socket) => socket.id)).emit('view:phone', update);
    }
    for (const { view, ids } of rooms.values()) if (ids.length) this.deps.io.to(ids).emit('view:phone', { serverNow: now, room: view });
    if (!hosts.length) return;
    const projector = toProjectorView(snapshot, { joinUrl: this.deps.joinUrl(this.code), online: new Set(this.online.keys()), now });
    // Screens whose changed parts are the same get the same message (the parts come from one view): encoded once for them.
    const updates = new Map<string, { update: ProjectorUpdate; ids: string[] }>();
    for (const socket of hosts) {
      const update = this.sentTo(socket).projectorChanges(projector);
      if (!update) continue;
      const parts = Object.keys(update).join();
      const alike = updates.get(parts);
      if (alike) alike.ids.push(socket.id);
      else updates.set(parts, { update, ids: [socket.id] });
    }
    for (const { update, ids } of updates.values()) this.deps.io.to(ids).emit('view:projector', update);
  }

  private sentTo(socket: AppSocket): SentViews {
    let sent = this.sent.get(socket);
    if (!sent) this.sent.set(socket, (sent = new SentViews()));
    return sent;
  }
}

export class Rooms {
  private readonly rooms = new Map<string, Room>();

  /** Sessions being taken from the shared store, by code: two requests at once take it once. */
  private readonly taking = new Map<string, Promise<void>>();

  constructor(private readonly deps: RoomsDeps) {
    deps.store.sharing?.onLost((code) => this.drop(code, 'moved'));
  }

  /**
   * Takes up every session in the store: before the server lets anyone in. With a store that
   * several servers share, none: a session is taken when a request for it comes (takeUp).
   */
  async restore(): Promise<void> {
    if (this.deps.store.sharing) return;
    for (const stored of await loadSessions(this.deps.store)) this.revive(stored);
  }

  /** With a shared store: the session `code` runs here from now on, if it exists (taken from the server that ran it). */
  async takeUp(code: string): Promise<void> {
    const sharing = this.deps.store.sharing;
    if (!sharing || this.rooms.has(code)) return;
    let taking = this.taking.get(code);
    if (!taking) {
      taking = sharing
        .take(code)
        .then((stored) => {
          const restored = stored && restoredSession(stored);
          if (restored && !this.rooms.has(code)) this.revive(restored);
        })
        .finally(() => this.taking.delete(code));
      this.taking.set(code, taking);
    }
    await taking;
  }

  private revive(stored: RestoredSession): void {
    // The input is ignored when a snapshot is given; it is required by the types only.
    const { code, hostTokenHash, programme, capacity, createdAt: at } = stored.snapshot.context;
    this.add(stored.code, createActor(sessionMachine, { snapshot: stored.snapshot, input: { code, hostTokenHash, programme, capacity, at } }), stored.seqs);
  }

  async create(
    programme: Programme,
    library: SessionLibrary,
    { ownCardSet = null, lookBack = null }: { ownCardSet?: OwnCardSet | null; lookBack?: LookBack | null } = {},
  ): Promise<{ code: string; hostToken: string } | null> {
    let code = newRoomCode();
    while (this.rooms.has(code)) code = newRoomCode();
    const hostToken = newToken();
    const input = { code, hostTokenHash: hashToken(hostToken), programme, library, ownCardSet, lookBack, capacity: this.deps.capacity, at: this.deps.now() };
    const room = this.add(code, createActor(sessionMachine, { input }));
    // Stored before its code is given out: another server may be asked for it next. Not stored
    // (the database away, or a code another server gave out a moment ago): no session.
    if ((await room.committed()) === false) {
      this.drop(code, 'moved');
      return null;
    }
    return { code, hostToken };
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  /** How many sessions this server holds (live or ended, until retention deletes them). */
  get size(): number {
    return this.rooms.size;
  }

  /** The room this handshake may enter and the seat it returns to, or why not; `known` when its token proved who it is (the facilitator, a seat). */
  admit(auth: HandshakeAuth): { room: Room; participantId: string | null; known: boolean } | { error: ErrorCode } {
    const room = this.rooms.get(auth.code);
    if (!room) return { error: 'unknown_session' };
    const tokenHash = hashToken(auth.token);
    if (auth.role === 'host') return room.isHost(tokenHash) ? { room, participantId: null, known: true } : { error: 'unauthorized' };
    if (room.snapshot.context.revokedTokenHashes.includes(tokenHash)) return { error: 'removed' };
    if (room.snapshot.context.refusedTokenHashes.includes(tokenHash)) return { error: 'refused' };
    // A phone in the wachtkamer comes back to its place there (its socket carries the id it will have).
    const participant = room.participantByToken(tokenHash) ?? waitingByToken(room.snapshot.context, tokenHash);
    if (!participant && room.snapshot.matches('closed')) return { error: 'session_closed' };
    return { room, participantId: participant?.id ?? null, known: participant !== undefined };
  }

  /** Deletes a session and all it holds, at once; its screens are told and disconnected. */
  delete(code: string): void {
    // A store across the network deletes after the session's writes before (see SessionStore).
    void Promise.resolve(this.deps.store.delete(code)).catch((error: unknown) => this.deps.log.error({ err: error, code }, 'session not deleted'));
    this.drop(code, 'session_deleted');
  }

  /** Retention: deletes every session untouched since `before`. */
  async deleteOlderThan(before: number): Promise<string[]> {
    const codes = await this.deps.store.deleteOlderThan(before);
    for (const code of codes) this.drop(code, 'session_deleted');
    return codes;
  }

  /**
   * The session stops running here: deleted (its screens are told), or `moved` to another server
   * (its connections are closed, so that they come back through the proxy to the one that runs it).
   */
  private drop(code: string, reason: GoneReason | 'moved'): void {
    const room = this.rooms.get(code);
    if (!room) return;
    this.rooms.delete(code);
    room.actor.stop();
    room.stop();
    if (reason === 'moved') room.closeConnections();
    else room.disconnect(reason);
  }

  close(): void {
    for (const room of this.rooms.values()) {
      room.actor.stop();
      room.stop();
    }
    this.rooms.clear();
  }

  /** `restoredSeqs`: a session from the store, with the places of its rows there. */
  private add(code: string, actor: Actor<typeof sessionMachine>, restoredSeqs?: Map<string, number>): Room {
    const writer = new SessionWriter(this.deps.store, code, this.deps.now);
    // A restored session is written already: its first snapshot on start is no change (writing it
    // would restart the retention period of every session at every server restart).
    if (restoredSeqs) writer.baseline(persisted(actor.getSnapshot()), restoredSeqs);
    const room = new Room(code, actor, this.deps);
    actor.subscribe((snapshot) => room.changed(snapshot, writer.write(persisted(snapshot))));
    this.rooms.set(code, room);
    actor.start();
    return room;
  }
}
