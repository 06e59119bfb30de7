/**
 * Live sessions: room code → actor. Stamps events with the time, persists every snapshot
 * and fans the views out to each socket of the session.
 */
import { createActor, type Actor } from 'xstate';
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ErrorCode, HandshakeAuth, ServerToClientEvents } from './protocol/events.ts';
import type { Programme } from './session/programme.ts';
import { sessionMachine, type SessionEvent } from './session/sessionMachine.ts';
import { toPhoneView, toProjectorView, type SessionSnapshot } from './session/views.ts';
import type { SessionStore } from './store/sessionStore.ts';
import { hashToken, newRoomCode, newToken } from './tokens.ts';

export interface SocketData {
  role: HandshakeAuth['role'];
  code: string;
  tokenHash: string;
  /** Set once the phone has a seat. */
  participantId: string | null;
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
}

export class Room {
  /** participantId → number of open sockets (a phone may briefly have two during a reconnect). */
  private readonly online = new Map<string, number>();

  constructor(
    readonly code: string,
    readonly actor: Actor<typeof sessionMachine>,
    private readonly deps: RoomsDeps,
  ) {
    actor.subscribe((snapshot) => {
      deps.store.save({ code, snapshot: actor.getPersistedSnapshot(), updatedAt: deps.now() });
      this.broadcast(snapshot);
    });
  }

  get snapshot(): SessionSnapshot {
    return this.actor.getSnapshot();
  }

  /** Sends the event if the machine accepts it in its current state. */
  send(event: RoomEvent): boolean {
    const stamped = { ...event, at: this.deps.now() } as SessionEvent;
    if (!this.snapshot.can(stamped)) return false;
    this.actor.send(stamped);
    return true;
  }

  participantByToken(tokenHash: string) {
    return this.snapshot.context.participants.find((participant) => participant.tokenHash === tokenHash);
  }

  isHost(tokenHash: string): boolean {
    return this.snapshot.context.hostTokenHash === tokenHash;
  }

  connect(socket: AppSocket): void {
    void socket.join(this.code);
    this.markOnline(socket.data.participantId, +1);
    socket.on('disconnect', () => this.markOnline(socket.data.participantId, -1));
    this.sendView(socket, this.snapshot);
  }

  /** A phone took a seat: count it online and send everyone the news. */
  seat(socket: AppSocket, participantId: string): void {
    socket.data.participantId = participantId;
    this.markOnline(participantId, +1);
    this.broadcast(this.snapshot);
  }

  private markOnline(participantId: string | null, delta: number): void {
    if (!participantId) return;
    const count = (this.online.get(participantId) ?? 0) + delta;
    if (count > 0) this.online.set(participantId, count);
    else this.online.delete(participantId);
    this.broadcast(this.snapshot, 'host');
  }

  private broadcast(snapshot: SessionSnapshot, only?: SocketData['role']): void {
    const ids = this.deps.io.sockets.adapter.rooms.get(this.code);
    for (const id of ids ?? []) {
      const socket = this.deps.io.sockets.sockets.get(id);
      if (socket && (!only || socket.data.role === only)) this.sendView(socket, snapshot);
    }
  }

  private sendView(socket: AppSocket, snapshot: SessionSnapshot): void {
    const now = this.deps.now();
    if (socket.data.role === 'host') {
      const online = new Set(this.online.keys());
      socket.emit('view:projector', toProjectorView(snapshot, { joinUrl: this.deps.joinUrl(this.code), online, now }));
    } else {
      socket.emit('view:phone', toPhoneView(snapshot, socket.data.participantId, now));
    }
  }
}

export class Rooms {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly deps: RoomsDeps) {
    for (const stored of deps.store.loadAll()) {
      const snapshot = stored.snapshot as SessionSnapshot;
      // The input is ignored when a snapshot is given; it is required by the types only.
      const { code, hostTokenHash, programme, createdAt: at } = snapshot.context;
      this.add(stored.code, createActor(sessionMachine, { snapshot, input: { code, hostTokenHash, programme, at } }));
    }
  }

  create(programme: Programme): { code: string; hostToken: string } {
    let code = newRoomCode();
    while (this.rooms.has(code)) code = newRoomCode();
    const hostToken = newToken();
    const input = { code, hostTokenHash: hashToken(hostToken), programme, at: this.deps.now() };
    this.add(code, createActor(sessionMachine, { input }));
    return { code, hostToken };
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  /** Why a socket may not enter this room, if it may not. */
  admit(auth: HandshakeAuth): { room: Room; participantId: string | null } | { error: ErrorCode } {
    const room = this.rooms.get(auth.code);
    if (!room) return { error: 'unknown_session' };
    const tokenHash = hashToken(auth.token);
    if (auth.role === 'host') return room.isHost(tokenHash) ? { room, participantId: null } : { error: 'unauthorized' };
    const participant = room.participantByToken(tokenHash);
    if (!participant && room.snapshot.matches('closed')) return { error: 'session_closed' };
    return { room, participantId: participant?.id ?? null };
  }

  close(): void {
    for (const room of this.rooms.values()) room.actor.stop();
    this.rooms.clear();
  }

  private add(code: string, actor: Actor<typeof sessionMachine>): void {
    const room = new Room(code, actor, this.deps);
    this.rooms.set(code, room);
    actor.start();
  }
}
