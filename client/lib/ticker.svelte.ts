/**
 * The local wall clock as state, for countdowns to re-render. Only redraws the display:
 * the remaining time is always derived from the server's deadline, never counted down.
 *
 * It ticks only while something on screen reads it: the first reader starts the interval, the last
 * one to leave stops it. That is svelte/reactivity's createSubscriber, written out here because
 * that module brings its reactive Map, Set, URL and Date classes along onto the phone page.
 */
export const TICK_MS = 250;

/** Runs `start` when the first reader comes, and the function it returned when the last one has left. */
export class Readers {
  private count = 0;
  private stop: (() => void) | undefined;

  constructor(private readonly start: () => () => void) {}

  enter(): void {
    if (this.count++ === 0) this.stop = this.start();
  }

  /** A turn later: a reader that re-runs leaves and comes back within one turn, and must not restart it. */
  leave(): void {
    queueMicrotask(() => {
      if (--this.count > 0) return;
      this.stop?.();
      this.stop = undefined;
    });
  }
}

export class Ticker {
  private tick = $state(0);
  readonly readers = new Readers(() => {
    const interval = setInterval(() => this.tick++, TICK_MS);
    return () => {
      clearInterval(interval);
      // A reader that comes back later must not take a derived value from before it left for current.
      this.tick++;
    };
  });

  get now(): number {
    if ($effect.tracking()) {
      void this.tick;
      // Runs at once; its teardown when the reader re-runs or leaves the screen.
      $effect.pre(() => {
        this.readers.enter();
        return () => this.readers.leave();
      });
    }
    return Date.now();
  }
}

export const ticker = new Ticker();
