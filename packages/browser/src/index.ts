// The one place that imports playwright-core. It drives Debian's Chromium (/usr/bin/chromium): the
// machines are offline, so a browser downloaded by a test tool is never an option. Nothing from
// playwright's types leaves this file: callers get Browser and BrowserPage below.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Page as PlaywrightPage } from 'playwright-core';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags that make Chromium start cleanly on these machines: without the background-networking
 * ones it opens many connections the closed network refuses, and looks up Google's hosts at start.
 * Playwright adds --headless and a fresh temporary --user-data-dir to every launch itself.
 */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  /** Default: Debian's chromium. */
  executablePath?: string;
  /** Where screenshot(name) writes `<name>.png`; created when missing. */
  screenshotDir?: string;
  /** Accept-Language and navigator.language of every page, e.g. 'zh-CN'. */
  locale?: string;
  /** Viewport width × height in CSS pixels (default 1280 × 900). */
  viewport?: { width: number; height: number };
}

export interface Browser {
  /** A page in a context of its own: no cookies shared with other pages (one signed-in person). */
  newPage(): Promise<BrowserPage>;
  close(): Promise<void>;
}

export interface Response {
  status: number;
  url: string;
}

export interface Cookie {
  name: string;
  value: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: string;
}

export interface BrowserPage {
  goto(url: string): Promise<Response>;
  /** Types `value` into the first element matching the CSS selector. */
  fill(selector: string, value: string): Promise<void>;
  /** Picks the option whose value is `value` in a <select>. */
  select(selector: string, value: string): Promise<void>;
  /** Clicks and, when the click submits a form or follows a link, waits for the next page to load. */
  click(selector: string): Promise<void>;
  /** innerText of the first element matching the selector (waits for it to appear). */
  text(selector: string): Promise<string>;
  /** innerText of every element matching the selector, in document order. */
  texts(selector: string): Promise<string[]>;
  /** Waits until the element's text contains `expected`, reloading the page between tries (a page showing data that arrives later). */
  waitForText(
    selector: string,
    expected: string,
    options?: { timeoutMs?: number; reload?: boolean },
  ): Promise<string>;
  /** Waits until the element's attribute equals `expected`, reloading between tries like waitForText. */
  waitForAttribute(
    selector: string,
    name: string,
    expected: string,
    options?: { timeoutMs?: number; reload?: boolean },
  ): Promise<void>;
  /** An attribute of the first element matching the selector (null when it has none). */
  attribute(selector: string, name: string): Promise<string | null>;
  count(selector: string): Promise<number>;
  url(): string;
  title(): Promise<string>;
  /** Runs a function in the page and returns its (JSON-serialisable) result. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /**
   * The characters of `text` that the page's fonts cannot draw (they render as the same box as a
   * private-use character no font has). Empty when e.g. CJK fonts are installed.
   */
  missingGlyphs(text: string): Promise<string[]>;
  /** Full-page PNG written to `<screenshotDir>/<name>.png`; returns its path. */
  screenshot(name: string): Promise<string>;
  cookies(): Promise<Cookie[]>;
  /** Uncaught script errors and console.error lines seen on this page so far. */
  errors(): string[];
  close(): Promise<void>;
}

export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? DEBIAN_CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  return {
    async newPage() {
      const context = await browser.newContext({
        locale: options.locale,
        viewport: options.viewport ?? { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      return wrapPage(page, options.screenshotDir, () => context.close());
    },
    close: () => browser.close(),
  };
}

function wrapPage(
  page: PlaywrightPage,
  screenshotDir: string | undefined,
  closeContext: () => Promise<void>,
): BrowserPage {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const at = message.location().url;
      errors.push(at ? `${message.text()} (${at})` : message.text());
    }
  });
  const innerText = async (selector: string) => {
    const element = page.locator(selector).first();
    await element.waitFor({ state: 'attached' });
    return element.innerText();
  };
  return {
    async goto(url) {
      const response = await page.goto(url, { waitUntil: 'load' });
      return { status: response?.status() ?? 0, url: page.url() };
    },
    fill: (selector, value) => page.locator(selector).first().fill(value),
    async select(selector, value) {
      await page.locator(selector).first().selectOption(value);
    },
    async click(selector) {
      await page.locator(selector).first().click();
      await page.waitForLoadState('load');
    },
    text: innerText,
    texts: (selector) => page.locator(selector).allInnerTexts(),
    waitForText: (selector, expected, options = {}) =>
      poll(
        () =>
          page
            .locator(selector)
            .allInnerTexts()
            .then((texts) => texts.join('\n')),
        (text) => text.includes(expected),
        `"${expected}" did not appear in ${selector}`,
        () => page.reload({ waitUntil: 'load' }),
        options,
      ),
    async waitForAttribute(selector, name, expected, options = {}) {
      await poll(
        () => page.locator(selector).first().getAttribute(name, { timeout: 5_000 }),
        (value) => value === expected,
        `${selector}[${name}] did not become "${expected}"`,
        () => page.reload({ waitUntil: 'load' }),
        options,
      );
    },
    attribute: (selector, name) => page.locator(selector).first().getAttribute(name),
    count: (selector) => page.locator(selector).count(),
    url: () => page.url(),
    title: () => page.title(),
    evaluate: <T, A>(fn: (arg: A) => T | Promise<T>, arg?: A) =>
      page.evaluate(fn as (arg: unknown) => T | Promise<T>, arg as unknown) as Promise<T>,
    missingGlyphs: (text) =>
      page.evaluate(`(${FIND_MISSING_GLYPHS})(${JSON.stringify(text)})`) as Promise<string[]>,
    async screenshot(name) {
      if (!screenshotDir) throw new Error('screenshot(): launchBrowser was given no screenshotDir');
      await mkdir(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async cookies() {
      return (await page.context().cookies()).map((c) => ({
        name: c.name,
        value: c.value,
        httpOnly: c.httpOnly,
        secure: c.secure,
        sameSite: c.sameSite,
      }));
    },
    errors: () => [...errors],
    close: closeContext,
  };
}

/** Reads until `done`, reloading the page between tries (data that a pipeline stores later). */
async function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  failure: string,
  reloadPage: () => Promise<unknown>,
  { timeoutMs = 30_000, reload = true }: { timeoutMs?: number; reload?: boolean },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${failure} within ${timeoutMs} ms; last: ${String(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (reload) await reloadPage();
  }
}

/**
 * Runs in the page (kept as source text so no DOM types reach the packages that import this one):
 * draws each character and compares it with the box drawn for a glyph no font has.
 */
const FIND_MISSING_GLYPHS = `(text) => {
  const canvas = document.createElement('canvas');
  canvas.width = 48;
  canvas.height = 48;
  const context = canvas.getContext('2d');
  const font = '32px ' + (getComputedStyle(document.body).fontFamily || 'sans-serif');
  const draw = (character) => {
    context.clearRect(0, 0, 48, 48);
    context.font = font;
    context.textBaseline = 'top';
    context.fillText(character, 4, 4);
    return Array.from(context.getImageData(0, 0, 48, 48).data).join(',');
  };
  const missing = draw('\\u{10FFFD}');
  return [...new Set(text)].filter((character) => character.trim() !== '' && draw(character) === missing);
}`;
