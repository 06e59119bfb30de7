/**
 * The e2e fixtures: a real server per test (in-memory store, the built client from dist/client)
 * and helpers that open a projector or a phone in their own browser context.
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { CreateSessionResponse } from '../../server/protocol/events.ts';
import { startServer, type RunningServer, type StartOptions } from '../../server/startServer.ts';
import { createSession as createSessionAt } from '../../scripts/lib/clients.ts';

export { expect };
export type { RunningServer };

/** Contexts opened by the helpers; closed before the server stops. */
const openContexts = new Set<BrowserContext>();

/** The server's clock runs this far ahead of the real one: lets a test jump past a deadline. */
export const serverClock = { skewMs: 0 };

export const test = base.extend<{ server: RunningServer; serverOptions: StartOptions }>({
  /** More for the server of a spec (`test.use({ serverOptions: { content } })`: a programme of its own). */
  serverOptions: [{}, { option: true }],
  server: async ({ serverOptions }, use) => {
    serverClock.skewMs = 0;
    const server = await startServer({ now: () => Date.now() + serverClock.skewMs, ...serverOptions });
    await use(server);
    await Promise.all([...openContexts].map((context) => context.close()));
    openContexts.clear();
    await server.close();
  },
});

// Outside a session the app follows the browser language until the user picks one; these tests read Dutch.
const LOCALE = 'nl-NL';

/** How a helper opens its browser: `locale` is the browser's language (nl-NL unless given). */
export interface BrowserOptions {
  locale?: string;
}

async function newContext(browser: Browser, server: RunningServer, options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: LOCALE, baseURL: server.url, ...options });
  openContexts.add(context);
  context.on('close', () => openContexts.delete(context));
  return context;
}

/** A new session with the default programme, in Dutch unless `language` says otherwise. */
export const createSession = (server: RunningServer, language?: 'nl' | 'en'): Promise<CreateSessionResponse> =>
  createSessionAt(server.url, undefined, language);

export interface Projector {
  context: BrowserContext;
  /** The presenter view (/host/CODE): the facilitator's controls. */
  page: Page;
  /** The audience screen (/host/CODE/screen), with the same host token: what the room sees. */
  screen: Page;
  code: string;
}

/**
 * A new session (its programme in `language`, Dutch by default), with the facilitator's browser at
 * 1920×1080 holding the host token: the presenter view, and the audience screen in a second window.
 */
export async function openProjector(
  browser: Browser,
  server: RunningServer,
  { locale, language, programmeId }: BrowserOptions & { language?: 'nl' | 'en'; programmeId?: string } = {},
): Promise<Projector> {
  const { code, hostToken } = programmeId ? await createSessionAt(server.url, programmeId, language) : await createSession(server, language);
  const context = await hostContext(browser, server, code, hostToken, locale);
  const page = await context.newPage();
  // "Afronden" asks window.confirm first.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`/host/${code}`);
  const screen = await openScreen(browser, server, code, hostToken, locale);
  return { context, page, screen, code };
}

/** A 1920×1080 browser context that holds the host token of session `code`. */
async function hostContext(browser: Browser, server: RunningServer, code: string, hostToken: string, locale?: string): Promise<BrowserContext> {
  const context = await newContext(browser, server, { viewport: { width: 1920, height: 1080 }, ...(locale && { locale }) });
  await context.addInitScript(([key, token]) => window.localStorage.setItem(key, token), [`driegesprek:host:${code}`, hostToken] as const);
  return context;
}

/**
 * The audience screen of session `code`, in a browser context of its own: a second page in the
 * presenter's context would be a background tab, whose frames the browser throttles.
 */
export async function openScreen(browser: Browser, server: RunningServer, code: string, hostToken: string, locale?: string): Promise<Page> {
  const page = await (await hostContext(browser, server, code, hostToken, locale)).newPage();
  await page.goto(`/host/${code}/screen`);
  return page;
}

/**
 * On the presenter view, from the lobby or a phase on to phase `index` of the programme, the way a
 * facilitator does: "Starten", then "Volgende" — past the research presentation by its skip button.
 */
export async function presenterTo(presenter: Page, index: number): Promise<void> {
  const bar = presenter.getByTestId('presenter-bar');
  await expect(bar).not.toHaveAttribute('data-status', 'closed');
  if ((await bar.getAttribute('data-status')) === 'lobby') await presenter.getByRole('button', { name: 'Starten' }).click();
  for (let at = Math.max(0, Number(await bar.getAttribute('data-phase-index'))); at < index; at++) {
    await expect(bar).toHaveAttribute('data-phase-index', String(at));
    if ((await bar.getAttribute('data-phase-kind')) === 'research') await presenter.getByRole('button', { name: 'Presentatie overslaan' }).click();
    else await presenter.getByRole('button', { name: 'Volgende' }).click();
  }
  await expect(bar).toHaveAttribute('data-phase-index', String(index));
}

/** A fresh phone (390×844, touch) in its own context: its own localStorage, so its own seat. */
export async function newPhone(browser: Browser, server: RunningServer, { locale }: BrowserOptions = {}): Promise<Page> {
  const context = await newContext(browser, server, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    ...(locale && { locale }),
  });
  return context.newPage();
}

/** A fresh phone that opens the join page of session `code`. */
export async function openPhone(browser: Browser, server: RunningServer, code: string, options: BrowserOptions = {}): Promise<Page> {
  const page = await newPhone(browser, server, options);
  await page.goto(`/s/${code}`);
  return page;
}

/** Fill in the first name and press "Meedoen"; waits until the phone shows the name as joined. */
export async function joinAs(phone: Page, name: string): Promise<void> {
  await phone.getByLabel('Je voornaam').fill(name);
  await phone.getByRole('button', { name: 'Meedoen', exact: true }).click();
  await expect(phone.getByTestId('my-name'), `the phone shows ${name} as joined`).toHaveText(name);
}
