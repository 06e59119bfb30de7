/**
 * The built client's pages as the server sends them.
 *
 * The phone page (/s/CODE, dist/client/phone.html) is written per request from its template: its
 * language and what the server knows of the session go into the HTML (see common/pageSession.ts),
 * and the chunk with the phone's messages in that language is named for preloading. Every variant is
 * compressed once and kept. The styles inlined into the page are allowed by their hashes in the
 * Content-Security-Policy, which otherwise allows no inline style.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { formatPageSession, PAGE_SESSION_META, type PageSession } from '../common/pageSession.ts';

/** Written by the phone page's build (vite.config.ts): which chunk holds which source. */
const PHONE_MANIFEST = '.vite/phone-manifest.json';
const PHONE_TEMPLATE = 'phone.html';

export type Encoding = 'br' | 'gzip' | 'identity';

export interface PageBody {
  body: Buffer;
  encoding: Encoding;
}

export interface PhonePage {
  /** `'sha256-…'` sources for the Content-Security-Policy's style-src: one per inline <style>. */
  styleHashes: string[];
  /** The page for a session in `encoding`. */
  render(session: PageSession, encoding: Encoding): PageBody;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The best encoding both sides know: brotli, then gzip, else none (a `q=0` refuses one). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, ...params]) => !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param)))
      .map(([name]) => name),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

function compress(html: string, encoding: Encoding): Buffer {
  const source = Buffer.from(html);
  if (encoding === 'br') return brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } });
  if (encoding === 'gzip') return gzipSync(source, { level: 9 });
  return source;
}

/** The phone page of the build in `clientDir`; null when there is no build (tests of the API alone). */
export function loadPhonePage(clientDir: string | undefined): PhonePage | null {
  if (!clientDir || !existsSync(join(clientDir, PHONE_TEMPLATE))) return null;
  const template = readFileSync(join(clientDir, PHONE_TEMPLATE), 'utf8');
  const manifest = existsSync(join(clientDir, PHONE_MANIFEST))
    ? (JSON.parse(readFileSync(join(clientDir, PHONE_MANIFEST), 'utf8')) as Record<string, { file: string; src?: string }>)
    : {};
  /** The chunk with the phone's messages in `language`. */
  const messagesChunk = (language: 'nl' | 'en') => Object.values(manifest).find((chunk) => chunk.src?.endsWith(`common/i18n/phone/${language}.ts`))?.file;
  const styleHashes = [...template.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    ([, css]) => `'sha256-${createHash('sha256').update(css ?? '').digest('base64')}'`,
  );

  const pages = new Map<string, string>();
  const bodies = new Map<string, Buffer>();
  function html(session: PageSession): string {
    const key = formatPageSession(session);
    let page = pages.get(key);
    if (page === undefined) {
      const chunk = session.language && messagesChunk(session.language);
      const head = [
        `<meta name="${PAGE_SESSION_META}" content="${escapeAttribute(key)}">`,
        ...(chunk ? [`<link rel="modulepreload" crossorigin href="/${escapeAttribute(chunk)}">`] : []),
      ];
      page = template
        .replace(/<html lang="[^"]*">/, `<html lang="${session.language ?? 'nl'}">`)
        .replace('</head>', `  ${head.join('\n    ')}\n  </head>`);
      pages.set(key, page);
    }
    return page;
  }

  return {
    styleHashes,
    render(session, encoding) {
      const key = `${formatPageSession(session)}|${encoding}`;
      let body = bodies.get(key);
      if (!body) {
        body = compress(html(session), encoding);
        bodies.set(key, body);
      }
      return { body, encoding };
    },
  };
}
