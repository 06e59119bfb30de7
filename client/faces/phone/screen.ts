import { phoneI18n } from '../../lib/i18n.svelte.ts';

/**
 * A phase's own screen: its chunk, once the messages it reads (the catalogue's screens part, fetched
 * beside it the first time) are here too.
 */
export const screen = <T>(chunk: Promise<T>): Promise<T> => Promise.all([chunk, phoneI18n.need('screens')]).then(([module]) => module);
