/** The few HTTP calls (session lookup and creation); everything live goes over the socket. */
import type { ErrorCode } from '../../server/protocol/events.ts';
import { i18n } from './i18n.svelte.ts';
import type { ClientErrorCode } from './socket.ts';

type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ClientErrorCode };

async function call<T>(url: string, init?: RequestInit): Promise<ApiResult<T>> {
  try {
    const response = await fetch(url, init);
    const body = (await response.json()) as T | { error?: ErrorCode };
    if (response.ok) return { ok: true, data: body as T };
    const error = (body as { error?: ErrorCode }).error;
    return { ok: false, error: error && error in i18n.t.errors ? error : 'internal' };
  } catch {
    return { ok: false, error: 'timeout' };
  }
}

export const getJson = <T>(url: string, headers?: Record<string, string>) => call<T>(url, headers ? { headers } : undefined);
export const postJson = <T>(url: string, body: unknown) =>
  call<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export function errorOf(code: ClientErrorCode): string {
  return i18n.t.errors[code];
}
