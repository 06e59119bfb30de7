/**
 * What the phone page's HTML tells the page about its session, before any socket traffic, so the
 * first thing it draws is already right (the join form, in the session's language): a
 * `<meta name="driegesprek-session" content="status=open; language=nl">`. A meta tag, because the
 * page's one inline script is allowed by its hash, so it is the same on every page and carries nothing
 * of the session. The server writes it, the phone page reads it.
 */
import type { ErrorCode } from '../server/protocol/events.ts';

export const PAGE_SESSION_META = 'driegesprek-session';

/** Whether the session can be joined: open, closed (only its own phones return), or why not. */
export type PageStatus = 'open' | 'closed' | Extract<ErrorCode, 'unknown_session'>;
const STATUSES: readonly PageStatus[] = ['open', 'closed', 'unknown_session'];

export interface PageSession {
  status: PageStatus;
  /** The programme's language; null when there is no session to ask. */
  language: 'nl' | 'en' | null;
}

export const formatPageSession = ({ status, language }: PageSession): string => `status=${status}${language ? `; language=${language}` : ''}`;

/** The meta tag's content read back; null when it is missing or not ours (a page served without it, as by Vite's dev server). */
export function parsePageSession(content: string | null | undefined): PageSession | null {
  const fields = new Map((content ?? '').split(';').map((field) => field.trim().split('=') as [string, string | undefined]));
  const status = STATUSES.find((known) => known === fields.get('status'));
  if (!status) return null;
  const language = fields.get('language');
  return { status, language: language === 'nl' || language === 'en' ? language : null };
}
