/**
 * Behind a reverse proxy (TRUST_PROXY) the budgets per address count the addresses the proxy names,
 * not the proxy; without it a client's own X-Forwarded-For changes nothing. And the health
 * endpoints a proxy or an orchestrator asks.
 */
import { describe, expect, it } from 'vitest';
import { createSession, newPhoneToken } from '../../scripts/lib/clients.ts';
import { createMemoryStore } from '../../server/store/sessionStore.ts';
import { handshake, refusal } from '../helpers/hostile.ts';
import { useServers } from '../helpers/liveServer.ts';

const from = (address: string) => ({ 'x-forwarded-for': address });

describe('behind a proxy', () => {
  const { serve } = useServers();

  async function newSession(url: string, address: string) {
    return (await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...from(address) }, body: '{}' })).status;
  }

  it('trusted: new sessions and phones without a seat are counted per client address the proxy names', async () => {
    const server = await serve({ trustProxy: ['loopback'], newSessionsPerAddress: 1, maxPhonesPerAddress: 1 });
    expect(await newSession(server.url, '10.0.0.1')).toBe(201);
    expect(await newSession(server.url, '10.0.0.1')).toBe(429);
    expect(await newSession(server.url, '10.0.0.2')).toBe(201);

    // The test's own requests come without X-Forwarded-For: from 127.0.0.1, with a budget of its own.
    const { code: session } = await createSession(server.url);
    const first = await handshake(server.url, { role: 'phone', code: session, token: newPhoneToken() }, { extraHeaders: from('10.0.0.7') });
    expect(first.kind).toBe('connected');
    expect(await refusal(server.url, { role: 'phone', code: session, token: newPhoneToken() }, { extraHeaders: from('10.0.0.7') })).toBe('too_many_connections');
    expect(await refusal(server.url, { role: 'phone', code: session, token: newPhoneToken() }, { extraHeaders: from('10.0.0.8') })).toBe('connected');
    if (first.kind === 'connected') first.socket.close();
  });

  it('not trusted (the default): a client cannot pick its address by sending X-Forwarded-For', async () => {
    const server = await serve({ newSessionsPerAddress: 1, maxPhonesPerAddress: 1 });
    expect(await newSession(server.url, '10.0.0.1')).toBe(201);
    expect(await newSession(server.url, '10.0.0.2')).toBe(429);
  });
});

describe('health', () => {
  const { serve } = useServers();

  it('/healthz while it runs; /readyz when the store answers, 503 when it does not', async () => {
    const server = await serve();
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);

    let reachable = true;
    const store = { ...createMemoryStore(), ping: async () => void (reachable || (await Promise.reject(new Error('database away')))) };
    const other = await serve({ store });
    expect((await fetch(`${other.url}/readyz`)).status).toBe(200);
    reachable = false;
    const away = await fetch(`${other.url}/readyz`);
    expect([away.status, await away.json()]).toEqual([503, { status: 'not_ready' }]);
  });
});
