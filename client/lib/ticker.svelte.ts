/**
 * The local wall clock as state, for countdowns to re-render. Only redraws the display:
 * the remaining time is always derived from the server's deadline, never counted down.
 */
import { createSubscriber } from 'svelte/reactivity';

const TICK_MS = 250;

class Ticker {
  #subscribe = createSubscriber((update) => {
    const interval = setInterval(update, TICK_MS);
    return () => clearInterval(interval);
  });

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const ticker = new Ticker();
