import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '../../server/protocol/events.ts';
import type { Outbox as OutboxClass, OutboxSocket, Send } from './outbox.svelte.ts';
import type { ClientErrorCode } from './socket.ts';

type Note = { key: string; text: string };
type Reply = Awaited<ReturnType<Send<Note>>>;

/** A socket that is up or down as the test says, and tells the outbox when it comes up. */
class FakeSocket implements OutboxSocket {
  private readonly onConnect: (() => void)[] = [];
  constructor(public connected: boolean) {}
  on(_event: 'connect', listener: () => void): void {
    this.onConnect.push(listener);
  }
  connect(): void {
    this.connected = true;
    for (const listener of this.onConnect) listener();
  }
}

/** The server as the outbox sees it: answers with the queued replies in turn, then with ok. */
function fakeServer(...replies: Reply[]) {
  const sent: Note[] = [];
  const send = vi.fn<Send<Note>>(async (item) => {
    sent.push(item);
    return replies.shift() ?? { ok: true };
  });
  return { sent, send };
}

/** localStorage outlives a page load; the module's memory fallback does not. */
const stored = new Map<string, string>();
const fakeLocalStorage: Pick<Storage, 'getItem' | 'setItem'> = {
  getItem: (key) => stored.get(key) ?? null,
  setItem: (key, value) => void stored.set(key, value),
};

/** A fresh page: modules evaluated anew, so nothing survives but localStorage. */
async function loadPage(): Promise<{ Outbox: typeof OutboxClass; RETRY_MS: number }> {
  vi.resetModules();
  return import('./outbox.svelte.ts');
}

const NAME = 'ABCD:notes';
const storedItems = (): Note[] => JSON.parse(stored.get(`driegesprek:outbox:${NAME}`) ?? '[]') as Note[];

beforeEach(() => {
  vi.useFakeTimers();
  stored.clear();
  vi.stubGlobal('localStorage', fakeLocalStorage);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('Outbox', () => {
  it.each<ClientErrorCode>(['timeout', 'rate_limited', 'internal'])(
    'after %s it keeps the item and sends it again, with the same key, RETRY_MS later',
    async (error) => {
      const { Outbox, RETRY_MS } = await loadPage();
      const server = fakeServer({ ok: false, error });
      const outbox = new Outbox<Note>(NAME, new FakeSocket(true), server.send);

      outbox.add({ text: 'ouders eerst laten praten' });
      await vi.advanceTimersByTimeAsync(0);
      expect(server.sent).toHaveLength(1);
      expect(outbox.pending).toEqual(server.sent);
      expect(storedItems()).toEqual(server.sent);

      await vi.advanceTimersByTimeAsync(RETRY_MS - 1);
      expect(server.sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(server.sent).toHaveLength(2);
      expect(server.sent[1]).toEqual(server.sent[0]);
      expect(outbox.pending).toEqual([]);
      expect(storedItems()).toEqual([]);
      expect(outbox.dropped).toBeNull();
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it.each<ErrorCode>(['invalid_payload', 'not_joined', 'session_closed', 'removed', 'not_allowed'])(
    'drops an item the server refuses with %s, tells so, and sends the next one',
    async (error) => {
      const { Outbox, RETRY_MS } = await loadPage();
      const server = fakeServer({ ok: false, error });
      const socket = new FakeSocket(false);
      const outbox = new Outbox<Note>(NAME, socket, server.send);
      outbox.add({ text: 'first' });
      outbox.add({ text: 'second' });

      socket.connect();
      await vi.advanceTimersByTimeAsync(0);
      expect(server.sent.map((item) => item.text)).toEqual(['first', 'second']);
      expect(outbox.dropped).toBe(error);
      expect(outbox.pending).toEqual([]);
      expect(storedItems()).toEqual([]);

      await vi.advanceTimersByTimeAsync(RETRY_MS * 3);
      expect(server.sent).toHaveLength(2);
    },
  );

  it('keeps what is pending in localStorage; after a reload the new outbox sends it once connected', async () => {
    const before = await loadPage();
    const offline = fakeServer();
    const first = new before.Outbox<Note>(NAME, new FakeSocket(false), offline.send);
    first.add({ text: 'one' });
    first.add({ text: 'two' });
    first.stop();
    const waiting = storedItems();
    expect(waiting.map((item) => item.text)).toEqual(['one', 'two']);
    expect(new Set(waiting.map((item) => item.key)).size).toBe(2);

    const after = await loadPage();
    expect(after.Outbox).not.toBe(before.Outbox);
    const server = fakeServer();
    const socket = new FakeSocket(false);
    const second = new after.Outbox<Note>(NAME, socket, server.send);
    expect(second.pending).toEqual(waiting);
    // Another outbox of the same session does not see them.
    expect(new after.Outbox<Note>('ABCD:answers', socket, server.send).pending).toEqual([]);

    socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(offline.sent).toEqual([]);
    expect(server.sent).toEqual(waiting);
    expect(second.pending).toEqual([]);
    expect(storedItems()).toEqual([]);
  });

  it('sends nothing while disconnected, not even on retries, and everything in order on connect', async () => {
    const { Outbox, RETRY_MS } = await loadPage();
    const server = fakeServer();
    const socket = new FakeSocket(false);
    const outbox = new Outbox<Note>(NAME, socket, server.send);
    outbox.add({ text: 'a' });
    outbox.add({ text: 'b' });
    outbox.add({ text: 'c' });

    await vi.advanceTimersByTimeAsync(RETRY_MS * 4);
    expect(server.send).not.toHaveBeenCalled();
    const waiting = outbox.pending;
    expect(waiting.map((item) => item.text)).toEqual(['a', 'b', 'c']);

    socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.sent).toEqual(waiting);
    expect(outbox.pending).toEqual([]);
  });

  it('sends one item at a time: what is added while a send is out waits its turn', async () => {
    const { Outbox } = await loadPage();
    const answers: ((reply: Reply) => void)[] = [];
    const sent: string[] = [];
    const send = vi.fn<Send<Note>>((item) => {
      sent.push(item.text);
      return new Promise((resolve) => answers.push(resolve));
    });
    const outbox = new Outbox<Note>(NAME, new FakeSocket(true), send);

    outbox.add({ text: 'a' });
    outbox.add({ text: 'b' });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a']);

    answers.shift()?.({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a', 'b']);
    expect(outbox.pending.map((item) => item.text)).toEqual(['b']);
  });

  it('stop() ends the retries and keeps the items stored', async () => {
    const { Outbox, RETRY_MS } = await loadPage();
    const server = fakeServer({ ok: false, error: 'timeout' });
    const outbox = new Outbox<Note>(NAME, new FakeSocket(true), server.send);
    outbox.add({ text: 'a' });
    await vi.advanceTimersByTimeAsync(0);

    outbox.stop();
    await vi.advanceTimersByTimeAsync(RETRY_MS * 2);
    expect(server.sent).toHaveLength(1);
    expect(storedItems().map((item) => item.text)).toEqual(['a']);
  });
});
