/**
 * What a phone sends that must not get lost: kept in localStorage until the server has
 * acknowledged it, sent again after every reconnect. Each item carries a key made once, so a
 * send whose ack was lost and is repeated is still stored only once by the server.
 */
import type { ErrorCode } from '../../server/protocol/events.ts';
import { randomToken } from './identity.ts';
import type { ClientErrorCode } from './socket.ts';
import { storage } from './storage.ts';

/** Worth trying again later; anything else will never succeed and is dropped. */
const RETRYABLE: ClientErrorCode[] = ['timeout', 'disconnected', 'rate_limited', 'internal'];
export const RETRY_MS = 5000;

export type Send<T> = (item: T) => Promise<{ ok: true } | { ok: false; error: ClientErrorCode }>;

/** All the outbox needs of its socket (an AppSocket fits): whether it is up, and when it comes up again. */
export interface OutboxSocket {
  readonly connected: boolean;
  on(event: 'connect', listener: () => void): unknown;
}

export class Outbox<T extends { key: string }> {
  pending = $state<T[]>([]);
  /** The last error that made the outbox drop an item. */
  dropped = $state<ErrorCode | null>(null);
  private flushing = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly storageKey: string;

  constructor(
    name: string,
    private readonly socket: OutboxSocket,
    private readonly send: Send<T>,
  ) {
    this.storageKey = `driegesprek:outbox:${name}`;
    this.pending = JSON.parse(storage.get(this.storageKey) ?? '[]') as T[];
    socket.on('connect', () => void this.flush());
  }

  add(item: Omit<T, 'key'>): void {
    this.pending = [...this.pending, { ...item, key: randomToken() } as T];
    this.save();
    void this.flush();
  }

  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending[0] && this.socket.connected) {
        const item = this.pending[0];
        const result = await this.send(item);
        if (!result.ok && RETRYABLE.includes(result.error)) break;
        if (!result.ok) this.dropped = result.error as ErrorCode;
        this.pending = this.pending.filter((pending) => pending.key !== item.key);
        this.save();
      }
    } finally {
      this.flushing = false;
    }
    if (this.pending.length && this.retry === null) {
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.flush();
      }, RETRY_MS);
    }
  }

  /** Stops retrying; what is pending stays stored for the next page load. */
  stop(): void {
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
  }

  private save(): void {
    storage.set(this.storageKey, JSON.stringify(this.pending));
  }
}
