/**
 * The phone's note outbox (client/lib/outbox.svelte.ts) for node test clients, without Svelte
 * and localStorage: a note keeps the key it got once, is sent only while connected, stays
 * until the server acknowledged it, and is sent again after every reconnect (and after a
 * retryable failure, `retryMs` later). Every send is logged, and acks can be lost on purpose.
 */
import { randomBytes } from 'node:crypto';
import type { ErrorCode, Result } from '../../server/protocol/events.ts';
import type { TestSocket } from './clients.ts';

/** As client/lib/outbox.svelte.ts and client/lib/socket.ts. */
const RETRYABLE: (ErrorCode | 'timeout')[] = ['timeout', 'rate_limited', 'internal'];
const RETRY_MS = 5000;
const ACK_TIMEOUT_MS = 8000;

export interface Note {
  key: string;
  text: string;
  phaseIndex: number;
}

type Outcome = Result | { ok: false; error: 'timeout' };

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
  pending: Note[] = [];
  readonly sends: SendRecord[] = [];
  /** The last error that made the outbox drop a note. */
  dropped: ErrorCode | 'timeout' | null = null;
  private flushing = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private acksToLose = 0;
  private emptyWaiters: (() => void)[] = [];

  constructor(
    private readonly socket: TestSocket,
    private readonly retryMs = RETRY_MS,
  ) {
    socket.on('connect', () => void this.flush());
  }

  /** Queues a note under a new key and tries to send it; returns the key. */
  add(note: Omit<Note, 'key'>): string {
    const key = randomBytes(12).toString('base64url');
    this.pending = [...this.pending, { ...note, key }];
    void this.flush();
    return key;
  }

  /** The next `count` acks get lost on the way back: the server has the note, the phone never hears. */
  loseNextAcks(count: number): void {
    this.acksToLose += count;
  }

  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending[0] && this.socket.connected) {
        const note = this.pending[0];
        const result = await this.send(note);
        if (!result.ok && RETRYABLE.includes(result.error)) break;
        if (!result.ok) this.dropped = result.error;
        this.pending = this.pending.filter((item) => item.key !== note.key);
      }
    } finally {
      this.flushing = false;
    }
    if (!this.pending.length) for (const resolve of this.emptyWaiters.splice(0)) resolve();
    else if (this.retry === null) {
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.flush();
      }, this.retryMs);
    }
  }

  /** Resolves once every note has been acknowledged. */
  empty(timeoutMs = 15_000): Promise<void> {
    if (!this.pending.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`outbox not empty within ${timeoutMs} ms: ${JSON.stringify(this.pending)}`)), timeoutMs);
      this.emptyWaiters.push(() => (clearTimeout(timer), resolve()));
    });
  }

  close(): void {
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
  }

  private async send(note: Note): Promise<Outcome> {
    const connected = this.socket.connected;
    let result: Outcome;
    try {
      result = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('phone:addNote', note);
    } catch {
      result = { ok: false, error: 'timeout' };
    }
    const ackLost = this.acksToLose > 0 && result.ok;
    if (ackLost) this.acksToLose--;
    this.sends.push({ key: note.key, connected, result, ackLost });
    return ackLost ? { ok: false, error: 'timeout' } : result;
  }
}
