/**
 * The built client as the server sends it (dist/client, made by `vite build`): the phone page with what
 * its first paint needs to know, every file compressed ahead (brotli, gzip) and cached for good where
 * its name holds its content's hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { phoneEn } from '../../common/i18n/phone/en.ts';
import { phoneNl } from '../../common/i18n/phone/nl.ts';
import { parsePageSession, PAGE_SESSION_META } from '../../common/pageSession.ts';
import { chooseEncoding } from '../../server/pages.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession, hostClient } from '../../scripts/lib/clients.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

const CLIENT_DIR = join(PROJECT_ROOT, 'dist', 'client');
const phoneManifest = () => JSON.parse(readFileSync(join(CLIENT_DIR, '.vite', 'phone-manifest.json'), 'utf8')) as Record<string, { file: string; src?: string }>;
/** The chunk with the phone's messages in `language`, as the build named it. */
const messagesChunk = (language: 'nl' | 'en') => `/${Object.values(phoneManifest()).find((chunk) => chunk.src === `../common/i18n/phone/${language}.ts`)?.file}`;

/** GET `path` asking for `encoding`; the body decoded as the browser would. */
async function get(url: string, path: string, encoding: 'br' | 'gzip' | 'identity' = 'identity') {
  // fetch would decode by itself and hide what was sent: ask for the raw bytes.
  const { request } = await import('node:http');
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; text: string }>((resolve, reject) => {
    const outgoing = request(`${url}${path}`, { headers: { 'accept-encoding': encoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const sent = response.headers['content-encoding'];
        const body = sent === 'br' ? brotliDecompressSync(raw) : sent === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text: body.toString() });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const metaOf = (html: string) => parsePageSession(new RegExp(`<meta name="${PAGE_SESSION_META}" content="([^"]*)">`).exec(html)?.[1]);
const preloadsOf = (html: string) => [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map(([, href]) => href ?? '');
/** The join form the server wrote into the page, as [session code, its texts]; null when there is none. */
function joinFormOf(html: string): { code: string; texts: string[] } | null {
  const form = /<form class="join"[^>]* data-early-join="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) return null;
  const texts = [...(form[2] ?? '').matchAll(/>([^<]+)</g)].map(([, text]) => (text ?? '').trim()).filter(Boolean);
  return { code: form[1] ?? '', texts };
}
const inlineOf = (html: string, tag: 'style' | 'script') => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(([, text]) => text ?? '');
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const scriptsOf = (html: string) => [...html.matchAll(/<script type="module" crossorigin src="([^"]+)">/g)].map(([, src]) => src ?? '');

describe('the phone page', () => {
  const live = useLiveServer({ clientDir: CLIENT_DIR });

  it('says in its HTML what the first paint needs: the session is open, its language, the messages to preload', async () => {
    const { url } = live.server;
    const dutch = await createSession(url, undefined, 'nl');
    const english = await createSession(url, undefined, 'en');

    const page = await get(url, `/s/${dutch.code}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).toContain('<html lang="nl">');
    expect(metaOf(page.text)).toEqual({ status: 'open', language: 'nl' });
    // Only the session's language: the other is fetched if the phone switches.
    expect(preloadsOf(page.text)).toContain(messagesChunk('nl'));
    expect(preloadsOf(page.text)).not.toContain(messagesChunk('en'));

    const englishPage = await get(url, `/s/${english.code}/`);
    expect(englishPage.text).toContain('<html lang="en">');
    expect(metaOf(englishPage.text)).toEqual({ status: 'open', language: 'en' });
    expect(preloadsOf(englishPage.text)).toContain(messagesChunk('en'));
    expect(preloadsOf(englishPage.text)).not.toContain(messagesChunk('nl'));
  });

  it('holds the join form of an open session, in its language, from the phone’s catalogue', async () => {
    const { url } = live.server;
    const dutch = await createSession(url, undefined, 'nl');
    const english = await createSession(url, undefined, 'en');

    const page = (await get(url, `/s/${dutch.code}`)).text;
    expect(joinFormOf(page)).toEqual({
      code: dutch.code,
      texts: [phoneNl.joinHeading, phoneNl.joiningSession(dutch.code), phoneNl.nameLabel, phoneNl.nameHint, phoneNl.nameButton],
    });
    expect(page).toContain(`data-waiting="${phoneNl.joinWaiting}"`);
    expect(page).toContain(`aria-label="${phoneNl.languageToggleLabel}">${phoneNl.languageToggle}</button>`);
    // Each session its own page: the code is in it.
    expect(joinFormOf((await get(url, `/s/${english.code}`, 'br')).text)).toEqual({
      code: english.code,
      texts: [phoneEn.joinHeading, phoneEn.joiningSession(english.code), phoneEn.nameLabel, phoneEn.nameHint, phoneEn.nameButton],
    });
    expect(joinFormOf((await get(url, `/s/${dutch.code}`, 'gzip')).text)?.code).toBe(dutch.code);
  });

  it('sends a code typed in small letters on to its one spelling, the one its sockets use (a proxy routes by it)', async () => {
    const { url } = live.server;
    // A code may be mostly digits: one with two letters or more has a small and a mixed spelling.
    let code: string;
    do ({ code } = await createSession(url));
    while ((code.match(/[A-Z]/g) ?? []).length < 2);
    const mixed = code.replace(/[A-Z]/, (letter) => letter.toLowerCase());
    for (const path of [`/s/${code.toLowerCase()}`, `/s/${code.toLowerCase()}/`, `/s/${mixed}`]) {
      const answer = await get(url, path);
      expect([answer.status, answer.headers.location], path).toEqual([308, `/s/${code}`]);
    }
    expect((await get(url, `/s/${code}`)).status).toBe(200);
    // Not a code in any spelling: no way on, just unknown.
    expect((await get(url, '/s/abc')).status).toBe(404);
  });

  it('says a session has ended, and that a code is unknown (without preloading any language)', async () => {
    const { url } = live.server;
    const { code, hostToken } = await createSession(url);
    const host = live.track(hostClient(url, code, hostToken));
    await host.until((view) => view.status === 'lobby');
    expect(await host.socket.emitWithAck('host:start', {})).toEqual({ ok: true, data: null });
    expect(await host.socket.emitWithAck('host:end', {})).toEqual({ ok: true, data: null });
    const closed = (await get(url, `/s/${code}`)).text;
    expect(metaOf(closed)).toEqual({ status: 'closed', language: 'nl' });
    // Only its own phones come back in: no one is asked a name.
    expect(joinFormOf(closed)).toBeNull();

    const unknown = await get(url, '/s/ZZZZZZ');
    expect(unknown.status).toBe(404);
    expect(metaOf(unknown.text)).toEqual({ status: 'unknown_session', language: null });
    expect(joinFormOf(unknown.text)).toBeNull();
    expect(preloadsOf(unknown.text).filter((href) => href === messagesChunk('nl') || href === messagesChunk('en'))).toEqual([]);
  });

  it('comes brotli- or gzip-compressed as the browser accepts, the same page either way', async () => {
    const { url } = live.server;
    const { code } = await createSession(url);
    const plain = await get(url, `/s/${code}`);
    for (const encoding of ['br', 'gzip'] as const) {
      const compressed = await get(url, `/s/${code}`, encoding);
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers.vary).toBe('Accept-Encoding');
      expect(compressed.text).toBe(plain.text);
    }
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('inlines its first CSS and its first script, which the Content-Security-Policy allows by their hashes, and nothing else inline', async () => {
    const { code } = await createSession(live.server.url);
    for (const path of ['/s/ZZZZZZ', `/s/${code}`, '/']) {
      const page = await get(live.server.url, path);
      const policy = String(page.headers['content-security-policy']);
      const styleSrc = /style-src ([^;]*)/.exec(policy)?.[1]?.split(' ');
      const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1]?.split(' ');
      expect(policy, path).not.toMatch(/unsafe-inline|unsafe-eval/);
      if (path === '/') continue;
      const styles = inlineOf(page.text, 'style');
      const scripts = inlineOf(page.text, 'script');
      expect(styles.length).toBeGreaterThan(0);
      expect(scripts).toHaveLength(1);
      expect(page.text).not.toMatch(/<link rel="stylesheet"/);
      expect(styleSrc).toEqual(["'self'", ...styles.map(sha256)]);
      expect(scriptSrc).toEqual(["'self'", ...scripts.map(sha256)]);
    }
  });

  it('its template is served only with a session', async () => {
    expect((await get(live.server.url, '/phone.html')).status).toBe(404);
  });
});

describe('the built files', () => {
  const live = useLiveServer({ clientDir: CLIENT_DIR });

  it('come precompressed, with hashed files cached for good and the rest asked again', async () => {
    const { url } = live.server;
    const { code } = await createSession(url);
    const phone = (await get(url, `/s/${code}`)).text;
    const index = (await get(url, '/')).text;
    const assets = [...scriptsOf(phone), ...preloadsOf(phone), ...scriptsOf(index), ...preloadsOf(index), messagesChunk('en')];
    expect(assets.length).toBeGreaterThan(3);
    for (const path of assets) {
      expect(path).toMatch(/^\/assets\/.+-[\w-]{8}\.js$/);
      const plain = await get(url, path);
      expect(plain.status, path).toBe(200);
      expect(plain.headers['content-type'], path).toMatch(/javascript/);
      for (const encoding of ['br', 'gzip'] as const) {
        const compressed = await get(url, path, encoding);
        expect(compressed.headers['content-encoding'], path).toBe(encoding);
        expect(compressed.headers['content-type'], path).toBe(plain.headers['content-type']);
        expect(compressed.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
        expect(compressed.headers.vary, path).toBe('Accept-Encoding');
        expect(compressed.body.equals(plain.body), path).toBe(true);
      }
    }
    for (const path of ['/', '/host/ABCDEF', '/favicon.svg']) {
      const response = await get(url, path, 'br');
      expect(response.status, path).toBe(200);
      expect(response.headers['content-encoding'], path).toBe('br');
      expect(response.headers['cache-control'], path).toBe('no-cache');
    }
  });
});

describe('choosing an encoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.0, gzip;q=0', 'identity'],
    ['*', 'gzip'],
    ['', 'identity'],
    [undefined, 'identity'],
  ] as const)('Accept-Encoding %j → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});
