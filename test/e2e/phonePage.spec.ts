/**
 * The light phone page: its HTML holds the join form (no script, no socket needed), in the
 * session's language, and a join pressed before the app's code came still ends in a seat; the app
 * takes the form over without anything moving; it loads the phone's own chunks and one language, and
 * loads the page again once when the server was updated and they are gone; a phone with a seat is
 * welcomed back instead; an unknown code or an ended session is said without
 * opening a socket.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Route } from '@playwright/test';
import { createSession, expect, joinAs, newPhone, openProjector, presenterTo, test, type RunningServer } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
/** Chunks of the other page (home, presenter view, audience screen, report, library). */
const NOT_THE_PHONES = /\/assets\/(index|Home|HostFace|AudienceFace|ReportPage|LibraryFace|hostSession|researchCharts)[-.]/;
/** The chunks with the phone's messages, one per language (common/i18n/phone/). */
const MESSAGES = /\/assets\/(nl|en)-[\w-]+\.js$/;
/** The chunks with what the phases' own screens show, one per language (common/i18n/phone/screens*.ts). */
const SCREEN_MESSAGES = /\/assets\/screens(Nl|En)-[\w-]+\.js$/;

/** Every request the page makes from now on: path and query. */
function requestsOf(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    urls.push(url.pathname + url.search);
  });
  return urls;
}

/**
 * Every request the page made so far is in `requests`: requests are reported in order, so once a
 * marker request made now shows up, all earlier ones have.
 */
async function allReported(page: Page, requests: string[]): Promise<void> {
  const marker = `/api/programmes?marker=${requests.length}`;
  await page.evaluate((url) => fetch(url).then(() => undefined), marker);
  await expect.poll(() => requests.includes(marker)).toBe(true);
}

/** The socket cannot get through (a network that drops it): the page shows what it can without. */
const blockSocket = (page: Page) => page.route('**/socket.io/**', (route) => route.abort());

/** The app's code (every script file) is held back until `release()`: what the page's HTML does alone. */
async function holdScripts(page: Page): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const handler = async (route: Route) => {
    await released;
    await route.continue().catch(() => {});
  };
  await page.route('**/assets/*.js', handler);
  return {
    release: async () => {
      release();
      await page.unroute('**/assets/*.js', handler);
    },
  };
}

/** The app has drawn over what the server wrote into the page (between <!--first-paint--> and its end). */
const appTookOver = (page: Page) => expect.poll(() => page.evaluate(() => document.getElementById('app')?.innerHTML.includes('first-paint'))).toBe(false);

/** Where each part of the join page is, to the pixel: nothing may move when the app takes over. */
function layoutOf(page: Page) {
  return page.evaluate(() =>
    ['.phone-header', '.phone-brand', 'header .lang', 'main', 'form.join', 'form.join h1', 'form.join .session', 'form.join label', '#name', '#name-hint', 'form.join button'].map((selector) => {
      const element = document.querySelector(selector);
      if (!element) return `${selector}: missing`;
      const { x, y, width, height } = element.getBoundingClientRect();
      return `${selector}: ${x},${y} ${width}×${height} ${element.textContent?.replace(/\s+/g, ' ').trim() ?? ''}`;
    }),
  );
}

test('the join form is there without any socket traffic, in the session’s language', async ({ browser, server }) => {
  // A Dutch browser on an English session: the page's HTML says the language, no view is needed.
  const { code } = await createSession(server, 'en');
  const phone = await newPhone(browser, server);
  await blockSocket(phone);
  const requests = requestsOf(phone);
  await phone.goto(`/s/${code}`);

  await expect(phone.getByRole('heading', { name: 'Join', level: 1 })).toBeVisible();
  await expect(phone.getByText(`You are joining session ${code}`)).toBeVisible();
  await expect(phone.getByLabel('Your first name')).toBeEditable();
  await expect(phone.getByRole('button', { name: 'Join', exact: true })).toBeEnabled();
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en');
  // The socket tried and got nowhere: the form did not wait for it.
  await allReported(phone, requests);
  expect(requests.filter((path) => path.startsWith('/socket.io/')).length).toBeGreaterThan(0);
  await expect(phone.getByText('Connecting…')).toHaveCount(0);

  await phone.getByLabel('Your first name').fill('Anouk');
  await phone.screenshot({ path: `${SCREENSHOT_DIR}phone-join-no-socket.png` });
});

test('the join form is in the page’s HTML: usable before any script, in the session’s language', async ({ browser, server }) => {
  const { code } = await createSession(server, 'en');
  const phone = await newPhone(browser, server);
  await blockSocket(phone);
  await phone.route('**/assets/*.js', (route) => route.abort());
  await phone.goto(`/s/${code}`);

  await expect(phone.getByRole('heading', { name: 'Join', level: 1 })).toBeVisible();
  await expect(phone.getByText(`You are joining session ${code}`)).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Nederlands' })).toBeVisible();
  // No name, no join: the form stays as it is.
  await phone.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(phone.getByRole('button', { name: 'Join', exact: true })).toBeEnabled();
  await expect(phone.getByLabel('Your first name')).toBeFocused();
  // A name: the join is held and the page says so.
  await phone.getByLabel('Your first name').fill('Anouk');
  await phone.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(phone.getByRole('button', { name: 'Connecting…' })).toBeDisabled();
  await expect(phone.getByLabel('Your first name')).toHaveValue('Anouk');
  await phone.screenshot({ path: `${SCREENSHOT_DIR}phone-join-before-script.png` });
});

test('a join pressed before the app’s code came ends in a seat; nothing moves when the app takes over', async ({ browser, server }) => {
  const { code } = await createSession(server);
  const phone = await newPhone(browser, server);
  const scripts = await holdScripts(phone);
  await phone.goto(`/s/${code}`, { waitUntil: 'commit' });
  await expect(phone.getByLabel('Je voornaam')).toBeEditable();
  const before = await layoutOf(phone);
  await phone.screenshot({ path: `${SCREENSHOT_DIR}phone-join-1-html.png` });

  await phone.getByLabel('Je voornaam').fill('Anouk');
  await phone.getByRole('button', { name: 'Meedoen', exact: true }).click();
  await expect(phone.getByRole('button', { name: 'Even verbinden…' })).toBeDisabled();
  const held = await layoutOf(phone);
  await phone.screenshot({ path: `${SCREENSHOT_DIR}phone-join-2-held.png` });

  // The socket waits until the app's form is seen holding the join, as the page's form did.
  let connect!: () => void;
  const connecting = new Promise<void>((resolve) => (connect = resolve));
  await phone.route('**/socket.io/**', async (route) => {
    await connecting;
    await route.continue().catch(() => {});
  });
  await scripts.release();
  await appTookOver(phone);
  await expect(phone.getByRole('button', { name: 'Even verbinden…' })).toBeDisabled();
  await expect(phone.getByLabel('Je voornaam')).toHaveValue('Anouk');
  expect(await layoutOf(phone)).toEqual(held);
  await phone.screenshot({ path: `${SCREENSHOT_DIR}phone-join-3-app-joining.png` });
  connect();
  await phone.unroute('**/socket.io/**');

  await expect(phone.getByTestId('my-name')).toHaveText('Anouk');
  await expect(phone.getByRole('heading', { name: 'Welkom, Anouk!' })).toBeVisible();

  // A second phone that waits for nothing: the form the app draws is where the page's was.
  const other = await newPhone(browser, server);
  const otherScripts = await holdScripts(other);
  await other.goto(`/s/${code}`, { waitUntil: 'commit' });
  await expect(other.getByLabel('Je voornaam')).toBeFocused();
  await otherScripts.release();
  await appTookOver(other);
  await expect(other.getByLabel('Je voornaam')).toBeFocused();
  expect(await layoutOf(other)).toEqual(before);
  await other.screenshot({ path: `${SCREENSHOT_DIR}phone-join-4-app.png` });
});

test('a name typed before the app’s code came is kept, and the join is sent once', async ({ browser, server }) => {
  const { code } = await createSession(server);
  const phone = await newPhone(browser, server);
  const scripts = await holdScripts(phone);
  await phone.goto(`/s/${code}`, { waitUntil: 'commit' });
  await phone.getByLabel('Je voornaam').fill('Bram');
  await scripts.release();
  await appTookOver(phone);
  await expect(phone.getByLabel('Je voornaam')).toHaveValue('Bram');
  await expect(phone.getByLabel('Je voornaam')).toBeFocused();
  await expect(phone.getByRole('button', { name: 'Meedoen', exact: true })).toBeEnabled();
  await phone.getByRole('button', { name: 'Meedoen', exact: true }).click();
  await expect(phone.getByTestId('my-name')).toHaveText('Bram');
});

test('the phone loads its own chunks and one language; the other language only when it switches', async ({ browser, server }) => {
  const { code } = await createSession(server);
  const phone = await newPhone(browser, server);
  const requests = requestsOf(phone);
  await phone.goto(`/s/${code}`);
  await joinAs(phone, 'Anouk');

  await allReported(phone, requests);
  const scripts = requests.filter((path) => path.endsWith('.js'));
  expect(scripts.filter((path) => NOT_THE_PHONES.test(path)), 'no code of the other page').toEqual([]);
  const messages = scripts.filter((path) => MESSAGES.test(path));
  expect(messages, 'one language').toHaveLength(1);
  expect(scripts.filter((path) => SCREEN_MESSAGES.test(path)), 'nothing of the phases\' screens in the lobby').toEqual([]);
  // The page's first CSS is in its HTML: no stylesheet before the form.
  const firstStylesheet = requests.findIndex((path) => path.endsWith('.css'));
  const firstSocket = requests.findIndex((path) => path.startsWith('/socket.io/'));
  expect(firstStylesheet === -1 || firstStylesheet > firstSocket, 'no stylesheet on the way to the join form').toBe(true);

  const before = requests.length;
  await phone.getByRole('button', { name: 'English' }).click();
  await expect(phone.getByRole('heading', { name: 'Welcome, Anouk!' })).toBeVisible();
  await allReported(phone, requests);
  const switched = requests.slice(before).filter((path) => MESSAGES.test(path));
  expect(switched, 'the other language, fetched on the switch').toHaveLength(1);
  expect(switched[0]).not.toBe(messages[0]);
});

test('what the phases\' screens say comes with the first screen, in the phone\'s language; a switch there fetches the other\'s', async ({
  browser,
  server,
}) => {
  const { page: presenter, code } = await openProjector(browser, server);
  const phone = await newPhone(browser, server);
  const requests = requestsOf(phone);
  await phone.goto(`/s/${code}`);
  await joinAs(phone, 'Anouk');
  await presenterTo(presenter, 0);
  await expect(phone.getByText('Fase 1 van 7')).toBeVisible();
  await allReported(phone, requests);
  expect(requests.filter((path) => SCREEN_MESSAGES.test(path)), 'a phase without a screen of its own').toEqual([]);

  // The research phase: the quickscan is the first screen of its own.
  await presenterTo(presenter, 1);
  await expect(phone.getByText('Hoe vaak doe je dit?').first()).toBeVisible();
  await allReported(phone, requests);
  const screens = requests.filter((path) => SCREEN_MESSAGES.test(path));
  expect(screens, 'the Dutch screens part, once').toEqual([expect.stringMatching(/screensNl-/)]);

  const before = requests.length;
  await phone.getByRole('button', { name: 'English' }).click();
  await expect(phone.getByText('How often do you do this?').first()).toBeVisible();
  await expect(phone.getByText('Phase 2 of 7')).toBeVisible();
  await allReported(phone, requests);
  const switched = requests.slice(before).filter((path) => MESSAGES.test(path) || SCREEN_MESSAGES.test(path));
  expect(switched.toSorted(), 'both English parts').toEqual([expect.stringMatching(/\/en-/), expect.stringMatching(/screensEn-/)]);
});

/** How often the page is loaded from now on: a reload counts one. */
function loadsOf(page: Page): () => number {
  let loads = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) loads++;
  });
  return () => loads;
}

/** A session in its first phase, with Anouk's phone in it. */
async function joinedInPhaseOne(browser: Browser, server: RunningServer): Promise<{ presenter: Page; phone: Page }> {
  const { page: presenter, code } = await openProjector(browser, server);
  const phone = await newPhone(browser, server);
  await phone.goto(`/s/${code}`);
  await joinAs(phone, 'Anouk');
  await presenterTo(presenter, 0);
  await expect(phone.getByText('Fase 1 van 7')).toBeVisible();
  return { presenter, phone };
}

test('a screen that could not be fetched (the phone offline a moment) comes by itself once it can be', async ({ browser, server }) => {
  const { presenter, phone } = await joinedInPhaseOne(browser, server);

  const loads = loadsOf(phone);
  // The research screen's chunk and its messages do not come through, twice each.
  const failed: string[] = [];
  await phone.route(/\/assets\/(PhoneResearch|screensNl)-[\w-]+\.js$/, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (failed.filter((url) => url === path).length >= 2) return route.continue();
    failed.push(path);
    return route.abort('internetdisconnected');
  });
  await presenterTo(presenter, 1);
  await expect(phone.getByText('Fase 2 van 7')).toBeVisible();
  await expect(phone.getByText('Hoe vaak doe je dit?').first()).toBeVisible();
  expect(failed.filter((path) => path.includes('PhoneResearch')), 'the chunk, tried again').toHaveLength(2);
  expect(failed.filter((path) => path.includes('screensNl')), 'the messages, tried again').toHaveLength(2);
  // Tried again in the page: a reload on a network that still failed would leave the browser's error page.
  expect(loads(), 'not loaded again').toBe(0);
});

test('after an update of the server, a phone whose screens are gone loads the page again and is back in its seat', async ({ browser, server }) => {
  const { presenter, phone } = await joinedInPhaseOne(browser, server);

  // The server is updated: not one of the chunks this page knows is there any more, until it loads
  // the page again (with the new build's chunks).
  const loads = loadsOf(phone);
  await phone.route('**/assets/*.js', (route) => (loads() === 0 ? route.fulfill({ status: 404 }) : route.continue()));
  await presenterTo(presenter, 1);

  await expect(phone.getByText('Hoe vaak doe je dit?').first()).toBeVisible();
  expect(loads(), 'loaded again once').toBe(1);
  await expect(phone.getByTestId('my-name')).toHaveText('Anouk');
  await expect(phone.getByText('Fase 2 van 7')).toBeVisible();
});

test('a phone with a seat is welcomed back until its view comes, never asked its name again', async ({ browser, server }) => {
  const { code } = await createSession(server);
  const phone = await newPhone(browser, server);
  await phone.goto(`/s/${code}`);
  await joinAs(phone, 'Anouk');

  // From the page's HTML alone, before the app's code has come.
  await blockSocket(phone);
  const scripts = await holdScripts(phone);
  await phone.reload({ waitUntil: 'commit' });
  await expect(phone.getByRole('status')).toHaveText('Welkom terug. Even verbinden…');
  await expect(phone.getByLabel('Je voornaam')).toHaveCount(0);
  const status = await phone.getByRole('status').boundingBox();
  await scripts.release();
  await appTookOver(phone);
  await expect(phone.getByRole('status')).toHaveText('Welkom terug. Even verbinden…');
  expect(await phone.getByRole('status').boundingBox()).toEqual(status);
  await expect(phone.getByLabel('Je voornaam')).toHaveCount(0);

  await phone.unroute('**/socket.io/**');
  await expect(phone.getByTestId('my-name')).toHaveText('Anouk');
  await expect(phone.getByRole('heading', { name: 'Welkom, Anouk!' })).toBeVisible();
});

test('a phone that chose the other language for this session is not shown the form in the session’s', async ({ browser, server }) => {
  const { code } = await createSession(server);
  const phone = await newPhone(browser, server);
  await phone.addInitScript((key) => localStorage.setItem(key, 'en'), `driegesprek:locale:${code}`);
  const scripts = await holdScripts(phone);
  await phone.goto(`/s/${code}`, { waitUntil: 'commit' });
  await expect(phone.locator('.phone-brand')).toBeVisible();
  await expect(phone.getByRole('heading', { name: 'Meedoen' })).toHaveCount(0);
  await scripts.release();
  await expect(phone.getByRole('heading', { name: 'Join', level: 1 })).toBeVisible();
  await phone.getByLabel('Your first name').fill('Anouk');
  await phone.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(phone.getByTestId('my-name')).toHaveText('Anouk');
});

test('an unknown code and an ended session are said at once, without a socket', async ({ browser, server }) => {
  const unknown = await newPhone(browser, server);
  const unknownRequests = requestsOf(unknown);
  await unknown.goto('/s/ZZZZZZ');
  await expect(unknown.getByRole('alert')).toHaveText('Deze code kennen we niet. Kijk nog eens op het scherm voorin. Klopt hij toch? Wacht dan een minuut.');
  await allReported(unknown, unknownRequests);
  expect(unknownRequests.filter((path) => path.startsWith('/socket.io/'))).toEqual([]);

  const { page: presenter, code } = await openProjector(browser, server);
  await presenter.getByRole('button', { name: 'Starten' }).click();
  await presenter.getByRole('button', { name: 'Afronden' }).click();
  await expect(presenter.getByTestId('presenter-bar')).toHaveAttribute('data-status', 'closed');
  const late = await newPhone(browser, server);
  const lateRequests = requestsOf(late);
  await late.goto(`/s/${code}`);
  await expect(late.getByRole('alert')).toHaveText('Deze sessie is al afgelopen.');
  await allReported(late, lateRequests);
  expect(lateRequests.filter((path) => path.startsWith('/socket.io/'))).toEqual([]);
});
