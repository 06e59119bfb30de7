/**
 * The built client's pages as the server sends them.
 *
 * The phone page (/s/CODE, dist/client/phone.html) is written per request from its template: its
 * language and what the server knows of the session go into the HTML (see common/pageSession.ts),
 * and the chunk with the phone's messages in that language is named for preloading. A session that
 * can be joined gets its join form written into the page, in its language, so a phone can type its
 * name and press join before any of the app's code has come (common/earlyJoin.ts). Every variant is
 * compressed once and kept. The styles and the one script inlined into the page are allowed by their
 * hashes in the Content-Security-Policy, which otherwise allows no inline style or script.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { EARLY_FORM, EARLY_WAITING, EARLY_WELCOME } from '../common/earlyJoin.ts';
import { phoneEn } from '../common/i18n/phone/en.ts';
import { phoneNl, type PhoneCoreMessages } from '../common/i18n/phone/nl.ts';
import { formatPageSession, PAGE_SESSION_META, type PageSession } from '../common/pageSession.ts';

/** Written by the phone page's build (vite.config.ts): which chunk holds which source. */
const PHONE_MANIFEST = '.vite/phone-manifest.json';
const PHONE_TEMPLATE = 'phone.html';
/** Around what the page shows before its code runs (client/phone.html): the server may write more there. */
const FIRST_PAINT = /<!--first-paint-->[\s\S]*<!--\/first-paint-->/;
/** Rendered pages kept (each compressed once); the oldest go first. A page per session code and encoding. */
const MAX_KEPT_PAGES = 2000;

export type Encoding = 'br' | 'gzip' | 'identity';

export interface PageBody {
  body: Buffer;
  encoding: Encoding;
}

export interface PhonePage {
  /** `'sha256-…'` sources for the Content-Security-Policy's style-src: one per inline <style>. */
  styleHashes: string[];
  /** `'sha256-…'` sources for its script-src: one per inline <script>. */
  scriptHashes: string[];
  /** The page for session `code` in `encoding`. */
  render(session: PageSession, code: string, encoding: Encoding): PageBody;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const hashesOf = (html: string, tag: 'style' | 'script') =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(([, text]) => `'sha256-${createHash('sha256').update(text ?? '').digest('base64')}'`);

const CATALOGUES: Record<'nl' | 'en', PhoneCoreMessages> = { nl: phoneNl, en: phoneEn };

/**
 * The join form of session `code` as the app draws it (PhoneFace.svelte with JoinForm.svelte and
 * LangToggle.svelte: the same elements, classes and text, so nothing moves when the app takes over),
 * with what the page's inline script needs (client/phoneEarly.ts).
 */
export function joinFormHtml(code: string, language: 'nl' | 'en'): string {
  const t = CATALOGUES[language];
  const other = language === 'nl' ? 'en' : 'nl';
  const attributes = [
    `${EARLY_FORM}="${escapeAttribute(code)}"`,
    `${EARLY_WAITING}="${escapeAttribute(t.joinWaiting)}"`,
    `${EARLY_WELCOME}="${escapeAttribute(t.welcomeBack)}"`,
  ].join(' ');
  return (
    `<div class="phone-page"><header class="phone-header"><span class="phone-brand">${escapeText(t.appName)}</span> ` +
    `<button type="button" class="lang" lang="${other}" aria-label="${escapeAttribute(t.languageToggleLabel)}">${escapeText(t.languageToggle)}</button></header> ` +
    `<main> <form class="join" novalidate ${attributes}><h1>${escapeText(t.joinHeading)}</h1> ` +
    `<p class="session">${escapeText(t.joiningSession(code))}</p> <label for="name">${escapeText(t.nameLabel)}</label> ` +
    `<input id="name" type="text" autocomplete="given-name" autocapitalize="words" enterkeyhint="go" maxlength="40" autofocus aria-describedby="name-hint"> ` +
    `<p class="hint" id="name-hint">${escapeText(t.nameHint)}</p> <button class="primary" type="submit">${escapeText(t.nameButton)}</button></form></main></div>`
  );
}

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
  if (!FIRST_PAINT.test(template)) throw new Error(`${PHONE_TEMPLATE} has no <!--first-paint--> … <!--/first-paint--> to write the join form into`);

  function html(session: PageSession, code: string): string {
    const chunk = session.language && messagesChunk(session.language);
    const head = [
      `<meta name="${PAGE_SESSION_META}" content="${escapeAttribute(formatPageSession(session))}">`,
      ...(chunk ? [`<link rel="modulepreload" crossorigin href="/${escapeAttribute(chunk)}">`] : []),
    ];
    const page = template
      .replace(/<html lang="[^"]*">/, `<html lang="${session.language ?? 'nl'}">`)
      .replace('</head>', `  ${head.join('\n    ')}\n  </head>`);
    // Only an open session's page asks for a name; the others keep the bare frame until the app knows more.
    // The markers stay around what is written: the app draws over all of it (and a test knows when it has).
    const form = () => `<!--first-paint-->${joinFormHtml(code, session.language!)}<!--/first-paint-->`;
    return session.status === 'open' && session.language ? page.replace(FIRST_PAINT, form) : page;
  }

  const bodies = new Map<string, Buffer>();
  return {
    styleHashes: hashesOf(template, 'style'),
    scriptHashes: hashesOf(template, 'script'),
    render(session, code, encoding) {
      const key = `${formatPageSession(session)}|${session.status === 'open' ? code : ''}|${encoding}`;
      let body = bodies.get(key);
      if (!body) {
        body = compress(html(session, code), encoding);
        if (bodies.size >= MAX_KEPT_PAGES) bodies.delete(bodies.keys().next().value!);
        bodies.set(key, body);
      }
      return { body, encoding };
    },
  };
}
