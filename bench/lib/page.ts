/**
 * The phone page in headless Chromium (Debian's): what /s/CODE loads, and how soon a phone on
 * Slow 4G with a 4× slower CPU sees something, can type its name, and sees itself joined.
 */
import { existsSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Response } from '@playwright/test';

/** Lighthouse's Slow 4G: 150 ms RTT × 3.75, 1.6 Mbps × 0.9 down, 750 kbps up; in bytes per second for CDP. */
export const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
export const CPU_SLOWDOWN = 4;

export function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    headless: true,
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** ms since navigation start, as the page itself measured them. */
export interface PageTimes {
  firstPaintMs: number;
  firstContentfulPaintMs: number;
  /** The name field is visible and enabled. */
  usableMs: number;
  /** The join button was pressed (at once when usable). */
  pressedMs: number;
  /** The page shows the phone's name. */
  joinedMs: number;
}

export interface PageBytes {
  /** JS and CSS responses, each gzipped (level 9) by the bench, summed. */
  gzipBytes: number;
  /** The same bodies as the server sent them (compressed or not). */
  transferBytes: number;
  rawBytes: number;
  /** The HTML document(s), gzipped: where inlined CSS or a drawn-ahead frame goes. */
  htmlGzipBytes: number;
  /** Every JS, CSS and HTML response. */
  files: { url: string; type: string; raw: number; gzip: number; transfer: number }[];
}

/**
 * Runs in the page before its own scripts: notes when the name field is usable (visible, enabled,
 * painted), then types a name and presses the join button at once (no harness latency), and notes
 * when the page shows the name.
 */
function probe(name: string): string {
  return `(() => {
    const NAME = ${JSON.stringify(name)};
    const state = { usable: null, pressed: null, joined: null };
    Object.defineProperty(window, '__bench', { value: state });
    const visible = (element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
    };
    const field = () => Array.from(document.querySelectorAll('input')).find((input) => input.type === 'text' && !input.disabled && !input.readOnly && visible(input));
    const press = (input) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, NAME);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const form = input.form;
      const button = form && form.querySelector('button[type="submit"], button:not([type])');
      state.pressed = performance.now();
      if (button) button.click();
      else if (form) form.requestSubmit();
    };
    // Seen in the DOM now, on screen once the next frame is painted: the task after that frame.
    const onScreen = (record) => requestAnimationFrame(() => setTimeout(record, 0));
    let seen = 'nothing';
    const check = () => {
      if (seen === 'nothing') {
        const input = field();
        if (input) {
          seen = 'form';
          onScreen(() => {
            state.usable = performance.now();
            press(input);
          });
        }
      } else if (seen === 'form' && state.pressed !== null && document.body && document.body.textContent.includes(NAME)) {
        seen = 'name';
        observer.disconnect();
        onScreen(() => (state.joined = performance.now()));
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  })();`;
}

const newName = () => `Bench${Array.from({ length: 5 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;

/**
 * One cold load of `url` (a fresh context: empty cache and storage) that joins as a new phone.
 * Throttled: Slow 4G and 4× CPU. `bytes`: also weigh every JS and CSS response.
 */
export async function loadPhonePage(browser: Browser, url: string, { throttled, timeoutMs }: { throttled: boolean; timeoutMs: number }) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    const weighed: Promise<PageBytes['files'][number] | null>[] = [];
    page.on('response', (response: Response) => {
      const type = response.request().resourceType();
      if (type !== 'script' && type !== 'stylesheet' && type !== 'document') return;
      weighed.push(
        (async () => {
          const body = await response.body();
          const sizes = await response.request().sizes();
          return { url: new URL(response.url()).pathname, type, raw: body.length, gzip: gzipSync(body, { level: 9 }).length, transfer: sizes.responseBodySize };
        })().catch(() => null),
      );
    });
    const cdp = await context.newCDPSession(page);
    if (throttled) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    }
    await page.addInitScript(probe(newName()));
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    // A function without inner named functions (tsx would wrap those in a helper the page lacks);
    // a string would be eval'd in the page, which its CSP forbids.
    try {
      await page.waitForFunction(() => (window as unknown as { __bench: { joined: number | null } }).__bench.joined !== null, undefined, {
        timeout: timeoutMs,
        polling: 250,
      });
    } catch (error) {
      const seen = await page
        .evaluate(`JSON.stringify({ bench: window.__bench, text: document.body?.innerText.slice(0, 300) })`)
        .catch(() => 'nothing');
      throw new Error(`${url}: not joined within ${timeoutMs} ms (${(error as Error).message.split('\n')[0]}); the page: ${String(seen)}`);
    }
    // A string expression goes to the DevTools protocol directly: no eval in the page.
    const times = (await page.evaluate(`(() => {
      const paint = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const { usable, pressed, joined } = window.__bench;
      return { firstPaintMs: paint('first-paint'), firstContentfulPaintMs: paint('first-contentful-paint'), usableMs: usable, pressedMs: pressed, joinedMs: joined };
    })()`)) as PageTimes;
    // What the page fetches right after joining counts too (lazily loaded screens): wait until the
    // network is quiet (the socket has moved to its WebSocket), at most a few seconds.
    await page.waitForLoadState('networkidle', { timeout: throttled ? 1 : 5000 }).catch(() => {});
    const files = (await Promise.all(weighed)).filter((file) => file !== null);
    const total = (key: 'gzip' | 'transfer' | 'raw', documents = false) =>
      files.filter((file) => (file.type === 'document') === documents).reduce((sum, file) => sum + file[key], 0);
    const bytes: PageBytes = {
      gzipBytes: total('gzip'),
      transferBytes: total('transfer'),
      rawBytes: total('raw'),
      htmlGzipBytes: total('gzip', true),
      files,
    };
    return { times, bytes };
  } finally {
    await context.close();
  }
}
