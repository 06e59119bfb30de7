import { createHash } from 'node:crypto';
/**
 * Security in the browser: markup is refused as a participant name; the quotes a name may hold,
 * and markup in notes and content, stay text or are sanitised; the Content-Security-Policy holds;
 * a whole session causes no CSP violation and no request to any other host.
 *
 * Every page here is watched from before its first script: CSP violations (event and console),
 * page errors, and every request and WebSocket with its host.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { parseDocument } from 'yaml';
import { phoneNl } from '../../common/i18n/phone/nl.ts';
import { loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT, startServer } from '../../server/startServer.ts';
import { createSession, expect, joinAs, test as base, type RunningServer } from './fixtures.ts';

/** The brief's vectors; each would set window.__xss if it ever ran. */
const VECTORS = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>', '"><svg onload=window.__xss=1>'];
/** The same attacks, as short as a name (`__xss=1` in a handler sets window.__xss): refused as names (server/session/seats/names.ts). */
const NAME_VECTORS = ['<svg onload=__xss=1>', '<script>__xss=1</script>', '"><svg onload=__xss=1>'];
/** What of markup a name may still hold: apostrophes, straight and typographic (one ends a single-quoted attribute), and a period. */
const QUOTED_NAMES = ["D'Angelo", 'N’Golo', "Ya'el B."];

interface Watched {
  /** The presenter view of session `code`, the host token in localStorage. */
  presenter(server: RunningServer, code: string, hostToken: string): Promise<Page>;
  /** The audience screen of session `code`, the host token in localStorage. */
  screen(server: RunningServer, code: string, hostToken: string): Promise<Page>;
  /** A phone page (its own context, so its own seat) at `path`. */
  phone(server: RunningServer, path: string): Promise<Page>;
  /** A desktop page at `path`. */
  desktop(server: RunningServer, path: string): Promise<Page>;
  /** Every page so far: no script ran, no handler attribute or script URL in the DOM, no CSP violation, no foreign request. */
  expectClean(): Promise<void>;
  readonly pages: Page[];
}

type WindowWithWatch = Window & { __xss?: unknown; __cspViolations?: string[] };

/** The one inline script the app has: the phone page's own, as the build wrote it (client/phoneEarly.ts). */
const phonePageScript = () => /<script>([\s\S]*?)<\/script>/.exec(readFileSync(join(PROJECT_ROOT, 'dist', 'client', 'phone.html'), 'utf8'))?.[1];

const test = base.extend<{ watch: Watched; contentServer: RunningServer }>({
  watch: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    const pages: Page[] = [];
    const foreign: string[] = [];
    const cspConsole: string[] = [];
    const pageErrors: string[] = [];

    async function open(browserRef: Browser, server: RunningServer, path: string, options: Parameters<Browser['newContext']>[0], init?: [string, string]) {
      const origin = new URL(server.url).origin;
      const context = await browserRef.newContext({ locale: 'nl-NL', baseURL: server.url, ...options });
      contexts.push(context);
      // Before any script of the page: count CSP violations into window.
      await context.addInitScript(() => {
        const target = window as WindowWithWatch;
        target.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => {
          target.__cspViolations?.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
        });
      });
      if (init) await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), init);
      context.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) foreign.push(request.url());
      });
      context.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) cspConsole.push(message.text());
      });
      const page = await context.newPage();
      page.on('websocket', (socket) => {
        if (new URL(socket.url()).host !== new URL(origin).host) foreign.push(socket.url());
      });
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      // "Afronden" and "verwijderen" ask window.confirm first; an XSS alert() would land here too.
      page.on('dialog', (dialog) => {
        if (dialog.type() !== 'confirm') pageErrors.push(`unexpected ${dialog.type()}: ${dialog.message()}`);
        void dialog.accept();
      });
      pages.push(page);
      await page.goto(path);
      return page;
    }

    const phoneOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    await use({
      pages,
      presenter: (server, code, hostToken) =>
        open(browser, server, `/host/${code}`, { viewport: { width: 1920, height: 1080 } }, [`driegesprek:host:${code}`, hostToken]),
      screen: (server, code, hostToken) =>
        open(browser, server, `/host/${code}/screen`, { viewport: { width: 1920, height: 1080 } }, [`driegesprek:host:${code}`, hostToken]),
      phone: (server, path) => open(browser, server, path, phoneOptions),
      desktop: (server, path) => open(browser, server, path, { viewport: { width: 1280, height: 800 } }),
      async expectClean() {
        for (const page of pages) {
          const state = await page.evaluate(() => {
            const target = window as WindowWithWatch;
            const elements = [...document.querySelectorAll('*')];
            return {
              xss: target.__xss,
              violations: target.__cspViolations ?? ['listener missing'],
              handlers: elements.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${el.localName} ${a.name}>`)),
              scriptUrls: elements.flatMap((el) => [...el.attributes].filter((a) => /^\s*javascript:/i.test(a.value)).map((a) => `<${el.localName} ${a.name}>`)),
              scripts: [...document.querySelectorAll('script')].map((s) => s.src || `inline: ${s.textContent}`),
            };
          });
          const where = page.url();
          expect(state.xss, `window.__xss on ${where}`).toBeUndefined();
          expect(state.violations, `CSP violations on ${where}`).toEqual([]);
          expect(state.handlers, `event handler attributes on ${where}`).toEqual([]);
          expect(state.scriptUrls, `javascript: URLs on ${where}`).toEqual([]);
          // Only the app's own module scripts, and no inline one but the phone page's own, exactly.
          const ownInline = new URL(where).pathname.startsWith('/s/') ? `inline: ${phonePageScript()}` : null;
          for (const src of state.scripts.filter((script) => script !== ownInline)) expect(src, `script on ${where}`).toMatch(new RegExp(`^${new URL(where).origin}/`));
        }
        expect(cspConsole, 'CSP messages in the console').toEqual([]);
        expect(foreign, 'requests to other hosts').toEqual([]);
        expect(pageErrors, 'page errors and dialogs').toEqual([]);
      },
    });
    await Promise.all(contexts.map((context) => context.close()));
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring
  contentServer: async ({}, use) => {
    const dir = contentWithVectors();
    try {
      const server = await startServer({ content: loadContent(dir) });
      await use(server);
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** The text a content writer could type, every vector in it, plus a line that must survive. */
const CONTENT_MARKDOWN = [
  'Gewone tekst blijft staan.',
  '',
  ...VECTORS.map((vector) => `${vector}\n`),
  '[klik hier](javascript:window.__xss=1)',
  '',
  '<a href="javascript:window.__xss=1">link</a> <iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '',
  '<div style="background:url(javascript:window.__xss=1)" onclick="window.__xss=1">**vet** blijft</div>',
  '',
  '![plaatje](x" onerror="window.__xss=1)',
].join('\n');
const CONTENT_TITLE = VECTORS[0]!;
const PROGRAMME_TITLE = VECTORS[2]!;

/** content/ copied to a temp dir, with the vectors in the default programme's first phase. */
function contentWithVectors(): string {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-xss-'));
  cpSync(`${PROJECT_ROOT}content`, dir, { recursive: true });
  const file = join(dir, 'programmes', 'tienminutengesprekken.md');
  const match = /^---\r?\n([\s\S]*?)\r?\n---(\r?\n[\s\S]*)?$/.exec(readFileSync(file, 'utf8'));
  if (!match?.[1]) throw new Error(`no front matter in ${file}`);
  const doc = parseDocument(match[1]);
  doc.setIn(['title'], PROGRAMME_TITLE);
  doc.setIn(['phases', 0, 'title'], CONTENT_TITLE);
  for (const field of ['projector', 'phone', 'notes']) doc.setIn(['phases', 0, field], CONTENT_MARKDOWN);
  writeFileSync(file, `---\n${doc.toString()}---${match[2] ?? '\n'}`);
  return dir;
}

test('markup is refused as a name; the quotes a name may hold and notes full of markup stay literal text everywhere', async ({ server, watch }) => {
  const { code, hostToken } = await createSession(server);
  const presenter = await watch.presenter(server, code, hostToken);
  const screen = await watch.screen(server, code, hostToken);
  await expect(screen.getByTestId('join-code')).toHaveText(code);

  // Markup is no name: the phone says what to type instead and gets no seat.
  const refused = await watch.phone(server, `/s/${code}`);
  for (const vector of NAME_VECTORS) {
    await refused.getByLabel('Je voornaam').fill(vector);
    await refused.getByRole('button', { name: 'Meedoen', exact: true }).click();
    await expect(refused.getByRole('alert')).toHaveText(phoneNl.errors.name_invalid_chars);
    await expect(refused.getByLabel('Je voornaam')).toHaveValue(vector);
  }
  await expect(refused.getByTestId('my-name')).toHaveCount(0);

  const phones: Page[] = [];
  for (const name of QUOTED_NAMES) {
    const phone = await watch.phone(server, `/s/${code}`);
    await joinAs(phone, name);
    await expect(phone.getByRole('heading', { name: `Welkom, ${name}!` })).toBeVisible();
    phones.push(phone);
  }

  // The room's screen lists the names as text, the refused ones not at all: no element inside a name but its own label.
  const names = screen.getByTestId('participants').getByRole('listitem');
  await expect(names).toHaveText(QUOTED_NAMES);
  await expect(screen.getByTestId('participants').locator('li .name *')).toHaveCount(0);

  // The people panel too, names in the remove buttons' labels included.
  await presenter.getByRole('button', { name: /^Deelnemers/ }).click();
  const panel = presenter.getByRole('complementary', { name: 'Deelnemers' });
  for (const name of QUOTED_NAMES) {
    await expect(panel.getByText(name, { exact: true })).toBeVisible();
    await expect(panel.getByRole('button', { name: `${name} verwijderen`, exact: true })).toBeVisible();
  }
  await panel.getByRole('button', { name: 'Sluiten' }).click();

  // Notes with the full vectors, on the phase screen.
  await presenter.getByRole('button', { name: 'Starten' }).click();
  const writer = phones[0]!;
  await expect(writer.getByTestId('phone-phase')).toBeVisible();
  for (const vector of VECTORS) {
    await writer.getByLabel('Nieuwe aantekening').fill(vector);
    await writer.getByRole('button', { name: 'Bewaren' }).click();
  }
  const notes = writer.getByTestId('my-notes');
  // Newest first, every one stored by the server (no longer pending).
  await expect(notes.locator('li:not(.pending) .text')).toHaveText([...VECTORS].reverse());
  await expect(notes.locator('.text *')).toHaveCount(0);

  // Reloaded, the names and notes come from the server again: still text.
  await writer.reload();
  await expect(writer.getByTestId('my-name')).toHaveText(QUOTED_NAMES[0]!);
  await expect(writer.getByTestId('my-notes').locator('li .text')).toHaveText([...VECTORS].reverse());
  await presenter.reload();
  await expect(presenter.getByTestId('projector-phase')).toBeVisible();
  await presenter.getByRole('button', { name: /^Deelnemers/ }).click();
  const reloadedPanel = presenter.getByRole('complementary', { name: 'Deelnemers' });
  for (const name of QUOTED_NAMES) await expect(reloadedPanel.getByText(name, { exact: true })).toBeVisible();
  await expect(reloadedPanel.locator('.name *')).toHaveCount(0);

  // A vector in the URL is no better.
  const viaUrl = await watch.phone(server, `/s/${encodeURIComponent(VECTORS[0]!)}`);
  await expect(viaUrl.getByRole('alert').or(viaUrl.getByText('Deze code kennen we niet', { exact: false })).first()).toBeVisible();

  await watch.expectClean();
});

test('markup in content files is sanitised on the presenter view, the room’s screen and the phone; titles stay text', async ({ contentServer, watch }) => {
  const { code, hostToken } = await createSession(contentServer);
  const presenter = await watch.presenter(contentServer, code, hostToken);
  const screen = await watch.screen(contentServer, code, hostToken);
  // The programme title on the lobby screen: text.
  await expect(screen.getByRole('heading', { name: PROGRAMME_TITLE, exact: true })).toBeVisible();

  const phone = await watch.phone(contentServer, `/s/${code}`);
  await joinAs(phone, 'Anouk');
  await presenter.getByRole('button', { name: 'Starten' }).click();

  const stage = screen.getByTestId('projector-phase');
  await expect(stage.getByRole('heading', { level: 1 })).toHaveText(CONTENT_TITLE);
  await expect(stage.getByText('Gewone tekst blijft staan.')).toBeVisible();
  await expect(stage.getByText('vet', { exact: false }).first()).toBeVisible();
  // The facilitator's notes for the phase, beside the preview.
  const notes = presenter.getByTestId('notes');
  await expect(notes.getByText('Gewone tekst blijft staan.')).toBeVisible();

  const instruction = phone.getByTestId('phone-phase');
  await expect(instruction.getByRole('heading', { level: 1 })).toHaveText(CONTENT_TITLE);
  await expect(instruction.getByText('Gewone tekst blijft staan.')).toBeVisible();

  // The trainers' library shows the same programme with all three texts.
  const library = await watch.desktop(contentServer, '/library/programmes/nl/tienminutengesprekken');
  await expect(library.getByRole('heading', { level: 1 })).toHaveText(PROGRAMME_TITLE);
  await expect(library.getByRole('heading', { level: 3 }).first()).toContainText(CONTENT_TITLE);
  await expect(library.getByText('Gewone tekst blijft staan.')).toHaveCount(3);

  // Nothing active survived the sanitiser: no scripts, frames, images, SVG, links or inline styles.
  // (The board sizes its type with an inline style of its own; the content inside has none.)
  for (const html of [stage.locator('.content'), notes.locator('.notes'), instruction, library.locator('body')]) {
    await expect(html.locator('script:not([src]), iframe, img, svg, object, embed, [style], a[href^="javascript" i]')).toHaveCount(0);
  }
  await expect(stage.locator('a')).toHaveCount(0);
  await expect(notes.locator('a')).toHaveCount(0);
  await expect(instruction.locator('a')).toHaveCount(0);

  await watch.expectClean();
});

test('the Content-Security-Policy allows only this server and no inline code but the phone page’s own style and script', async ({ server }) => {
  // The phone page's first CSS and first script are in its HTML: allowed by their hashes, that exact text and nothing else.
  const phonePage = await (await fetch(`${server.url}/s/ABCDEF`)).text();
  const hashesOf = (tag: string) =>
    [...phonePage.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(([, text]) => `'sha256-${createHash('sha256').update(text ?? '').digest('base64')}'`);
  const inlineStyles = hashesOf('style');
  const inlineScripts = hashesOf('script');
  expect(inlineStyles.length, 'the phone page inlines its first CSS').toBeGreaterThan(0);
  expect(inlineScripts, 'the phone page inlines one script: its join form works before the app').toHaveLength(1);
  for (const path of ['/', '/s/ABCDEF', '/host/ABCDEF', '/library', '/api/programmes']) {
    const response = await fetch(`${server.url}${path}`);
    const header = response.headers.get('content-security-policy');
    expect(header, `CSP on ${path}`).toBeTruthy();
    const directives = new Map(
      (header ?? '').split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src'), path).toEqual(["'self'"]);
    expect(directives.get('script-src'), path).toEqual(["'self'", ...inlineScripts]);
    expect(directives.get('object-src'), path).toEqual(["'none'"]);
    expect(directives.get('base-uri'), path).toEqual(["'self'"]);
    for (const name of ['connect-src', 'img-src', 'font-src', 'frame-ancestors', 'form-action']) {
      // Each directive that is set stays on this server (images may also be data: URLs).
      for (const value of directives.get(name) ?? []) expect(["'self'", 'data:'], `${path} ${name}`).toContain(value);
    }
    expect(directives.get('style-src'), `${path} style-src`).toEqual(["'self'", ...inlineStyles]);
    expect(header, path).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
    expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
  }
});

test('a whole session causes no CSP violation and no request to another host', async ({ server, watch }) => {
  const home = await watch.desktop(server, '/');
  await expect(home.getByLabel('Code van de sessie')).toBeVisible();

  const { code, hostToken } = await createSession(server);
  const presenter = await watch.presenter(server, code, hostToken);
  const screen = await watch.screen(server, code, hostToken);
  await expect(screen.getByTestId('join-code')).toHaveText(code);
  const phones: Page[] = [];
  for (const name of ['Anouk', 'Bram']) {
    const phone = await watch.phone(server, `/s/${code}`);
    await joinAs(phone, name);
    phones.push(phone);
  }
  await expect(screen.getByTestId('participants').getByRole('listitem')).toHaveText(['Anouk', 'Bram']);

  await presenter.getByRole('button', { name: 'Starten' }).click();
  const progress = await screen.getByTestId('projector-phase').getByText(/^Fase 1 van \d+/).textContent();
  const count = Number(/van (\d+)/.exec(progress ?? '')?.[1]);
  expect(count, 'phases in the programme').toBeGreaterThan(1);

  for (let index = 0; index < count; index++) {
    await expect(screen.getByTestId('projector-phase')).toHaveAttribute('data-phase-index', String(index));
    for (const phone of phones) await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', String(index));
    if (index === 1) {
      await phones[0]!.getByLabel('Nieuwe aantekening').fill('Agenda meesturen met de uitnodiging');
      await phones[0]!.getByRole('button', { name: 'Bewaren' }).click();
      await expect(phones[0]!.getByTestId('my-notes').locator('li:not(.pending) .text')).toHaveText(['Agenda meesturen met de uitnodiging']);
      // The facilitator's notes close and open, the people panel opens and closes, the screen goes black and back.
      await presenter.getByRole('button', { name: 'Notities verbergen' }).click();
      await presenter.getByRole('button', { name: 'Notities' }).click();
      await presenter.getByRole('button', { name: /^Deelnemers/ }).click();
      await presenter.getByRole('complementary', { name: 'Deelnemers' }).getByRole('button', { name: 'Sluiten' }).click();
      await presenter.keyboard.press('b');
      await expect(screen.getByTestId('blank-screen')).toBeVisible();
      await screen.keyboard.press('b');
      await expect(screen.getByTestId('blank-screen')).toHaveCount(0);
    }
    // The research phase is left past its presentation.
    if (index === 1) await presenter.getByRole('button', { name: 'Presentatie overslaan' }).click();
    else if (index < count - 1) await presenter.getByRole('button', { name: 'Volgende' }).click();
  }

  await presenter.getByRole('button', { name: 'Afronden' }).click();
  await expect(screen.getByTestId('projector-closed')).toBeVisible();
  for (const phone of phones) await expect(phone.getByRole('heading', { name: 'De sessie is afgelopen' })).toBeVisible();

  // The trainers' library is part of the same site: its index and a programme.
  const library = await watch.desktop(server, '/library');
  // The default programme, not its original design (which comes first in file order).
  await library.getByRole('link', { name: /Tienminutengesprekken/ }).filter({ hasNotText: 'oorspronkelijke' }).first().click();
  await expect(library.getByRole('heading', { level: 1 })).toHaveText('Tienminutengesprekken');

  expect(watch.pages.length).toBe(6);
  await watch.expectClean();
});
