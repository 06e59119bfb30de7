/**
 * The phone's real note outbox (client/lib/outbox.svelte.ts) on a node test client, with every
 * send logged and acks that can be lost on purpose: the server stored the note, the phone never
 * heard, so it sends the same key again.
 */
import { randomBytes } from 'node:crypto';
import { vi } from 'vitest';
import { Outbox } from '../../client/lib/outbox.svelte.ts';
import { request, type LocalErrorCode } from '../../client/lib/socket.ts';
import type { Result } from '../../server/protocol/events.ts';
import type { TestSocket } from '../../scripts/lib/clients.ts';

export interface Note {
  key: string;
  text: string;
  phaseIndex: number;
}

type Outcome = Result | { ok: false; error: LocalErrorCode };

export interface SendRecord {
  key: string;
  /** Whether the socket was connected when the note went out. */
  connected: boolean;
  /** What the server answered. */
  result: Outcome;
  /** The answer never reached the outbox: it counted this send as timed out. */
  ackLost: boolean;
}

export class NoteOutbox {
  readonly sends: SendRecord[] = [];
  private readonly outbox: Outbox<Note>;
  private acksToLose = 0;

  constructor(socket: TestSocket) {
    // Its own storage key: each test phone is a phone of its own.
    this.outbox = new Outbox<Note>(randomBytes(6).toString('hex'), socket, async (note) => {
      const connected = socket.connected;
      const result = await request(socket, 'phone:addNote', note);
      const ackLost = this.acksToLose > 0 && result.ok;
      if (ackLost) this.acksToLose--;
      this.sends.push({ key: note.key, connected, result, ackLost });
      return ackLost ? { ok: false, error: 'timeout' } : result;
    });
  }

  /** Queues a note as the phone's "Bewaren" does; returns the key the outbox gave it. */
  add(note: Omit<Note, 'key'>): string {
    this.outbox.add(note);
    const added = this.outbox.pending.at(-1);
    if (!added) throw new Error('the outbox dropped a note at once');
    return added.key;
  }

  /** The next `count` acks get lost on the way back. */
  loseNextAcks(count: number): void {
    this.acksToLose += count;
  }

  get pending(): Note[] {
    return this.outbox.pending;
  }

  /** Resolves once every note has been acknowledged. */
  async empty(timeoutMs = 15_000): Promise<void> {
    await vi.waitFor(() => {
      if (this.outbox.pending.length) throw new Error(`outbox not empty: ${JSON.stringify(this.outbox.pending)}`);
    }, { timeout: timeoutMs, interval: 50 });
  }

  close(): void {
    this.outbox.stop();
  }
}
