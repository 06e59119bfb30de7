/**
 * The light phone page: it draws the join form from its HTML alone (no socket needed), in the
 * session's language, loading the phone's own chunks and one language; a phone with a seat is
 * welcomed back instead; an unknown code or an ended session is said without opening a socket.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createSession, expect, joinAs, newPhone, openProjector, test } from './fixtures.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
/** Chunks of the other page (home, presenter view, audience screen, report, library). */
const NOT_THE_PHONES = /\/assets\/(index|Home|HostFace|AudienceFace|ReportPage|LibraryFace|hostSession|researchCharts)[-.]/;
/** The chunks with the phone's messages, one per language (common/i18n/phone/). */
const MESSAGES = /\/assets\/(nl|en)-[\w-]+\.js$/;

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

test('a phone with a seat is welcomed back until its view comes, never asked its name again', async ({ browser, server }) => {
  const { code } = await createSession(server);
  const phone = await newPhone(browser, server);
  await phone.goto(`/s/${code}`);
  await joinAs(phone, 'Anouk');

  await blockSocket(phone);
  await phone.reload();
  await expect(phone.getByRole('status')).toHaveText('Welkom terug. Even verbinden…');
  await expect(phone.getByLabel('Je voornaam')).toHaveCount(0);

  await phone.unroute('**/socket.io/**');
  await expect(phone.getByTestId('my-name')).toHaveText('Anouk');
  await expect(phone.getByRole('heading', { name: 'Welkom, Anouk!' })).toBeVisible();
});

test('an unknown code and an ended session are said at once, without a socket', async ({ browser, server }) => {
  const unknown = await newPhone(browser, server);
  const unknownRequests = requestsOf(unknown);
  await unknown.goto('/s/ZZZZZZ');
  await expect(unknown.getByRole('alert')).toHaveText('Deze code kennen we niet. Kijk nog eens op het scherm voorin.');
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
