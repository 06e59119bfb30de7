/** This browser's identity in a session: random 128-bit tokens kept in localStorage. */
import type { HandshakeAuth } from '../../server/protocol/events.ts';
import { storage } from './storage.ts';

export function randomToken(): string {
  // getRandomValues works on plain http too (a phone on the school network); randomUUID does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const tokenKey = (role: HandshakeAuth['role'], code: string) => `driegesprek:${role}:${code}`;

export function hostToken(code: string): string | null {
  return storage.get(tokenKey('host', code));
}

export function rememberHostToken(code: string, token: string): void {
  storage.set(tokenKey('host', code), token);
}

/** This phone's seat in a session: made once, then reused on every reload and reconnect. */
export function phoneToken(code: string): string {
  const key = tokenKey('phone', code);
  const existing = storage.get(key);
  if (existing) return existing;
  const token = randomToken();
  storage.set(key, token);
  return token;
}

/** Whether this browser has been in session `code` as a phone before (it may still have its seat there). */
export const hasPhoneToken = (code: string): boolean => storage.get(tokenKey('phone', code)) !== null;
