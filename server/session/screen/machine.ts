/**
 * The room screen's part of the session machine: black screen on and off, the video or the presentation,
 * page turns, a fresh first page (and the presentation, not the video) for each phase, a clear screen at the close.
 */
import { update } from '../parts.ts';
import { freshScreen, turnPage } from './screen.ts';

export const screenActions = {
  setBlank: update(({ context, event }) => (event.type === 'screenBlank' ? { screen: { ...context.screen, blank: event.blank } } : {})),
  setVideo: update(({ context, event }) => (event.type === 'screenVideo' ? { screen: { ...context.screen, video: event.video } } : {})),
  turnPage: update(({ context, event }) => (event.type === 'screenPage' ? { screen: turnPage(context.screen, event.delta, event.at) } : {})),
  /** A new phase starts on its first page, without video (a black screen stays black until the presenter lifts it). */
  firstPage: update(({ context, event }) => ({ screen: { ...freshScreen(event.at), blank: context.screen.blank } })),
  /** The closing screen is for everyone to see. */
  clearScreen: update(({ event }) => ({ screen: freshScreen(event.at) })),
};
