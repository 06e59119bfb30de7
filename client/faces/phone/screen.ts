import { phoneI18n } from '../../lib/i18n.svelte.ts';

/** How long a screen that did not load waits before it is tried again. */
const RETRY_MS = 2000;

/**
 * What `load` gives, however long that takes: fetching a chunk fails while the phone is offline or
 * the server restarts, and is tried again every few seconds until it comes.
 */
export const loaded = <T>(load: () => Promise<T>): Promise<T> =>
  load().catch(() => new Promise((resolve) => setTimeout(resolve, RETRY_MS)).then(() => loaded(load)));

/**
 * A phase's own screen: its chunk, once the messages it reads (the catalogue's screens part, fetched
 * beside it the first time) are here too.
 */
export const screen = <T>(chunk: () => Promise<T>): Promise<T> => loaded(() => Promise.all([chunk(), phoneI18n.need('screens')]).then(([module]) => module));
